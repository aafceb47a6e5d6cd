// `generate()` — a realistic, deterministic multi-year history for cssd-trace, loaded through
// the real schema: the project's migrations first, then COPY into every table, secondary indexes
// and foreign keys dropped during the load and recreated from their saved definitions, then
// VACUUM (ANALYZE). Needs the built service (`npm run build`): it uses the service's own
// migrations, barcode, expiry, release and physical-check functions from dist/.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { CopySet, CopyWriter } from './copy.mjs';
import { Rng } from './rng.mjs';
import { Sim } from './sim.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => import(pathToFileURL(join(REPO, 'dist', p)).href);

/** The password of every generated account (a throwaway benchmark database). */
export const BENCH_PASSWORD = 'cssd-bench-2024';
export const BENCH_PIN = '246810';

export const PRESETS = {
  smoke: { packsPerDay: 200, days: 7, sterilizers: 2 },
  hospital: { packsPerDay: 800, days: 365, sterilizers: 4 },
  regional: { packsPerDay: 5000, days: 1095, sterilizers: 10 },
};

/** Columns written, per table (ids supplied by the generator; identity ids left to the database). */
export const TABLES = {
  departments: ['id', 'code', 'name_zh', 'name_en', 'active', 'created_at', 'updated_at'],
  set_templates: ['id', 'code', 'name_zh', 'name_en', 'packaging_material', 'alternative_packaging', 'sterilization_method', 'implant', 'critical', 'dressing', 'weight_kg', 'gtin', 'contents', 'active', 'created_at', 'updated_at'],
  instrument_sets: ['id', 'asset_code', 'template_id', 'home_department_id', 'cycle_count', 'active', 'created_at', 'updated_at'],
  sterilizers: ['id', 'code', 'name_zh', 'name_en', 'type', 'annual_inspection_valid_until', 'status', 'active', 'created_at', 'updated_at', 'commissioning_since'],
  sterilizer_programs: ['id', 'sterilizer_id', 'code', 'name_zh', 'name_en', 'temp_min_c', 'temp_max_c', 'min_hold_min', 'pressure_min_kpa', 'pressure_max_kpa', 'h2o2_min_mg_l', 'active', 'created_at', 'updated_at'],
  washers: ['id', 'code', 'name_zh', 'name_en', 'active', 'created_at', 'updated_at'],
  washer_programs: ['id', 'washer_id', 'code', 'name_zh', 'name_en', 'disinfect_temp_min_c', 'disinfect_min_min', 'a0_min', 'active', 'created_at', 'updated_at'],
  users: ['id', 'username', 'display_name', 'password_hash', 'role', 'department_id', 'badge_code', 'pin_hash', 'active', 'created_at', 'updated_at'],
  user_certifications: ['id', 'user_id', 'kind', 'number', 'valid_until', 'created_by', 'created_at'],
  washer_cycles: ['id', 'washer_id', 'program_id', 'cycle_no', 'status', 'opened_by', 'opened_at', 'completed_by', 'completed_at', 'temperature_c', 'disinfect_minutes', 'a0', 'note'],
  sterilizer_loads: ['id', 'sterilizer_id', 'cycle_no', 'program_id', 'status', 'release', 'opened_by', 'opened_at', 'started_by', 'started_at', 'sterilization_date', 'completed_at', 'unloaded_by', 'unload_checked_by', 'temp_min_c', 'temp_max_c', 'pressure_min_kpa', 'pressure_max_kpa', 'hold_minutes', 'h2o2_mg_l', 'physical_passed', 'physical_problems', 'chemical_passed', 'contains_implant', 'note', 'empty_chamber', 'run_snapshot'],
  packs: ['id', 'barcode', 'set_id', 'template_id', 'cycle_no', 'state', 'implant', 'contamination_class', 'packaging_material', 'washer_cycle_id', 'load_id', 'sterilization_date', 'expiry_date', 'wet', 'damaged', 'outside_indicator_passed', 'storage_location', 'department_id', 'patient_id', 'operation_id', 'packed_by', 'checked_by', 'replaced_by_pack_id', 'created_at', 'updated_at', 'template_version'],
  pack_events: ['pack_id', 'at', 'type', 'from_state', 'to_state', 'actor_id', 'second_actor_id', 'station', 'data', 'corrects_event_id'],
  load_items: ['load_id', 'pack_id', 'action', 'actor_id', 'at'],
  bd_tests: ['id', 'sterilizer_id', 'tested_at', 'test_date', 'passed', 'operator_id', 'note', 'recorded_at'],
  bi_tests: ['id', 'sterilizer_id', 'load_id', 'lot', 'placed_at', 'placed_by', 'pcd_type5_passed', 'result', 'read_at', 'read_by', 'note', 'recorded_at', 'result_recorded_at', 'readout_minutes'],
  emergency_releases: ['id', 'load_id', 'bi_test_id', 'approved_by', 'reason', 'at'],
  environment_readings: ['id', 'kind', 'value', 'unit', 'limit_min', 'limit_max', 'within_limits', 'measured_at', 'recorded_by', 'note', 'recorded_at'],
  department_notices: ['id', 'department_id', 'kind', 'recall_id', 'packs', 'message_zh', 'message_en', 'created_at'],
  recalls: ['id', 'trigger', 'reason', 'scope', 'status', 'opened_by', 'opened_at', 'closed_by', 'closed_at', 'close_note'],
  recall_items: ['recall_id', 'pack_id', 'load_id', 'state_at_recall', 'department_id', 'disposition', 'patient_id', 'operation_id', 'accounted_at', 'accounted_by'],
};
/** Streamed while the history is generated; every other table is buffered and written at the end. */
const STREAMED = ['pack_events', 'packs', 'load_items', 'washer_cycles', 'sterilizer_loads'];

