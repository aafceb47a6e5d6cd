#!/usr/bin/env node
/**
 * EXPLAIN the queries stations and recalls run, on a realistic volume (style.md habit 11, docs/domain.md §7).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cssd_explain_xyz node scripts/explain-chain.mjs
 *
 * DATABASE_URL must name a scratch database with the migrations applied and no packs in it
 * (`DATABASE_URL=… node dist/src/database/migrate-cli.js run`). The script bulk-inserts, with
 * generate_series and INSERT only (pack_events and load_items are append-only), a catalog just
 * large enough for the foreign keys, sterilizer loads, packs, their events and load membership;
 * runs ANALYZE; then prints EXPLAIN (ANALYZE, BUFFERS) of each query and a summary: the index each
 * plan uses, any sequential scan, and the execution time.
 *
 * The statements the services run are imported from their repositories (issue 14): the dispatch
 * FIFO warning, the recall scope, the provenance statement, the load gate, the cotton shortening,
 * the stations' locking pack lookups (the pack ledger's, src/packs/packs.repository.ts) —
 * from dist/ (`npm run build` first), so a plan explained here is the statement the service runs
 * (an entity's column list shown as `*`).
 *
 * Volumes (environment, defaults): PACKS=300000 LOADS=6000 STERILIZERS=5 EVENTS=2000000
 * SETS=30000 TEMPLATES=200 DEPARTMENTS=40. `--explain-only` skips the insert (data already there).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

const usage = 'usage: DATABASE_URL=postgres://…/scratch_db node scripts/explain-chain.mjs [--explain-only]  (after npm run build)';
if (process.argv.includes('--help')) {
  console.log(usage);
  process.exit(0);
}
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
/** A module of the built service (dist/src/…). */
const built = (path) => import(pathToFileURL(join(REPO, 'dist/src', path)).href);
const { DISPATCH_SQL } = await built('dispatch/dispatch.repository.js');
const { scopeSql } = await built('recall/recall-scope.js');
const { PACKS_SQL } = await built('packs/packs.repository.js');
const { LOAD_GATE_SQL } = await built('sterilization/sterilization.repository.js');
const { STORAGE_SQL } = await built('storage/storage.repository.js');
const { IN_CSSD_STATES } = await built('storage/cotton-shelf-life.js');
const { TRACE_SQL } = await built('trace/trace.repository.js');
/** A statement's text with `*` for an entity's column list (see src/database/statements.ts). */
const text = (statement) => (typeof statement === 'string' ? statement : statement((_target, alias) => (alias ? `${alias}.*` : '*')));

const env = (name, dflt) => {
  const v = Number(process.env[name] ?? dflt);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name} must be a positive integer`);
  return v;
};
const V = {
  packs: env('PACKS', 300_000),
  loads: env('LOADS', 6_000),
  sterilizers: env('STERILIZERS', 5),
  events: env('EVENTS', 2_000_000),
  sets: env('SETS', 30_000),
  templates: env('TEMPLATES', 200),
  departments: env('DEPARTMENTS', 40),
};
const explainOnly = process.argv.includes('--explain-only');

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(usage);
  process.exit(2);
}

const db = new pg.Client({ connectionString: url, application_name: 'explain-chain' });
await db.connect();

async function step(label, sql, params = []) {
  const t0 = performance.now();
  const r = await db.query(sql, params);
  console.log(`  ${label.padEnd(44)} ${String(r.rowCount ?? '').padStart(9)} rows  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

/** Fixed, recognisable uuids for the people acting (no FK on actor columns). */
const ACTOR = (expr) => `('00000000-0000-4000-8000-' || lpad(((${expr}) % 30 + 1)::text, 12, '0'))::uuid`;
/** When the synthetic catalog was set up: before the three years of history the script writes. */
const CATALOG_AT = `now() - interval '3 years 1 day'`;

