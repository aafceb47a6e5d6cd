import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer } from '../support/factories.js';

/**
 * Provenance names every monitoring result that released the pack (§1, §4.2–4.3; issue 12):
 * the load's biological indicators with their read times, results and readers, the PCD's type 5
 * indicator, and the B-D that opened the sterilizer that day — as names and times, no ids.
 */
describe('provenance: the monitoring that released a pack', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an implant pack released by its negative BI shows the BI (lot, placed, read, result, reader), the PCD and the day’s B-D', async () => {
    const c = await ChainDriver.create(t);
    const asset = await c.newSet({ implant: true, nameZh: '骨科植入物包', nameEn: 'Orthopaedic implant set' });
    await c.recycle(asset);
    await c.wash([asset]);
    const barcode = await c.pack(asset);
    const load = await c.startLoad([barcode], { bis: [{ pcdType5Passed: true, lot: 'LOT-7781' }] });
    await c.unload(load.id);
    await c.readBi(load.bis[0].id, 'passed');
    await c.store(barcode);
    await c.dispatch(barcode);

    const res = await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.departmentUser.token));
    expect(res.status).toBe(200);
    const { biologicalIndicators, bowieDick, emergencyRelease } = res.body.monitoring;
    expect(biologicalIndicators).toEqual([
      expect.objectContaining({
        lot: 'LOT-7781',
        result: 'passed',
        pcdType5Passed: true,
        readoutMinutes: 20,
        placedBy: c.monitor.user.displayName,
        readBy: c.monitor.user.displayName,
        readAt: expect.any(String),
        readableFrom: expect.any(String),
      }),
    ]);
    expect(new Date(biologicalIndicators[0].readAt).getTime()).toBeGreaterThanOrEqual(new Date(biologicalIndicators[0].readableFrom).getTime());
    expect(bowieDick).toMatchObject({ passed: true, by: c.monitor.user.displayName, testDate: res.body.sterilizationDate });
    expect(emergencyRelease).toBeNull();
  });

  it('a pack not sterilized yet has no monitoring results', async () => {
    const c = await ChainDriver.create(t);
    const asset = await c.newSet();
    await c.recycle(asset);
    await c.wash([asset]);
    const barcode = await c.pack(asset);
    const res = await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token));
    expect(res.status).toBe(200);
    expect(res.body.monitoring).toEqual({ biologicalIndicators: [], bowieDick: null, emergencyRelease: null });
  });
});
