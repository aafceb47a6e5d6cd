import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate } from '../support/factories.js';

describe('the pack chain, end to end', () => {
  let t: TestApp;
  let c: ChainDriver;
  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
  });
  afterAll(() => t.close());

  it('walks one critical set around two full cycles with full provenance for both packs', async () => {
    const template = await createTemplate(t, { critical: true, packagingMaterial: 'cotton', nameZh: '阑尾包', nameEn: 'Appendectomy set' });
    const set = await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id });

    const first = await c.recycle(set.assetCode);
    expect(first.outcome).toBe('collected');
    expect(first.pack.cycleNo).toBe(1);
    await c.wash([set.assetCode]);
    const p1 = await c.pack(set.assetCode);
    expect(p1).toMatch(/^P\d{11}$/);
    const unload = await c.sterilize([p1]);
    expect(unload.release).toBe('released');
    await c.store(p1, { location: 'A-01' });
    const d = await c.dispatch(p1);
    expect(d.outcome).toBe('dispatched');
    await c.receive(p1);
    await c.use(p1, 'ZY2026001');

    const second = await c.recycle(p1);
    expect(second.pack.cycleNo).toBe(2);
    await c.wash([set.assetCode]);
    const p2 = await c.pack(set.assetCode);
    expect(p2).not.toBe(p1);
    await c.sterilize([p2]);
    await c.store(p2);
    await c.dispatch(p2);

    const trace1 = await t.http().get(`/api/trace/packs/${p1}`).set(bearer(c.nurse.token));
    expect(trace1.status).toBe(200);
    const b = trace1.body;
    expect(b.pack).toMatchObject({ barcode: p1, state: 'used', cycleNo: 1, nameZh: '阑尾包' });
    expect(b.template.contents.length).toBeGreaterThan(0);
    expect(b.set).toMatchObject({ assetCode: set.assetCode, cycleCount: 2, cycleNo: 1 });
    expect(b.recycling.fromDepartment.code).toBe(c.department.code);
    expect(b.recycling.by.id).toBe(c.nurse.user.id);
    expect(b.cleaning).toMatchObject({ kind: 'washer', cycleNo: expect.any(Number), result: 'passed', a0: 3000 });
    expect(b.packing.packer.id).toBe(c.nurse.user.id);
    expect(b.packing.checker.id).toBe(c.nurse2.user.id);
    expect(b.sterilization).toMatchObject({ cycleNo: expect.any(Number), release: 'released' });
    expect(b.sterilization.sterilizer.code).toBe(c.sterilizer.sterilizer.code);
    expect(b.sterilization.coSignedBy.id).toBe(c.monitor.user.id);
    expect(b.sterilization.physical).toMatchObject({ passed: true, tempMinC: 134.5, holdMinutes: 4.5 });
    expect(b.indicators).toMatchObject({ loadChemicalPassed: true, outsideIndicatorPassed: true });
    expect(b.storage.location).toBe('A-01');
    expect(b.dispatch.department.code).toBe(c.department.code);
    expect(b.receipt.by.id).toBe(c.departmentUser.user.id);
    expect(b.use.patientId).toBe('ZY2026001');
    expect(b.replacedBy.barcode).toBe(p2);
    expect(b.events.map((e: { type: string }) => e.type)).toEqual([
      'recycle',
      'start_wash',
      'wash_passed',
      'pack',
      'load',
      'label_printed',
      'start_sterilization',
      'unload_released',
      'store',
      'dispatch',
      'receive',
      'use',
    ]);
    expect(b.events.every((e: { station: string }) => e.station === 'TEST-1')).toBe(true);

    const trace2 = await t.http().get(`/api/trace/packs/${p2}`).set(bearer(c.departmentUser.token));
    expect(trace2.status).toBe(200);
    expect(trace2.body.pack).toMatchObject({ barcode: p2, state: 'dispatched', cycleNo: 2 });
    expect(trace2.body.recycling.data.previousBarcode).toBe(p1);

    const history = await t.http().get(`/api/trace/sets/${set.assetCode}`).set(bearer(c.nurse.token));
    expect(history.body.cycles.map((x: { barcode: string }) => x.barcode)).toEqual([p2, p1]);

    // The dead label is refused at a station, naming the new pack.
    const dead = await c.post('/api/storage/scan', { code: p1 });
    expect(dead.status).toBe(409);
    expect(dead.body.code).toBe('PACK_SUPERSEDED');
    expect(dead.body.details.replacedBy).toBe(p2);
  });
});
