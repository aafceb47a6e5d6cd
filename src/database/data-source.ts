import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { DEFAULT_POOL, type DatabasePool } from '../config/config.js';
import { SnakeNamingStrategy } from './naming.strategy.js';

/** The entity classes a data source maps: the list is assembled above the features (src/entities.ts), not here. */
export type Entities = NonNullable<DataSourceOptions['entities']>;

/**
 * The one DataSource definition used by the app, the tests and the migration CLI. `entities` is
 * handed in by the caller (the wiring floor): database/ imports no feature (issue 14).
 */
export function dataSourceOptions(url: string, entities: Entities, pool: DatabasePool = DEFAULT_POOL): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built in since PostgreSQL 13: no extension to install.
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    // A request waits at most `waitMs` for a connection (pg waits forever by default).
    // No JIT: the statements here are short, or reports whose per-row subqueries the planner costs
    // high; past jit_above_cost PostgreSQL compiled the month's register for 3.6 s to run it in 2.3 s
    // (regional set, PostgreSQL 15). Without it the same statement runs in well under a second.
    extra: { max: pool.size, connectionTimeoutMillis: pool.waitMs, application_name: 'cssd-trace', options: '-c jit=off' },
  };
}

export function createDataSource(url: string, entities: Entities): DataSource {
  return new DataSource(dataSourceOptions(url, entities));
}
