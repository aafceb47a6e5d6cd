#!/usr/bin/env node
// Brings the reports' day tallies (src/reports/day-tallies.ts) up to date on a database, as the
// service's timer does, and times it — for a data set generated before the tallies existed, or to
// measure a catch-up from scratch (`--rebuild` empties them first: run as the database's owner).
//   DATABASE_URL=postgres://…/cssd_bench_regional node bench/data/tallies.mjs [--rebuild] [--chunk 1000000]
// Needs the built service (`npm run build`) and a migrated database (`node dist/src/database/migrate-cli.js run`).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const repo = join(new URL('.', import.meta.url).pathname, '..', '..');
const { catchUpTallies } = await import(pathToFileURL(join(repo, 'dist/src/reports/day-tallies.js')).href);
const { pgLedger } = await import(pathToFileURL(join(repo, 'dist/src/ledger-seal/pg-ledger.js')).href);
const arg = (k, d) => (process.argv.includes(k) ? process.argv[process.argv.indexOf(k) + 1] : d);
const c = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: 'bench-tallies' });
await c.connect();
if (process.argv.includes('--rebuild')) {
  await c.query(`TRUNCATE report_day_tallies, report_pack_shelf`);
  await c.query(`UPDATE report_tally_state SET through_id = 0, timezone = NULL, updated_at = NULL`);
}
const t0 = performance.now();
const r = await catchUpTallies(pgLedger(c), { timezone: 'Asia/Shanghai', now: new Date(), chunk: Number(arg('--chunk', '1000000')) });
const seconds = (performance.now() - t0) / 1000;
await c.query(`VACUUM (ANALYZE) report_day_tallies, report_pack_shelf`);
const [n] = (await c.query(`SELECT (SELECT count(*) FROM report_day_tallies)::int AS tallies, (SELECT count(*) FROM report_pack_shelf)::int AS shelf`)).rows;
console.log(JSON.stringify({ ...r, seconds: +seconds.toFixed(1), eventsPerSecond: Math.round(r.ids / seconds), ...n }));
await c.end();
