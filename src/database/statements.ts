import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { columnsOf } from './hydrate.js';

/** An entity's select list (`columnsOf`), as a statement names it: the real columns in the service, `*` in EXPLAIN scripts. */
export type ColumnsOf = (target: EntityTarget<ObjectLiteral>, alias?: string) => string;

/**
 * One SQL statement a repository runs: its text, or, when it selects an entity's columns by name
 * (see `columnsOf`), the text built from those column lists.
 */
export type Statement = string | ((columns: ColumnsOf) => string);

/** A repository's statements by name (each repository class exposes them as `static statements`). */
export type Statements = Readonly<Record<string, Statement>>;

/** The statement's text on the manager's data source. */
export function sqlText(m: EntityManager, statement: Statement): string {
  return typeof statement === 'string' ? statement : statement((target, alias) => columnsOf(m, target, alias));
}
