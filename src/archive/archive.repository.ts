import type { Statements } from '../database/statements.js';
import type { LedgerDb } from '../ledger-seal/ledger-store.js';
import { ALL_ARCHIVED_TABLES, type ArchivedTable } from './archive-tables.js';
import { ARCHIVE_ENDED_STATES, type ArchiveKind } from './retention.js';

/** A connection (the archival's pg client, in its transaction). */
export type Q = Pick<LedgerDb, 'query'>;

/**
 * Parameters of the planning statements: $1 the archival's run id (its rows of archive_plan),
 * $2 the cut-off instant (the start of the hospital day given as --before).
 */
const ENDED = ARCHIVE_ENDED_STATES.map((s) => `'${s}'`).join(', ');

/**
 * The pack `p` ended its whole life before the cut-off: a closed state, and no event since (every
 * step and note of a pack is an event; `updated_at` also moves when its set's next cycle supersedes
 * it, which changes nothing of its own record). A pack's events are in time order by id (the
 * in-order trigger refuses one dated before the pack's latest, and the pack's lock orders its
 * inserts), so its last event's time is its latest: one index probe and one row per pack.
 */
const ENDED_BEFORE = (p: string) =>
  `(${p}.state IN (${ENDED})
    AND coalesce((SELECT x.at FROM pack_events x WHERE x.pack_id = ${p}.id ORDER BY x.id DESC LIMIT 1), '-infinity') < $2::timestamptz)`;

/** The pack `p` is in a recall still open. */
const IN_OPEN_RECALL = (p: string) =>
  `EXISTS (SELECT 1 FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id WHERE ri.pack_id = ${p}.id AND r.status <> 'closed')`;

/** A plan key compared with a key column: varchar keys in the column's collation (the plan's keys are in byte order). */
const keyCast = (keyType: ArchivedTable['keyType']) => (keyType === 'varchar' ? ` COLLATE "default"` : `::${keyType}`);

/** The planned keys of one table, as their own type. */
const PLANNED = (table: string, cast: string) =>
  `SELECT pl.row_key::${cast} FROM archive_plan pl WHERE pl.run_id = $1::uuid AND pl.table_name = '${table}'`;

/** Adds rows to the plan. */
const PLAN = (table: string, select: string) =>
  `INSERT INTO archive_plan (run_id, table_name, row_key) SELECT DISTINCT $1::uuid, '${table}', k::text FROM (${select}) s(k)
   ON CONFLICT DO NOTHING`;

/**
 * Takes blocked rows out of the plan and says why: `reasons` yields (id, reason, subject,
 * subject_state) — the row kept, why (a code of archive.messages.ts), and what blocks it (a pack's
 * barcode and state, a load, a recall). One reason per row is reported (the first by code).
 */
const BLOCK = (table: string, cast: string, reasons: string, label: string) =>
  `WITH reasons AS (${reasons}),
        blocked AS (SELECT DISTINCT ON (id) id, reason, subject, subject_state FROM reasons ORDER BY id, reason, subject)
   DELETE FROM archive_plan p USING blocked b
    WHERE p.run_id = $1::uuid AND p.table_name = '${table}' AND p.row_key::${cast} = b.id
   RETURNING p.row_key AS key, '${table}' AS "table", ${label} AS label, b.reason, b.subject, b.subject_state AS "subjectState"`;

const LOAD_LABEL = `(SELECT st.code || ' #' || l.cycle_no FROM sterilizer_loads l JOIN sterilizers st ON st.id = l.sterilizer_id WHERE l.id = b.id)`;
const PACK_LABEL = `(SELECT coalesce(pk.barcode, pk.id::text) FROM packs pk WHERE pk.id = b.id)`;
const pkSubject = (pk: string) => `coalesce(${pk}.barcode, ${pk}.id::text)`;

/** Whether `key` (an expression of its own type) is not planned for `table`: an anti-join on the plan's key (NOT IN would rescan it). */
const NOT_PLANNED = (table: string, key: string) =>
  `NOT EXISTS (SELECT 1 FROM archive_plan np WHERE np.run_id = $1::uuid AND np.table_name = '${table}' AND np.row_key = ${key}::text COLLATE "C")`;

