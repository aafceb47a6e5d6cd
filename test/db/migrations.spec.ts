import { describe, expect, it } from '@jest/globals';
import { createDataSource } from '../../src/database/data-source.js';
import { revertMigrations, runMigrations } from '../../src/database/migrate.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { createScratchDatabase, migrateTestDatabase, testDatabaseUrl } from '../support/test-db.js';

async function userTables(url: string): Promise<string[]> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const rows: { table_name: string }[] = await ds.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    );
    return rows.map((r) => r.table_name);
  } finally {
    await ds.destroy();
  }
}

describe('migrations', () => {
  it('go up from an empty database, in parallel safely, and all the way down again', async () => {
    const url = await createScratchDatabase('updown');
    expect(await userTables(url)).toEqual([]);
    // Two instances starting together: the advisory lock lets exactly one apply each migration.
    const [a, b] = await Promise.all([runMigrations(url), runMigrations(url)]);
    expect([...a, ...b]).toHaveLength(MIGRATIONS.length);
    expect(await userTables(url)).toEqual(expect.arrayContaining(['audit_log', 'departments', 'instrument_sets', 'set_templates', 'sterilizers', 'users']));
    expect(await revertMigrations(url, Infinity)).toBe(MIGRATIONS.length);
    expect(await userTables(url)).toEqual([]);
    expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
  });

  it('leave the schema exactly as the entities describe it (nothing left for migration:generate)', async () => {
    await migrateTestDatabase();
    const ds = createDataSource(testDatabaseUrl());
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('make the audit log append-only in the database itself', async () => {
    await migrateTestDatabase();
    const ds = createDataSource(testDatabaseUrl());
    await ds.initialize();
    try {
      const [row] = await ds.query(
        `INSERT INTO audit_log (action, entity_type, entity_id) VALUES ('create', 'test', gen_random_uuid()) RETURNING id`,
      );
      await expect(ds.query(`UPDATE audit_log SET action = 'x' WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`DELETE FROM audit_log WHERE id = $1`, [row.id])).rejects.toThrow(/append-only/);
      await expect(ds.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
      const still = await ds.query(`SELECT action FROM audit_log WHERE id = $1`, [row.id]);
      expect(still).toEqual([{ action: 'create' }]);
    } finally {
      await ds.destroy();
    }
  });
});
