import type { EntityManager } from 'typeorm';
import type { TestApp } from './app.js';

/** What the pg driver throws when PostgreSQL is not there: connection refused. */
export const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/**
 * PostgreSQL goes away for the service: every new pooled connection fails with `error()`
 * (connection refused unless told otherwise), as during a crash or a restart. It can go at once,
 * as the work's transaction is about to start, or just after that transaction committed.
 */
export function simulateOutage(t: TestApp) {
  const state = { down: false, atTransaction: false, afterCommit: false, error: refused as () => Error };
  const pool = (t.ds.driver as unknown as { master: { connect: (...a: unknown[]) => unknown } }).master;
  const connect = pool.connect.bind(pool);
  pool.connect = (...a: unknown[]) => {
    if (!state.down) return connect(...a);
    const e = state.error();
    const cb = a[0];
    if (typeof cb === 'function') return (cb as (err: Error) => void)(e);
    return Promise.reject(e);
  };
  const manager = t.ds.manager as EntityManager & { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = manager.transaction.bind(manager);
  manager.transaction = async (...args: unknown[]) => {
    if (state.atTransaction) state.down = true;
    const result = await transaction(...args);
    if (state.afterCommit) state.down = true;
    return result;
  };
  return {
    now: (error: () => Error = refused) => Object.assign(state, { down: true, error }),
    atTransaction: () => Object.assign(state, { atTransaction: true, afterCommit: false, error: refused }),
    afterCommit: () => Object.assign(state, { atTransaction: false, afterCommit: true, error: refused }),
    restore: () => Object.assign(state, { down: false, atTransaction: false, afterCommit: false }),
  };
}
