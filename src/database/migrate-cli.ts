/** `npm run migration:run` / `npm run migration:revert` — on DATABASE_URL, or the embedded default. */
import { ConfigError, loadDatabaseConfig, type DatabaseConfig } from '../config/config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { revertMigrations, runMigrations } from './migrate.js';

const command = process.argv[2];
if (command !== 'run' && command !== 'revert') {
  console.error('usage: migrate-cli run | revert [steps]');
  process.exit(2);
}
let db: DatabaseConfig;
try {
  db = loadDatabaseConfig();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : String(e));
  process.exit(78);
}
const embedded = db.databaseUrl ? null : await startEmbeddedPostgres(db.dataDir, db.embeddedPort);
// Migrations run as the owner role (CSSD_MIGRATION_DATABASE_URL when set; see README "Database roles").
const url = embedded?.url ?? db.migrationDatabaseUrl ?? db.databaseUrl!;
try {
  if (command === 'run') {
    const applied = await runMigrations(url);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations');
  } else {
    const steps = Number(process.argv[3] ?? 1);
    console.log(`reverted ${await revertMigrations(url, steps)} migration(s)`);
  }
} finally {
  await embedded?.stop();
}
