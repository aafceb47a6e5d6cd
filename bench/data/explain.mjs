#!/usr/bin/env node
// EXPLAIN (ANALYZE, BUFFERS) of the provenance and recall-scope queries on a generated data set:
//   DATABASE_URL=postgres://…/cssd_bench_regional node bench/data/explain.mjs [--out file.json]
// The statements come from the repositories (dist/src/<module>/<module>.repository.js: `npm run build` first).
// (a) GET /api/trace/packs/:barcode — the one statement TraceService.pack runs, for the oldest
//     and the newest labelled pack; (b) the recall scope of one sterilizer (recallScopeQuery,
//     since the last passing BI) alone and inside the recall's INSERT (recallItemsInsert, RecallRepository.insertItems) (in a transaction
//     that is rolled back: nothing is written); (c) the load gate; (d) the monthly workload report.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const repo = join(new URL('.', import.meta.url).pathname, '..', '..');
const { recallScopeQuery } = await import(pathToFileURL(join(repo, 'dist/src/recall/recall-scope.js')).href);
const { PACK_ACTIONS } = await import(pathToFileURL(join(repo, 'dist/src/kernel/pack-state.js')).href);
const { recallItemsInsert } = await import(pathToFileURL(join(repo, 'dist/src/recall/recall.repository.js')).href);
const { LOAD_GATE_SQL } = await import(pathToFileURL(join(repo, 'dist/src/sterilization/sterilization.repository.js')).href);
const { TRACE_SQL } = await import(pathToFileURL(join(repo, 'dist/src/trace/trace.repository.js')).href);
const { REPORTS_SQL } = await import(pathToFileURL(join(repo, 'dist/src/reports/reports.repository.js')).href);
const { monthRange, STAGE_OF_TYPE } = await import(pathToFileURL(join(repo, 'dist/src/reports/workload.js')).href);
const outArg = process.argv.indexOf('--out');
const db = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: 'bench-explain' });
await db.connect();
const results = [];

/**
 * recallScopeQuery looks the BI anchor up first (a query of its own) and returns the scope SQL
 * with the anchor as a value: explain that lookup too, then build the scope as the service does.
 */
async function scopeQuery(label, scope, firstParam) {
  const viaExplain = {
    query: async (sql, params) => {
      await explain(`${label}: anchor lookup`, sql, params);
      return (await db.query(sql, params)).rows;
    },
  };
  return recallScopeQuery(viaExplain, scope, firstParam);
}

async function explain(label, sql, params) {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const plan = rows[0]['QUERY PLAN'][0];
  const nodes = [];
  const walk = (n) => {
    nodes.push(n);
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(plan.Plan);
  const indexes = [...new Set(nodes.filter((n) => n['Index Name']).map((n) => `${n['Node Type']} ${n['Index Name']}`))];
  const seqScans = nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => `${n['Relation Name']} (${n['Actual Rows']} rows)`);
  const shared = { hit: plan.Plan['Shared Hit Blocks'], read: plan.Plan['Shared Read Blocks'] };
  const r = { label, ms: +(plan['Execution Time'] + plan['Planning Time']).toFixed(3), executionMs: plan['Execution Time'], planningMs: plan['Planning Time'], rows: plan.Plan['Actual Rows'], indexes, seqScans, buffers: shared };
  results.push(r);
  console.log(`${label.padEnd(58)} ${String(r.ms).padStart(9)} ms  rows ${String(r.rows).padStart(6)}  buffers hit ${shared.hit} read ${shared.read}  ${indexes.join(', ') || '-'}${seqScans.length ? `  SEQ SCAN ${seqScans.join(', ')}` : ''}`);
  return r;
}

/** The one statement TraceService.pack runs (TRACE_SQL.provenance), for a pack by its barcode. */
async function provenance(label, barcode) {
  await explain(`${label}: provenance (one statement)`, TRACE_SQL.provenance, [barcode]);
}

const oldest = (await db.query(`SELECT barcode FROM packs WHERE barcode IS NOT NULL ORDER BY barcode LIMIT 1`)).rows[0].barcode;
const newest = (await db.query(`SELECT barcode FROM packs WHERE barcode IS NOT NULL ORDER BY barcode DESC LIMIT 1`)).rows[0].barcode;
await provenance(`old ${oldest}`, oldest);
await provenance(`new ${newest}`, newest);

