import type { DataSource } from 'typeorm';

/** The little a settled wait needs of a connection. */
export interface SettledDb {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * Whether every transaction that had a transaction id when horizon $1 was taken has ended: all of
 * them (the cluster's oldest running transaction is past the horizon), or at least those of this
 * database — the only ones that can write its tables. The second half matters on a shared server:
 * a long transaction in another database (a bulk load, another service's report) holds the cluster's
 * xmin back for its whole length (found on 2026-12-02: a 20-minute load into another database kept
 * the ledger's verify reporting every row unsealed). A session's transaction id is visible in
 * pg_stat_activity to every role, the runtime role included.
 *
 * Not the snapshot's own xmax: that is the latest *completed* transaction id + 1, so a transaction
 * still running with a larger id is in neither its xip list nor below its xmax (found on 2026-12-03:
 * a station whose transaction id was taken after another's but whose event id was taken first was
 * skipped for good by the tallies, test/e2e/expiry-counters-break).
 */
const SETTLED_SQL = `SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8
    OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                    WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_xid IS NOT NULL
                      AND age(a.backend_xid) >= age(xid($1::xid8))) AS done`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Ids are handed out when a row is inserted, not when its transaction commits: a scan that took id
 * 101 may commit after one that took 102. A reader that takes in "everything visible" up to 102
 * would skip 101 for good. So a high-water mark is the largest id visible when it was read, used
 * only once every transaction that was writing then has ended: then every id at or below it belongs
 * to a transaction that has committed (the row is there) or rolled back (a gap for good), and later
 * transactions can only take larger ids. Call it right after reading the mark.
 *
 * "Writing then": every transaction with a transaction id smaller than one taken here, after the
 * mark (the horizon). A row's transaction has its id once it has written or locked anything, so the
 * one gap is a transaction whose first write is the row itself, between taking the row's id (a
 * sequence gives no transaction id, except one value in 32) and storing it. Pack events close it:
 * every statement writing one has its transaction id first (test/db/event-id-after-xid.spec.ts),
 * so the tallies never skip one. Other sealed tables keep the gap (microseconds): the sealer would
 * then report the row as inserted behind the seal — a false alarm, never a row lost.
 *
 * Waits for that, polling every 25 ms up to `settleMs` (a count of polls, not a reading of the wall
 * clock: the service's one clock dates records; this is only patience). True when settled.
 */
export async function waitSettled(db: SettledDb, settleMs: number): Promise<boolean> {
  const [{ horizon }] = await db.query<{ horizon: string }>(`SELECT pg_current_xact_id()::text AS horizon`);
  for (let polls = Math.ceil(settleMs / 25); ; polls--) {
    const [r] = await db.query<{ done: boolean }>(SETTLED_SQL, [horizon]);
    if (r.done) return true;
    if (polls <= 0) return false;
    await sleep(25);
  }
}

/** A connection that can also run work in one transaction: the service's data source, or a pg client (pg-ledger.ts). */
export interface TransactionalDb extends SettledDb {
  transaction<T>(work: (db: SettledDb) => Promise<T>): Promise<T>;
}

/** The service's data source as a TransactionalDb (raw SQL of the background jobs: sealing, tallies). */
export function dataSourceDb(ds: DataSource): TransactionalDb {
  return {
    query: (sql, params) => ds.query(sql, params),
    transaction: (work) => ds.transaction((m) => work({ query: (sql, params) => m.query(sql, params) })),
  };
}
