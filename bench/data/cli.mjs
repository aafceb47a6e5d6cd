#!/usr/bin/env node
// npm run bench:data -- [--preset smoke|hospital|regional] [--packs-per-day N] [--days N]
//                       [--sterilizers N] [--seed N] [--today YYYY-MM-DD] [--cutoff HH:MM]
//                       [--reset] [--data-dir bench/.data] [--pg-port 54329]
//
// Target: DATABASE_URL when set; otherwise the project's embedded PostgreSQL with its data in
// bench/.data (start the service on it with CSSD_DATA_DIR=bench/.data npm start). Writes the
// summary to bench/results/data-<preset or params>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PRESETS, generate, shanghaiToday } from './generate.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function parse(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [k, inline] = a.slice(2).split('=', 2);
    if (k === 'reset' || k === 'force' || k === 'help') out[k] = true;
    else out[k] = inline ?? argv[++i];
  }
  return out;
}

const args = parse(process.argv.slice(2));
if (args.help) {
  console.log(readHelp());
  process.exit(0);
}
const preset = args.preset ? PRESETS[args.preset] : null;
if (args.preset && !preset) throw new Error(`unknown preset ${args.preset} (smoke, hospital, regional)`);
const int = (name, fallback) => {
  const v = args[name] ?? fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer (got ${v})`);
  return n;
};
const params = {
  packsPerDay: int('packs-per-day', preset?.packsPerDay ?? 5000),
  days: int('days', preset?.days ?? 1095),
  sterilizers: int('sterilizers', preset?.sterilizers ?? 10),
  seed: int('seed', 42),
  today: args.today ?? shanghaiToday(),
  cutoff: args.cutoff ?? '14:00',
};
const customized = ['packs-per-day', 'days', 'sterilizers'].some((k) => args[k] !== undefined);
const name = args.preset && !customized ? args.preset : `p${params.packsPerDay}-d${params.days}-s${params.sterilizers}`;
const tag = params.seed === 42 ? name : `${name}-seed${params.seed}`;
const log = (m) => console.log(`[bench:data] ${m}`);

let embedded = null;
let databaseUrl = process.env.DATABASE_URL?.trim() || null;
const dataDir = resolve(REPO, args['data-dir'] ?? 'bench/.data');
try {
  if (!databaseUrl) {
    const { startEmbeddedPostgres, keptSecret } = await import(pathToFileURL(join(REPO, 'dist/src/database/embedded-postgres.js')).href);
    const port = int('pg-port', process.env.CSSD_EMBEDDED_PG_PORT ?? 54329);
    log(`embedded PostgreSQL in ${dataDir} (port ${port})`);
    embedded = await startEmbeddedPostgres(dataDir, port, log, 'cssd');
    databaseUrl = embedded.url;
    // What the service expects in its data directory: the cluster, pg-password and jwt-secret
    // (made the way bootstrap.ts makes it). Users exist, so it seeds no demo hospital.
    await keptSecret(dataDir, 'jwt-secret', 48);
  }
  log(`${tag}: ${JSON.stringify(params)} → ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}`);
  const summary = await generate({ databaseUrl, ...params, reset: !!(args.reset || args.force), log });
  const out = {
    name: tag,
    preset: args.preset && !customized ? args.preset : null,
    ...(embedded ? { dataDir: relativeDataDir() } : {}),
    generatedBy: 'bench/data/cli.mjs',
    database: embedded ? { embedded: true, dataDir: relativeDataDir(), database: 'cssd', start: 'CSSD_DATA_DIR=bench/.data npm start' } : { url: databaseUrl.replace(/:[^:@/]*@/, ':***@') },
    ...summary,
  };
  mkdirSync(join(REPO, 'bench', 'results'), { recursive: true });
  const file = join(REPO, 'bench', 'results', `data-${tag}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  const total = Object.values(summary.counts).reduce((a, b) => a + b, 0);
  console.log('\nrows per table:');
  for (const [t, n] of Object.entries(summary.counts).sort((a, b) => b[1] - a[1])) console.log(`  ${t.padEnd(22)} ${n.toLocaleString('en').padStart(13)}`);
  console.log(`  ${'total'.padEnd(22)} ${total.toLocaleString('en').padStart(13)}`);
  console.log(`\nstored packs: ${summary.storedPacks.toLocaleString('en')}; pack states: ${JSON.stringify(summary.packStates)}`);
  console.log(`time: load ${summary.seconds.load} s (${summary.rowsPerSecond.toLocaleString('en')} rows/s), indexes+FKs ${summary.seconds.indexes} s, vacuum/analyze ${summary.seconds.analyze} s, total ${summary.seconds.total} s`);
  console.log(`accounts: password "${summary.users[0].password}" for all, e.g. ${summary.users.filter((u) => u.role !== 'department').slice(0, 4).map((u) => u.username).join(', ')}`);
  console.log(`summary written to ${file}`);
} catch (e) {
  console.error(`[bench:data] ${e.message}`);
  process.exitCode = 1;
} finally {
  if (embedded) {
    await embedded.stop();
    log('embedded PostgreSQL stopped');
  }
}

function relativeDataDir() {
  return dataDir.startsWith(REPO + '/') ? dataDir.slice(REPO.length + 1) : dataDir;
}

function readHelp() {
  return `npm run bench:data -- --preset smoke|hospital|regional
npm run bench:data -- --packs-per-day 5000 --days 1095 --sterilizers 10 [--seed 42]
  --today YYYY-MM-DD   the last simulated day (default: today in Asia/Shanghai)
  --cutoff HH:MM       local time on that day where the history stops (default 14:00)
  --reset              drop and recreate the public schema of a non-empty database
  --data-dir DIR       embedded mode: data directory (default bench/.data)
  --pg-port N          embedded mode: port (default CSSD_EMBEDDED_PG_PORT or 54329)
DATABASE_URL set: that database (must be empty, or --reset). Unset: embedded PostgreSQL.`;
}
