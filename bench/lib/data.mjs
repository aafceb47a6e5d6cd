// Where the benchmark's data lives: a data set generated earlier (bench/results/data-*.json,
// written by `npm run bench:data`), or — for --smoke — a tiny one generated now into a
// throwaway database that is removed afterwards.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { freePort } from './service.mjs';

export class DataError extends Error {}

/**
 * The newest bench/results/data-*.json generated where this run will look: into an embedded
 * cluster when DATABASE_URL is unset, into a server database (the one DATABASE_URL names, if
 * the summary says) when it is set. Failing that, the newest of all (the caller explains why it
 * does not fit). Null when there is none.
 */
export function newestDataFile(resultsDir) {
  if (!existsSync(resultsDir)) return null;
  const files = readdirSync(resultsDir)
    .filter((f) => /^data-.*\.json$/.test(f))
    .map((f) => ({ f: join(resultsDir, f), t: statSync(join(resultsDir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  const external = process.env.DATABASE_URL?.trim();
  const fits = ({ f }) => {
    try {
      const s = JSON.parse(readFileSync(f, 'utf8'));
      if (!external) return !!s.dataDir;
      if (s.dataDir) return false;
      const want = new URL(external).pathname;
      return !s.database?.url || new URL(s.database.url).pathname === want;
    } catch {
      return false;
    }
  };
  return (files.find(fits) ?? files[0])?.f ?? null;
}

export function readDataSummary(file) {
  let s;
  try {
    s = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DataError(`cannot read the data set summary ${file}: ${e.message}`);
  }
  if (!Array.isArray(s.users) || s.users.length === 0)
    throw new DataError(`${file} lists no users: it is not a summary written by bench/data/generate.mjs`);
  return s;
}

/** The embedded cluster's connection URL, from the password the launcher keeps in its data directory. */
export function embeddedUrl(dataDir, port, database = 'cssd') {
  const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

function relativeTo(repo, file) {
  const r = relative(repo, file);
  return r.startsWith('..') ? file : r;
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Redacts the password of a postgres URL for printing. */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function importGenerator(repo) {
  const file = join(repo, 'bench', 'data', 'generate.mjs');
  if (!existsSync(file))
    throw new DataError('bench/data/generate.mjs does not exist yet: no data generator to make the smoke data set with');
  const mod = await import(pathToFileURL(file).href);
  if (typeof mod.generate !== 'function') throw new DataError('bench/data/generate.mjs does not export generate()');
  return mod;
}

/**
 * --smoke: a fresh throwaway database with a tiny generated data set.
 * With DATABASE_URL: a new database on that server (dropped by cleanup). Without: a new
 * embedded cluster in a temporary directory (removed by cleanup), started here only to fill
 * it — the service then starts its own PostgreSQL on it, as it would in production.
 * Returns { mode, dataDir?, pgPort?, databaseUrl, summary, cleanup }.
 */
export async function throwawayDataSet(repo, { params, log, cleanups }) {
  const gen = await importGenerator(repo);
  params = { ...(gen.PRESETS?.smoke ?? {}), ...params };
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    const name = `cssd_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: external });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    });
    const url = withDatabase(external, name);
    log(`  smoke database ${redact(url)} (dropped at the end)`);
    const summary = await gen.generate({ databaseUrl: url, ...params, log: (m) => log(`  generate: ${m}`) });
    return { mode: 'external', databaseUrl: url, summary };
  }

  const tmp = mkdtempSync(join(tmpdir(), 'cssd-bench-'));
  chmodSync(tmp, 0o755); // as root, PostgreSQL runs as `postgres` and must reach its cluster
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
  const dataDir = join(tmp, 'data');
  const pgPort = await freePort();
  const { startEmbeddedPostgres } = await import(pathToFileURL(join(repo, 'dist/src/database/embedded-postgres.js')).href);
  log(`  smoke cluster in ${dataDir} (removed at the end)`);
  const emb = await startEmbeddedPostgres(dataDir, pgPort, (m) => log(`  embedded: ${m}`));
  let summary;
  try {
    // generate() applies the project's migrations itself.
    summary = await gen.generate({ databaseUrl: emb.url, ...params, log: (m) => log(`  generate: ${m}`) });
  } finally {
    await emb.stop();
  }
  return { mode: 'embedded', dataDir, pgPort, summary };
}

/** The demo hospital on a fresh embedded cluster (development fallback when no generator exists). */
export function demoDataDir(cleanups) {
  const tmp = mkdtempSync(join(tmpdir(), 'cssd-bench-demo-'));
  chmodSync(tmp, 0o755);
  cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
  return join(tmp, 'data');
}

export function demoUsers(dataDir) {
  const creds = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
  return creds.map((c) => ({ username: c.username, password: c.password, role: c.role }));
}

/** A generated data set, for the full run: which database it is in. */
export function generatedDataSet(repo, file) {
  const summary = readDataSummary(file);
  const external = process.env.DATABASE_URL?.trim();
  const name = relativeTo(repo, file);
  if (external) {
    if (summary.dataDir) {
      throw new DataError(
        `${name} was generated into the embedded cluster ${summary.dataDir}, but DATABASE_URL is set: unset it to benchmark that data set, or generate one into DATABASE_URL (DATABASE_URL=… npm run bench:data -- --preset hospital) and pass --data.`,
      );
    }
    return { mode: 'external', databaseUrl: external, summary };
  }
  if (!summary.dataDir && summary.database?.url) {
    throw new DataError(`${name} was generated into ${summary.database.url}: set DATABASE_URL to that database to benchmark it.`);
  }
  const dataDir = resolve(repo, summary.dataDir ?? join('bench', '.data'));
  if (!existsSync(join(dataDir, 'pg', 'PG_VERSION')) || !existsSync(join(dataDir, 'pg-password'))) {
    throw new DataError(
      `${file} names the embedded cluster ${dataDir}, which does not exist (or has no pg-password). ` +
        'Generate it again with `npm run bench:data -- --preset hospital`, or set DATABASE_URL to the database it was generated into.',
    );
  }
  return { mode: 'embedded', dataDir, summary };
}
