/**
 * `npm run archive -- --before YYYY-MM-DD --kind cleaning|sterilization --out <dir> [--dry-run] [--confirm] [--keep-blocked] [--by <name>]`
 * (node dist/src/archive/archive-cli.js): the operator's archival of old records (issue 15,
 * §4.5; see archive.ts). Without --confirm it prints the plan only. `--verify <dir>` checks an
 * export against the tamper-evident record. Runs as the tables' owner: CSSD_MIGRATION_DATABASE_URL
 * when set, else DATABASE_URL, else the embedded database (stop the service first, as for
 * migrations). Exit codes: archive.messages.ts EXIT.
 */
import { hostname, userInfo } from 'node:os';
import pg from 'pg';
import { SystemClock } from '../common/clock.js';
import { ConfigError, loadDatabaseConfig, type DatabaseConfig } from '../config/config.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { pgLedger } from '../ledger-seal/pg-ledger.js';
import { runArchive, verifyArchive } from './archive.js';
import { describeOutcome, describeVerify, parseArchiveArgs, usage } from './archive-command.js';
import { EXIT } from './archive.messages.js';

const command = parseArchiveArgs(process.argv.slice(2));
if (command.verb === 'usage') {
  const u = usage(command.problem);
  console.error(u.lines.join('\n'));
  process.exit(u.exitCode);
}
let db: DatabaseConfig;
try {
  db = loadDatabaseConfig();
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : String(e));
  process.exit(EXIT.config);
}
const embedded = db.databaseUrl ? null : await startEmbeddedPostgres(db.dataDir, db.embeddedPort);
const url = embedded?.url ?? db.migrationDatabaseUrl ?? db.databaseUrl!;
const client = new pg.Client({ connectionString: url, application_name: 'cssd-trace-archive' });
let code: number = EXIT.ok;
try {
  await client.connect();
  const ledger = pgLedger(client);
  if (command.verb === 'verify') {
    const outcome = await verifyArchive(ledger, command.dir);
    console.log(describeVerify(outcome, command.dir).join('\n'));
    code = outcome.exitCode;
  } else {
    const outcome = await runArchive(
      {
        db: ledger,
        clock: new SystemClock(),
        timezone: db.timezone,
        osUser: userInfo().username,
        host: hostname(),
        database: new URL(url).pathname.slice(1),
      },
      command.options,
    );
    const text = describeOutcome(outcome, command.options, db.timezone).join('\n');
    if (outcome.exitCode === EXIT.ok) console.log(text);
    else console.error(text);
    code = outcome.exitCode;
  }
} catch (e) {
  console.error(`archive failed (nothing was removed): ${(e as Error).message}`);
  code = EXIT.failed;
} finally {
  await client.end().catch(() => undefined);
  await embedded?.stop();
}
process.exit(code);
