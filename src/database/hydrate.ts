import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a row of a hand-written query, as TypeORM would hydrate it (dates as
 * YYYY-MM-DD, timestamps as Date, numeric through the column's transformer). `row` is keyed
 * by column name: a row selected with `columnsOf`, or a `to_jsonb(table_alias)` object
 * (`json: true`), whose bigints arrive as JSON numbers and are turned back into the strings pg
 * would have given.
 */
export function hydrate<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
  opts: { json?: boolean } = {},
): T {
  const meta = m.connection.getMetadata(target);
  const entity = meta.create() as Record<string, unknown>;
  for (const c of meta.columns) {
    let value = row[c.databaseName];
    if (opts.json && typeof value === 'number' && c.type === 'bigint') value = String(value);
    entity[c.propertyName] = m.connection.driver.prepareHydratedValue(value, c);
  }
  return entity as T;
}

const columnLists = new WeakMap<object, string>();

/**
 * The entity's selectable columns as a select list, `"col", …` (with `alias.` before each when given).
 * Named instead of `*` in prepared statements: a column added by a later migration then does
 * not change the statement's result, which PostgreSQL refuses for a prepared statement
 * ("cached plan must not change result type") while an older instance is still running.
 */
export function columnsOf(m: EntityManager, target: EntityTarget<ObjectLiteral>, alias?: string): string {
  const meta = m.connection.getMetadata(target);
  const key = meta.target as object;
  let list = columnLists.get(key);
  // Columns marked `select: false` (password and PIN hashes) stay out, as with find().
  if (!list)
    columnLists.set(
      key,
      (list = meta.columns
        .filter((c) => c.isSelect)
        .map((c) => `"${c.databaseName}"`)
        .join(', ')),
    );
  return alias ? list.replace(/"([^"]+)"/g, `${alias}."$1"`) : list;
}
