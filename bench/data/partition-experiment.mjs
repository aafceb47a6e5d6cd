// The partitioning experiment of docs/scaling.md: the last 12 months of pack_events copied
// into a table partitioned by month, then a pack's events read from both, 3,000 random packs.
//   DATABASE_URL=postgres://…/cssd_bench_regional node bench/data/partition-experiment.mjs
// Writes a scratch table pe_part (dropped at the end); reads everything else.
import pg from 'pg';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('usage: DATABASE_URL=postgres://…/a-generated-database node bench/data/partition-experiment.mjs');
  process.exit(2);
}
const c = new pg.Client({ connectionString: url });
await c.connect();
const timed = async (what, sql) => {
  const s = Date.now();
  await c.query(sql);
  console.error(`${what}: ${((Date.now() - s) / 1000).toFixed(1)} s`);
};
const [{ max }] = (await c.query(`SELECT max(at) FROM pack_events`)).rows;
const since = new Date(max.getTime() - 365 * 86_400_000);
const firstMonth = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1));
await c.query(`DROP TABLE IF EXISTS pe_part`);
await c.query(`CREATE TABLE pe_part (LIKE pack_events INCLUDING DEFAULTS) PARTITION BY RANGE (at)`);
for (let d = firstMonth; d <= max; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  const name = `pe_part_${d.toISOString().slice(0, 7).replace('-', '')}`;
  await c.query(`CREATE TABLE ${name} PARTITION OF pe_part FOR VALUES FROM ('${d.toISOString()}') TO ('${next.toISOString()}')`);
}
await timed('copy', `INSERT INTO pe_part SELECT * FROM pack_events WHERE at >= '${since.toISOString()}'`);
await timed('index', `CREATE INDEX pe_part_pack ON pe_part (pack_id, id)`);
await timed('analyze', `ANALYZE pe_part`);
const ids = (await c.query(`SELECT id FROM packs WHERE created_at >= $1 ORDER BY md5(id::text) LIMIT 3000`, [new Date(since.getTime() + 14 * 86_400_000)])).rows.map((r) => r.id);
const pct = (a, p) => a[Math.min(a.length - 1, Math.floor(a.length * p))];
async function run(table) {
  const t = [];
  for (const id of ids) {
    const s = process.hrtime.bigint();
    await c.query(`SELECT * FROM ${table} WHERE pack_id = $1 ORDER BY id`, [id]);
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return { n: t.length, p50: pct(t, 0.5).toFixed(3), p99: pct(t, 0.99).toFixed(3), mean: (t.reduce((a, b) => a + b, 0) / t.length).toFixed(3) };
}
// warm both, then measure alternately twice
await run('pack_events'); await run('pe_part');
const out = { pack_events: [await run('pack_events')], pe_part: [await run('pe_part')] };
out.pack_events.push(await run('pack_events')); out.pe_part.push(await run('pe_part'));
console.log(JSON.stringify(out, null, 1));
const ex = async (table) => (await c.query(`EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM ${table} WHERE pack_id = $1 ORDER BY id`, [ids[7]])).rows.map((r) => r['QUERY PLAN']);
console.log((await ex('pack_events')).slice(-3).join('\n'));
const pp = await ex('pe_part'); console.log(pp.filter((l) => /Append|Sort|Execution|Planning|Buffers: shared/.test(l)).slice(0, 6).join('\n'), '\n… index scans:', pp.filter((l) => /Index Scan|Bitmap Index/.test(l)).length);
await c.query('DROP TABLE pe_part');
await c.end();
