import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

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
