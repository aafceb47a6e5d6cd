import { createHash } from 'node:crypto';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { columnsOf, hydrate } from './hydrate.js';

const names = new Map<string, string>();

/** The statement's name: the same text always gets the same name (pg refuses one name for two texts). */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `cssd_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` as a named prepared statement on the manager's connection (inside its
 * transaction, if any). PostgreSQL parses it once per pooled connection and, after a few
 * runs, keeps one plan: a station's hot statements skip parsing and planning, most of their
 * server-side cost. Only for statements whose best plan does not depend on the values
 * (lookups by key); `text` must be a constant or one of a few shapes, each becomes a
 * statement on every connection.
 *
 * TypeORM hands its query argument to node-postgres unchanged, so a query config object
 * with a name goes through its logging, error wrapping (QueryFailedError) and transaction.
 */
export function preparedQuery<T = Record<string, unknown>>(m: EntityManager, text: string, params: unknown[]): Promise<T[]> {
  const config = { name: nameOf(text), text };
  return m.query(config as unknown as string, params);
}

/**
 * One row of `target` by its primary key `id` (optionally locked FOR UPDATE), through a
 * prepared statement and hydrated as TypeORM would: the stations' catalog and load lookups
 * without the query builder's cost. Null when there is no such row.
 */
export async function findById<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<T | null> {
  const table = m.connection.getMetadata(target).tablePath;
  const [row] = await preparedQuery(m, `SELECT ${columnsOf(m, target)} FROM "${table}" WHERE id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return row ? hydrate(m, target, row) : null;
}

/** `findById` for a row that must exist (a foreign key points at it): its absence is a bug, not a user error. */
export async function getById<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<T> {
  const row = await findById(m, target, id, opts);
  if (!row) throw new Error(`${m.connection.getMetadata(target).tablePath} ${id} not found`);
  return row;
}
