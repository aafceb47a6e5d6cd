import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { hydrate } from '../database/hydrate.js';
import { findById } from '../database/prepared.js';
import { sqlText, type Statements } from '../database/statements.js';
import type { PackState } from '../kernel/pack-state.js';
import { Pack } from '../kernel/pack.entity.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';

/** Storage's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const STORAGE_SQL = {
  /**
   * Cotton packs in the CSSD ($1: states) whose expiry is still the long one ($2: the short shelf
   * life in days), locked: those whose load had started by $4, or every one while storage is still
   * out of its limits ($3).
   */
  cottonToShorten: (columns) => `SELECT ${columns(Pack)} FROM packs
      WHERE state = ANY($1::text[]) AND packaging_material = 'cotton' AND expiry_date > sterilization_date + $2::int
        AND ($3 OR EXISTS (SELECT 1 FROM sterilizer_loads l WHERE l.id = packs.load_id AND l.started_at <= $4))
      ORDER BY id FOR UPDATE`,
} as const satisfies Statements;

/** What storage reads besides the pack ledger; transactions stay the callers'. */
@Injectable()
export class StorageRepository {
  static readonly statements = STORAGE_SQL;

  /** The load a pack points at, if any. */
  loadOf(m: EntityManager, pack: Pick<Pack, 'loadId'>): Promise<SterilizerLoad | null> {
    return pack.loadId ? findById(m, SterilizerLoad, pack.loadId) : Promise.resolve(null);
  }

  /** Packs in sterile storage, earliest expiry first (FIFO), optionally of one template: the first 1000. */
  stored(m: EntityManager, templateId?: string): Promise<Pack[]> {
    return m.getRepository(Pack).find({
      where: { state: 'stored', ...(templateId ? { templateId } : {}) },
      order: { expiryDate: 'ASC', barcode: 'ASC' },
      take: 1000,
    });
  }

  /** See STORAGE_SQL.cottonToShorten. */
  async lockCottonToShorten(
    m: EntityManager,
    states: readonly PackState[],
    shortDays: number,
    stillOut: boolean,
    measuredAt: Date,
  ): Promise<Pack[]> {
    const rows = await m.query(sqlText(m, STORAGE_SQL.cottonToShorten), [states, shortDays, stillOut, measuredAt]);
    return rows.map((r: Record<string, unknown>) => hydrate(m, Pack, r));
  }
}
