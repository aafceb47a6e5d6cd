import type pg from 'pg';
import type { LedgerDb } from './ledger-store.js';

/** A pg client as the ledger's connection (the operator's commands: audit:verify, archive): one transaction at a time. */
export function pgLedger(client: pg.Client): LedgerDb {
  const db: LedgerDb = {
    query: async (sql, params) => (await client.query(sql, params)).rows,
    transaction: async (work) => {
      await client.query('BEGIN');
      try {
        const out = await work(db);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    },
  };
  return db;
}
