import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source.js';

/** Arbitrary constant: the advisory lock that serialises migration runs across processes. */
const MIGRATION_LOCK = 727_310_2016;

async function withMigrationLock<T>(url: string, work: (ds: DataSource) => Promise<T>): Promise<T> {
  // Migrations are SQL of their own: they map no entity.
  const ds = createDataSource(url, []);
  await ds.initialize();
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    // Two instances starting at once: the second waits, then finds nothing pending.
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return await work(ds);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
    await ds.destroy();
  }
}

/** Applies every pending migration, each in its own transaction. Returns the names applied. */
export function runMigrations(url: string): Promise<string[]> {
  return withMigrationLock(url, async (ds) => (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name));
}

/** Reverts the last `steps` migrations (all of them with Infinity). */
export function revertMigrations(url: string, steps = 1): Promise<number> {
  return withMigrationLock(url, async (ds) => {
    let reverted = 0;
    while (reverted < steps) {
      const executed = await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'migrations'`);
      if (executed[0].n === 0) break;
      const rows = await ds.query('SELECT count(*)::int AS n FROM migrations');
      if (rows[0].n === 0) break;
      await ds.undoLastMigration({ transaction: 'each' });
      reverted++;
    }
    return reverted;
  });
}