/** (load, pack) of the planned loads (`side` = 'load') or packs ('pack'): by the load's items, and by the packs' own pointer. */
const LOAD_PACK = (side: 'load' | 'pack') => {
  const [table, li, pq] = side === 'load' ? ['sterilizer_loads', 'li.load_id', 'pq.load_id'] : ['packs', 'li.pack_id', 'pq.id'];
  return `SELECT li.load_id, li.pack_id FROM load_items li WHERE ${li} IN (${PLANNED(table, 'uuid')})
          UNION SELECT pq.load_id, pq.id FROM packs pq WHERE pq.load_id IS NOT NULL AND ${pq} IN (${PLANNED(table, 'uuid')})`;
};

const WASH_EVENTS = `('start_wash', 'wash_passed', 'wash_failed')`;
const MANUAL_CLEANS = `('manual_clean', 'manual_clean_failed')`;

/** The row as exported (one JSON line): the row's jsonb (the form its digest is taken of), or a detached pointer's old value. */
const rowJson = (a: ArchivedTable) =>
  a.detach ? `jsonb_build_object('${a.key}', t.${a.key}, 'washer_cycle_id', t.washer_cycle_id)` : `to_jsonb(t)`;

const JOIN_PLANNED = (a: ArchivedTable) =>
  `archive_plan p JOIN "${a.table}" t ON t."${a.key}" = p.row_key${keyCast(a.keyType)}
    WHERE p.run_id = $1::uuid AND p.table_name = '${a.name}'`;

/** Sets each planned row's expected digest: the sealed one (and its batch), the latest journal line's, or the live row's. */
function expectStatement(a: ArchivedTable): string {
  const planned = `p.run_id = $1::uuid AND p.table_name = '${a.name}'`;
  if (a.cover === 'sealed')
    return `UPDATE archive_plan p SET digest = s.d, batch = s.batch
      FROM (SELECT ls.batch, u.id AS k, substring(ls.row_digests FROM (u.o::int - 1) * 32 + 1 FOR 32) AS d
              FROM ledger_seals ls, unnest(ls.row_ids) WITH ORDINALITY AS u(id, o)
             WHERE ls.table_name = '${a.table}'
               AND ls.last_id >= (SELECT min(row_key::bigint) FROM archive_plan p WHERE ${planned})
               AND ls.first_id <= (SELECT max(row_key::bigint) FROM archive_plan p WHERE ${planned})) s
     WHERE ${planned} AND p.row_key::bigint = s.k`;
  if (a.cover === 'journaled')
    return `UPDATE archive_plan p SET digest = j.digest
      FROM (SELECT DISTINCT ON (j.row_key) j.row_key, j.digest FROM ledger_journal j
             WHERE j.table_name = '${a.table}' AND j.row_key IN (SELECT p.row_key COLLATE "default" FROM archive_plan p WHERE ${planned})
             ORDER BY j.row_key, j.id DESC) j
     WHERE ${planned} AND p.row_key COLLATE "default" = j.row_key`;
  return `UPDATE archive_plan p SET digest = sha256(convert_to(${rowJson(a)}::text, 'UTF8'))
      FROM "${a.table}" t WHERE ${planned} AND t."${a.key}" = p.row_key${keyCast(a.keyType)}`;
}

/** Per table: its expected digests, a page of its export (keys in byte order after $2), its removal (the count removed). */
const PER_TABLE: Statements = Object.fromEntries(
  ALL_ARCHIVED_TABLES.flatMap((a) => [
    [`expect:${a.name}`, expectStatement(a)],
    [
      `export:${a.name}`,
      `SELECT p.row_key AS key, ${rowJson(a)}::text AS line FROM ${JOIN_PLANNED(a)} AND p.row_key > $2::varchar COLLATE "C" ORDER BY p.row_key LIMIT $3::int`,
    ],
    [
      `remove:${a.name}`,
      a.detach
        ? `WITH d AS (UPDATE "${a.table}" t SET washer_cycle_id = NULL FROM archive_plan p
                       WHERE p.run_id = $1::uuid AND p.table_name = '${a.name}' AND t."${a.key}" = p.row_key${keyCast(a.keyType)} RETURNING 1)
           SELECT count(*)::int AS n FROM d`
        : `WITH d AS (DELETE FROM "${a.table}" t USING archive_plan p
                       WHERE p.run_id = $1::uuid AND p.table_name = '${a.name}' AND t."${a.key}" = p.row_key${keyCast(a.keyType)} RETURNING 1)
           SELECT count(*)::int AS n FROM d`,
    ],
  ]),
);

