import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { findById, getById, preparedQuery } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import type { Pack } from '../kernel/pack.entity.js';
import type { CountedLine } from '../kernel/count-sheet.js';
import { INSTRUMENT_REPLACED, type PackEventType } from '../kernel/pack-event-types.js';
import { shortfallOf, type RegisterEntryRef } from './shortfall.js';

/** Packing's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const PACKING_SQL = {
  /** The cycle's count at recycling and the replacements since, in order: what its open shortfall is made of. */
  shortfallEvents: `SELECT type, data FROM pack_events WHERE pack_id = $1 AND type IN ('recycle', '${INSTRUMENT_REPLACED}') ORDER BY id`,
  /** Register entry $1 (src/repairs/) and how many replacements already answered it. */
  registerEntry: `SELECT r.pack_id AS "packId", r.line, r.quantity,
              (SELECT coalesce(sum((e.data->>'quantity')::int), 0)::int FROM pack_events e
                WHERE e.pack_id = r.pack_id AND e.type = '${INSTRUMENT_REPLACED}' AND e.data->>'registerEntryId' = r.id::text) AS answered
         FROM repair_entries r WHERE r.id = $1`,
} as const satisfies Statements;

/** What packing reads besides the pack ledger; transactions stay the service's. */
@Injectable()
export class PackingRepository {
  static readonly statements = PACKING_SQL;

  /** The template a pack points at (it must exist). */
  template(m: EntityManager, id: string): Promise<SetTemplate> {
    return getById(m, SetTemplate, id);
  }

  findTemplate(m: EntityManager, id: string): Promise<SetTemplate | null> {
    return findById(m, SetTemplate, id);
  }

  /** A register entry a replacement names, with what was replaced against it; null when there is none. */
  async registerEntry(m: EntityManager, id: string): Promise<RegisterEntryRef | null> {
    return (await preparedQuery<RegisterEntryRef>(m, PACKING_SQL.registerEntry, [id]))[0] ?? null;
  }

  /**
   * The set's open shortfall (seed 1.1, 11.3; issue 18): read from the cycle's own events, so it
   * follows the set to packing however many times it goes back to cleaning (see `shortfallOf`).
   */
  async openShortfall(m: EntityManager, pack: Pack): Promise<CountedLine[]> {
    return shortfallOf(
      await preparedQuery<{ type: PackEventType; data: Record<string, unknown> }>(m, PACKING_SQL.shortfallEvents, [pack.id]),
    );
  }
}
