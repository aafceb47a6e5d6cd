/**
 * Recall scope (§4.4) — the one function that decides which packs a recall covers. It
 * returns SQL selecting `pack_id, load_id` so the recall is created set-based, in one
 * statement, whatever the size of the history.
 *
 * - since_last_passing_bi: every pack from the sterilizer's loads after the load of the last
 *   passing BI — the failed load (and every load before it back to that anchor) and every
 *   load since, whatever the program. `failedCycleNo` bounds the anchor search: the anchor is
 *   the last passing BI *before* the failed load. Without it (an infection cluster), the
 *   anchor is the last passing BI overall.
 * - loads / time_range / packs: manual recalls by the head nurse.
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
}

export function recallScopeQuery(scope: RecallScope, firstParam = 1): ScopeQuery {
  const p = (i: number) => `$${firstParam + i}`;
  switch (scope.kind) {
    case 'since_last_passing_bi':
      return {
        sql: `SELECT pk.id AS pack_id, l.id AS load_id
                FROM sterilizer_loads l
                JOIN packs pk ON pk.load_id = l.id
               WHERE l.sterilizer_id = ${p(0)}
                 AND l.started_at IS NOT NULL
                 AND l.cycle_no > (
                       SELECT coalesce(max(al.cycle_no), 0)
                         FROM bi_tests b JOIN sterilizer_loads al ON al.id = b.load_id
                        WHERE b.sterilizer_id = ${p(0)} AND b.result = 'passed' AND al.started_at IS NOT NULL
                          AND (${p(1)}::int IS NULL OR al.cycle_no < ${p(1)}::int))
                 AND (NOT ${p(2)}::boolean OR pk.implant)`,
        params: [scope.sterilizerId, scope.failedCycleNo ?? null, scope.implantsOnly ?? false],
      };
    case 'loads':
      return {
        sql: `SELECT pk.id AS pack_id, l.id AS load_id
                FROM sterilizer_loads l JOIN packs pk ON pk.load_id = l.id
               WHERE l.id = ANY(${p(0)}::uuid[]) AND l.started_at IS NOT NULL`,
        params: [scope.loadIds],
      };
    case 'time_range':
      return {
        sql: `SELECT pk.id AS pack_id, l.id AS load_id
                FROM sterilizer_loads l JOIN packs pk ON pk.load_id = l.id
               WHERE l.sterilizer_id = ${p(0)} AND l.started_at >= ${p(1)} AND l.started_at < ${p(2)}`,
        params: [scope.sterilizerId, scope.from, scope.to],
      };
    case 'packs':
      return {
        sql: `SELECT pk.id AS pack_id, l.id AS load_id
                FROM packs pk JOIN sterilizer_loads l ON l.id = pk.load_id
               WHERE pk.id = ANY(${p(0)}::uuid[]) AND l.started_at IS NOT NULL`,
        params: [scope.packIds],
      };
  }
}
