import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { findById, getById, preparedQuery } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import { Pack } from '../kernel/pack.entity.js';
import { User } from '../users/user.entity.js';

/** Recycling's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const RECYCLING_SQL = {
  /** The set's cycle count after a new cycle (pack) began. */
  setCycleCount: `UPDATE instrument_sets SET cycle_count = $2, updated_at = $3 WHERE id = $1`,
} as const satisfies Statements;

/** What recycling reads and writes besides the pack ledger; transactions stay the service's. */
@Injectable()
export class RecyclingRepository {
  static readonly statements = RECYCLING_SQL;

  department(m: EntityManager, id: string): Promise<Department | null> {
    return findById(m, Department, id);
  }

  /** A department a pack points at (it must exist). */
  knownDepartment(m: EntityManager, id: string): Promise<Department> {
    return getById(m, Department, id);
  }

  /** The pack with this label, unlocked (to find its set, locked before the pack). */
  packByBarcode(m: EntityManager, barcode: string): Promise<Pack | null> {
    return m.getRepository(Pack).findOneBy({ barcode });
  }

  lockSet(m: EntityManager, id: string): Promise<InstrumentSet | null> {
    return findById(m, InstrumentSet, id, { lock: true });
  }

  template(m: EntityManager, id: string): Promise<SetTemplate> {
    return getById(m, SetTemplate, id);
  }

  handoverUser(m: EntityManager, id: string): Promise<User | null> {
    return findById(m, User, id);
  }

  async setCycleCount(m: EntityManager, setId: string, cycleNo: number, at: Date): Promise<void> {
    await preparedQuery(m, RECYCLING_SQL.setCycleCount, [setId, cycleNo, at]);
  }
}
