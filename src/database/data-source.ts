import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { DEFAULT_POOL, type DatabasePool } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './naming.strategy.js';

/** The one DataSource definition used by the app, the tests and the migration CLI. */
export function dataSourceOptions(url: string, pool: DatabasePool = DEFAULT_POOL): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built in since PostgreSQL 13: no extension to install.
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    // A request waits at most `waitMs` for a connection (pg waits forever by default).
    extra: { max: pool.size, connectionTimeoutMillis: pool.waitMs, application_name: 'cssd-trace' },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
