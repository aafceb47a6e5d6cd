import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { rowCounts } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Times a client states are checked against the service's clock (issue 18, §4.2): never in the
 * future beyond a small clock-skew tolerance, never before the record they belong to.
 */
describe('stated times', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const inMinutes = (m: number) => new Date(t.clock.instant().getTime() + m * 60_000).toISOString();
  const bd = (c: ChainDriver, body: object) =>
    c.post('/api/monitoring/bd', { sterilizerId: c.sterilizer.sterilizer.id, ...body }, c.monitor.token);
  const openClinical = (c: ChainDriver) =>
    c.post('/api/loads', { sterilizerId: c.sterilizer.sterilizer.id, programId: c.sterilizer.program.id });

  it('a passing B-D dated hours ahead is refused and does not lift the morning’s failed B-D; one a minute ahead (clock skew) counts as now', async () => {
    const c = await ChainDriver.create(t);
    expectOk(await bd(c, { passed: false }));
    const before = await rowCounts(t, ['bd_tests', 'sterilizer_loads']);
    expectRefused(await bd(c, { passed: true, testedAt: inMinutes(160) }), 422, 'STATED_TIME_IN_FUTURE');
    expect(await rowCounts(t, ['bd_tests', 'sterilizer_loads'])).toEqual(before);
    expectRefused(await openClinical(c), 422, 'BD_FAILED');
    const skewed = expectOk(await bd(c, { passed: true, testedAt: inMinutes(1) }));
    expect(new Date(skewed.testedAt).getTime()).toBeLessThanOrEqual(t.clock.instant().getTime());
    expectOk(await openClinical(c));
  });

  it('a B-D dated before the sterilizer’s last recorded cycle is refused (STATED_TIME_TOO_EARLY): it cannot be slipped in ahead of a run', async () => {
    const c = await ChainDriver.create(t);
    const [p] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([p]);
    await c.unload(load.id);
    const [{ started_at }] = await t.ds.query('SELECT started_at FROM sterilizer_loads WHERE id = $1', [load.id]);
    expectRefused(
      await bd(c, { passed: true, testedAt: new Date(new Date(started_at).getTime() - 60_000).toISOString() }),
      422,
      'STATED_TIME_TOO_EARLY',
    );
  });

  it('an environment reading dated next week is refused, nothing recorded', async () => {
    const c = await ChainDriver.create(t);
    const before = await rowCounts(t, ['environment_readings']);
    expectRefused(
      await c.post(
        '/api/monitoring/readings',
        { kind: 'storage_humidity', value: 80, measuredAt: inMinutes(7 * 24 * 60) },
        c.monitor.token,
      ),
      422,
      'STATED_TIME_IN_FUTURE',
    );
    expect(await rowCounts(t, ['environment_readings'])).toEqual(before);
  });

  it('a BI placed in the future or before its load was opened is refused', async () => {
    const c = await ChainDriver.create(t);
    const load = await c.openLoad();
    const productId = await c.biProduct();
    const place = (placedAt: string) =>
      c.post('/api/monitoring/bi', { loadId: load.id, productId, lot: 'LOT-T', placedAt }, c.monitor.token);
    expectRefused(await place(inMinutes(60)), 422, 'STATED_TIME_IN_FUTURE');
    const [{ opened_at }] = await t.ds.query('SELECT opened_at FROM sterilizer_loads WHERE id = $1', [load.id]);
    expectRefused(await place(new Date(new Date(opened_at).getTime() - 60_000).toISOString()), 422, 'STATED_TIME_TOO_EARLY');
    expectOk(await place(new Date(new Date(opened_at).getTime() + 1).toISOString()));
  });

  it('a time stated without a zone is the hospital’s wall clock (Asia/Shanghai), not the server’s; a form naming no time is refused with 400', async () => {
    const c = await ChainDriver.create(t);
    // 30 minutes ago as a Shanghai wall clock reads it (UTC+8, no daylight saving).
    const ago = new Date(t.clock.instant().getTime() - 30 * 60_000);
    const wall = new Date(ago.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
    const reading = expectOk(
      await c.post('/api/monitoring/readings', { kind: 'storage_humidity', value: 50, measuredAt: wall }, c.monitor.token),
    );
    expect(new Date(reading.measuredAt).getTime()).toBe(Math.floor(ago.getTime() / 1000) * 1000);
    const before = await rowCounts(t, ['environment_readings', 'bd_tests']);
    for (const odd of ['2026-W11-2', '2026-069', '2026-03-10T08']) {
      expectRefused(
        await c.post('/api/monitoring/readings', { kind: 'storage_humidity', value: 50, measuredAt: odd }, c.monitor.token),
        400,
        'VALIDATION_FAILED',
      );
      expectRefused(await bd(c, { passed: true, testedAt: odd }), 400, 'VALIDATION_FAILED');
    }
    expect(await rowCounts(t, ['environment_readings', 'bd_tests'])).toEqual(before);
  });
});
