import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source.js';
import { runMigrations } from '../../src/database/migrate.js';

/** The run's fresh database (made by global-setup). */
export function testDatabaseUrl(): string {
  const url = process.env.CSSD_TEST_DATABASE_URL;
  if (!url) throw new Error('CSSD_TEST_DATABASE_URL is not set: run the tests with `npm test`');
  return url;
}

let migrated: Promise<string[]> | null = null;
/** Migrates the shared test database once per jest process (later calls wait for the first). */
export function migrateTestDatabase(): Promise<string[]> {
  migrated ??= runMigrations(testDatabaseUrl());
  return migrated;
}

/** A further empty database on the same server, for tests that need one of their own. Dropped at teardown. */
export async function createScratchDatabase(label: string): Promise<string> {
  const main = new URL(testDatabaseUrl());
  const name = `${main.pathname.slice(1)}_${label}_${Math.random().toString(36).slice(2, 7)}`;
  const admin = new pg.Client({ connectionString: process.env.CSSD_TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();
  main.pathname = `/${name}`;
  return main.toString();
}

/** A DataSource on the migrated test database, for tests below the HTTP layer. */
export async function openTestDataSource(): Promise<DataSource> {
  await migrateTestDatabase();
  return createDataSource(testDatabaseUrl()).initialize();
}

/** The smallest set template the foreign keys accept (steam, crepe): its id. */
export async function insertTemplate(ds: DataSource, code: string): Promise<string> {
  const [template] = await ds.query(
    `INSERT INTO set_templates (code, name_zh, name_en, packaging_material, sterilization_method)
     VALUES ($1, '测试包', 'Test set', 'crepe_nonwoven', 'steam_prevacuum') RETURNING id`,
    [code],
  );
  return template.id;
}
