import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySecret } from '../../src/auth/password.js';
import { ensureFirstAdmin, prepareDatabase } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { createDataSource } from '../../src/database/data-source.js';
import { runMigrations } from '../../src/database/migrate.js';
import { createScratchDatabase } from '../support/test-db.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('start-up', () => {
  it('an empty external database refuses to start without CSSD_ADMIN_*, then creates exactly that admin', async () => {
    const url = await createScratchDatabase('admin');
    await runMigrations(url);
    const ds = createDataSource(url);
    await ds.initialize();
    try {
      const bare = loadConfig({ DATABASE_URL: url, JWT_SECRET: 'x'.repeat(32) });
      await expect(ensureFirstAdmin(ds, bare)).rejects.toThrow(/CSSD_ADMIN_USERNAME and CSSD_ADMIN_PASSWORD/);
      const withAdmin = loadConfig({ DATABASE_URL: url, JWT_SECRET: 'x'.repeat(32), CSSD_ADMIN_USERNAME: 'Chief', CSSD_ADMIN_PASSWORD: 'a-long-admin-pw' });
      await ensureFirstAdmin(ds, withAdmin);
      await ensureFirstAdmin(ds, withAdmin); // idempotent: not empty any more
      const users = await ds.query('SELECT username, role, password_hash FROM users');
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ username: 'chief', role: 'admin' });
      expect(await verifySecret(users[0].password_hash, 'a-long-admin-pw')).toBe(true);
    } finally {
      await ds.destroy();
    }
  });

  it('the embedded default seeds the demo hospital once, and a second start reuses the data', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'cssd-start-'));
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'data');
    const config = loadConfig({ CSSD_DATA_DIR: dataDir, CSSD_EMBEDDED_PG_PORT: String(await freePort()) });
    const first = await prepareDatabase(config, () => undefined);
    let counts: Record<string, number>;
    try {
      expect(first.demoCredentials?.map((c) => c.role).sort()).toEqual(['admin', 'department', 'head_nurse', 'monitor', 'nurse', 'nurse']);
      const ds = createDataSource(first.config.databaseUrl);
      await ds.initialize();
      const q = async (sql: string) => (await ds.query(sql))[0].n as number;
      counts = {
        departments: await q('SELECT count(*)::int n FROM departments'),
        templates: await q('SELECT count(*)::int n FROM set_templates'),
        sets: await q('SELECT count(*)::int n FROM instrument_sets'),
        steam: await q(`SELECT count(*)::int n FROM sterilizers WHERE type = 'steam_prevacuum'`),
        plasma: await q(`SELECT count(*)::int n FROM sterilizers WHERE type = 'h2o2_plasma'`),
        washers: await q('SELECT count(*)::int n FROM washers'),
        users: await q('SELECT count(*)::int n FROM users'),
      };
      const or = await ds.query(`SELECT name_zh FROM departments WHERE code = 'OR'`);
      expect(or[0].name_zh).toBe('手术室');
      const head = first.demoCredentials!.find((c) => c.role === 'head_nurse')!;
      const hash = await ds.query('SELECT password_hash FROM users WHERE username = $1', [head.username]);
      expect(await verifySecret(hash[0].password_hash, head.password)).toBe(true);
      await ds.destroy();
      expect(counts).toEqual({ departments: 8, templates: 14, sets: 39, steam: 2, plasma: 1, washers: 2, users: 6 });
      expect(first.config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    } finally {
      await first.stop();
    }

    const second = await prepareDatabase(config, () => undefined);
    try {
      expect(second.config.jwtSecret).toBe(first.config.jwtSecret);
      expect(second.demoCredentials).toEqual(first.demoCredentials);
      const ds = createDataSource(second.config.databaseUrl);
      await ds.initialize();
      expect((await ds.query('SELECT count(*)::int n FROM users'))[0].n).toBe(6);
      await ds.destroy();
    } finally {
      await second.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