/** The archival's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const ARCHIVE_SQL = {
  // Cleaning (6 months): washer cycles with the washer-run events naming them, and manual cleans.
  'cleaning:cycles': PLAN('washer_cycles', `SELECT w.id FROM washer_cycles w WHERE w.opened_at < $2::timestamptz`),
  'cleaning:lockCycles': `SELECT 1 FROM washer_cycles w WHERE w.id IN (${PLANNED('washer_cycles', 'uuid')}) FOR UPDATE OF w`,
  'cleaning:runEvents': PLAN(
    'pack_events',
    `SELECT e.id FROM pack_events e
      WHERE e.at < $2::timestamptz AND e.type IN ${WASH_EVENTS}
        AND (e.data ->> 'washerCycleId')::uuid IN (${PLANNED('washer_cycles', 'uuid')})`,
  ),
  'cleaning:blockCycles': BLOCK(
    'washer_cycles',
    'uuid',
    `WITH planned AS (${PLANNED('washer_cycles', 'uuid')}),
          washed AS (SELECT (e.data ->> 'washerCycleId')::uuid AS cycle_id, e.pack_id
                       FROM archive_plan pe JOIN pack_events e ON e.id = pe.row_key::bigint
                      WHERE pe.run_id = $1::uuid AND pe.table_name = 'pack_events' AND e.type IN ${WASH_EVENTS}
                     UNION SELECT pk.washer_cycle_id, pk.id FROM packs pk WHERE pk.washer_cycle_id IN (SELECT * FROM planned))
     SELECT w.id, 'cycle_open' AS reason, NULL::text AS subject, NULL::text AS subject_state
       FROM washer_cycles w WHERE w.id IN (SELECT * FROM planned) AND w.status = 'open'
     UNION ALL
     SELECT w.id, 'recorded_after', NULL, NULL FROM washer_cycles w WHERE w.id IN (SELECT * FROM planned) AND w.completed_at >= $2::timestamptz
     UNION ALL
     SELECT w.id, 'newest_cycle', NULL, NULL FROM washer_cycles w
      WHERE w.id IN (SELECT * FROM planned) AND w.cycle_no = (SELECT max(x.cycle_no) FROM washer_cycles x WHERE x.washer_id = w.washer_id)
     UNION ALL
     SELECT wa.cycle_id, 'pack_not_ended', ${pkSubject('pk')}, pk.state FROM washed wa JOIN packs pk ON pk.id = wa.pack_id WHERE NOT ${ENDED_BEFORE('pk')}
     UNION ALL
     SELECT wa.cycle_id, 'pack_in_open_recall', ${pkSubject('pk')}, pk.state FROM washed wa JOIN packs pk ON pk.id = wa.pack_id WHERE ${IN_OPEN_RECALL('pk')}`,
    `(SELECT wm.code || ' #' || w.cycle_no FROM washer_cycles w JOIN washers wm ON wm.id = w.washer_id WHERE w.id = b.id)`,
  ),
  /** The run events of cycles kept go back out of the plan with them. */
  'cleaning:keepRunEventsOfKept': `DELETE FROM archive_plan p USING pack_events e
    WHERE p.run_id = $1::uuid AND p.table_name = 'pack_events' AND e.id = p.row_key::bigint AND e.type IN ${WASH_EVENTS}
      AND ${NOT_PLANNED('washer_cycles', `(e.data ->> 'washerCycleId')::uuid`)}`,
  'cleaning:manualCleans': PLAN(
    'pack_events',
    `SELECT e.id FROM pack_events e WHERE e.at < $2::timestamptz AND e.type IN ${MANUAL_CLEANS}`,
  ),
  'cleaning:blockManualCleans': BLOCK(
    'pack_events',
    'bigint',
    `SELECT e.id, CASE WHEN NOT ${ENDED_BEFORE('pk')} THEN 'pack_not_ended' ELSE 'pack_in_open_recall' END AS reason,
            ${pkSubject('pk')} AS subject, pk.state AS subject_state
       FROM archive_plan pe JOIN pack_events e ON e.id = pe.row_key::bigint JOIN packs pk ON pk.id = e.pack_id
      WHERE pe.run_id = $1::uuid AND pe.table_name = 'pack_events' AND e.type IN ${MANUAL_CLEANS}
        AND (NOT ${ENDED_BEFORE('pk')} OR ${IN_OPEN_RECALL('pk')})`,
    `(SELECT 'manual clean ' || coalesce(pk.barcode, pk.id::text) FROM pack_events e JOIN packs pk ON pk.id = e.pack_id WHERE e.id = b.id)`,
  ),
  'cleaning:detachPacks': PLAN(
    'packs.washer_cycle_id',
    `SELECT pk.id FROM packs pk WHERE pk.washer_cycle_id IN (${PLANNED('washer_cycles', 'uuid')})`,
  ),

  // Sterilization (3 years): loads with everything recorded of them, and the packs whose whole life ended.
  'sterilization:loads': PLAN('sterilizer_loads', `SELECT l.id FROM sterilizer_loads l WHERE l.opened_at < $2::timestamptz`),
  'sterilization:packs': PLAN('packs', `SELECT pk.id FROM packs pk WHERE pk.created_at < $2::timestamptz AND pk.state IN (${ENDED})`),
  'sterilization:lockLoads': `SELECT 1 FROM sterilizer_loads l WHERE l.id IN (${PLANNED('sterilizer_loads', 'uuid')}) FOR UPDATE OF l`,
  'sterilization:lockPacks': `SELECT 1 FROM packs pk WHERE pk.id IN (${PLANNED('packs', 'uuid')}) FOR UPDATE OF pk`,
  'sterilization:blockLoads': BLOCK(
    'sterilizer_loads',
    'uuid',
    `WITH planned AS (${PLANNED('sterilizer_loads', 'uuid')})
     SELECT l.id, 'load_open' AS reason, NULL::text AS subject, l.status::text AS subject_state
       FROM sterilizer_loads l WHERE l.id IN (SELECT * FROM planned) AND l.status IN ('open', 'running')
     UNION ALL
     SELECT l.id, 'load_not_released', NULL, l.release FROM sterilizer_loads l
      WHERE l.id IN (SELECT * FROM planned) AND l.status <> 'cancelled' AND l.release IN ('pending', 'awaiting_bi')
     UNION ALL
     SELECT l.id, 'bi_pending', NULL, NULL FROM sterilizer_loads l
      WHERE l.id IN (SELECT * FROM planned) AND EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = l.id AND b.result = 'pending')
     UNION ALL
     SELECT l.id, 'recorded_after', NULL, NULL FROM sterilizer_loads l
      WHERE l.id IN (SELECT * FROM planned)
        AND (l.completed_at >= $2::timestamptz OR l.started_at >= $2::timestamptz
             OR EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = l.id AND (b.recorded_at >= $2::timestamptz OR b.result_recorded_at >= $2::timestamptz))
             OR EXISTS (SELECT 1 FROM bd_tests b WHERE b.load_id = l.id AND b.recorded_at >= $2::timestamptz)
             OR EXISTS (SELECT 1 FROM emergency_releases r WHERE r.load_id = l.id AND r.at >= $2::timestamptz)
             OR EXISTS (SELECT 1 FROM load_checks c WHERE c.load_id = l.id AND c.checked_at >= $2::timestamptz)
             OR EXISTS (SELECT 1 FROM load_items i WHERE i.load_id = l.id AND i.at >= $2::timestamptz))
     UNION ALL
     SELECT l.id, 'in_recall', r.id::text, r.status FROM sterilizer_loads l JOIN recalls r
         ON EXISTS (SELECT 1 FROM recall_items ri WHERE ri.recall_id = r.id AND ri.load_id = l.id)
         OR EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(r.scope -> 'scopes', '[]'::jsonb)) sc WHERE sc -> 'loadIds' ? l.id::text)
      WHERE l.id IN (SELECT * FROM planned)
     UNION ALL
     SELECT l.id, 'in_problem_report', pr.id::text, NULL FROM sterilizer_loads l JOIN problem_reports pr ON pr.load_id = l.id
      WHERE l.id IN (SELECT * FROM planned)
     UNION ALL
     SELECT l.id, 'newest_load', NULL, NULL FROM sterilizer_loads l
      WHERE l.id IN (SELECT * FROM planned) AND l.cycle_no = (SELECT max(x.cycle_no) FROM sterilizer_loads x WHERE x.sterilizer_id = l.sterilizer_id)`,
    LOAD_LABEL,
  ),
  'sterilization:blockPacks': BLOCK(
    'packs',
    'uuid',
    `WITH planned AS (${PLANNED('packs', 'uuid')})
     SELECT pk.id, 'recorded_after' AS reason, NULL::text AS subject, pk.state::text AS subject_state
       FROM packs pk WHERE pk.id IN (SELECT * FROM planned)
        AND (NOT ${ENDED_BEFORE('pk')} OR EXISTS (SELECT 1 FROM voided_labels v WHERE v.pack_id = pk.id AND v.voided_at >= $2::timestamptz))
     UNION ALL
     SELECT ri.pack_id, 'in_recall', r.id::text, r.status FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id
      WHERE ri.pack_id IN (SELECT * FROM planned)
     UNION ALL
     SELECT pr.pack_id, 'in_problem_report', pr.id::text, NULL FROM problem_reports pr WHERE pr.pack_id IN (SELECT * FROM planned)
     UNION ALL
     SELECT lr.pack_id, 'in_loaner_return', lt.code::text, NULL FROM loaner_returns lr JOIN loaner_trays lt ON lt.id = lr.tray_id
      WHERE lr.pack_id IN (SELECT * FROM planned)`,
    PACK_LABEL,
  ),
  /** A load goes only with every pack it held (fixpoint with the two below). */
  'sterilization:blockLoadsByPacks': BLOCK(
    'sterilizer_loads',
    'uuid',
    `SELECT lp.load_id AS id, 'pack_kept' AS reason, ${pkSubject('pk')} AS subject, pk.state::text AS subject_state
       FROM (${LOAD_PACK('load')}) lp JOIN packs pk ON pk.id = lp.pack_id
      WHERE ${NOT_PLANNED('packs', 'lp.pack_id')}`,
    LOAD_LABEL,
  ),
  /** A pack goes only with every load it was in. */
  'sterilization:blockPacksByLoads': BLOCK(
    'packs',
    'uuid',
    `SELECT lp.pack_id AS id, 'load_kept' AS reason, st.code || ' #' || l.cycle_no AS subject, NULL::text AS subject_state
       FROM (${LOAD_PACK('pack')}) lp JOIN sterilizer_loads l ON l.id = lp.load_id JOIN sterilizers st ON st.id = l.sterilizer_id
      WHERE ${NOT_PLANNED('sterilizer_loads', 'lp.load_id')}`,
    PACK_LABEL,
  ),
  /** A pack that replaced one kept (its replaced_by_pack_id points here) stays with it. */
  'sterilization:blockReplacements': BLOCK(
    'packs',
    'uuid',
    `SELECT pk.id, 'replaces_kept' AS reason, ${pkSubject('old')} AS subject, old.state::text AS subject_state
       FROM packs pk JOIN packs old ON old.replaced_by_pack_id = pk.id
      WHERE pk.id IN (${PLANNED('packs', 'uuid')}) AND ${NOT_PLANNED('packs', 'old.id')}`,
    PACK_LABEL,
  ),
  'sterilization:packEvents': PLAN('pack_events', `SELECT e.id FROM pack_events e WHERE e.pack_id IN (${PLANNED('packs', 'uuid')})`),
  /** A planned pack's lines on manifests and its counts against requisitions (issue 16): they go with it. */
  'sterilization:roundItems': PLAN('round_items', `SELECT i.id FROM round_items i WHERE i.pack_id IN (${PLANNED('packs', 'uuid')})`),
  'sterilization:requisitionFulfilments': PLAN(
    'requisition_fulfilments',
    `SELECT f.id FROM requisition_fulfilments f WHERE f.pack_id IN (${PLANNED('packs', 'uuid')})`,
  ),
  'sterilization:voidedLabels': PLAN(
    'voided_labels',
    `SELECT v.barcode FROM voided_labels v WHERE v.pack_id IN (${PLANNED('packs', 'uuid')})`,
  ),
  'sterilization:loadItems': PLAN(
    'load_items',
    `SELECT i.id FROM load_items i WHERE i.load_id IN (${PLANNED('sterilizer_loads', 'uuid')})`,
  ),
  'sterilization:loadChecks': PLAN(
    'load_checks',
    `SELECT c.id FROM load_checks c WHERE c.load_id IN (${PLANNED('sterilizer_loads', 'uuid')})`,
  ),
  'sterilization:biTests': PLAN('bi_tests', `SELECT b.id FROM bi_tests b WHERE b.load_id IN (${PLANNED('sterilizer_loads', 'uuid')})`),
  /** B-D tests of planned loads (B-D cycles), and those recorded without a cycle before the cut-off. */
  'sterilization:bdTests': PLAN(
    'bd_tests',
    `SELECT b.id FROM bd_tests b
      WHERE b.load_id IN (${PLANNED('sterilizer_loads', 'uuid')}) OR (b.load_id IS NULL AND b.tested_at < $2::timestamptz AND b.recorded_at < $2::timestamptz)`,
  ),
  'sterilization:emergencyReleases': PLAN(
    'emergency_releases',
    `SELECT r.id FROM emergency_releases r WHERE r.load_id IN (${PLANNED('sterilizer_loads', 'uuid')})`,
  ),

  ...PER_TABLE,
  'plan:counts': `SELECT table_name AS "table", count(*)::int AS rows, count(*) FILTER (WHERE digest IS NULL)::int AS undigested
    FROM archive_plan WHERE run_id = $1::uuid GROUP BY table_name ORDER BY table_name`,
  'plan:drop': `DELETE FROM archive_plan WHERE run_id = $1::uuid`,
  /**
   * The planned pack events the reports' day tallies do not hold (src/reports/day-tallies.ts): above
   * their mark, or counted in another time zone than $2. Removed, their counts would leave the
   * reports. Holds the tallies' lock, so no catch-up or reader of the state changes it meanwhile.
   */
  'plan:untallied': `SELECT count(*)::int AS n
    FROM archive_plan p, (SELECT through_id, timezone, pg_advisory_xact_lock(hashtext('cssd_report_tallies')) FROM report_tally_state WHERE id = 1) s
   WHERE p.run_id = $1::uuid AND p.table_name = 'pack_events' AND (s.timezone IS DISTINCT FROM $2::text OR p.row_key::bigint > s.through_id)`,
  /** The line digests of a page of an export file ($3: JSON lines; $4: keys left out of the digest; $5: the key column), each against the plan's. */
  'plan:checkLines': `SELECT x.o::int AS line, x.k AS key, (x.d = p.digest) AS matches
    FROM (SELECT u.o, (u.j::jsonb) ->> $5::text AS k, sha256(convert_to(((u.j::jsonb) - $4::text[])::text, 'UTF8')) AS d
            FROM unnest($3::text[]) WITH ORDINALITY AS u(j, o)) x
    LEFT JOIN LATERAL (SELECT p.digest FROM archive_plan p
                        WHERE p.run_id = $1::uuid AND p.table_name = $2::varchar AND p.row_key = x.k COLLATE "C" LIMIT 1) p ON true
    ORDER BY x.o`,

  'run:insert': `INSERT INTO archive_runs (id, kind, before_date, cut_off_at, performed_at, performed_by, os_user, host, out_dir, manifest_sha256, row_counts, kept_count)
    VALUES ($1::uuid, $2::varchar, $3::date, $4::timestamptz, $5::timestamptz, $6::varchar, $7::varchar, $8::varchar, $9::varchar, $10::varchar, $11::jsonb, $12::int)`,
  /** Lets this transaction's removals through the DELETE triggers (cssd_forbid_delete): the run it inserted. */
  'run:declare': `SELECT set_config('cssd.archive_run', $1::text, true) AS run`,
  'run:one': `SELECT id, kind, before_date::text AS "beforeDate", manifest_sha256 AS "manifestSha256", row_counts AS "rowCounts"
    FROM archive_runs WHERE id = $1::uuid`,
  /** The archival in the audit log (GET /api/audit?entityType=archive_run): no user of the service did it, the operator is in `after`. */
  'run:audit': `INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, before, after)
    VALUES ($2::timestamptz, NULL, 'archive', 'archive_run', $1::uuid, NULL, $3::jsonb)`,
  /** Marks of a sealed table: one per sealed batch the removed rows were in, with their sealed digests. */
  'marks:sealed': `INSERT INTO ledger_archive_marks (archive_id, table_name, batch, row_keys, digests)
    SELECT $1::uuid, $2::varchar, p.batch, array_agg(p.row_key ORDER BY p.row_key::bigint), string_agg(p.digest, ''::bytea ORDER BY p.row_key::bigint)
      FROM archive_plan p WHERE p.run_id = $1::uuid AND p.table_name = $2::varchar
     GROUP BY p.batch ORDER BY p.batch`,
  /** Marks of a journaled table: its removed keys with the digest of each one's latest journal line, 10,000 to a mark. */
  'marks:journaled': `INSERT INTO ledger_archive_marks (archive_id, table_name, batch, row_keys, digests)
    SELECT $1::uuid, $2::varchar, NULL, array_agg(k ORDER BY k), string_agg(d, ''::bytea ORDER BY k)
      FROM (SELECT p.row_key AS k, p.digest AS d, (row_number() OVER (ORDER BY p.row_key) - 1) / 10000 AS chunk
              FROM archive_plan p WHERE p.run_id = $1::uuid AND p.table_name = $2::varchar) x
     GROUP BY chunk ORDER BY chunk`,
  /** An export's marks into the plan ($1 a scratch run id, $2 the archival): what `--verify` checks the files against. */
  'marks:load': `INSERT INTO archive_plan (run_id, table_name, row_key, digest)
    SELECT $1::uuid, m.table_name, a.k, substring(m.digests FROM (a.o::int - 1) * 32 + 1 FOR 32)
      FROM ledger_archive_marks m, unnest(m.row_keys) WITH ORDINALITY AS a(k, o) WHERE m.archive_id = $2::uuid`,
  'ledger:head': `SELECT encode(hash, 'hex') AS hash FROM ledger_seals s ORDER BY s.batch DESC LIMIT 1`,
} as const satisfies Statements;

