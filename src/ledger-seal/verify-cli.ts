/**
 * `npm run audit:verify` (node dist/src/ledger-seal/verify-cli.js): the operator's check of the
 * tamper-evident record, the same as GET /api/audit/verify. Seals what is pending first
 * (`--no-seal`: only reads), prints the result as JSON, exits 1 when the record breaks.
 * On DATABASE_URL (the service's role is enough), or the embedded database when it is unset
 * (stop the service first, as for migrations).
 */
import pg from 'pg';
import { SystemClock } from '../common/clock.js';
import { ConfigError, loadDatabaseConfig, type DatabaseConfig } from '../config/config.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { seal, verify } from './ledger-store.js';
import { pgLedger } from './pg-ledger.js';

let db: DatabaseConfig;
try {
  db = loadDatabaseConfig();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : String(e));
  process.exit(78);
}
const embedded = db.databaseUrl ? null : await startEmbeddedPostgres(db.dataDir, db.embeddedPort);
const client = new pg.Client({ connectionString: embedded?.url ?? db.databaseUrl!, application_name: 'cssd-trace-audit-verify' });
let code = 0;
try {
  await client.connect();
  const ledger = pgLedger(client);
  if (!process.argv.includes('--no-seal')) await seal(ledger, { now: new SystemClock().instant() });
  const result = await verify(ledger);
  console.log(JSON.stringify(result, null, 2));
  if (!result.ok) {
    const b = result.firstBreak!;
    console.error(`BROKEN: ${b.table} row ${b.rowId} ${b.kind} (batch ${b.batch ?? 'not sealed yet'})`);
    code = 1;
  }
} catch (e) {
  console.error(`audit:verify failed: ${(e as Error).message}`);
  code = 2;
} finally {
  await client.end().catch(() => undefined);
  await embedded?.stop();
}
process.exit(code);
