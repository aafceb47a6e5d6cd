import { allBisPassedSql } from '../kernel/bi-verdict.js';

/**
 * Recall scope (§4.4) — the one function that decides which packs a recall covers. It
 * returns SQL selecting `pack_id, load_id` so the recall is created set-based, in one
 * statement, whatever the size of the history.
 *
 * - since_last_passing_bi: every pack from the sterilizer's loads that ran after the load of
 *   the last passing BI — the failed load (and every load before it back to that anchor) and
 *   every load since, whatever the program. "After" is the order the loads ran in. `failedCycleNo`
 *   names the failed load: the anchor is the last load run before it whose BIs all passed.
 *   Without it (an infection cluster), the anchor is the last such load overall.
 * - loads / time_range / packs: manual recalls by the head nurse. A load belongs to a time range
 *   [from, to) when any part of its run does: it started before `to` and was still in the chamber
 *   at `from` or later (unloaded at or after `from`, or not unloaded yet). The run ends at
 *   unloading (`completed_at`), a little after the cycle itself: when in doubt a recall includes.
 * Only loads that ran (started) count: packs of an open or cancelled load were never sterilized.
 */
export type RecallScope =
  | { kind: 'since_last_passing_bi'; sterilizerId: string; failedCycleNo?: number; implantsOnly?: boolean }
  | { kind: 'loads'; loadIds: string[] }
  | { kind: 'time_range'; sterilizerId: string; from: Date; to: Date }
  | { kind: 'packs'; packIds: string[] };

export interface ScopeQuery {
  sql: string;
  params: unknown[];
  /** since_last_passing_bi: the cycle number of the anchor load (0 = none); the scope is every load that ran after it. */
  anchorCycleNo?: number;
}

/**
 * since_last_passing_bi's anchor: the last load of sterilizer $1, run before its failed load (cycle
 * $2, or none), whose BIs all read negative. The order loads ran (started_at, then cycle number),
 * never the order they were opened: a load opened early and run after the anchor's test is after
 * it. A load with a BI still incubating, or one positive among several, proves nothing (bi-verdict).
 */
export const SCOPE_ANCHOR_SQL = `WITH failed AS (SELECT started_at, cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND cycle_no = $2::int AND started_at IS NOT NULL)
         SELECT al.started_at, al.cycle_no AS anchor
           FROM sterilizer_loads al
          WHERE al.sterilizer_id = $1 AND al.started_at IS NOT NULL
            AND ($2::int IS NULL OR NOT EXISTS (SELECT 1 FROM failed) OR (al.started_at, al.cycle_no) < (SELECT started_at, cycle_no FROM failed))
            AND ${allBisPassedSql('al')}
          ORDER BY al.started_at DESC, al.cycle_no DESC LIMIT 1`;

/** Anything that runs SQL: an EntityManager, a QueryRunner, a DataSource. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of TypeORM's EntityManager.query and pg's client alike
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * The scope as SQL for the caller to run inside its own statement. The anchor of
 * since_last_passing_bi is looked up first and passed as a value: as a subquery the planner
 * cannot know how few loads follow it and scans every pack of the history (1.1 s on 5.5 M
 * packs; 13 ms with the value, 0.2 ms for the anchor — bench regional preset).
 */
export async function recallScopeQuery(db: Queryable, scope: RecallScope, firstParam = 1): Promise<ScopeQuery> {
  const sql = scopeSql(scope.kind, firstParam);
  switch (scope.kind) {
    case 'since_last_passing_bi': {
      const [row] = await db.query(SCOPE_ANCHOR_SQL, [scope.sterilizerId, scope.failedCycleNo ?? null]);
      const anchor: number = row?.anchor ?? 0;
      const anchorStartedAt: Date | null = row?.started_at ?? null;
      return { sql, params: [scope.sterilizerId, anchorStartedAt, anchor, scope.implantsOnly ?? false], anchorCycleNo: anchor };
    }
    case 'loads':
      return { sql, params: [scope.loadIds] };
    case 'time_range':
      return { sql, params: [scope.sterilizerId, scope.from, scope.to] };
    case 'packs':
      return { sql, params: [scope.packIds] };
  }
}

/**
 * The select of a scope's packs (`pack_id, load_id`), its parameters numbered from `firstParam`:
 * since_last_passing_bi (sterilizer, anchor's start, anchor's cycle number, implants only), loads
 * (load ids), time_range (sterilizer, from, to), packs (pack ids).
 */
export function scopeSql(kind: RecallScope['kind'], firstParam = 1): string {
  const p = (i: number) => `$${firstParam + i}`;
  switch (kind) {
    case 'since_last_passing_bi':
      return `SELECT pk.id AS pack_id, l.id AS load_id
                FROM sterilizer_loads l
                JOIN packs pk ON pk.load_id = l.id
               WHERE l.sterilizer_id = ${p(0)}
                 AND l.started_at IS NOT NULL
                 AND (${p(1)}::timestamptz IS NULL OR l.started_at > ${p(1)}::timestamptz OR (l.started_at = ${p(1)}::timestamptz AND l.cycle_no > ${p(2)}::int))
                 AND (NOT ${p(3)}::boolean OR pk.implant)`;
    case 'loads':
      return `SELECT pk.id AS pack_id, l.id AS load_id
                FROM sterilizer_loads l JOIN packs pk ON pk.load_id = l.id
               WHERE l.id = ANY(${p(0)}::uuid[]) AND l.started_at IS NOT NULL`;
    case 'time_range':
      // ix_sterilizer_loads_started bounds the read to the sterilizer's loads started before `to`.
      return `SELECT pk.id AS pack_id, l.id AS load_id
                FROM sterilizer_loads l JOIN packs pk ON pk.load_id = l.id
               WHERE l.sterilizer_id = ${p(0)} AND l.started_at IS NOT NULL AND l.started_at < ${p(2)}
                 AND (l.completed_at IS NULL OR l.completed_at >= ${p(1)})`;
    case 'packs':
      return `SELECT pk.id AS pack_id, l.id AS load_id
                FROM packs pk JOIN sterilizer_loads l ON l.id = pk.load_id
               WHERE pk.id = ANY(${p(0)}::uuid[]) AND l.started_at IS NOT NULL`;
  }
}