async function load() {
  const { rows } = await db.query(
    'SELECT (SELECT count(*) FROM packs)::int AS packs, (SELECT count(*) FROM migrations)::int AS migrations',
  );
  if (rows[0].migrations === 0) throw new Error('no migrations applied: run migrate-cli first');
  if (rows[0].packs > 0)
    throw new Error(`the database already has ${rows[0].packs} packs: use a fresh scratch database, or --explain-only`);

  // How many events each pack gets: `base` for every pack, one more for the first `extra` packs.
  const base = Math.floor(V.events / V.packs);
  const extra = V.events - base * V.packs;
  if (base < 1 || base > 10) throw new Error('EVENTS / PACKS must be between 1 and 10');
  const packsPerLoad = Math.ceil(V.packs / V.loads);
  console.log(`inserting ${JSON.stringify(V)} (${packsPerLoad} packs per load, ${base}–${base + (extra ? 1 : 0)} events per pack)`);

  // pack_barcode_seq is not used here: the labels are P + serial + GS1 mod-10 check digit, like packBarcode().
  await db.query(`CREATE FUNCTION pg_temp.pack_barcode(serial bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT 'P' || d || ((10 - sum(substr(d, i, 1)::int * CASE WHEN (10 - i) % 2 = 0 THEN 3 ELSE 1 END) % 10) % 10)::text
      FROM (SELECT lpad(serial::text, 10, '0') AS d) x, generate_series(1, 10) i GROUP BY d $$`);

  await db.query('BEGIN');
  // No column takes a time by default any more (issue 18 "one clock"): the catalog states its own.
  await step(
    'departments',
    `INSERT INTO departments (code, name_zh, name_en, created_at, updated_at)
    SELECT 'XD' || lpad(i::text, 4, '0'), '科室' || i, 'Department ' || i, ${CATALOG_AT}, ${CATALOG_AT} FROM generate_series(1, $1) i`,
    [V.departments],
  );
  await step(
    'set_templates',
    `INSERT INTO set_templates (code, name_zh, name_en, packaging_material, sterilization_method, implant, critical, created_at, updated_at)
    SELECT 'XT' || lpad(i::text, 4, '0'), '器械包' || i, 'Set ' || i,
           (ARRAY['crepe_nonwoven', 'cotton', 'paper_plastic_pouch', 'rigid_container', 'crepe_nonwoven'])[i % 5 + 1],
           'steam_prevacuum', i % 20 = 0, i % 7 = 0, ${CATALOG_AT}, ${CATALOG_AT}
      FROM generate_series(1, $1) i`,
    [V.templates],
  );
  await step(
    'instrument_sets',
    `INSERT INTO instrument_sets (asset_code, template_id, home_department_id, cycle_count, created_at, updated_at)
    SELECT 'XS' || lpad(i::text, 7, '0'), t.id, d.id, 0, ${CATALOG_AT}, ${CATALOG_AT}
      FROM generate_series(1, $1::int) i
      JOIN set_templates t ON t.code = 'XT' || lpad((i % $2::int + 1)::text, 4, '0')
      JOIN departments d ON d.code = 'XD' || lpad((i % $3::int + 1)::text, 4, '0')`,
    [V.sets, V.templates, V.departments],
  );
  await step(
    'sterilizers',
    `INSERT INTO sterilizers (code, name_zh, name_en, type, annual_inspection_valid_until, created_at, updated_at)
    SELECT 'XST' || i, '灭菌器' || i, 'Sterilizer ' || i, 'steam_prevacuum', '2099-12-31', ${CATALOG_AT}, ${CATALOG_AT} FROM generate_series(1, $1) i`,
    [V.sterilizers],
  );
  await step(
    'sterilizer_programs',
    `INSERT INTO sterilizer_programs (sterilizer_id, code, name_zh, name_en, temp_min_c, temp_max_c, min_hold_min, pressure_min_kpa, pressure_max_kpa, created_at, updated_at)
    SELECT id, 'P134', '134℃', '134 °C', 134, 137, 4, 205, 230, ${CATALOG_AT}, ${CATALOG_AT} FROM sterilizers WHERE code LIKE 'XST%'`,
  );
  // Loads over three years, round-robin over the sterilizers; each sterilizer numbers its own cycles.
  await step(
    'sterilizer_loads',
    `INSERT INTO sterilizer_loads (sterilizer_id, cycle_no, program_id, status, release, opened_by, opened_at,
                                   started_by, started_at, sterilization_date, completed_at, unloaded_by, unload_checked_by,
                                   temp_min_c, temp_max_c, hold_minutes, physical_passed, chemical_passed, contains_implant)
    SELECT s.id, (i - 1) / $2::int + 1, p.id,
           CASE WHEN open THEN 'open' ELSE 'completed' END, CASE WHEN open THEN 'pending' ELSE 'released' END,
           ${ACTOR('i')}, at - interval '30 minutes',
           CASE WHEN NOT open THEN ${ACTOR('i')} END, CASE WHEN NOT open THEN at END,
           CASE WHEN NOT open THEN (at AT TIME ZONE 'Asia/Shanghai')::date END, CASE WHEN NOT open THEN at + interval '1 hour' END,
           CASE WHEN NOT open THEN ${ACTOR('i')} END, CASE WHEN NOT open THEN ${ACTOR('i + 1')} END,
           CASE WHEN NOT open THEN 134.5 END, CASE WHEN NOT open THEN 136 END, CASE WHEN NOT open THEN 4.5 END,
           CASE WHEN NOT open THEN true END, CASE WHEN NOT open THEN true END, false
      FROM generate_series(1, $1::int) i
      CROSS JOIN LATERAL (SELECT now() - interval '3 years' + (interval '3 years' / $1::int) * i AS at, i > $1::int - $2::int AS open) a
      JOIN sterilizers s ON s.code = 'XST' || ((i - 1) % $2::int + 1)
      JOIN sterilizer_programs p ON p.sterilizer_id = s.id`,
    [V.loads, V.sterilizers],
  );

  // Pack n is in load ceil(n / packsPerLoad) (loads in time order) and is cycle ceil(n / SETS) of set n % SETS.
  // States by age: the old ones are closed (mostly used), the last 10 % are at departments, the last 3 % in storage,
  // and the packs of the open loads are loaded.
  await db.query(
    `CREATE TEMP TABLE x_pack_plan ON COMMIT DROP AS
    SELECT n, l.id AS load_id, coalesce(l.started_at, l.opened_at) AS started_at, l.sterilization_date, s.id AS set_id, s.template_id,
           t.packaging_material, t.implant, (n - 1) / $2::int + 1 AS cycle_no, (n - 1) % $4::int + 1 AS dept_no, l.status AS load_status,
           CASE WHEN l.status = 'open' THEN 'loaded'
                WHEN n > $1::int * 0.97 THEN 'stored'
                WHEN n > $1::int * 0.90 THEN (ARRAY['dispatched', 'received', 'used'])[n % 3 + 1]
                WHEN n % 100 < 90 THEN 'used'
                WHEN n % 100 < 95 THEN 'returned'
                WHEN n % 100 < 97 THEN 'failed'
                WHEN n % 100 < 98 THEN 'problem'
                ELSE 'recalled' END AS state
      FROM generate_series(1, $1::int) n
      JOIN sterilizers st ON st.code = 'XST' || (((n - 1) / $3::int) % $5::int + 1)
      JOIN sterilizer_loads l ON l.sterilizer_id = st.id AND l.cycle_no = ((n - 1) / $3::int) / $5::int + 1
      JOIN instrument_sets s ON s.asset_code = 'XS' || lpad(((n - 1) % $2::int + 1)::text, 7, '0')
      JOIN set_templates t ON t.id = s.template_id`,
    [V.packs, V.sets, packsPerLoad, V.departments, V.sterilizers],
  );
  await step(
    'packs',
    `INSERT INTO packs (barcode, set_id, template_id, cycle_no, state, implant, contamination_class, packaging_material,
                       load_id, sterilization_date, expiry_date, outside_indicator_passed, storage_location, department_id,
                       packed_by, checked_by, created_at, updated_at)
    SELECT pg_temp.pack_barcode(n), set_id, template_id, cycle_no, state, implant, 'routine', packaging_material,
           load_id, CASE WHEN load_status = 'open' THEN NULL ELSE sterilization_date END,
           CASE WHEN load_status = 'open' THEN NULL
                WHEN packaging_material = 'cotton' THEN sterilization_date + 14
                ELSE (sterilization_date + interval '6 months')::date END,
           CASE WHEN load_status = 'open' THEN NULL ELSE true END,
           CASE WHEN state = 'stored' THEN 'A-' || lpad((n % 40)::text, 2, '0') END,
           CASE WHEN state IN ('dispatched', 'received', 'used', 'returned', 'problem', 'recalled') THEN d.id END,
           ${ACTOR('n')}, ${ACTOR('n + 7')}, started_at - interval '4 hours',
           started_at + CASE WHEN state IN ('loaded', 'stored') THEN interval '2 hours' ELSE interval '2 days' END
      FROM x_pack_plan
      JOIN departments d ON d.code = 'XD' || lpad(dept_no::text, 4, '0')
     ORDER BY n`,
  );
  // Each set's cycle count is its newest pack's cycle number.
  await step(
    'instrument_sets.cycle_count',
    `UPDATE instrument_sets s SET cycle_count = m.c
    FROM (SELECT set_id, max(cycle_no) AS c FROM packs GROUP BY set_id) m WHERE m.set_id = s.id`,
  );
  await db.query('COMMIT');

  // Events: a pack's steps spread over hours and days, so on disk they interleave with other packs' steps,
  // as in real life (inserted in time order, not pack by pack). Batches keep the sort in memory.
  const TYPES = [
    'recycle',
    'start_wash',
    'wash_passed',
    'pack',
    'load',
    'start_sterilization',
    'unload_released',
    'store',
    'dispatch',
    'receive',
    'use',
  ];
  const TO = ['collected', 'washing', 'cleaned', 'packed', 'loaded', 'sterilizing', 'released', 'stored', 'dispatched', 'received', 'used'];
  const batch = packsPerLoad * 500;
  let inserted = 0;
  const t0 = performance.now();
  for (let from = 1; from <= V.packs; from += batch) {
    const r = await db.query(
      `INSERT INTO pack_events (pack_id, at, type, from_state, to_state, actor_id, station, data)
       SELECT p.id, p.created_at + k * interval '3 hours' + (p.n % 3600) * interval '1 second',
              ($4::text[])[k + 1], ($5::text[])[k + 1], ($6::text[])[k + 1], ${ACTOR('p.n + k')},
              'ST-' || (p.n % 12), jsonb_build_object('loadId', p.load_id)
         FROM (SELECT id, created_at, load_id, right(barcode, 11)::bigint / 10 AS n FROM packs
                WHERE barcode BETWEEN pg_temp.pack_barcode($1::int) AND pg_temp.pack_barcode($2::int)) p
        CROSS JOIN LATERAL generate_series(0, $3::int - 1 + (p.n <= $7::int)::int) k
        ORDER BY 2`,
      [from, Math.min(from + batch - 1, V.packs), base, TYPES, [null, ...TO.slice(0, -1)], TO, extra],
    );
    inserted += r.rowCount;
  }
  console.log(`  ${'pack_events'.padEnd(44)} ${String(inserted).padStart(9)} rows  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await step(
    'load_items',
    `INSERT INTO load_items (load_id, pack_id, action, actor_id, at)
    SELECT load_id, id, 'add', packed_by, created_at + interval '3 hours' FROM packs ORDER BY created_at`,
  );
  await step('ANALYZE', 'ANALYZE');
}

/** A value from the data for each query's parameters. */
async function pick() {
  const one = async (sql, params = []) => (await db.query(sql, params)).rows[0];
  const stored = await one(`SELECT barcode, template_id FROM packs WHERE state = 'stored' ORDER BY barcode OFFSET 137 LIMIT 1`);
  const load = await one(
    `SELECT id, sterilizer_id, cycle_no FROM sterilizer_loads WHERE status = 'completed' ORDER BY started_at OFFSET (SELECT count(*) / 2 FROM sterilizer_loads) LIMIT 1`,
  );
  const used = await one(
    `SELECT id, set_id, barcode FROM packs WHERE state = 'used' ORDER BY barcode OFFSET (SELECT count(*) / 3 FROM packs) LIMIT 1`,
  );
  const dept = await one(`SELECT department_id FROM packs WHERE state = 'received' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  const since = await one(`SELECT now() - interval '30 days' AS t, now() AS now`);
  const today = await one(`SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date::text AS d`);
  const expiry = await one(`SELECT expiry_date::text AS d, id FROM packs WHERE barcode = $1`, [stored.barcode]);
  return { stored, load, used, dept, today: today.d, expiry, since: since.t, now: since.now };
}

function queries(p) {
  return [
    {
      name: 'pack by barcode (every station scan, locked, PACKS_SQL.lockByBarcode)',
      sql: text(PACKS_SQL.lockByBarcode),
      params: [p.stored.barcode],
    },
    { name: 'packs by load_id (load detail)', sql: `SELECT * FROM packs WHERE load_id = $1 ORDER BY barcode`, params: [p.load.id] },
    {
      name: 'packs by load_id + state (start / unload, locked)',
      sql: `SELECT * FROM packs WHERE load_id = $1 AND state = $2 ORDER BY id FOR UPDATE`,
      params: [p.load.id, 'used'],
    },
    {
      name: 'loads by sterilizer + cycle number',
      sql: `SELECT * FROM sterilizer_loads WHERE sterilizer_id = $1 AND cycle_no = $2 ORDER BY opened_at DESC LIMIT 200`,
      params: [p.load.sterilizer_id, p.load.cycle_no],
    },
    {
      name: 'provenance of a used pack (trace, TRACE_SQL.provenance)',
      sql: TRACE_SQL.provenance,
      params: [p.used.barcode],
    },
    {
      name: "a set's current pack (recycling, locked, PACKS_SQL.lockCurrentOfSet)",
      sql: text(PACKS_SQL.lockCurrentOfSet),
      params: [p.used.set_id],
    },
    {
      name: "a set's cycles (trace by set)",
      sql: `SELECT * FROM packs WHERE set_id = $1 ORDER BY created_at DESC`,
      params: [p.used.set_id],
    },
    {
      name: 'FIFO: first stored pack of a template',
      sql: `SELECT * FROM packs WHERE state = 'stored' AND template_id = $1 ORDER BY expiry_date LIMIT 1`,
      params: [p.stored.template_id],
    },
    {
      name: 'FIFO warning at dispatch (DISPATCH_SQL)',
      sql: DISPATCH_SQL.earlierStoredPack,
      params: [p.stored.template_id, p.expiry.d, p.today, p.expiry.id],
    },
    {
      name: 'storage list of a template (FIFO order)',
      sql: `SELECT * FROM packs WHERE state = 'stored' AND template_id = $1 ORDER BY expiry_date, barcode LIMIT 1000`,
      params: [p.stored.template_id],
    },
    {
      name: "a department's packs by department_id + state",
      sql: `SELECT * FROM packs WHERE department_id = $1 AND state = $2 ORDER BY updated_at DESC LIMIT 500`,
      params: [p.dept.department_id, 'received'],
    },
    {
      name: "a department's packs in a closed state (used)",
      sql: `SELECT * FROM packs WHERE department_id = $1 AND state = $2 ORDER BY updated_at DESC LIMIT 500`,
      params: [p.dept.department_id, 'used'],
    },
    {
      name: "a department's packs, any state (usage list)",
      sql: `SELECT * FROM packs WHERE department_id = $1 ORDER BY updated_at DESC LIMIT 500`,
      params: [p.dept.department_id],
    },
    {
      name: 'load membership by load_id (recall scope)',
      sql: `SELECT * FROM load_items WHERE load_id = $1 ORDER BY id`,
      params: [p.load.id],
    },
    {
      name: "recall scope: a sterilizer's loads in the last 30 days (scopeSql)",
      sql: scopeSql('time_range'),
      params: [p.load.sterilizer_id, p.since, p.now],
    },
    {
      name: 'load gate: last read BI (LOAD_GATE_SQL)',
      sql: LOAD_GATE_SQL.lastReadBi,
      params: [p.load.sterilizer_id],
    },
    {
      name: 'load gate: blocked by a failed BI (LOAD_GATE_SQL)',
      sql: LOAD_GATE_SQL.blockedByFailedBi,
      params: [p.load.sterilizer_id],
    },
    {
      name: 'load gate: last BI run (LOAD_GATE_SQL)',
      sql: LOAD_GATE_SQL.lastBiRun,
      params: [p.load.sterilizer_id],
    },
    {
      name: 'cotton packs to shorten, locked (STORAGE_SQL)',
      sql: text(STORAGE_SQL.cottonToShorten),
      params: [IN_CSSD_STATES, 7, false, p.since],
    },
  ];
}

function summarize(plan) {
  const indexes = [
    ...new Set(
      [...plan.matchAll(/(?:Index Scan|Index Only Scan)(?: Backward)? using (\S+) on (\S+)|Bitmap Index Scan on (\S+)/g)].map(
        (m) => m[1] ?? m[3],
      ),
    ),
  ];
  const seqScans = [...new Set([...plan.matchAll(/Seq Scan on (\S+)/g)].map((m) => m[1]))];
  const time = plan.match(/Execution Time: ([\d.]+) ms/)?.[1];
  const sort = /\bSort\b/.test(plan) && !/Incremental Sort/.test(plan) ? 'sort' : /Incremental Sort/.test(plan) ? 'incremental sort' : '';
  return { indexes, seqScans, time: Number(time), sort };
}

async function explainAll() {
  const p = await pick();
  const counts = [];
  for (const relname of ['instrument_sets', 'sterilizer_loads', 'packs', 'pack_events', 'load_items']) {
    counts.push({ relname, n: (await db.query(`SELECT count(*)::bigint AS n FROM ${relname}`)).rows[0].n });
  }
  const states = (await db.query(`SELECT state, count(*)::int AS n FROM packs GROUP BY 1 ORDER BY 2 DESC`)).rows;
  console.log(`\n${(await db.query('SELECT version()')).rows[0].version}`);
  console.log(`rows: ${counts.map((r) => `${r.relname} ${r.n}`).join(', ')}`);
  console.log(`packs by state: ${states.map((r) => `${r.state} ${r.n}`).join(', ')}\n`);
  const results = [];
  for (const q of queries(p)) {
    // Locking queries run in a transaction that is rolled back. One run first, so the plan shows a warm cache.
    await db.query('BEGIN');
    await db.query(q.sql, q.params);
    const r = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
    await db.query('ROLLBACK');
    const plan = r.rows.map((x) => x['QUERY PLAN']).join('\n');
    console.log(`── ${q.name}\n${q.sql.replace(/\s+/g, ' ')}\n${plan}\n`);
    results.push({ name: q.name, ...summarize(plan) });
  }
  console.log('summary');
  for (const r of results) {
    const flag = r.seqScans.length ? `  ⚠ SEQ SCAN on ${r.seqScans.join(', ')}` : '';
    console.log(
      `  ${r.name.padEnd(58)} ${(r.indexes.join(' + ') || '—').padEnd(48)} ${r.time.toFixed(3).padStart(9)} ms${r.sort ? ` (${r.sort})` : ''}${flag}`,
    );
  }
}

try {
  if (!explainOnly) await load();
  await explainAll();
} catch (e) {
  await db.query('ROLLBACK').catch(() => {});
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await db.end();
}
