#!/usr/bin/env node
// EXPLAIN (ANALYZE, BUFFERS) of each statement behind the year-long reports of issue 15 — the
// quality indicators and a department's slice — on a generated data set, for the 12 months to
// the last full month before --today (default: the hospital's today):
//   DATABASE_URL=postgres://…/cssd_bench_regional node bench/data/explain-reports.mjs [--today YYYY-MM-DD] [--months 12]
// The statements come from dist/src/reports/reports.repository.js (`npm run build` first).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const repo = join(new URL('.', import.meta.url).pathname, '..', '..');
const { REPORTS_SQL } = await import(pathToFileURL(join(repo, 'dist/src/reports/reports.repository.js')).href);
const { startOfLocalDay, localDate, addLocalDays } = await import(pathToFileURL(join(repo, 'dist/src/common/clock.js')).href);
const { addMonths } = await import(pathToFileURL(join(repo, 'dist/src/reports/quality-indicators.js')).href);
const { STAGE_OF_TYPE } = await import(pathToFileURL(join(repo, 'dist/src/reports/workload.js')).href);
const WORK_TYPES = [...STAGE_OF_TYPE.keys()];
const arg = (k, d) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const TZ = 'Asia/Shanghai';
const today = arg('--today', localDate(new Date(), TZ));
const n = Number(arg('--months', '12'));
const to = addMonths(today.slice(0, 7), -1);
const first = addMonths(to, -(n - 1));
const from = startOfLocalDay(`${first}-01`, TZ);
const end = startOfLocalDay(`${addMonths(to, 1)}-01`, TZ);
const lastDay = addLocalDays(`${addMonths(to, 1)}-01`, -1);
const db = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: 'bench-explain-reports' });
await db.connect();
await db.query('SET jit = off');
const [dept] = (await db.query(`SELECT d.id, d.code FROM departments d JOIN users u ON u.department_id = d.id AND u.role = 'department' ORDER BY d.code LIMIT 1`)).rows;
console.log(`${first}..${to} (${from.toISOString()} .. ${end.toISOString()}), department ${dept?.code}`);
const range = [from, end, TZ];
// The tallies' position, as ReportsService.atTallies reads it (day-tallies.ts).
const [st] = (await db.query(`SELECT through_id::text AS after, timezone = $1 AS tallied FROM report_tally_state`, [TZ])).rows;
const at = [st?.tallied === true, st?.tallied ? st.after : '0'];
console.log(`tallies: ${at[0] ? `through event ${at[1]}` : 'not in this time zone: every event read live'}`);
const cases = [
  ['indicatorPackSteps', [...range, ...at]],
  ['indicatorLoads', range],
  ['indicatorBis', range],
  ['indicatorProblems', range],
  ['indicatorRecalls', range],
  ['indicatorExpired', [TZ, `${first}-01`, lastDay, ...at, new Date(`${today}T00:00:00+08:00`)]],
  ['indicatorDepartments', [...range, ...at]],
  ['departmentDays', [...range, ...at, dept.id]],
  ['workPerDay', [...range, ...at, WORK_TYPES]],
  ['workPerTemplate', [...range, ...at, WORK_TYPES]],
  ['workload', [...range, ...at, WORK_TYPES]],
  ['departmentProblems', [...range, dept.id]],
  ['departmentRecalls', [...range, dept.id]],
];
for (const [name, params] of cases) {
  const t0 = performance.now();
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${REPORTS_SQL[name]}`, params);
  const plan = rows[0]['QUERY PLAN'][0];
  const nodes = [];
  const walk = (p) => {
    nodes.push(p);
    for (const c of p.Plans ?? []) walk(c);
  };
  walk(plan.Plan);
  const scans = [...new Set(nodes.filter((p) => /Scan/.test(p['Node Type'])).map((p) => `${p['Node Type']} ${p['Index Name'] ?? p['Relation Name'] ?? ''}`.trim()))];
  console.log(
    `${name.padEnd(22)} ${String(Math.round(plan['Execution Time'])).padStart(8)} ms  rows ${String(plan.Plan['Actual Rows']).padStart(6)}  ` +
      `buffers hit ${plan.Plan['Shared Hit Blocks']} read ${plan.Plan['Shared Read Blocks']}  ${scans.join(', ')}  (wall ${Math.round(performance.now() - t0)} ms)`,
  );
}
await db.end();