// (b) Recall scope: the sterilizer with the most loads, since its last passing BI (infection
// cluster: no failed cycle), and bounded by its latest cycle (a positive BI on the latest load).
const s = (await db.query(`SELECT s.id, s.code, max(l.cycle_no) AS last FROM sterilizers s JOIN sterilizer_loads l ON l.sterilizer_id = s.id GROUP BY s.id, s.code ORDER BY count(*) DESC, s.code LIMIT 1`)).rows[0];
for (const scope of [
  { kind: 'since_last_passing_bi', sterilizerId: s.id },
  { kind: 'since_last_passing_bi', sterilizerId: s.id, failedCycleNo: s.last },
]) {
  const label = `recall scope ${s.code}${scope.failedCycleNo ? ` failedCycleNo ${scope.failedCycleNo}` : ''}`;
  const q = await scopeQuery(label, scope, 1);
  await explain(label, q.sql, q.params);
}
// The whole addItems statement (scope + lock + insert + last use event), rolled back.
{
  const q = await scopeQuery(`recall addItems ${s.code}`, { kind: 'since_last_passing_bi', sterilizerId: s.id, failedCycleNo: s.last }, 3);
  const actor = (await db.query(`SELECT id FROM users WHERE role = 'monitor' LIMIT 1`)).rows[0].id;
  await db.query('BEGIN');
  try {
    const recallId = (await db.query(`INSERT INTO recalls (trigger, reason, scope, opened_by, opened_at) VALUES ('manual', 'EXPLAIN', '{}', $1, $2) RETURNING id`, [actor, new Date()])).rows[0].id;
    await explain(`recall addItems INSERT ${s.code} (rolled back)`, recallItemsInsert(q.sql), [recallId, PACK_ACTIONS.recall.from, ...q.params]);
  } finally {
    await db.query('ROLLBACK');
  }
}
// LoadGate.readiness: run at every load open and start (§4.2 lockouts) — on the busiest sterilizer.
{
  const today = (await db.query(`SELECT to_char(max(test_date), 'YYYY-MM-DD') AS d FROM bd_tests`)).rows[0].d;
  await explain(`LoadGate B-D today ${s.code}`, LOAD_GATE_SQL.bdToday, [s.id, today]);
  await explain(`LoadGate last read BI ${s.code}`, LOAD_GATE_SQL.lastReadBi, [s.id]);
  await explain(`LoadGate blocked by a failed BI ${s.code}`, LOAD_GATE_SQL.blockedByFailedBi, [s.id]);
  await explain(`LoadGate last BI run ${s.code}`, LOAD_GATE_SQL.lastBiRun, [s.id]);
}
// A past recall as the service ran it: the scope of the first generated positive BI.
const past = (await db.query(`SELECT scope FROM recalls WHERE trigger = 'bi_failed' ORDER BY opened_at DESC LIMIT 1`)).rows[0];
if (past) {
  const sc = past.scope.scopes[0];
  const q = await scopeQuery('recall scope of the latest positive BI', sc, 1);
  await explain(`recall scope of the latest positive BI (${past.scope.sterilizerCode} cycle ${sc.failedCycleNo})`, q.sql, q.params);
}
// The workload report (section 6) for the month before the newest event, in the hospital's zone.
{
  const last = (await db.query(`SELECT to_char(max(at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS m FROM pack_events`)).rows[0].m;
  const [y, mo] = last.split('-').map(Number);
  const month = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
  const { from, to } = monthRange(month, 'Asia/Shanghai');
  // At the tallies' position, as ReportsService.atTallies reads it (day-tallies.ts).
  const [st] = (await db.query(`SELECT through_id::text AS after, timezone = 'Asia/Shanghai' AS tallied FROM report_tally_state`)).rows;
  const at = [st?.tallied === true, st?.tallied ? st.after : '0'];
  await explain(`workload report ${month}`, REPORTS_SQL.workload, [from, to, 'Asia/Shanghai', ...at, [...STAGE_OF_TYPE.keys()]]);
}
const sizes = (await db.query(`SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) AS total, pg_size_pretty(pg_relation_size(oid)) AS heap FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r') ORDER BY pg_total_relation_size(oid) DESC LIMIT 8`)).rows;
console.log('sizes:', sizes.map((r) => `${r.relname} ${r.total} (heap ${r.heap})`).join(', '));
await db.end();
if (outArg > 0) writeFileSync(process.argv[outArg + 1], JSON.stringify({ results, sizes }, null, 2) + '\n');
