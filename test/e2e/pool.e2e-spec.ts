import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_POOL } from '../../src/config/config.js';
import { packBarcode } from '../../src/kernel/barcode.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate } from '../support/factories.js';

/** The service's pool of PostgreSQL connections, by default. */
const POOL = DEFAULT_POOL.size;

describe('more stations at once than the service has database connections', () => {
  let t: TestApp;
  let c: ChainDriver;
  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
  });
  afterAll(() => t.close());

  // A co-signed step checks the second person inside its transaction. Done on a second
  // connection, each step held one connection and waited for another: with every connection
  // held, no step could go on and the service hung (seen in the bench with a pool of 6). Three
  // times the pool, so that all connections are held at once (with the old code this hangs).
  it(`packs ${POOL * 3} critical sets at once, each co-signed by a second nurse: every one is packed`, async () => {
    const template = await createTemplate(t, { critical: true });
    const codes: string[] = [];
    for (let i = 0; i < POOL * 3; i++)
      codes.push((await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id })).assetCode);
    for (const code of codes) await c.recycle(code);
    await c.wash(codes);

    const answers = await Promise.all(
      codes.map((code) =>
        c.post('/api/packing/sets', {
          code,
          inspection: { clean: true, functional: true, complete: true, label: true, indicatorTape: true },
          secondPerson: { badgeCode: c.nurse2.user.badgeCode, pin: c.nurse2.pin },
        }),
      ),
    );
    expect(answers.map((a) => a.status).filter((s) => s >= 300)).toEqual([]);
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = ANY($1) AND p.state = 'packed' AND p.checked_by = $2`,
      [codes, c.nurse2.user.id],
    );
    expect(n).toBe(POOL * 3);
  });
});

describe('every database connection held for longer than a request may wait', () => {
  let t: TestApp;
  let c: ChainDriver;
  beforeAll(async () => {
    t = await createTestApp({ CSSD_DB_POOL_SIZE: '2', CSSD_DB_POOL_WAIT_MS: '300' });
    c = await ChainDriver.create(t);
  });
  afterAll(() => t.close());

  it('answers 503 DATABASE_BUSY in both languages after the wait instead of hanging, and works again once a connection is free', async () => {
    const barcode = packBarcode(999_999n);
    const held = [t.ds.createQueryRunner(), t.ds.createQueryRunner()];
    try {
      for (const qr of held) await qr.connect();
      const started = Date.now();
      const busy = await c.t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token)).set('Accept-Language', 'zh-CN');
      expect({ status: busy.status, code: busy.body.code, message: busy.body.message, retryAfter: busy.headers['retry-after'] }).toEqual({
        status: 503,
        code: 'DATABASE_BUSY',
        message: '系统繁忙，请稍后重新扫描',
        retryAfter: '1',
      });
      // Not hanging: the pool's wait is seconds (the test's own limit is 30 s); a generous bound, as CI machines are loaded.
      expect(Date.now() - started).toBeLessThan(15_000);
      const en = await c.t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token)).set('Accept-Language', 'en');
      expect(en.body).toMatchObject({ code: 'DATABASE_BUSY', message: 'The system is busy; please scan again in a moment' });
    } finally {
      for (const qr of held) await qr.release();
    }
    const free = await c.t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token));
    expect({ status: free.status, code: free.body.code }).toEqual({ status: 404, code: 'UNKNOWN_BARCODE' });
  });
});
