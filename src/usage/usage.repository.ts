import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Statements } from '../database/statements.js';
import type { PackState } from '../kernel/pack-state.js';
import { Pack } from '../kernel/pack.entity.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';

/** Usage's SQL, by name: none of its own yet (its reads go through TypeORM and the pack ledger). */
export const USAGE_SQL = {} as const satisfies Statements;

/** What the department's side reads besides the pack ledger; transactions stay the service's. */
@Injectable()
export class UsageRepository {
  static readonly statements = USAGE_SQL;

  /** The department's 500 most recently changed packs, optionally in one state. */
  departmentPacks(m: EntityManager, departmentId: string, state?: PackState): Promise<Pack[]> {
    return m.getRepository(Pack).find({
      where: { departmentId, ...(state ? { state } : {}) },
      order: { updatedAt: 'DESC' },
      take: 500,
    });
  }

  /** The load a pack points at, if any. */
  loadOf(m: EntityManager, pack: Pick<Pack, 'loadId'>): Promise<SterilizerLoad | null> {
    return pack.loadId ? m.getRepository(SterilizerLoad).findOneBy({ id: pack.loadId }) : Promise.resolve(null);
  }

  /** The sterilizer a load points at (it must exist). */
  sterilizer(m: EntityManager, id: string): Promise<Sterilizer> {
    return m.getRepository(Sterilizer).findOneByOrFail({ id });
  }
}
