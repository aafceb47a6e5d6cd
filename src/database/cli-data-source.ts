/** Default-exported DataSource for the TypeORM CLI (`npm run migration:generate`); needs DATABASE_URL. */
import { loadDatabaseConfig } from '../config/config.js';
import { createDataSource } from './data-source.js';

const { databaseUrl } = loadDatabaseConfig();
if (!databaseUrl) throw new Error('migration:generate needs DATABASE_URL (a scratch database with every migration applied)');
export default createDataSource(databaseUrl);