export interface Blocked {
  table: string;
  key: string;
  label: string | null;
  reason: string;
  subject: string | null;
  subjectState: string | null;
}

export interface PlannedCount {
  table: string;
  rows: number;
  undigested: number;
}

/**
 * The plan's statistics, taken inside the archival's transaction (its own rows count): the plan
 * table is scratch, emptied after every run, so without them the planner takes it for empty and
 * joins hundreds of thousands of planned rows by rescanning them. (Not a statement that PREPAREs.)
 */
export const ANALYZE_PLAN = 'ANALYZE archive_plan';

const sql = (name: string): string => (ARCHIVE_SQL as Record<string, string>)[name];
/** A planning statement's parameters: the run, and the cut-off when it reads one. */
const planParams = (text: string, runId: string, cutOff: Date) => (text.includes('$2') ? [runId, cutOff] : [runId]);

/** The archival's queries, on the connection of its transaction (a pg client, as the owner). */
export class ArchiveRepository {
  static readonly statements = ARCHIVE_SQL;

  constructor(private readonly q: Q) {}

  /** Runs a planning step of `kind` ($1 run, $2 cut-off). */
  async plan(kind: ArchiveKind, step: string, runId: string, cutOff: Date): Promise<void> {
    const text = sql(`${kind}:${step}`);
    await this.q.query(text, planParams(text, runId, cutOff));
  }

