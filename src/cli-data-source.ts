/**
 * Default-exported DataSource for the TypeORM CLI (`npm run migration:generate`); needs DATABASE_URL.
 * In the wiring floor, beside the entity list it compares the schema with (src/entities.ts).
 */
import { loadDatabaseConfig } from './config/config.js';
import { createDataSource } from './database/data-source.js';
import { ENTITIES } from './entities.js';

const { databaseUrl } = loadDatabaseConfig();
if (!databaseUrl) throw new Error('migration:generate needs DATABASE_URL (a scratch database with every migration applied)');
export default createDataSource(databaseUrl, ENTITIES);
