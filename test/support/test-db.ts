import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { runMigrations } from '../../src/database/migrate.js';
import { ensureRuntimeRole, withCredentials } from '../../src/database/roles.js';
import { testNow } from './clock.js';

/**
 * This worker's fresh database (made by global-setup): the files one jest worker runs share it,
 * the other worker has its own, so a test never sees a file running beside it.
 */
export function testDatabaseUrl(): string {
  const base = process.env.CSSD_TEST_DATABASE_URL;
  if (!base) throw new Error('CSSD_TEST_DATABASE_URL is not set: run the tests with `npm test`');
  const url = new URL(base);
  url.pathname = `${url.pathname}_w${process.env.JEST_WORKER_ID ?? '1'}`;
  return url.toString();
}

/**
 * The service's runtime role in tests (issue 13 §2): the application under test connects as it,
 * as it does in production, so a right it lacks fails the suite. Roles are cluster-wide and
 * outlive the run on a shared PostgreSQL: one fixed name, created when missing and given the
 * same password every run (a run never breaks the next), its rights granted per database.
 */
export const TEST_RUNTIME_ROLE = 'cssd_test_app';
const TEST_RUNTIME_PASSWORD = 'cssd-test-app-runtime';

/** The run's database as the runtime role (what createTestApp connects with). */
export function testRuntimeDatabaseUrl(): string {
  return withCredentials(testDatabaseUrl(), TEST_RUNTIME_ROLE, TEST_RUNTIME_PASSWORD);
}

let migrated: Promise<string[]> | null = null;
/** Migrates the shared test database (as the owner) and grants the runtime role its rights, once per test file. */
export function migrateTestDatabase(): Promise<string[]> {
  migrated ??= runMigrations(testDatabaseUrl()).then(async (applied) => {
    await ensureTestRuntimeRole(testDatabaseUrl());
    return applied;
  });
  return migrated;
}

/**
 * The runtime role (cluster-wide) made or its password reset, and its rights granted on `ownerUrl`'s
 * database: one worker at a time (two ALTER ROLEs at once fail with "tuple concurrently updated"),
 * under an advisory lock taken on the server's maintenance database, which both workers share.
 */
async function ensureTestRuntimeRole(ownerUrl: string): Promise<void> {
  const server = new pg.Client({ connectionString: process.env.CSSD_TEST_SERVER_URL ?? ownerUrl });
  await server.connect();
  try {
    await server.query('SELECT pg_advisory_lock(hashtext($1))', [TEST_RUNTIME_ROLE]);
    await ensureRuntimeRole(ownerUrl, { role: TEST_RUNTIME_ROLE, password: TEST_RUNTIME_PASSWORD, resetPassword: true });
  } finally {
    await server.end(); // the session's end releases the lock
  }
}

/**
 * Rewrites history for a test's setup (moving a completed load back in time), as the owner with
 * the triggers off for this one transaction. Production has no such path: the runtime role
 * cannot do this (test/db/runtime-role.spec.ts).
 */
export async function rewriteHistoryAsOwner(sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(sql, params);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/**
 * Raw SQL on `url` with the triggers off (session_replication_role = replica), in one transaction:
 * what a superuser could do to history behind the service's back (the tamper-evidence tests).
 */
export async function asSuperuserOn<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const { rows } = await client.query(sql, params);
    await client.query('COMMIT');
    return rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A query as the owner, for a test's setup that writes history the service only reaches step by
 * step (a load already completed and released, issue 13 §2): the runtime role may not insert it.
 */
export async function queryAsOwner<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
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

/** Migrates a scratch database (as the owner) and grants the runtime role its rights: the runtime role's URL on it. */
export async function migrateScratchDatabase(ownerUrl: string): Promise<string> {
  await runMigrations(ownerUrl);
  await ensureTestRuntimeRole(ownerUrl);
  return withCredentials(ownerUrl, TEST_RUNTIME_ROLE, TEST_RUNTIME_PASSWORD);
}

/** A DataSource on the migrated test database, for tests below the HTTP layer. */
export async function openTestDataSource(): Promise<DataSource> {
  await migrateTestDatabase();
  return createDataSource(testDatabaseUrl(), ENTITIES).initialize();
}

/** The smallest set template the foreign keys accept (steam, crepe): its id. */
export async function insertTemplate(ds: DataSource, code: string): Promise<string> {
  const [template] = await ds.query(
    `INSERT INTO set_templates (code, name_zh, name_en, packaging_material, sterilization_method, created_at, updated_at)
     VALUES ($1, '测试包', 'Test set', 'crepe_nonwoven', 'steam_prevacuum', $2, $2) RETURNING id`,
    [code, testNow()],
  );
  return template.id;
}
