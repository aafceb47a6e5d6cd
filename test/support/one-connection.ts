import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Makes a request that holds a transaction and asks the pool for a second connection fail at
 * once, naming the place. Such code deadlocks the service when every pooled connection is
 * held by a transaction waiting for another one (seen under the 16-station bench with a pool
 * of 6: every co-signed step hung). Installed on every test app.
 */
export function refuseSecondConnectionInTransactions(ds: DataSource): void {
  const inTransaction = new AsyncLocalStorage<string>();
  const manager = ds.manager as EntityManager & { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = manager.transaction.bind(manager);
  manager.transaction = (...args: unknown[]) => {
    // (run) or (isolationLevel, run); DataSource.transaction passes (run, undefined).
    const i = args.findIndex((a) => typeof a === 'function');
    const run = args[i] as (m: EntityManager) => Promise<unknown>;
    const where = new Error('transaction opened here').stack ?? '';
    const wrapped = [...args];
    wrapped[i] = (m: EntityManager) => inTransaction.run(where, () => run(m));
    return transaction(...wrapped);
  };
  const pool = (ds.driver as unknown as { master: { connect: (...a: unknown[]) => unknown } }).master;
  const connect = pool.connect.bind(pool);
  pool.connect = (...a: unknown[]) => {
    const opened = inTransaction.getStore();
    if (opened) {
      const e = new Error(
        `a second pooled connection was asked for inside a transaction (a deadlock when the pool is exhausted)\n--- ${opened}`,
      );

      console.error(e.stack);
      const cb = a[0];
      if (typeof cb === 'function') return (cb as (err: Error) => void)(e);
      return Promise.reject(e);
    }
    return connect(...a);
  };
}