  /** Runs a blocking step: the rows it took out of the plan, and why. */
  block(kind: ArchiveKind, step: string, runId: string, cutOff: Date): Promise<Blocked[]> {
    const text = sql(`${kind}:${step}`);
    return this.q.query<Blocked>(text, planParams(text, runId, cutOff));
  }

  async analyze(): Promise<void> {
    await this.q.query(ANALYZE_PLAN);
  }

  /** How many planned pack events the reports' day tallies do not hold yet (time zone `timezone`). */
  async untallied(runId: string, timezone: string): Promise<number> {
    const [r] = await this.q.query<{ n: number }>(ARCHIVE_SQL['plan:untallied'], [runId, timezone]);
    return r.n;
  }

  counts(runId: string): Promise<PlannedCount[]> {
    return this.q.query<PlannedCount>(ARCHIVE_SQL['plan:counts'], [runId]);
  }

  async expectDigests(a: ArchivedTable, runId: string): Promise<void> {
    await this.q.query(sql(`expect:${a.name}`), [runId]);
  }

  exportPage(a: ArchivedTable, runId: string, after: string, limit: number): Promise<{ key: string; line: string }[]> {
    return this.q.query(sql(`export:${a.name}`), [runId, after, limit]);
  }

  checkLines(runId: string, table: string, lines: string[], dropKeys: string[], key: string) {
    return this.q.query<{ line: number; key: string | null; matches: boolean | null }>(ARCHIVE_SQL['plan:checkLines'], [
      runId,
      table,
      lines,
      dropKeys,
      key,
    ]);
  }

