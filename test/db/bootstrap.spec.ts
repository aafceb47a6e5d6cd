import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifySecret } from '../../src/users/password.js';
import { ensureFirstAdmin, prepareDatabase } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/config.js';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { runMigrations } from '../../src/database/migrate.js';
import { withCredentials } from '../../src/database/roles.js';
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
    const ds = createDataSource(url, ENTITIES);
    await ds.initialize();
    try {
      const bare = loadConfig({ DATABASE_URL: url, JWT_SECRET: 'x'.repeat(32) });
      await expect(ensureFirstAdmin(ds, bare, new Date())).rejects.toThrow(/CSSD_ADMIN_USERNAME and CSSD_ADMIN_PASSWORD/);
      const withAdmin = loadConfig({
        DATABASE_URL: url,
        JWT_SECRET: 'x'.repeat(32),
        CSSD_ADMIN_USERNAME: 'Chief',
        CSSD_ADMIN_PASSWORD: 'a-long-admin-pw',
      });
      const at = new Date('2024-02-29T03:04:05.678Z');
      await ensureFirstAdmin(ds, withAdmin, at);
      await ensureFirstAdmin(ds, withAdmin, new Date()); // idempotent: not empty any more
      const users = await ds.query('SELECT username, role, password_hash, created_at, updated_at FROM users');
      expect(users).toHaveLength(1);
      expect(users[0]).toMatchObject({ username: 'chief', role: 'admin', created_at: at, updated_at: at });
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
      const ds = createDataSource(first.config.databaseUrl, ENTITIES);
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
        supplyProducts: await q('SELECT count(*)::int n FROM supply_products'),
        supplyBatches: await q('SELECT count(*)::int n FROM supply_batches'),
      };
      // Disposable supplies (issue 16): the books of each batch are its movements (300 syringes in, 200 to the OR).
      const stock: { lot: string; n: number }[] = await ds.query(
        `SELECT b.lot_number AS lot, sum(m.quantity)::int AS n FROM supply_batches b JOIN supply_movements m ON m.batch_id = b.id GROUP BY 1 ORDER BY 1`,
      );
      expect(stock).toEqual([
        { lot: '20260412', n: 100 },
        { lot: '20260820', n: 550 },
        { lot: '20260915', n: 1700 },
        { lot: '2604A12', n: 380 },
      ]);
      const or = await ds.query(`SELECT name_zh FROM departments WHERE code = 'OR'`);
      expect(or[0].name_zh).toBe('手术室');
      const head = first.demoCredentials!.find((c) => c.role === 'head_nurse')!;
      const hash = await ds.query('SELECT password_hash FROM users WHERE username = $1', [head.username]);
      expect(await verifySecret(hash[0].password_hash, head.password)).toBe(true);
      await ds.destroy();
      expect(counts).toEqual({
        departments: 8,
        templates: 15, // the demo file's 14 and the loaner tray's own (issue 16)
        sets: 40,
        steam: 2,
        plasma: 1,
        washers: 2,
        users: 6,
        supplyProducts: 4,
        supplyBatches: 4,
      });
      expect(first.config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    } finally {
      await first.stop();
    }

    const second = await prepareDatabase(config, () => undefined);
    try {
      expect(second.config.jwtSecret).toBe(first.config.jwtSecret);
      expect(second.demoCredentials).toEqual(first.demoCredentials);
      const ds = createDataSource(second.config.databaseUrl, ENTITIES);
      await ds.initialize();
      expect((await ds.query('SELECT count(*)::int n FROM users'))[0].n).toBe(6);
      // Issue 13 §2: the service runs as cssd_app, which owns nothing and cannot change the schema.
      expect(await ds.query(`SELECT current_user AS me, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su`)).toEqual([
        { me: 'cssd_app', su: false },
      ]);
      await expect(ds.query('ALTER TABLE pack_events DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
      await ds.destroy();
    } finally {
      await second.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  describe('database roles with DATABASE_URL (issue 13 §2)', () => {
    const admin = { JWT_SECRET: 'x'.repeat(32), CSSD_ADMIN_USERNAME: 'chief', CSSD_ADMIN_PASSWORD: 'a-long-admin-pw' };

    it("refuses to run as a superuser (or the tables' owner) unless CSSD_ALLOW_SUPERUSER=true", async () => {
      const url = await createScratchDatabase('superuser');
      await expect(prepareDatabase(loadConfig({ DATABASE_URL: url, ...admin }), () => undefined)).rejects.toThrow(
        /can rewrite history: .* superuser.*CSSD_MIGRATION_DATABASE_URL/s,
      );
      const warnings: string[] = [];
      const allowed = await prepareDatabase(loadConfig({ DATABASE_URL: url, CSSD_ALLOW_SUPERUSER: 'true', ...admin }), (m) =>
        warnings.push(m),
      );
      await allowed.stop();
      expect(warnings.some((w) => w.startsWith('WARNING: ') && w.includes('superuser'))).toBe(true);
    });

    it('with CSSD_MIGRATION_DATABASE_URL the owner migrates and creates the runtime role of DATABASE_URL, which the service then uses', async () => {
      const ownerUrl = await createScratchDatabase('roles');
      // A fixed name: roles outlive the run on a shared server; creating it again is not an error.
      const runtimeUrl = withCredentials(ownerUrl, 'cssd_test_boot_app', 'boot-app-password');
      const config = loadConfig({ DATABASE_URL: runtimeUrl, CSSD_MIGRATION_DATABASE_URL: ownerUrl, ...admin });
      for (let start = 0; start < 2; start++) {
        const db = await prepareDatabase(config, () => undefined);
        await db.stop();
        expect(db.config.databaseUrl).toBe(runtimeUrl);
      }
      const ds = createDataSource(runtimeUrl, ENTITIES);
      await ds.initialize();
      try {
        expect(
          (await ds.query(`SELECT current_user AS me, (SELECT count(*)::int FROM pg_tables WHERE tableowner = current_user) AS owned`))[0],
        ).toEqual({ me: 'cssd_test_boot_app', owned: 0 });
        expect(await ds.query('SELECT username FROM users')).toEqual([{ username: 'chief' }]);
        await expect(ds.query('DROP TRIGGER tr_pack_events_append_only ON pack_events')).rejects.toThrow(/must be owner/);
        await expect(ds.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
      } finally {
        await ds.destroy();
      }
    });
  });
});
