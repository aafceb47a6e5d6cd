#!/usr/bin/env node
// `npm run bench`: builds, then starts the service itself on a generated data set and measures
// station scans (with a raw-INSERT baseline), provenance, recall, dispatch, labels, reports,
// the stations in a real browser (bundle, first page, Enter → result) and start-up / memory.
// Prints one markdown table and writes it as JSON to bench/results/<timestamp>.json. Targets are
// reported as pass / miss and never fail the run; a real breakage does (the service not starting,
// a 5xx, a section that cannot run at all).
//
//   npm run bench                       full run on the newest bench/results/data-*.json
//   npm run bench -- --data <file>      …on that data set
//   npm run bench -- --smoke            tiny data set in a throwaway database, 2 s per section
//   npm run bench -- --duration 60      seconds per measured section (default 20)
//   npm run bench -- --sections scans --profile
//                                       CPU profile of the service during the scan load
//   npm run bench -- --sections ui      the stations in the browser only (headless Chromium)
//
// Progress goes to stderr; the table and notes to stdout.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DataError, demoDataDir, demoUsers, embeddedUrl, generatedDataSet, newestDataFile, redact, throwawayDataSet } from './lib/data.mjs';
import { HttpClient, login, SetupError } from './lib/http.mjs';
import { npmStartCommand } from './lib/npm-start.mjs';
import { analyzeProfile } from './lib/profile.mjs';
import { cpuShares, cpuSnapshot, freePort, Service } from './lib/service.mjs';
import {
  auditSearch,
  dispatch,
  provenance,
  recall,
  reportSubjects,
  reportTimes,
  sampleDispatchable,
  sampleHistoryBarcodes,
  storageCounts,
  workloadReport,
} from './lib/sections.mjs';
import { insertBaseline } from './lib/baseline.mjs';
import { BATCH_KINDS, prepareStations, runStations, SCAN_KINDS } from './lib/stations.mjs';
import { fmtInt, fmtLat, fmtMs, fmtNum, round } from './lib/stats.mjs';
import {
  browserCpu,
  bundleSize,
  firstPageRun,
  LAN,
  openScanStation,
  prepareBrowserScans,
  scanSeries,
  summarizeFirstPages,
  summarizeScans,
} from './lib/ui.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(REPO, 'bench', 'results');
const SECTIONS = ['scans', 'provenance', 'recall', 'dispatch', 'labels', 'reports', 'ui'];

/** A nurse at a station: the next set picked up, its code scanned, every 2 s (bench's paced load). */
const NURSE_PACE_MS = 2000;

const TARGET = {
  scansPerSecond: 2000,
  scanP99: 25,
  baselineShare: 0.2,
  provenanceP99: 15,
  recallMs: 1000,
  storedPacks: 20_000,
  startupMs: 5000,
  rssMb: 300,
  firstPageMs: 1000,
  enterToResultP95: 150,
};

const USAGE = `usage: node bench/run.mjs [--smoke] [--duration <s>] [--data <data-*.json>] [--sections ${SECTIONS.join(',')}]
                         [--stations <n>] [--group <sets per stage group>] [--profile] [--demo]
  --smoke     a tiny generated data set in a fresh throwaway database, 2 s per section
  --data      the data set summary written by \`npm run bench:data\` (default: the newest bench/results/data-*.json)
  --group     sets in each of a station's 6 stage groups (one washer cycle / one load): default 16 (the hospital data has ≈ 16 sets per washer cycle, ≈ 27 packs per load), smoke 2
  --profile   run the service under node --cpu-prof and rank the hot spots of the scan load
  --node-args extra node options for the service, e.g. --node-args=--max-old-space-size=128 (experiments; shown in the header)
  --demo      development only: the demo hospital on a fresh embedded cluster, no generated history`;

// ---------------------------------------------------------------------------------------------

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    duration: { type: 'string' },
    data: { type: 'string' },
    sections: { type: 'string' },
    stations: { type: 'string', default: '16' },
    group: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'node-args': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const durationS = Number(args.duration ?? (args.smoke ? 2 : 20));
const stationCount = Number(args.stations);
// Each station keeps 6 groups of sets, one at each stage; a group is one washer cycle / one load.
const groupSize = Number(args.group ?? (args.smoke ? 2 : 16));
const setsPerStation = groupSize * 6;
if (!(durationS > 0) || !(stationCount >= 1) || !(setsPerStation >= 1)) {
  console.error(USAGE);
  process.exit(2);
}
const only = new Set(
  (args.sections ?? SECTIONS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
for (const s of only) {
  if (!SECTIONS.includes(s)) {
    console.error(`unknown section "${s}"\n${USAGE}`);
    process.exit(2);
  }
}
const warmupMs = args.smoke ? 1000 : Math.min(5000, durationS * 250);
const durationMs = durationS * 1000;
const runTag = Date.now().toString(36).toUpperCase();
const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');

const log = (m) => process.stderr.write(`${m}\n`);
const rows = []; // { section, measure, result, target, status }
const notes = [];
const writes = []; // what the run changed in the bench database
const breakages = [];
const results = {
  startedAt: startedAt.toISOString(),
  options: {
    smoke: args.smoke,
    demo: args.demo,
    durationS,
    warmupMs,
    stations: stationCount,
    groupSize,
    setsPerStation,
    sections: [...only],
    profile: args.profile,
  },
};
const cleanups = [];
let svc = null;
let db = null;
let client = null;

const row = (section, measure, result, target = '', status = '') => rows.push({ section, measure, result, target, status });
const passMiss = (ok) => (ok === null || ok === undefined ? 'n/a' : ok ? 'pass' : 'miss');
const hasServerErrors = (byCode) => Object.keys(byCode ?? {}).some((k) => /^(5\d\d|0)\b/.test(k));

async function cleanup() {
  client?.close();
  await db?.end().catch(() => undefined);
  db = null;
  if (svc) {
    const s = svc;
    svc = null;
    await s.stop().catch((e) => log(`stopping the service: ${e.message}`));
  }
  while (cleanups.length) {
    const fn = cleanups.pop();
    await fn().catch((e) => log(`cleanup: ${e.message}`));
  }
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    log(`\n${sig}: stopping the service and removing temporary data…`);
    cleanup().finally(() => process.exit(130));
  });
}

// Whatever goes wrong, leave no service, PostgreSQL or temporary directory behind.
process.on('uncaughtException', (e) => {
  if (interrupted) return;
  interrupted = true;
  log(`\nthe benchmark crashed (uncaught exception):\n${e?.stack ?? e}`);
  cleanup().finally(() => process.exit(1));
});
// A promise nobody waited for: report it as a breakage, but let the run finish and clean up.
process.on('unhandledRejection', (e) => {
  log(`\nunhandled promise rejection:\n${e?.stack ?? e}`);
  breakages.push(`unhandled promise rejection: ${String(e?.message ?? e).split('\n')[0]}`);
});

