import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown() {
  const { serverUrl, name } = globalThis.__CSSD_TEST_DB__ ?? {};
  if (serverUrl && name) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    // Databases made by tests that need their own (e.g. migrations up/down) share the prefix.
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [name, `${name}\\_%`]);
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await admin.end();
  }
  await globalThis.__CSSD_EMBEDDED__?.stop();
  // The run leaves nothing behind: the embedded server's temporary folder goes with it.
  if (globalThis.__CSSD_EMBEDDED_DIR__) rmSync(globalThis.__CSSD_EMBEDDED_DIR__, { recursive: true, force: true });
}
