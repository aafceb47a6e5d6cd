import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Statements } from '../database/statements.js';

/**
 * The audit module's statements (snapshotted in test/contract/sql-statements.spec.ts). The audit
 * names the people in its entries by reading the users table, not the users module's entity:
 * users record their changes in the audit, so the audit must not import them back.
 */
export const AUDIT_SQL = {
  /** Who did it: the accounts of the given ids. */
  actorsByIds: `SELECT id, username, display_name AS "displayName" FROM users WHERE id = ANY($1::uuid[])`,
  /**
   * The pack history's search (issue 15): events in [$1, $2), each filter applied when given
   * ($3 person, first or second; $4 station; $5 kind; $6 barcode; $7 set code; $8 load; $9
   * sterilizer; $10 department; $11 below this event id), newest first, $12 rows. The statement is
   * unnamed, so PostgreSQL plans each run with its values: a filter not given folds away and the
   * period bounds the scan (BRIN on pack_events.at); a pack, set or load narrows it to those
   * packs' events (ix_pack_events_pack). Those packs are an array (= ANY (ARRAY(…))), not
   * `IN (subquery)`: the planner took a hashed IN as matching half of all events and walked 63 M
   * events newest first looking for one pack's 12 (regional set: over 60 s; as an array, 4 ms).
   */
  eventSearch: `SELECT e.id::text AS id, e.at, e.type, e.from_state, e.to_state, e.actor_id, a.username AS actor_username,
              a.display_name AS actor_name, e.second_actor_id, b.username AS second_username, b.display_name AS second_name,
              e.station, e.pack_id, pk.barcode, s.asset_code AS set_code, e.data ->> 'loadId' AS load_id,
              coalesce(e.data ->> 'departmentId', e.data ->> 'fromDepartmentId', e.data ->> 'collectedFromDepartmentId') AS department_id
         FROM pack_events e
         JOIN packs pk ON pk.id = e.pack_id
         LEFT JOIN instrument_sets s ON s.id = pk.set_id
         LEFT JOIN users a ON a.id = e.actor_id
         LEFT JOIN users b ON b.id = e.second_actor_id
        WHERE e.at >= $1 AND e.at < $2
          AND ($3::uuid IS NULL OR e.actor_id = $3::uuid OR e.second_actor_id = $3::uuid)
          AND ($4::text IS NULL OR e.station = $4::text)
          AND ($5::text IS NULL OR e.type = $5::text)
          AND ($6::text IS NULL OR e.pack_id = ANY (ARRAY(SELECT id FROM packs WHERE barcode = $6::text)))
          AND ($7::text IS NULL OR e.pack_id = ANY (ARRAY(SELECT pk2.id FROM packs pk2 JOIN instrument_sets s2 ON s2.id = pk2.set_id
                                                         WHERE s2.asset_code = $7::text)))
          AND ($8::uuid IS NULL OR (e.pack_id = ANY (ARRAY(SELECT pack_id FROM load_items WHERE load_id = $8::uuid))
                                    AND e.data ->> 'loadId' = $8::text))
          AND ($9::uuid IS NULL OR e.data ->> 'loadId' IN (SELECT id::text FROM sterilizer_loads WHERE sterilizer_id = $9::uuid))
          AND ($10::uuid IS NULL OR e.data ->> 'departmentId' = $10::text OR e.data ->> 'fromDepartmentId' = $10::text
               OR e.data ->> 'collectedFromDepartmentId' = $10::text OR e.actor_id IN (SELECT id FROM users WHERE department_id = $10::uuid))
          AND ($11::bigint IS NULL OR e.id < $11::bigint)
        ORDER BY e.id DESC
        LIMIT $12`,
} as const satisfies Statements;

/** One row of the pack history's search. */
export interface AuditEventRow {
  id: string;
  at: Date;
  type: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  actor_username: string | null;
  actor_name: string | null;
  second_actor_id: string | null;
  second_username: string | null;
  second_name: string | null;
  station: string | null;
  pack_id: string;
  barcode: string | null;
  set_code: string | null;
  load_id: string | null;
  department_id: string | null;
}

/** What the pack history's search may filter on; absent means any. */
export interface AuditEventFilter {
  from: Date;
  to: Date;
  actorId?: string;
  station?: string;
  type?: string;
  barcode?: string;
  setCode?: string;
  loadId?: string;
  sterilizerId?: string;
  departmentId?: string;
  before?: string;
}

/** The audit's statements, as the SQL snapshot test reads every repository's. */
@Injectable()
export class AuditRepository {
  static readonly statements = AUDIT_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** See AUDIT_SQL.eventSearch: at most `limit` rows. */
  eventSearch(f: AuditEventFilter, limit: number): Promise<AuditEventRow[]> {
    return this.db.query(AUDIT_SQL.eventSearch, [
      f.from,
      f.to,
      f.actorId ?? null,
      f.station ?? null,
      f.type ?? null,
      f.barcode ?? null,
      f.setCode ?? null,
      f.loadId ?? null,
      f.sterilizerId ?? null,
      f.departmentId ?? null,
      f.before ?? null,
      limit,
    ]);
  }
}