/** Today's date in Asia/Shanghai (the default "today"; pass `today` for a fixed one). */
export function shanghaiToday(now = new Date()) {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

async function withClient(url, work) {
  const c = new pg.Client({ connectionString: url, application_name: 'bench-data' });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * Tables that hold rows, and tables that are not the project's: any table at all in a database
 * without a `migrations` table (every table of a migrated database counts as ours).
 */
/** Tables the migrations themselves fill with reference rows (the routine-check schedule's default tasks). */
// ledger_journal: the journal lines of the reference rows above (issue 15's trigger journals every insert).
const SEEDED_BY_MIGRATIONS = new Set(['migrations', 'quality_check_tasks', 'ledger_journal', 'report_tally_state']);

async function inspect(c) {
  const { rows } = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  const names = rows.map((r) => r.tablename);
  const migrated = names.includes('migrations');
  const foreign = migrated ? [] : names;
  const filled = [];
  for (const n of names.filter((x) => migrated && !SEEDED_BY_MIGRATIONS.has(x))) {
    const r = await c.query(`SELECT EXISTS (SELECT 1 FROM "${n}") AS e`);
    if (r.rows[0].e) filled.push(n);
  }
  return { foreign, filled };
}

/** Runs `tasks` (async functions) with at most `n` at a time, in the order given. */
async function pool(n, tasks) {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
}

/**
 * Fills `databaseUrl` with a generated history. Refuses a database that already holds data
 * (or tables that are not the project's) unless `reset` is true, which drops and recreates
 * the public schema first.
 */
export async function generate({ databaseUrl, packsPerDay, days, sterilizers, seed = 42, today, cutoff = '14:00', reset = false, storedTarget, log = () => {} }) {
  if (!databaseUrl) throw new Error('generate: databaseUrl is required');
  if (!(packsPerDay >= 10 && days >= 1 && sterilizers >= 1)) throw new Error('generate: packsPerDay ≥ 10, days ≥ 1, sterilizers ≥ 1');
  today ??= shanghaiToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`generate: today must be YYYY-MM-DD (got ${today})`);
  if (!/^\d{2}:\d{2}$/.test(cutoff)) throw new Error(`generate: cutoff must be HH:MM (got ${cutoff})`);
  const t0 = performance.now();
  const seconds = {};

  const { runMigrations } = await dist('src/database/migrate.js');
  const { packBarcode } = await dist('src/kernel/barcode.js');
  const { computeExpiry } = await dist('src/kernel/expiry.js');
  const { loadReleaseAtUnload, packOutcomeAtUnload } = await dist('src/kernel/release-policy.js');
  const { physicalProblems } = await dist('src/sterilization/physical-check.js');
  const { PACK_ACTIONS } = await dist('src/kernel/pack-state.js');
  const { DEFAULT_LIMITS, withinLimits } = await dist('src/kernel/reading-limits.js');
  // argon2id with the service's own parameters (a co-signature costs what it costs in use),
  // with a salt drawn from the seed: identical output per seed.
  const { ARGON2_OPTIONS } = await dist('src/users/password.js');
  const argon2 = (await import('argon2')).default;
  const saltRng = new Rng(seed ^ 0x5a17);
  const hashSecret = (plain) => argon2.hash(plain, { ...ARGON2_OPTIONS, salt: Buffer.from(Array.from({ length: 16 }, () => saltRng.u32() & 255)) });
  const demo = JSON.parse(readFileSync(join(REPO, 'src', 'seed', 'demo-hospital.json'), 'utf8'));

  // 1. An empty database with every migration applied.
  await withClient(databaseUrl, async (c) => {
    const found = await inspect(c);
    if (found.foreign.length || found.filled.length) {
      if (!reset) {
        throw new Error(
          `refusing to write into a database that is not empty (${[...found.foreign.map((t) => `table ${t}`), ...found.filled.map((t) => `${t} has rows`)].slice(0, 6).join(', ')}). ` +
            'Use a fresh database, or --reset to drop and recreate its public schema.',
        );
      }
      log('reset: dropping and recreating the public schema');
      await c.query('DROP SCHEMA public CASCADE');
      await c.query('CREATE SCHEMA public');
    }
  });
  const applied = await runMigrations(databaseUrl);
  log(`migrations: ${applied.length ? applied.join(', ') : 'already applied'}`);
  await withClient(databaseUrl, async (c) => {
    const found = await inspect(c);
    if (found.filled.length) throw new Error(`database not empty after migrations: ${found.filled.join(', ')}`);
  });

  // 2. Secondary indexes and foreign keys out of the way; their definitions kept.
  const saved = await withClient(databaseUrl, async (c) => {
    const idx = await c.query(`
      SELECT i.tablename, i.indexname, i.indexdef
        FROM pg_indexes i
       WHERE i.schemaname = 'public'
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
       ORDER BY i.tablename, i.indexname`);
    const fks = await c.query(`
      SELECT conrelid::regclass::text AS tablename, conname, pg_get_constraintdef(oid) AS def
        FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY conrelid::regclass::text, conname`);
    for (const f of fks.rows) await c.query(`ALTER TABLE ${f.tablename} DROP CONSTRAINT "${f.conname}"`);
    for (const i of idx.rows) await c.query(`DROP INDEX "${i.indexname}"`);
    // The in-order check looks up each pack's latest event: without the index, a scan per row.
    // The generated history is in order by construction; the check is back on before the service runs.
    await c.query(`ALTER TABLE pack_events DISABLE TRIGGER tr_pack_events_in_order`);
    return { indexes: idx.rows, foreignKeys: fks.rows };
  });
  log(`dropped ${saved.indexes.length} secondary indexes and ${saved.foreignKeys.length} foreign keys for the load`);

  // 3. The history, generated day by day and streamed with COPY.
  const tLoad = performance.now();
  const copies = new CopySet(databaseUrl, TABLES);
  await copies.open(STREAMED);
  const small = Object.fromEntries(Object.keys(TABLES).filter((t) => !STREAMED.includes(t)).map((t) => [t, []]));
  const writers = Object.fromEntries(STREAMED.map((t) => [t, copies.get(t)]));
  const sim = new Sim(
    { packsPerDay, days, sterilizers, seed, today, cutoff, storedTarget },
    { demo, packBarcode, computeExpiry, loadReleaseAtUnload, packOutcomeAtUnload, physicalProblems, PACK_ACTIONS, DEFAULT_LIMITS, withinLimits },
    { ...writers, small },
  );
  let lastLog = performance.now();
  await sim.run(async (d) => {
    await copies.drain();
    const now = performance.now();
    if (now - lastLog > 5000 || d === days - 1) {
      lastLog = now;
      const ev = writers.pack_events.rows;
      log(`day ${d + 1}/${days} (${sim.dates[d]}): ${sim.packsCreated.toLocaleString('en')} packs, ${ev.toLocaleString('en')} events, ${((now - tLoad) / 1000).toFixed(0)} s, ${Math.round(ev / ((now - tLoad) / 1000)).toLocaleString('en')} events/s, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB`);
    }
  });
  const passwordHash = await hashSecret(BENCH_PASSWORD);
  const pinHash = await hashSecret(BENCH_PIN);
  sim.catalogRows(passwordHash, pinHash);
  await copies.close();
  for (const [table, rows] of Object.entries(small)) {
    if (rows.length === 0) continue;
    const w = new CopyWriter(databaseUrl, table, TABLES[table]);
    await w.open();
    for (const r of rows) w.rowOf(r);
    await w.close();
  }
  seconds.load = +((performance.now() - tLoad) / 1000).toFixed(1);
  const counts = { ...copies.counts(), ...Object.fromEntries(Object.entries(small).map(([t, r]) => [t, r.length])) };
  log(`loaded in ${seconds.load} s: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);

  // 4. Indexes and foreign keys back (validated), largest tables first, two at a time.
  const tIdx = performance.now();
  const sizes = await withClient(databaseUrl, async (c) => {
    const { rows } = await c.query(`SELECT relname, pg_total_relation_size(oid) AS size FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`);
    return new Map(rows.map((r) => [r.relname, Number(r.size)]));
  });
  const bare = (t) => t.replace(/"/g, '').replace(/^public\./, '');
  const tasks = [
    ...saved.indexes.map((i) => ({ table: i.tablename, what: i.indexname, sql: i.indexdef })),
    ...saved.foreignKeys.map((f) => ({ table: bare(f.tablename), what: f.conname, sql: `ALTER TABLE ${f.tablename} ADD CONSTRAINT "${f.conname}" ${f.def}` })),
  ].sort((a, b) => (sizes.get(b.table) ?? 0) - (sizes.get(a.table) ?? 0));
  const restoreTimes = {};
  const clients = [];
  await pool(
    2,
    tasks.map((task) => async () => {
      const c = clients.pop() ?? new pg.Client({ connectionString: databaseUrl, application_name: 'bench-data:restore' });
      if (!c._connected) {
        await c.connect();
        c._connected = true;
        await c.query(`SET maintenance_work_mem = '1GB'`);
        await c.query(`SET max_parallel_maintenance_workers = 0`);
      }
      const t = performance.now();
      await c.query(task.sql);
      restoreTimes[task.what] = +((performance.now() - t) / 1000).toFixed(1);
      clients.push(c);
    }),
  );
  for (const c of clients) await c.end();
  seconds.indexes = +((performance.now() - tIdx) / 1000).toFixed(1);
  log(`indexes and foreign keys restored in ${seconds.indexes} s`);

  // 5. Sequences the service reads, then statistics (and the visibility map) for the planner.
  await withClient(databaseUrl, async (c) => {
    await c.query(`ALTER TABLE pack_events ENABLE TRIGGER tr_pack_events_in_order`);
    if (sim.maxSerialApplied > 0) await c.query(`SELECT setval('pack_barcode_seq', $1, true)`, [sim.maxSerialApplied]);
  });
  const tAn = performance.now();
  const byTable = [...sizes.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  const vclients = [];
  await pool(
    2,
    byTable.map((t) => async () => {
      const c = vclients.pop() ?? new pg.Client({ connectionString: databaseUrl, application_name: 'bench-data:analyze' });
      if (!c._connected) {
        await c.connect();
        c._connected = true;
      }
      await c.query(`VACUUM (ANALYZE) "${t}"`);
      vclients.push(c);
    }),
  );
  for (const c of vclients) await c.end();
  seconds.analyze = +((performance.now() - tAn) / 1000).toFixed(1);
  log(`VACUUM (ANALYZE) in ${seconds.analyze} s`);

  // 6. The reports' day tallies, as a running service keeps them (its timer takes in what is written
  // since): without this a report on the generated years reads every event live.
  const tTal = performance.now();
  const { catchUpTallies } = await dist('src/reports/day-tallies.js');
  const { pgLedger } = await dist('src/ledger-seal/pg-ledger.js'); // a pg client as {query, transaction}: what the catch-up wants too
  const tallied = await withClient(databaseUrl, async (c) => {
    const r = await catchUpTallies(pgLedger(c), { timezone: 'Asia/Shanghai', now: new Date(sim.cutoff), chunk: 1_000_000 });
    await c.query(`VACUUM (ANALYZE) report_day_tallies, report_pack_shelf`);
    return r;
  });
  seconds.tallies = +((performance.now() - tTal) / 1000).toFixed(1);
  log(`report day tallies through event ${tallied.throughId} in ${seconds.tallies} s`);

  // 7. The tamper-evident record (issue 15), sealed as a running service's sealer keeps it (every
  // minute, what was written since): without this the service started on the data set spends its
  // first quarter of an hour sealing the generated year — 200,000 rows a table a minute, PostgreSQL
  // hashing every row — and a bench run measures the stations beside that catch-up, not beside the
  // minute's worth a running hospital's sealer takes in.
  const tSeal = performance.now();
  const { seal } = await dist('src/ledger-seal/ledger-store.js');
  const sealed = await withClient(databaseUrl, async (c) => {
    const r = await seal(pgLedger(c), { now: new Date(sim.cutoff) });
    await c.query(`VACUUM (ANALYZE) ledger_seals`);
    return r;
  });
  if (!sealed.settled) throw new Error('bench:data: the tamper-evident record could not be sealed (a transaction stayed open)');
  seconds.seal = +((performance.now() - tSeal) / 1000).toFixed(1);
  seconds.total = +((performance.now() - t0) / 1000).toFixed(1);
  log(`tamper-evident record: ${sealed.rows.toLocaleString('en')} rows sealed in ${sealed.batches} batches, ${seconds.seal} s; total ${seconds.total} s`);

  const dbSize = await withClient(databaseUrl, async (c) => (await c.query(`SELECT pg_database_size(current_database()) AS s`)).rows[0].s);
  const stored = sim.stats.packStates?.stored ?? 0;
  return {
    params: { packsPerDay, days, sterilizers, seed, today, cutoff, timezone: 'Asia/Shanghai' },
    today,
    cutoffAt: new Date(sim.cutoff).toISOString(),
    counts,
    seconds,
    rowsPerSecond: Math.round(Object.values(counts).reduce((a, b) => a + b, 0) / seconds.load),
    databaseBytes: Number(dbSize),
    restoreSeconds: restoreTimes,
    users: sim.users.map((u) => ({ username: u.username, password: BENCH_PASSWORD, role: u.role, ...(u.dept ? { departmentCode: u.dept.code, departmentId: u.dept.id } : {}), ...(u.badge ? { badgeCode: u.badge, pin: BENCH_PIN } : {}), id: u.id })),
    sterilizers: sim.sterilizers.map((s) => ({ id: s.id, code: s.code, type: s.type, lastCycleNo: s.cycleNo })),
    departments: sim.departments.map((x) => ({ id: x.id, code: x.code })),
    storedPacks: stored,
    packStates: sim.stats.packStates,
    lastBarcodeSerial: sim.maxSerialApplied,
    stockDays: sim.stockDays,
    stats: {
      eventTypes: sim.stats.eventTypes,
      skippedSteps: sim.stats.skipped,
      anomalies: sim.stats.anomalies,
      unmetDemand: sim.stats.unmetDemand,
      firstCyclesFromUntrackedStock: sim.stats.firstCyclesFromUntrackedStock,
      expiredPulled: sim.stats.expiredPulled,
      biFailures: sim.stats.biFailures,
      recalledPacks: sim.stats.recalledPacks,
      recalls: sim.recalls.length,
    },
  };
}
