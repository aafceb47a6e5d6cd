import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { hashSecret } from './users/password.js';
import { localDate, SystemClock } from './common/clock.js';
import type { AppConfig } from './config/config.js';
import { createDataSource } from './database/data-source.js';
import { keptSecret, startEmbeddedPostgres } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';
import { ENTITIES } from './entities.js';
import { assertRuntimeRole, EMBEDDED_RUNTIME_ROLE, ensureRuntimeRole, roleOfUrl, withCredentials } from './database/roles.js';
import { seedDemoHospital, type DemoCredential } from './seed/demo-seed.js';
import { User } from './users/user.entity.js';

export interface PreparedDatabase {
  config: AppConfig & { databaseUrl: string; jwtSecret: string };
  demoCredentials: DemoCredential[] | null;
  stop(): Promise<void>;
}

/**
 * Before Nest starts: the database (embedded when DATABASE_URL is unset), migrations under
 * an advisory lock, and the first users — the demo hospital on an empty embedded database,
 * or the admin from CSSD_ADMIN_* on an empty external one.
 */
export async function prepareDatabase(config: AppConfig, log: (m: string) => void): Promise<PreparedDatabase> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, config.embeddedPort, log);
  try {
    const jwtSecret = config.jwtSecret ?? (await keptSecret(config.dataDir, 'jwt-secret', 48));
    // Issue 13 §2: the owner runs the migrations and seeds; the service connects as a runtime
    // role that cannot change the schema (src/database/roles.ts). Embedded: the cluster's
    // superuser is the owner and `cssd_app` (password kept in the data directory) the runtime
    // role. External: CSSD_MIGRATION_DATABASE_URL is the owner and DATABASE_URL the runtime
    // role, created by the owner when missing; DATABASE_URL alone is both (refused below when
    // that role could rewrite history, unless CSSD_ALLOW_SUPERUSER=true).
    const ownerUrl = embedded?.url ?? config.migrationDatabaseUrl ?? config.databaseUrl!;
    let databaseUrl = config.databaseUrl ?? embedded!.url;
    const applied = await runMigrations(ownerUrl);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    if (embedded) {
      const password = await keptSecret(config.dataDir, 'app-db-password', 18);
      await ensureRuntimeRole(ownerUrl, { role: EMBEDDED_RUNTIME_ROLE, password, resetPassword: true });
      databaseUrl = withCredentials(embedded.url, EMBEDDED_RUNTIME_ROLE, password);
    } else if (config.migrationDatabaseUrl) {
      await ensureRuntimeRole(ownerUrl, { role: roleOfUrl(databaseUrl), password: decodeURIComponent(new URL(databaseUrl).password) });
    }
    await assertRuntimeRole(databaseUrl, config.allowSuperuser, log);

    const ds = createDataSource(ownerUrl, ENTITIES);
    await ds.initialize();
    let demoCredentials: DemoCredential[] | null = null;
    try {
      // Before Nest (and its injectable Clock) starts: the production clock itself.
      const now = new SystemClock().instant();
      if (embedded) demoCredentials = await seedDemoIfEmpty(ds, config, now);
      else await ensureFirstAdmin(ds, config, now);
    } finally {
      await ds.destroy();
    }
    if (embedded && !demoCredentials) demoCredentials = await readDemoCredentials(config.dataDir);
    return { config: { ...config, databaseUrl, jwtSecret }, demoCredentials, stop: async () => embedded?.stop() };
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
}

async function isEmpty(ds: DataSource): Promise<boolean> {
  return (await ds.getRepository(User).count()) === 0;
}

async function seedDemoIfEmpty(ds: DataSource, config: AppConfig, now: Date): Promise<DemoCredential[] | null> {
  if (!(await isEmpty(ds))) return null;
  const creds = await seedDemoHospital(ds, now, localDate(now, config.timezone));
  await writeFile(join(config.dataDir, 'demo-credentials.json'), JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

async function readDemoCredentials(dataDir: string): Promise<DemoCredential[] | null> {
  try {
    const { readFile } = await import('node:fs/promises');
    return JSON.parse(await readFile(join(dataDir, 'demo-credentials.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** An external database starts with exactly one administrator, from the environment, created at `now`. */
export async function ensureFirstAdmin(ds: DataSource, config: AppConfig, now: Date): Promise<void> {
  if (!(await isEmpty(ds))) return;
  if (!config.adminUsername || !config.adminPassword) {
    throw new Error('The database has no users yet: set CSSD_ADMIN_USERNAME and CSSD_ADMIN_PASSWORD to create the first administrator.');
  }
  await ds.getRepository(User).insert({
    username: config.adminUsername.toLowerCase(),
    displayName: 'Administrator 管理员',
    passwordHash: await hashSecret(config.adminPassword),
    role: 'admin',
    createdAt: now,
    updatedAt: now,
  });
}