/** Runs one section; an exception there is a breakage (the section could not run), not a crash of the whole run. */
async function section(name, title, fn) {
  if (!only.has(name)) return;
  log(`— ${title}`);
  const t0 = performance.now();
  try {
    await fn();
  } catch (e) {
    const msg = e instanceof SetupError || e instanceof DataError ? e.message : (e?.stack ?? String(e));
    breakages.push(`${title}: could not run — ${msg.split('\n')[0]}`);
    results[name] = { ...(results[name] ?? {}), error: msg };
    row(title, 'could not run', msg.split('\n')[0].slice(0, 160), '', 'BROKEN');
    log(`  ${title} could not run:\n${msg}`);
    if (svc?.exited) log(`  the service exited:\n${svc.tail(20)}`);
  }
  log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(join(REPO, 'dist', 'src', 'main.js')))
    throw new DataError('dist/src/main.js is missing: run `npm run build` first (`npm run bench` does)');
  mkdirSync(RESULTS, { recursive: true });

  // ---- the data set and its database ----
  let ds;
  const tz = 'Asia/Shanghai';
  const { localDate } = await import(pathToFileURL(join(REPO, 'dist/src/common/clock.js')).href);
  if (args.smoke) {
    log('— smoke data set');
    const t0 = performance.now();
    // The generator's smoke preset (bench/data/generate.mjs PRESETS.smoke), history up to now.
    // History up to now (not the generator's default 11:00 cut-off, which may lie ahead).
    const shanghaiNow = new Date(Date.now() + 8 * 3_600_000).toISOString();
    ds = await throwawayDataSet(REPO, {
      params: { seed: 42, today: shanghaiNow.slice(0, 10), cutoff: shanghaiNow.slice(11, 16) },
      log,
      cleanups,
    });
    log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(ds.summary.counts ?? {})}`);
    results.data = {
      kind: 'smoke (generated now, throwaway)',
      counts: ds.summary.counts ?? null,
      generateSeconds: round((performance.now() - t0) / 1000),
    };
  } else if (args.demo) {
    ds = { mode: 'embedded', dataDir: demoDataDir(cleanups), demo: true, summary: null };
    results.data = { kind: 'demo hospital (no generated history; development only)' };
    notes.push('--demo: no generated history — provenance, dispatch and recall run on the packs the scan section made.');
  } else {
    const file = args.data ?? newestDataFile(RESULTS);
    if (!file) {
      throw new DataError(
        'No generated data set: bench/results/ holds no data-*.json.\n' +
          '  Generate one first:   npm run bench:data -- --preset hospital\n' +
          '  (or try the whole benchmark on a tiny throwaway data set:   npm run bench -- --smoke)',
      );
    }
    ds = generatedDataSet(REPO, file);
    results.data = {
      kind: 'generated',
      file: relative(REPO, file),
      preset: ds.summary.preset ?? null,
      counts: ds.summary.counts ?? null,
      today: ds.summary.today ?? null,
    };
    log(
      `— data set ${relative(REPO, file)} (${ds.mode}${ds.mode === 'embedded' ? `, ${relative(REPO, ds.dataDir) || ds.dataDir}` : `, ${redact(ds.databaseUrl)}`})`,
    );
  }
  results.database = ds.mode === 'embedded' ? 'embedded PostgreSQL (the default)' : `DATABASE_URL ${redact(ds.databaseUrl)}`;

  // ---- 7a. start-up ----
  const port = await freePort();
  const pgPort = ds.mode === 'embedded' ? (ds.pgPort ?? (await freePort())) : null;
  const env =
    ds.mode === 'embedded'
      ? { CSSD_DATA_DIR: ds.dataDir, CSSD_EMBEDDED_PG_PORT: String(pgPort) }
      : { DATABASE_URL: ds.databaseUrl, JWT_SECRET: randomBytes(36).toString('base64url'), CSSD_ALLOW_SUPERUSER: 'true' };
  // The bench's loads carry no routine BI: under the default (block) the first steam load of the week
  // would not start. The bench measures throughput, not the BI rule (its own e2e tests).
  env.CSSD_BI_OVERDUE_POLICY = 'warn';
  // The tamper-evident record's sealer (issue 15): passed through, to compare a run with it off (0) against one sealing often.
  if (process.env.CSSD_LEDGER_SEAL_SECONDS) env.CSSD_LEDGER_SEAL_SECONDS = process.env.CSSD_LEDGER_SEAL_SECONDS;
  let profDir = null;
  // The service runs as `npm start` runs it (its environment, e.g. the malloc arenas, and its node
  // options, e.g. the heap cap), plus --node-args; a variable set for the bench wins (to compare).
  const start = npmStartCommand(join(REPO, 'package.json'));
  for (const [k, v] of Object.entries(start.env)) env[k] = process.env[k] ?? v;
  results.serviceEnv = Object.fromEntries(Object.keys(start.env).map((k) => [k, env[k]]));
  const nodeArgs = [...start.nodeOptions, ...(args['node-args'] ?? '').split(/\s+/).filter(Boolean)];
  results.serviceNodeArgs = nodeArgs;
  if (args.profile) {
    profDir = mkdtempSync(join(os.tmpdir(), 'cssd-bench-prof-'));
    cleanups.push(async () => rmSync(profDir, { recursive: true, force: true }));
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profDir}`);
  }
  const makeService = () => new Service({ repo: REPO, env, port, dataDir: ds.mode === 'embedded' ? ds.dataDir : null, nodeArgs });
  log(`— start-up (${ds.mode === 'embedded' ? 'embedded PostgreSQL' : 'DATABASE_URL'})`);
  svc = makeService();
  let startup;
  try {
    startup = await svc.start();
    if (ds.demo) {
      // The first start made the cluster and seeded the demo: time a second, ordinary start.
      log(`  first start (initdb + demo seed) ${(startup.ms / 1000).toFixed(1)} s; restarting to time an ordinary start`);
      await svc.stop();
      svc = makeService();
      startup = await svc.start();
    }
  } catch (e) {
    breakages.push(`start-up: ${e.message.split('\n')[0]}`);
    results.startup = { error: e.message };
    row('7 Start-up', 'spawn → GET /api/health ok', 'did not start', `≤ ${TARGET.startupMs / 1000} s`, 'BROKEN');
    log(e.message);
    return;
  }
  results.startup = {
    ms: round(startup.ms),
    selfReportedMs: startup.selfReportedMs,
    mode: ds.mode,
    peakRssMbAfterStart: round(svc.peakRssMb(), 1),
  };
  log(`  ${(startup.ms / 1000).toFixed(2)} s (service's own count: ${startup.selfReportedMs ?? '?'} ms), pid ${svc.pid}`);

  const databaseUrl = ds.mode === 'embedded' ? embeddedUrl(ds.dataDir, pgPort) : ds.databaseUrl;
  db = new pg.Client({ connectionString: databaseUrl, application_name: 'cssd-bench' });
  db.on('error', (e) => log(`  bench database connection: ${e.message}`));
  await db.connect();
  // The tamper-evident record sealed up to now, as a running hospital's sealer keeps it (every
  // minute, what was written since). A data set generated before bench:data sealed its history
  // would otherwise be sealed by the service's timer during the sections — 200,000 rows a table a
  // minute, PostgreSQL hashing each — and every figure would include that catch-up.
  {
    const { seal } = await import(pathToFileURL(join(REPO, 'dist/src/ledger-seal/ledger-store.js')).href);
    const { pgLedger } = await import(pathToFileURL(join(REPO, 'dist/src/ledger-seal/pg-ledger.js')).href);
    const t0 = performance.now();
    const sealed = await seal(pgLedger(db), { now: new Date() });
    const seconds = round((performance.now() - t0) / 1000, 1);
    results.data.sealedBeforeMeasuring = { rows: sealed.rows, batches: sealed.batches, seconds };
    if (sealed.rows > 100_000) {
      log(`  sealed ${fmtInt(sealed.rows)} rows of history the data set left unsealed (${seconds} s) before measuring`);
      notes.push(`The data set's history was not sealed: the bench sealed ${fmtInt(sealed.rows)} rows (${seconds} s) before measuring.`);
    }
  }
  client = new HttpClient(svc.base);
  const users = ds.demo ? demoUsers(ds.dataDir) : ds.summary.users;
  const today = localDate(new Date(), tz); // the service runs with the default CSSD_TIMEZONE
  let scanWindowUs = null;
  let rssAfterScans = null;

  // ---- 1. station scans + baseline ----
  await section('scans', '1 Station scans', async () => {
    const prep = await prepareStations(client, { users, stations: stationCount, setsPerStation, runTag, log });
    log(
      `  ${stationCount} stations × 6 groups of ${groupSize} sets (templates ${prep.templates.join(', ')}; sterilizers ${prep.sterilizers.map((s) => s.sterilizer.code).join(', ')})`,
    );
    let cpuA;
    let cpuB;
    let clientA;
    let clientCpu;
    const r = await runStations(client, prep, {
      warmupMs,
      durationMs,
      log,
      onMeasureStart: () => {
        cpuA = cpuSnapshot(svc.pid);
        clientA = process.cpuUsage();
        scanWindowUs = { fromUs: Number(process.hrtime.bigint() / 1000n) };
      },
      onMeasureEnd: () => {
        cpuB = cpuSnapshot(svc.pid);
        const c = process.cpuUsage(clientA);
        clientCpu = (c.user + c.system) / 1e6;
        scanWindowUs.toUs = Number(process.hrtime.bigint() / 1000n);
      },
    });
    rssAfterScans = svc.peakRssMb();
    const cpu = cpuShares(cpuA, cpuB, clientCpu);
    log(`  ${fmtNum(r.scans.perSecond)} scans/s, p50/p99 ${fmtLat(r.scans.latency)}, ${r.scans.errors} errors; baseline next`);
    const base = await insertBaseline(databaseUrl, { clients: 16, warmupMs: Math.min(warmupMs, 2000), durationMs, tag: runTag });
    log(`  baseline ${fmtNum(base.perSecond)} INSERT/s`);
    writes.push(`${fmtInt(stationCount * setsPerStation)} instrument sets created (BENCH-${runTag}-…) and cycled through the chain`);
    results.scans = {
      ...r,
      cpu,
      baseline: base,
      peakRssMbAfterScans: round(rssAfterScans, 1),
      stations: stationCount,
      setsPerStation,
      templates: prep.templates,
      sterilizers: prep.sterilizers.map((s) => s.sterilizer.code),
    };

    const S = '1 Station scans';
    const share = base.perSecond ? r.scans.perSecond / base.perSecond : null;
    row(
      S,
      `scans/s — ${stationCount} stations, each with 6 groups of ${groupSize} sets, one group at each stage; ${durationS} s after ${fmtNum(r.warmupSeconds, 1)} s warm-up`,
      `${fmtNum(r.scans.perSecond)}/s (${fmtInt(r.scans.total)} scans)`,
      `≥ ${fmtInt(TARGET.scansPerSecond)}/s`,
      passMiss(r.scans.perSecond >= TARGET.scansPerSecond),
    );
    row(
      S,
      'scan latency p50 / p99',
      fmtLat(r.scans.latency),
      `p99 ≤ ${TARGET.scanP99} ms`,
      passMiss(r.scans.latency.p99 !== null && r.scans.latency.p99 <= TARGET.scanP99),
    );
    row(
      S,
      'errors (non-2xx) while measured',
      `${fmtInt(r.scans.errors)} of ${fmtInt(r.scans.total)}`,
      '0',
      passMiss(r.scans.errors === 0 && r.scans.total > 0),
    );
    row(
      S,
      `baseline: single-row INSERT transactions/s, 16 connections (pgbench-style)`,
      `${fmtNum(base.perSecond)}/s (p50 / p99 ${fmtLat(base.latency)})`,
    );
    row(
      S,
      'scans/s as a share of the baseline',
      share === null ? '—' : `${Math.round(share * 100)} %`,
      `≥ ${TARGET.baselineShare * 100} %`,
      passMiss(share === null ? null : share >= TARGET.baselineShare),
    );
    row(
      S,
      'per scan kind: count, p50 / p99',
      SCAN_KINDS.map((k) => `${k} ${fmtInt(r.scans.byKind[k].n)}× ${fmtLat(r.scans.byKind[k])}`).join(' · '),
    );
    const labels = {
      washer_open: 'washer open',
      washer_complete: 'washer complete',
      load_open: 'load open',
      load_print: 'labels printed',
      load_check: 'loading check',
      load_start: 'load start',
      load_unload: 'unload (co-signed)',
      bd: 'B-D',
    };
    row(
      S,
      'batch operations, not counted as scans: count, p50 / p99',
      BATCH_KINDS.filter((k) => r.batch[k].n > 0)
        .map((k) => `${labels[k]} ${r.batch[k].n}× ${fmtLat(r.batch[k])}${r.batch[k].errors ? ` (${r.batch[k].errors} errors)` : ''}`)
        .join(' · ') || 'none completed in the window',
    );
    if (cpu) {
      row(
        S,
        'CPU while measured (100 % = one core)',
        `service ${cpu.servicePct} %${cpu.serviceSysPct !== null ? ` (${cpu.serviceSysPct} % in the kernel)` : ''}${ds.mode === 'embedded' ? ` · embedded PostgreSQL ${cpu.embeddedPgPct} %` : ''} · bench client ${cpu.benchClientPct} % · whole machine ${cpu.machineBusyPct} % of ${os.cpus().length * 100} %${ds.mode === 'embedded' && cpu.otherPct !== null ? ` (other processes ${cpu.otherPct} %)` : ''}${cpu.mainThreadPreemptionsPerSecond !== null ? `; service main thread preempted ${fmtInt(cpu.mainThreadPreemptionsPerSecond)}×/s, waited ${fmtInt(cpu.mainThreadWaitsPerSecond)}×/s` : ''}`,
      );
    }
    if (cpu?.serviceWriteSyscalls) {
      const requests = r.scans.total + BATCH_KINDS.reduce((a, k) => a + r.batch[k].n, 0);
      cpu.writeSyscallsPerRequest = round(cpu.serviceWriteSyscalls / requests, 1);
      row(
        S,
        'service write system calls per request while measured (≈ PostgreSQL round trips + 1 HTTP answer)',
        fmtNum(cpu.writeSyscallsPerRequest, 1),
      );
    }
    if (r.errors.all > 0) notes.push(`Scan errors by kind, status and code (warm-up included): ${JSON.stringify(r.errors.byCode)}`);
    if (r.stationsStoppedEarly > 0)
      notes.push(
        `${r.stationsStoppedEarly} station(s) stopped before the end (a batch step was refused or no set was left); see the JSON for the errors.`,
      );
    if (r.errors.serverErrors > 0) breakages.push(`station scans: ${r.errors.serverErrors} server errors (5xx or connection failures)`);
    if (r.scans.total === 0 || r.scans.okPerSecond === 0) breakages.push('station scans: no scan succeeded');
  });

  // ---- 2. provenance ----
  await section('provenance', '2 Provenance', async () => {
    const head = users.find((u) => u.role === 'head_nurse');
    const token = await login(client, head.username, head.password);
    const samples = await sampleHistoryBarcodes(db, args.smoke ? 300 : 2000);
    if (samples.total === 0) throw new SetupError('no pack has a barcode: nothing to trace');
    const msEach = Math.max(500, durationMs / 4);
    log(
      `  ${fmtInt(samples.total)} labelled packs; ${samples.old.length} old + ${samples.new.length} new barcodes; ${msEach / 1000} s per case`,
    );
    const r = await provenance(client, token, samples, { msEach });
    results.provenance = {
      packsWithBarcode: samples.total,
      serials: [samples.firstSerial, samples.lastSerial],
      sampled: { old: samples.old.length, new: samples.new.length },
      ...r,
    };
    for (const [key, v] of Object.entries(r)) {
      const [bucket, c] = key.split('_c');
      const what = `${bucket === 'old' ? 'old (first 10 % of history)' : 'new (last 10 %)'}, ${c === '1' ? 'sequential' : `${c} concurrent`}`;
      row(
        '2 Provenance',
        `GET /api/trace/packs/:barcode — ${what}`,
        `${fmtLat(v.latency)} (${fmtNum(v.perSecond)}/s${v.errors ? `, ${v.errors} errors` : ''})`,
        `p99 ≤ ${TARGET.provenanceP99} ms`,
        passMiss(v.latency.p99 !== null && v.latency.p99 <= TARGET.provenanceP99 && v.errors === 0),
      );
      if (hasServerErrors(v.errorsByCode)) breakages.push(`provenance ${key}: server errors ${JSON.stringify(v.errorsByCode)}`);
      if (v.requests > 0 && v.errors === v.requests)
        breakages.push(`provenance ${key}: every request failed ${JSON.stringify(v.errorsByCode)}`);
      if (v.errors) notes.push(`Provenance ${key} errors: ${JSON.stringify(v.errorsByCode)}`);
    }
  });

  // ---- 4. dispatch (before the recall, which takes packs out of storage) ----
  await section('dispatch', '4 Dispatch', async () => {
    const counts = await storageCounts(db, today);
    const nurse = users.find((u) => u.role === 'nurse');
    const token = await login(client, nurse.username, nurse.password);
    const departments = (await client.get('/api/departments', { token })).body.filter((d) => d.active).map((d) => d.id);
    // At most 1,000 dispatches a run: enough for a p99, and the data set keeps its stock.
    const barcodes = await sampleDispatchable(db, today, args.smoke ? 500 : 1000);
    log(
      `  ${fmtInt(counts.stored)} packs in storage (${fmtInt(counts.dispatchable)} dispatchable); dispatching up to ${barcodes.length} different packs for at most ${durationS} s`,
    );
    row(
      '4 Dispatch',
      'packs in sterile storage (dispatchable: released, not expired)',
      `${fmtInt(counts.stored)} (${fmtInt(counts.dispatchable)})`,
      `≥ ${fmtInt(TARGET.storedPacks)}`,
      passMiss(counts.stored >= TARGET.storedPacks),
    );
    if (barcodes.length === 0) throw new SetupError('no dispatchable pack in storage');
    const r = await dispatch(client, token, barcodes, departments, { ms: durationMs });
    results.dispatch = { ...counts, ...r };
    writes.push(`${fmtInt(r.requests)} stored packs dispatched`);
    row(
      '4 Dispatch',
      `POST /api/dispatch/scan (check + FIFO suggestion), sequential, each a different pack (at most ${args.smoke ? 500 : 1000} or ${durationS} s)`,
      `${fmtLat(r.latency)} (${fmtInt(r.requests)} dispatched, ${fmtNum(r.perSecond)}/s; FIFO warning on ${fmtInt(r.fifoWarnings)}${r.errors ? `; ${r.errors} errors` : ''})`,
      `p99 ≤ ${TARGET.scanP99} ms (scan target)`,
      passMiss(r.latency.p99 !== null && r.latency.p99 <= TARGET.scanP99 && r.errors === 0),
    );
    if (r.sampleExhausted && barcodes.length < (args.smoke ? 500 : 1000))
      notes.push(`Dispatch ran out of dispatchable stored packs (${barcodes.length}) before the ${durationS} s were up.`);
    if (r.errors) notes.push(`Dispatch errors: ${JSON.stringify(r.errorsByCode)}`);
    if (hasServerErrors(r.errorsByCode)) breakages.push(`dispatch: server errors ${JSON.stringify(r.errorsByCode)}`);
    if (r.requests > 0 && r.errors === r.requests) breakages.push(`dispatch: every request failed ${JSON.stringify(r.errorsByCode)}`);
  });

  // ---- 5. labels (in this process, reusing bench/labels.bench.mjs) ----
  await section('labels', '5 Labels', async () => {
    const { measureLabels } = await import('./labels.bench.mjs');
    const r = await measureLabels(
      args.smoke ? { perFormat: 50, budgetMs: 250, loadRuns: 1, documents: ['pdf_a4'] } : { perFormat: 400, budgetMs: 3000, loadRuns: 3 },
    );
    results.labels = r;
    row(
      '5 Labels',
      `labels/s, one ${r.size.widthMm} × ${r.size.heightMm} mm label per call (rendered in-process)`,
      r.formats.map((f) => `${f.name.replace(/ \d+ dpi/, '').replace(', Code 128', '')} ${fmtNum(f.perSecond)}`).join(' · '),
    );
    for (const d of r.documents)
      row(
        '5 Labels',
        `one load: ${d.labels} labels as one document — ${d.name}`,
        `${fmtMs(d.medianMs)} (${fmtInt(d.bytes / 1024)} KB${d.runs > 1 ? `, median of ${d.runs}` : ''})`,
      );
  });

  // ---- 8. the stations in the browser (issue 12): bundle, a station's first page, Enter → result ----
  await section('ui', '8 Stations in the browser', async () => {
    const U = '8 Stations in the browser';
    const webDir = join(REPO, 'dist', 'web');
    if (!existsSync(join(webDir, 'index.html')))
      throw new DataError('dist/web/index.html is missing: run `npm run build` first (`npm run bench` does)');
    const bundle = bundleSize(webDir);
    // The browser shares the machine with the service, its PostgreSQL and the load: say how busy it was.
    results.ui = { bundle, loadAverageAtStart: os.loadavg().map((v) => round(v)) };
    notes.push(
      `Stations in the browser: Chromium runs on this machine beside the service, PostgreSQL and the load; machine load average at the section's start ${os
        .loadavg()
        .map((v) => fmtNum(v, 1))
        .join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores.`,
    );
    const kb = (b) => `${fmtInt(b / 1024)} KB`;
    const none = { files: 0, raw: 0, gzip: 0 };
    const [js, css, fonts] = ['js', 'css', 'font'].map((k) => bundle.kinds[k] ?? none);
    row(
      U,
      'bundle (dist/web): JavaScript and CSS, raw (gzip); the bundled CJK font',
      `JS ${kb(js.raw)} (${kb(js.gzip)}) in ${js.files} chunk(s) · CSS ${kb(css.raw)} (${kb(css.gzip)}) · font ${fonts.files} subsets, ${kb(fonts.raw)} (a page fetches the subsets its characters need)`,
    );
    if (bundle.largestChunk)
      row(
        U,
        'largest JavaScript chunk',
        `${bundle.largestChunk.file}: ${kb(bundle.largestChunk.raw)} (${kb(bundle.largestChunk.gzip)} gzip)`,
      );

    // Few samples in --smoke: it checks that the section runs, it measures nothing.
    const n = args.smoke
      ? { pages: 3, lanPages: 2, idle: 10, load: 40, paced: 40 }
      : { pages: 10, lanPages: 5, idle: 100, load: 400, paced: 400 };
    const { launchChromium, stationContextOptions } = await import('../test/browser/chromium.mjs');
    const browser = await launchChromium();
    try {
      const prep = await prepareBrowserScans(client, { users, runTag, count: 3 + n.idle + n.load + n.paced });
      writes.push(`${fmtInt(prep.codes.length)} instrument sets created (BENCH-UI-${runTag}-…) for the browser's recycling scans`);
      const opts = { contextOptions: stationContextOptions, cpu: await browserCpu(browser) };

      // A station's first page, empty cache then warm: on this machine, and through an emulated LAN.
      const zone = 'recycling';
      log(`  first page of /station/${zone}: ${n.pages} fresh contexts, then ${n.lanPages} through an emulated LAN`);
      const local = [];
      for (let i = 0; i < n.pages; i++) local.push(await firstPageRun(browser, svc.base, prep.token, zone, opts));
      const lan = [];
      for (let i = 0; i < n.lanPages; i++) lan.push(await firstPageRun(browser, svc.base, prep.token, zone, { ...opts, network: LAN }));
      const pages = { zone, local: summarizeFirstPages(local), lan: { network: LAN, ...summarizeFirstPages(lan) } };
      results.ui.firstPage = { ...pages, samples: { local, lan } };
      const firstRow = (what, s, runs) =>
        row(
          U,
          `first page of a station (/station/${zone}), signed in — ${what}: scan field focused and the start-up requests answered, p50 / p95 (${runs} runs)`,
          `${fmtLat(s.ready, 'p95')} (focus ${fmtLat(s.focus, 'p95')}; browser CPU ${fmtMs(s.browserCpu.p50)}; ${kb(s.transferBytes.p50)} over ${fmtInt(s.requests.p50)} requests${s.fromCache.p50 ? `, ${fmtInt(s.fromCache.p50)} from the cache` : ''})`,
          `≤ ${TARGET.firstPageMs / 1000} s`,
          passMiss(s.ready.p95 !== null && s.ready.p95 <= TARGET.firstPageMs),
        );
      firstRow('empty cache, same machine', pages.local.cold, pages.local.runs);
      firstRow(`empty cache, LAN emulated (${LAN.name})`, pages.lan.cold, pages.lan.runs);
      firstRow('warm cache (second visit), same machine', pages.local.warm, pages.local.runs);

      // Enter → result: one recycling station in the browser, the service idle, then under the 16-station load.
      log(`  Enter → result: ${n.idle} recycling scans in the browser, the service idle`);
      const station = await openScanStation(browser, svc.base, prep, opts);
      try {
        await scanSeries(station, prep.codes.splice(0, 3)); // the page's first scans: not measured
        const idleSamples = await scanSeries(station, prep.codes.splice(0, n.idle));
        const pacedCodes = prep.codes.splice(prep.codes.length - n.paced); // kept apart: the saturated run scans until its window ends
        log(`  Enter → result under the load of ${stationCount} stations (browser scans during its measured window)`);
        const stationsPrep = await prepareStations(client, { users, stations: stationCount, setsPerStation, runTag: `${runTag}U`, log });
        let browserScans = null;
        let stop = false;
        const load = await runStations(client, stationsPrep, {
          warmupMs,
          durationMs,
          log,
          onMeasureStart: () => {
            browserScans = scanSeries(station, prep.codes, { shouldStop: () => stop });
          },
          onMeasureEnd: () => {
            stop = true;
          },
        });
        writes.push(`${fmtInt(stationCount * setsPerStation)} instrument sets created (BENCH-${runTag}U-…) for the load under the browser`);
        // Every browser scan started inside the measured window (the last may end just after it).
        const loadSamples = (await browserScans) ?? [];
        // The same 16 stations at a nurse's pace: each waits NURSE_PACE_MS before every scan (picking up
        // the next set), as a department's stations do; the saturating run above is the service's capacity.
        log(`  Enter → result while ${stationCount} stations scan at a nurse's pace (one scan every ${NURSE_PACE_MS / 1000} s each)`);
        const pacedPrep = await prepareStations(client, { users, stations: stationCount, setsPerStation, runTag: `${runTag}P`, log });
        let pacedScans = null;
        let pacedStop = false;
        const paced = await runStations(client, pacedPrep, {
          warmupMs,
          durationMs,
          paceMs: NURSE_PACE_MS,
          log,
          onMeasureStart: () => {
            pacedScans = scanSeries(station, pacedCodes, { shouldStop: () => pacedStop });
          },
          onMeasureEnd: () => {
            pacedStop = true;
          },
        });
        writes.push(
          `${fmtInt(stationCount * setsPerStation)} instrument sets created (BENCH-${runTag}P-…) for the paced load under the browser`,
        );
        const pacedSamples = (await pacedScans) ?? [];
        const idle = summarizeScans(idleSamples);
        const loaded = summarizeScans(loadSamples);
        const pacedLoad = summarizeScans(pacedSamples);
        results.ui.enterToResult = {
          zone: 'recycling',
          idle,
          load: {
            ...loaded,
            stations: stationCount,
            scansPerSecond: load.scans.perSecond,
            scanLatency: load.scans.latency,
            errors: load.errors,
          },
          paced: {
            ...pacedLoad,
            stations: stationCount,
            paceMs: NURSE_PACE_MS,
            scansPerSecond: paced.scans.perSecond,
            scanLatency: paced.scans.latency,
            errors: paced.errors,
          },
          samples: { idle: idleSamples, load: loadSamples, paced: pacedSamples },
        };
        const enterRow = (what, s) =>
          row(
            U,
            `Enter → the scan's answer on screen (recycling a set: timed in the page from the keydown of the nurse's last Enter — the set's code scanned again to confirm the count — to the painted result), p50 / p95 — ${what}`,
            `${fmtLat(s.painted, 'p95')} (${fmtInt(s.painted.n)} scans; DOM updated ${fmtLat(s.dom, 'p95')}; of which the request ${fmtLat(s.request, 'p95')}; the whole scan from its first Enter, with the template look-up and the count dialog, ${fmtLat(s.whole, 'p95')}; browser CPU ${fmtMs(s.browserCpuPerScanMs)} a scan, the driver's typing included)`,
            `p95 ≤ ${TARGET.enterToResultP95} ms`,
            passMiss(s.painted.p95 !== null && s.painted.p95 <= TARGET.enterToResultP95),
          );
        enterRow('one station, the service idle', idle);
        enterRow(
          `while ${stationCount} stations scan (${fmtNum(load.scans.perSecond)} scans/s, p50 / p99 ${fmtLat(load.scans.latency)})`,
          loaded,
        );
        enterRow(
          `while ${stationCount} stations scan at a nurse's pace, a scan every ${NURSE_PACE_MS / 1000} s each (${fmtNum(paced.scans.perSecond)} scans/s, p50 / p99 ${fmtLat(paced.scans.latency)})`,
          pacedLoad,
        );
        notes.push(
          `Enter → result under load: the first load keeps each of the ${stationCount} stations scanning as fast as the service answers (no nurse scans that fast: it measures what is left of the service's capacity for one more station); the second paces each station to one scan every ${NURSE_PACE_MS / 1000} s once measuring, as a department's stations scan.`,
        );
        const bad = idle.refused + idle.unanswered + loaded.refused + loaded.unanswered + pacedLoad.refused + pacedLoad.unanswered;
        row(
          U,
          'browser scans refused or unanswered (15 s)',
          `${fmtInt(bad)} of ${fmtInt(idle.scans + loaded.scans + pacedLoad.scans)}`,
          '0',
          passMiss(bad === 0),
        );
        if (idle.refused + loaded.refused)
          notes.push(`Browser scans refused: ${JSON.stringify({ ...idle.refusedBy, ...loaded.refusedBy })}`);
        if (idle.unanswered + loaded.unanswered)
          breakages.push(`stations in the browser: ${idle.unanswered + loaded.unanswered} scan(s) showed no answer within 15 s`);
        if (idle.painted.n === 0 || loaded.painted.n === 0)
          breakages.push(`stations in the browser: no scan answered ${idle.painted.n === 0 ? 'with the service idle' : 'under the load'}`);
        if ((idle.scans && idle.refused === idle.scans) || (loaded.scans && loaded.refused === loaded.scans))
          breakages.push(`stations in the browser: every scan refused ${JSON.stringify({ ...idle.refusedBy, ...loaded.refusedBy })}`);
        if (load.errors.serverErrors + paced.errors.serverErrors > 0)
          breakages.push(
            `stations in the browser: the loads had ${load.errors.serverErrors + paced.errors.serverErrors} server errors (5xx or connection failures)`,
          );
      } finally {
        await station.context.close();
      }
    } finally {
      await browser.close();
    }
  });

  // ---- 3. recall (last: it writes real recalls and takes packs out of circulation) ----
  await section('recall', '3 Recall', async () => {
    const head = users.find((u) => u.role === 'head_nurse');
    const token = await login(client, head.username, head.password);
    const r = await recall(client, token, db, { log });
    results.recall = r;
    if (r.skipped) {
      row('3 Recall', 'recall', r.skipped, '', 'n/a');
      return;
    }
    const R = '3 Recall';
    row(
      R,
      `scope query alone (SQL), since the last passing BI — ${r.sterilizer.code}, ${fmtInt(r.sterilizer.loads)} loads in its history`,
      `${fmtMs(r.scopeSinceLastBi.medianMs)}, ${fmtInt(r.scopeSinceLastBi.packs)} packs`,
    );
    row(
      R,
      `scope query alone (SQL), whole history by time range — ${r.sterilizer.code}`,
      `${fmtMs(r.scopeWholeHistory.medianMs)}, ${fmtInt(r.scopeWholeHistory.packs)} packs`,
    );
    const created = (c) =>
      c.status >= 200 && c.status < 300
        ? `${fmtMs(c.ms)}, ${fmtInt(c.packs)} packs (answer ${fmtInt(c.bytes / 1024)} KB)`
        : c.emptyScope
          ? `${fmtMs(c.ms)}: scope empty (422 RECALL_SCOPE_EMPTY)`
          : `HTTP ${c.status} ${c.code}`;
    const okMs = (c) => (c.status >= 200 && c.status < 300 ? c.ms <= TARGET.recallMs : c.emptyScope ? null : false);
    row(
      R,
      `POST /api/recalls — infection cluster on ${r.sterilizer.code} (since its last passing BI)`,
      created(r.infectionCluster),
      `≤ ${TARGET.recallMs / 1000} s`,
      passMiss(okMs(r.infectionCluster)),
    );
    const used = r.manualRange.counts?.used;
    row(
      R,
      `POST /api/recalls — manual, ${r.rangeSterilizer.code}, time range ${r.rangeFrom.slice(0, 10)} – ${r.rangeTo.slice(0, 10)} (${Math.round((new Date(r.rangeTo) - new Date(r.rangeFrom)) / 86_400_000)} days)`,
      `${created(r.manualRange)}${used ? `; ${fmtInt(used)} used: patient follow-up` : ''}`,
      `≤ ${TARGET.recallMs / 1000} s`,
      passMiss(okMs(r.manualRange)),
    );
    const opened = [r.infectionCluster, r.manualRange].filter((c) => c.status >= 200 && c.status < 300);
    if (opened.length)
      writes.push(
        `${opened.length} real recall(s) opened (reason "BENCHMARK 基准测试 …"), their ${fmtInt(opened.reduce((a, c) => a + c.packs, 0))} packs taken out of circulation`,
      );
    for (const [k, c] of [
      ['infection cluster', r.infectionCluster],
      ['manual range', r.manualRange],
    ]) {
      if (c.status >= 500 || c.status === 0) breakages.push(`recall ${k}: HTTP ${c.status} ${c.code}`);
    }
  });

  // ---- 6. reports (read-only): the last full month of the data set's history (smoke: this month) ----
  await section('reports', '6 Reports', async () => {
    const head = users.find((u) => u.role === 'head_nurse');
    const token = await login(client, head.username, head.password);
    // The smoke data set holds a few days: its month is the current one.
    const [y, m] = today.split('-').map(Number);
    const month = args.smoke ? today.slice(0, 7) : m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const r = await workloadReport(client, token, month);
    results.reports = r;
    if (r.status !== 200) {
      row('6 Reports', `GET /api/reports/workload?month=${month}`, `HTTP ${r.status} ${r.code}`, '', 'miss');
      breakages.push(`reports: HTTP ${r.status} ${r.code}`);
      return;
    }
    row(
      '6 Reports',
      `GET /api/reports/workload?month=${month} — one month's work by zone and person, first / median of 3`,
      `${fmtMs(r.firstMs)} / ${fmtMs(r.medianMs)} (${fmtInt(r.steps)} pack steps by ${fmtInt(r.people)} people)`,
    );
    // Every report of issue 15 on the same month (the quality indicators and a department's
    // slice: the year to it), as JSON and as its XLSX and PDF; the recall report and the printed
    // records on subjects picked from the data set. Each run 3 times in a row: first / median.
    const { addLocalDays: nextDay } = await import(pathToFileURL(join(REPO, 'dist/src/common/clock.js')).href);
    const [my, mm] = month.split('-').map(Number);
    const first = `${month}-01`;
    const last = nextDay(`${mm === 12 ? my + 1 : my}-${String((mm % 12) + 1).padStart(2, '0')}-01`, -1);
    const yearFrom = `${mm === 12 ? my : my - 1}-${String((mm % 12) + 1).padStart(2, '0')}`;
    const subj = await reportSubjects(db, { month });
    const formats = (what, path) =>
      ['json', 'xlsx', 'pdf'].map((f) => ({
        what: `${what} (${f})`,
        path: f === 'json' ? path : `${path}${path.includes('?') ? '&' : '?'}format=${f}`,
        format: f,
      }));
    const cases = [
      ...formats(`workload breakdown, month ${month}`, `/reports/workload-breakdown?month=${month}`),
      ...formats(`sterilization register, month ${month}`, `/reports/sterilization-register?from=${first}&to=${last}`),
      ...formats(`sterilization register, day ${last}`, `/reports/sterilization-register?date=${last}`),
      ...formats(`monitoring compliance, month ${month}`, `/reports/monitoring-compliance?from=${first}&to=${last}`),
      ...formats(`quality indicators, ${yearFrom}..${month}`, `/reports/quality-indicators?from=${yearFrom}&to=${month}`),
      ...(subj.department
        ? formats(
            `department slice ${subj.department.code}, ${yearFrom}..${month}`,
            `/reports/department-slice?from=${yearFrom}&to=${month}&departmentId=${subj.department.id}`,
          )
        : []),
      ...(subj.recall ? formats(`recall report (${subj.recall.packs} packs)`, `/reports/recalls/${subj.recall.id}`) : []),
      ...(subj.used
        ? [
            { what: 'pack record (pdf)', path: `/reports/packs/${subj.used.barcode}/record`, format: 'pdf' },
            { what: 'load record (pdf)', path: `/reports/loads/${subj.used.load_id}/record`, format: 'pdf' },
          ]
        : []),
      ...(subj.sterilizer
        ? [
            {
              what: `sterilizer ${subj.sterilizer.code} record, month (pdf)`,
              path: `/reports/sterilizers/${subj.sterilizer.id}/record?month=${month}`,
              format: 'pdf',
            },
            {
              what: `sterilizer ${subj.sterilizer.code} record, month (xlsx)`,
              path: `/reports/sterilizers/${subj.sterilizer.id}/record?month=${month}&format=xlsx`,
              format: 'xlsx',
            },
          ]
        : []),
    ];
    const timed = await reportTimes(client, token, cases);
    results.reportTimes = timed;
    for (const x of timed) {
      if (x.status !== 200) {
        row('6 Reports', `GET ${x.path} — ${x.what}`, `HTTP ${x.status} ${x.code}`, '≤ 2 s', 'miss');
        if (x.status >= 500 || x.status === 0) breakages.push(`report ${x.what}: HTTP ${x.status} ${x.code}`);
        continue;
      }
      row(
        '6 Reports',
        `${x.what}, first / median (one run when over 15 s)`,
        `${fmtMs(x.firstMs)} / ${fmtMs(x.medianMs)} (${fmtInt(x.kB)} kB)`,
        '≤ 2 s',
        passMiss(x.medianMs <= 2000),
      );
    }
    // The history search (issue 15): a pack's three years, a month's dispatches, today's first page.
    const { addLocalDays } = await import(pathToFileURL(join(REPO, 'dist/src/common/clock.js')).href);
    const sampled = await sampleHistoryBarcodes(db, args.smoke ? 5 : 20);
    const a = await auditSearch(client, token, {
      today,
      threeYearsAgo: addLocalDays(today, -1095),
      monthAgo: addLocalDays(today, -30),
      barcodes: [...sampled.old, ...sampled.new].slice(0, 40),
    });
    results.auditSearch = a;
    if (a.status !== 200) {
      row('6 Reports', 'GET /api/audit/events', `HTTP ${a.status} ${a.code} (${a.query})`, '', 'miss');
      breakages.push(`audit search: HTTP ${a.status} ${a.code}`);
      return;
    }
    row(
      '6 Reports',
      `GET /api/audit/events — history search, sequential: packs' three years by barcode, a month's dispatches, today's first page (${a.n} searches), p50 / p99`,
      `${fmtMs(a.p50)} / ${fmtMs(a.p99)} (${fmtInt(a.rows)} rows)`,
      '≤ 2 s',
      passMiss(a.p99 <= 2000),
    );
  });

  // ---- 7b. memory; the start-up row ----
  const peakAtEnd = svc?.peakRssMb() ?? null;
  const peak = rssAfterScans ?? peakAtEnd;
  results.memory = { peakRssMbDuringScans: rssAfterScans === null ? null : round(rssAfterScans, 1), peakRssMbAtEnd: round(peakAtEnd, 1) };
  row(
    '7 Start-up',
    `spawn → GET /api/health ok (${ds.mode === 'embedded' ? 'embedded PostgreSQL, existing cluster' : 'DATABASE_URL'})`,
    `${fmtNum(startup.ms / 1000, 2)} s (service's own count ${startup.selfReportedMs === null ? '?' : `${fmtNum(startup.selfReportedMs / 1000, 2)} s`})`,
    `≤ ${TARGET.startupMs / 1000} s`,
    passMiss(startup.ms <= TARGET.startupMs),
  );
  row(
    '7 Start-up',
    rssAfterScans === null
      ? 'peak RSS of the service (VmHWM; no scan load ran)'
      : `peak RSS of the service through the scan load (VmHWM; ${fmtInt(results.startup.peakRssMbAfterStart)} MB after start-up)`,
    peak === null ? '—' : `${fmtInt(peak)} MB`,
    `≤ ${TARGET.rssMb} MB`,
    passMiss(peak === null ? null : peak <= TARGET.rssMb),
  );

  // ---- the profile (--profile) ----
  if (args.profile) {
    // The profile is written when the service exits.
    await db.end().catch(() => undefined);
    db = null;
    const s = svc;
    svc = null;
    await s.stop();
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) {
      notes.push('--profile: the service wrote no .cpuprofile (did it exit cleanly?)');
    } else {
      const kept = join(RESULTS, `${stamp}-service.cpuprofile.json`);
      copyFileSync(join(profDir, file), kept);
      const prof = analyzeProfile(join(profDir, file), scanWindowUs ?? {}, 25);
      results.profile = { file: relative(REPO, kept), window: scanWindowUs ? 'scan measurement window' : 'whole run', ...prof };
    }
  }
}

