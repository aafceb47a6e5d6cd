import { describe, expect, it } from '@jest/globals';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { migrateTestDatabase, testDatabaseUrl } from '../support/test-db.js';

describe('the service’s connections', () => {
  it('run without JIT compilation, whatever the server’s default (the month’s register spent 3.6 s compiling)', async () => {
    await migrateTestDatabase();
    const ds = createDataSource(testDatabaseUrl(), ENTITIES);
    await ds.initialize();
    try {
      // Every connection of the pool, not only the first: two at once.
      const settings = await Promise.all([ds.query(`SHOW jit`), ds.query(`SELECT current_setting('jit') AS jit, pg_sleep(0.05)`)]);
      expect(settings.map(([r]) => r.jit)).toEqual(['off', 'off']);
      expect(await ds.query(`SELECT current_setting('application_name') AS name`)).toEqual([{ name: 'cssd-trace' }]);
    } finally {
      await ds.destroy();
    }
  });
});
