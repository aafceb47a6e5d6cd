import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * The B-D test is an empty-chamber cycle of its sterilizer (issue 18, §4.2): it takes the
 * sterilizer's next cycle number and appears in its cycle list, so "cycle 1 of today" on the
 * sterilizer's printout is the record's cycle 1.
 */
describe('the Bowie-Dick test as a cycle of its sterilizer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const cycles = async (c: ChainDriver) =>
    expectOk(await t.http().get(`/api/loads?sterilizerId=${c.sterilizer.sterilizer.id}`).set(bearer(c.nurse.token)));
  /** 07:00 of the hospital day after the clock's. */
  const tomorrowMorning = () => {
    const tz = t.config.timezone;
    return new Date(startOfLocalDay(addLocalDays(localDate(t.clock.instant(), tz), 1), tz).getTime() + 7 * 3600_000);
  };

  it('takes the next cycle number and is listed with the loads (GET /api/loads, GET /api/monitoring/bd); the next load takes the number after it', async () => {
    const c = await ChainDriver.create(t);
    const bd = await c.bd();
    expect(bd).toMatchObject({ cycleNo: 1, loadId: expect.any(String), passed: true });
    const load = await c.openLoad();
    expect(load.cycleNo).toBe(2);
    const failedBd = expectOk(
      await c.post('/api/monitoring/bd', { sterilizerId: c.sterilizer.sterilizer.id, passed: false }, c.monitor.token),
    );
    expect(failedBd.cycleNo).toBe(3);
    const list = await cycles(c);
    expect(list.map((l: { cycleNo: number; kind: string; status: string }) => [l.cycleNo, l.kind, l.status]).sort()).toEqual([
      [1, 'bowie_dick', 'completed'],
      [2, 'load', 'open'],
      [3, 'bowie_dick', 'failed'],
    ]);
    const bds = expectOk(await t.http().get(`/api/monitoring/bd?sterilizerId=${c.sterilizer.sterilizer.id}`).set(bearer(c.nurse.token)));
    expect(bds.map((b: { cycleNo: number }) => b.cycleNo)).toEqual([3, 1]);
  });

  it('a B-D recorded while a load is opened ahead takes the next number and counts as run: the open load keeps its number (its labels) and starts after it', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad(); // B-D cycle 1, load cycle 2
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: barcode }));
    // Next morning: the load opened yesterday needs today's B-D before it starts.
    t.clock.set(tomorrowMorning());
    await c.beforeStart(load.id, { bd: false }); // its labels printed and its loading check recorded, no B-D yet
    expectRefused(await c.post(`/api/loads/${load.id}/start`, {}), 422, 'BD_MISSING');
    const bd = expectOk(await c.post('/api/monitoring/bd', { sterilizerId: c.sterilizer.sterilizer.id, passed: true }, c.monitor.token));
    expect(bd.cycleNo).toBe(3);
    expectOk(await c.post(`/api/loads/${load.id}/start`, {}));
    const next = expectOk(await c.post('/api/loads', { sterilizerId: c.sterilizer.sterilizer.id, programId: c.sterilizer.program.id }));
    expect(next.cycleNo).toBe(4);
  });

  it('no B-D while a load runs in the chamber (STERILIZER_BUSY): the chamber holds one cycle at a time', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([barcode]);
    expectRefused(
      await c.post('/api/monitoring/bd', { sterilizerId: c.sterilizer.sterilizer.id, passed: true }, c.monitor.token),
      409,
      'STERILIZER_BUSY',
    );
    await c.unload(load.id);
    expect(
      expectOk(await c.post('/api/monitoring/bd', { sterilizerId: c.sterilizer.sterilizer.id, passed: true }, c.monitor.token)).cycleNo,
    ).toBe(load.cycleNo + 1);
  });
});
