import pg from 'pg';
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