  async remove(a: ArchivedTable, runId: string): Promise<number> {
    const [{ n }] = await this.q.query<{ n: number }>(sql(`remove:${a.name}`), [runId]);
    return n;
  }

  async dropPlan(runId: string): Promise<void> {
    await this.q.query(ARCHIVE_SQL['plan:drop'], [runId]);
  }

  async insertRun(r: {
    id: string;
    kind: ArchiveKind;
    before: string;
    cutOff: Date;
    at: Date;
    by: string;
    osUser: string;
    host: string;
    outDir: string;
    manifestSha256: string;
    rows: Record<string, number>;
    kept: number;
  }): Promise<void> {
    await this.q.query(ARCHIVE_SQL['run:insert'], [
      r.id,
      r.kind,
      r.before,
      r.cutOff,
      r.at,
      r.by,
      r.osUser,
      r.host,
      r.outDir,
      r.manifestSha256,
      JSON.stringify(r.rows),
      r.kept,
    ]);
  }

  async declareRun(runId: string): Promise<void> {
    await this.q.query(ARCHIVE_SQL['run:declare'], [runId]);
  }

  async audit(runId: string, at: Date, after: object): Promise<void> {
    await this.q.query(ARCHIVE_SQL['run:audit'], [runId, at, JSON.stringify(after)]);
  }

  run(id: string) {
    return this.q
      .query<{ id: string; kind: ArchiveKind; beforeDate: string; manifestSha256: string; rowCounts: Record<string, number> }>(
        ARCHIVE_SQL['run:one'],
        [id],
      )
      .then((r) => r[0]);
  }

  async mark(a: ArchivedTable, runId: string): Promise<void> {
    if (a.cover === 'none') return;
    await this.q.query(a.cover === 'sealed' ? ARCHIVE_SQL['marks:sealed'] : ARCHIVE_SQL['marks:journaled'], [runId, a.name]);
  }

  async loadMarks(scratchRunId: string, archiveId: string): Promise<void> {
    await this.q.query(ARCHIVE_SQL['marks:load'], [scratchRunId, archiveId]);
  }

  async headHash(): Promise<string | null> {
    const [row] = await this.q.query<{ hash: string }>(ARCHIVE_SQL['ledger:head']);
    return row?.hash ?? null;
  }
}