// ---------------------------------------------------------------------------------------------

function describeData(d) {
  if (!d) return '—';
  const c = d.counts ?? {};
  const size =
    c.packs !== undefined
      ? ` — ${fmtInt(c.packs)} packs, ${fmtInt(c.pack_events)} events, ${fmtInt(c.sterilizer_loads)} loads, ${fmtInt(c.sterilizers)} sterilizers`
      : '';
  return `${d.kind}${d.preset ? ` "${d.preset}"` : ''}${d.file ? ` (${d.file})` : ''}${size}`;
}

function render() {
  const esc = (s) => String(s).replace(/\|/g, '\\|');
  const cpu = os.cpus();
  const head =
    `### cssd-trace benchmark — ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${args.smoke ? ' — SMOKE (tiny data, 2 s per section: not a measurement)' : ''}${args.profile ? ' — PROFILED (--cpu-prof slows the service)' : ''}${
      results.serviceNodeArgs?.length
        ? ` — service run with ${Object.entries(results.serviceEnv ?? {})
            .map(([k, v]) => `${k}=${v} `)
            .join('')}node ${results.serviceNodeArgs.join(' ')}`
        : ''
    }\n\n` +
    `${cpu.length} × ${cpu[0]?.model?.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}; ${results.database ?? ''}; data: ${describeData(results.data)}\n\n`;
  let out = head;
  out += '| Section | Measure | Result | Target | |\n|---|---|---|---|---|\n';
  let last = null;
  // Sections run in another order (the recall last: it changes the data); print them by number.
  const ordered = rows
    .map((r, i) => ({ r, i, n: Number(/^\d+/.exec(r.section)?.[0] ?? 99) }))
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((x) => x.r);
  for (const r of ordered) {
    out += `| ${r.section === last ? '' : esc(r.section)} | ${esc(r.measure)} | ${esc(r.result)} | ${esc(r.target)} | ${r.status} |\n`;
    last = r.section;
  }
  const allNotes = [...notes];
  if (writes.length) {
    allNotes.push(
      args.smoke
        ? `The run wrote to its throwaway database (removed at the end): ${writes.join('; ')}.`
        : `This run changed the bench database: ${writes.join('; ')}. When the store runs low, regenerate it (npm run bench:data -- --preset hospital --reset).`,
    );
  }
  if (breakages.length) allNotes.unshift(...breakages.map((b) => `**BROKEN** ${b}`));
  if (allNotes.length) out += `\n${allNotes.map((n) => `- ${n}`).join('\n')}\n`;
  if (results.profile) {
    const p = results.profile;
    out += `\nService CPU profile (${p.window}: ${fmtNum(p.windowMs / 1000, 1)} s, main thread idle ${p.idlePct} %), saved as ${p.file}\n\n`;
    out += '| Self % of busy | Self ms | Function | Where |\n|---|---|---|---|\n';
    for (const f of p.functions.slice(0, 20)) out += `| ${f.selfPct} % | ${fmtInt(f.selfMs)} | ${esc(f.function)} | ${esc(f.location)} |\n`;
    out += '\n| Self % of busy | Package / file |\n|---|---|\n';
    for (const k of p.packages.slice(0, 15)) out += `| ${k.selfPct} % | ${esc(k.package)} |\n`;
    out +=
      '\nProject code (dist/src), inclusive of what it calls synchronously (after an await, time counts only for the function resumed):\n\n| Inclusive % of busy | Project function (dist/src) | Where |\n|---|---|---|\n';
    for (const f of p.projectInclusive.slice(0, 15)) out += `| ${f.inclusivePct} % | ${esc(f.function)} | ${esc(f.location)} |\n`;
  }
  return out;
}

let crashed = null;
try {
  await main();
} catch (e) {
  crashed = e;
  if (e instanceof DataError || e instanceof SetupError) log(`\n${e.message}`);
  else log(`\nthe benchmark crashed:\n${e?.stack ?? e}`);
  if (svc?.exited) log(`the service exited:\n${svc.tail(20)}`);
} finally {
  await cleanup();
}

if (interrupted) await new Promise(() => undefined); // the signal / crash handler exits once cleaned up
if (crashed && rows.length === 0) process.exit(crashed instanceof DataError ? 2 : 1);
if (crashed) breakages.push(`crash: ${String(crashed.message ?? crashed).split('\n')[0]}`);
const table = render();
process.stdout.write(`\n${table}`);
results.finishedAt = new Date().toISOString();
results.table = rows; // in the order run
results.notes = notes;
results.writes = writes;
results.breakages = breakages;
results.machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? null,
  memGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
const jsonFile = join(RESULTS, `${stamp}${args.smoke ? '-smoke' : ''}.json`);
writeFileSync(jsonFile, JSON.stringify(results, null, 2));
process.stdout.write(`\nJSON: ${relative(REPO, jsonFile)}\n`);
process.exit(breakages.length ? 1 : 0);
