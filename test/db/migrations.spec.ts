import { describe, expect, it } from '@jest/globals';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { revertMigrations, runMigrations } from '../../src/database/migrate.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { createScratchDatabase, migrateTestDatabase, testDatabaseUrl } from '../support/test-db.js';

async function userTables(url: string): Promise<string[]> {
  const ds = createDataSource(url, ENTITIES);
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
    expect(await userTables(url)).toEqual(
      expect.arrayContaining(['audit_log', 'departments', 'instrument_sets', 'set_templates', 'sterilizers', 'users']),
    );
    expect(await revertMigrations(url, Infinity)).toBe(MIGRATIONS.length);
    expect(await userTables(url)).toEqual([]);
    expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
  });

  it('leave the schema exactly as the entities describe it (nothing left for migration:generate)', async () => {
    await migrateTestDatabase();
    const ds = createDataSource(testDatabaseUrl(), ENTITIES);
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
    const ds = createDataSource(testDatabaseUrl(), ENTITIES);
    await ds.initialize();
    try {
      const [row] = await ds.query(
        `INSERT INTO audit_log (at, action, entity_type, entity_id) VALUES ($1, 'create', 'test', gen_random_uuid()) RETURNING id`,
        [new Date()],
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

  it('leave the database no clock of its own: no column defaults to its time, no function of ours reads it (issue 18 "one clock")', async () => {
    await migrateTestDatabase();
    const ds = createDataSource(testDatabaseUrl(), ENTITIES);
    await ds.initialize();
    const CLOCK = String.raw`\m(now|clock_timestamp|statement_timestamp|transaction_timestamp|timeofday)\s*\(|\m(current_timestamp|current_date|current_time|localtimestamp|localtime)\M`;
    try {
      const defaults = await ds.query(
        `SELECT table_name || '.' || column_name AS col, column_default FROM information_schema.columns
          WHERE table_schema = 'public' AND column_default ~* $1 ORDER BY 1`,
        [CLOCK],
      );
      expect(defaults).toEqual([]);
      // Trigger functions write history (a template's versions): their times come from the row the service wrote.
      const functions = await ds.query(
        `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prosrc ~* $1 ORDER BY 1`,
        [CLOCK],
      );
      expect(functions).toEqual([]);
      // The guard itself sees a database clock where there is one.
      expect(await ds.query(`SELECT 1 AS hit WHERE $2 ~* $1 AND $3 ~* $1`, [CLOCK, 'DEFAULT now()', 'CURRENT_TIMESTAMP'])).toEqual([
        { hit: 1 },
      ]);
    } finally {
      await ds.destroy();
    }
  });
});
