import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a row of a hand-written query, as TypeORM would hydrate it (dates as
 * YYYY-MM-DD, timestamps as Date, numeric through the column's transformer). `row` is keyed
 * by column name: a `SELECT *` row, or a `to_jsonb(table_alias)` object (`json: true`), whose
 * bigints arrive as JSON numbers and are turned back into the strings pg would have given.
 */
export function hydrate<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>, opts: { json?: boolean } = {}): T {
  const meta = m.connection.getMetadata(target);
  const entity = meta.create() as Record<string, unknown>;
  for (const c of meta.columns) {
    let value = row[c.databaseName];
    if (opts.json && typeof value === 'number' && c.type === 'bigint') value = String(value);
    entity[c.propertyName] = m.connection.driver.prepareHydratedValue(value, c);
  }
  return entity as T;
}
