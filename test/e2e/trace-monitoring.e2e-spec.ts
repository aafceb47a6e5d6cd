import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser } from '../support/factories.js';
import { expectOk } from '../support/expect.js';

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
        productCode: expect.any(String),
        positiveControl: { grew: true, readAt: expect.any(String), by: c.monitor.user.displayName },
        invalid: false,
      }),
    ]);
    expect(new Date(biologicalIndicators[0].readAt).getTime()).toBeGreaterThanOrEqual(
      new Date(biologicalIndicators[0].readableFrom).getTime(),
    );
    expect(bowieDick).toMatchObject({
      passed: true,
      by: c.monitor.user.displayName,
      testDate: res.body.sterilizationDate,
      cycleNo: load.cycleNo - 1,
    });
    expect(emergencyRelease).toBeNull();
    // Released by its BI before it left: nothing was pending at dispatch.
    expect(res.body.monitoring.atDispatch).toMatchObject({ underEmergencyRelease: false, pendingBis: [] });
    // The physical record with the printout's cycle as typed at unloading (from the load's start).
    const [{ started_at: startedAt }] = await t.ds.query('SELECT started_at FROM sterilizer_loads WHERE id = $1', [load.id]);
    expect(res.body.sterilization.physical).toMatchObject({ holdMinutes: 4.5, reportedCycleStartedAt: new Date(startedAt).toISOString() });
  });

  it('an implant dispatched under emergency release shows what was pending then: its BI, read 3 h later', async () => {
    const c = await ChainDriver.create(t);
    const head = await createUser(t, 'head_nurse');
    const asset = await c.newSet({ implant: true });
    await c.recycle(asset);
    await c.wash([asset]);
    const barcode = await c.pack(asset);
    const load = await c.startLoad([barcode], { bis: [{ pcdType5Passed: true, lot: 'LOT-EM', readoutMinutes: 180 }] });
    await c.unload(load.id);
    expectOk(
      await c.post(
        `/api/monitoring/loads/${load.id}/emergency-release`,
        { reason: 'Emergency hip fracture, no other implant', barcodes: [barcode] },
        head.token,
      ),
    );
    await c.store(barcode);
    await c.dispatch(barcode);
    const before = expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token)));
    expect(before.monitoring.atDispatch).toMatchObject({
      underEmergencyRelease: true,
      pendingBis: [{ lot: 'LOT-EM', result: 'pending', resultRecordedAt: null, hoursAfterDispatch: null }],
    });
    await c.readBi(load.bis[0].id, 'passed');
    const after = expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.departmentUser.token)));
    const [pending] = after.monitoring.atDispatch.pendingBis;
    expect(pending).toMatchObject({ lot: 'LOT-EM', result: 'passed' });
    expect(pending.hoursAfterDispatch).toBeGreaterThan(2.5);
    expect(pending.hoursAfterDispatch).toBeLessThanOrEqual(3.1);
    expect(after.monitoring.emergencyRelease).toMatchObject({ approvedBy: head.user.displayName });
  });

  it('a pack not sterilized yet has no monitoring results', async () => {
    const c = await ChainDriver.create(t);
    const asset = await c.newSet();
    await c.recycle(asset);
    await c.wash([asset]);
    const barcode = await c.pack(asset);
    const res = await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token));
    expect(res.status).toBe(200);
    expect(res.body.monitoring).toEqual({ biologicalIndicators: [], bowieDick: null, emergencyRelease: null, atDispatch: null });
  });
});
