import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer } from '../support/factories.js';
import { refused, simulateOutage } from '../support/outage.js';

/** An error as the pg driver raises it from the server: a message and a SQLSTATE. */
const pgError = (code: string, message: string) => () => Object.assign(new Error(message), { code, severity: 'FATAL' });

/**
 * What operators and stations see while PostgreSQL is down or restarting (issue 13.5): the
 * health check fails (503) so a load balancer takes the service out, and every request answers
 * 503 DATABASE_UNAVAILABLE with Retry-After — an outage to wait out, never a 500 that tells the
 * ward to call the administrator.
 */
describe('PostgreSQL down or restarting', () => {
  let t: TestApp;
  let c: ChainDriver;
  let db: ReturnType<typeof simulateOutage>;
  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    db = simulateOutage(t);
  });
  afterEach(() => {
    db.restore();
  });
  afterAll(() => t.close());

  it('GET /api/health answers 200 ok while the database is up and 503 degraded while it is down', async () => {
    const up = await t.http().get('/api/health');
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'ok', database: 'up' });
    db.now();
    const down = await t.http().get('/api/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'degraded', database: 'down' });
    db.restore();
    expect((await t.http().get('/api/health')).status).toBe(200);
  });

  it.each([
    ['connection refused', refused],
    ['connection reset', () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['cannot connect now: recovery (57P03)', pgError('57P03', 'the database system is in recovery mode')],
    ['administrator shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', pgError('57P02', 'terminating connection because of crash of another server process')],
    ['connection failure (08006)', pgError('08006', 'connection failure')],
    ['connection terminated (no code)', () => new Error('Connection terminated unexpectedly')],
  ])('%s: a station scan gets 503 DATABASE_UNAVAILABLE with Retry-After, in both languages', async (_what, error) => {
    db.now(error);
    const zh = await t.http().get('/api/storage/packs').set(bearer(c.nurse.token));
    const en = await t
      .http()
      .post('/api/storage/scan')
      .set(bearer(c.nurse.token))
      .set('Accept-Language', 'en')
      .send({ code: 'P00000000001' });
    for (const res of [zh, en]) {
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(zh.body.message).toBe('数据库暂不可用，请稍后重试');
    expect(en.body.message).toBe('The database is unavailable; please retry shortly');
  });

  it('an error in words no list knows, while PostgreSQL is unreachable, is the outage too: 503, not 500', async () => {
    // Seen once in the kill -9 test (test/e2e/crash-retry.e2e-spec.ts): scans in flight answered 500.
    db.now(() => new Error('Query runner already released. Cannot run queries anymore.'));
    const res = await t.http().post('/api/storage/scan').set(bearer(c.nurse.token)).send({ code: 'P00000000001' });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
