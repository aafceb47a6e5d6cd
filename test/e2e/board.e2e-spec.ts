import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, startOfLocalDay } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * The read-only views behind the monitoring desk and the head nurse's board (issue 12): the BIs
 * waiting for a result with the time each may be read, the reading limits, the recall list with
 * its progress, and GET /api/board — each sterilizer available or blocked and why, washers, open
 * recalls, expiring packs, today's work and implant loads waiting for their BI.
 */
describe('monitoring desk and head nurse’s board views', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const get = (path: string, token: string) => t.http().get(path).set(bearer(token));
  const board = async () => expectOk(await get('/api/board', head.token));
  const sterilizerOn = (b: { sterilizers: { code: string }[] }, code: string) =>
    b.sterilizers.find((s) => s.code === code) as Record<string, unknown> | undefined;

  it('lists each pending BI with its sterilizer code, cycle and earliest read time, readable only once the service clock passes it', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([barcode], { bis: [{}] });
    const pending = async () =>
      (expectOk(await get('/api/monitoring/bi/pending', c.monitor.token)) as Record<string, unknown>[]).find(
        (b) => b.id === load.bis[0].id,
      )!;

    // Running: no completion yet, so no read time.
    expect(await pending()).toMatchObject({
      sterilizerCode: c.sterilizer.sterilizer.code,
      cycleNo: load.cycleNo,
      loadStatus: 'running',
      completedAt: null,
      earliestReadAt: null,
      readable: false,
      readoutMinutes: 20,
    });
    // It waits for its unloading, which the monitor co-signs.
    const toUnload = async () =>
      (expectOk(await get('/api/monitoring/loads/unloading', c.monitor.token)) as { loadId: string }[]).find((l) => l.loadId === load.id);
    expect(await toUnload()).toMatchObject({
      sterilizerCode: c.sterilizer.sterilizer.code,
      cycleNo: load.cycleNo,
      packs: 1,
      bis: 1,
      containsImplant: false,
      emptyChamber: false,
      startedAt: expect.any(String),
    });

    await c.unload(load.id);
    expect(await toUnload()).toBeUndefined();
    const incubating = await pending();
    const completedAt = new Date(incubating.completedAt as string).getTime();
    expect(new Date(incubating.earliestReadAt as string).getTime()).toBe(completedAt + 20 * 60_000);
    expect(incubating).toMatchObject({ readable: false, pcdType5Passed: null });

    t.clock.advance(21 * 60_000);
    expect(await pending()).toMatchObject({ readable: true });

    // Read: it leaves the list.
    await c.readBi(load.bis[0].id, 'passed');
    expect(
      await (async () =>
        (expectOk(await get('/api/monitoring/bi/pending', c.monitor.token)) as { id: string }[]).some((b) => b.id === load.bis[0].id))(),
    ).toBe(false);
  });

  it('gives the limits of each reading kind, and which ones must come with their own', async () => {
    const limits = expectOk(await get('/api/monitoring/reading-limits', head.token)) as { kind: string }[];
    expect(limits.find((l) => l.kind === 'storage_temperature')).toEqual({
      kind: 'storage_temperature',
      unit: '°C',
      max: 24,
      strictMax: true,
      limitsRequired: false,
    });
    expect(limits.find((l) => l.kind === 'disinfectant_concentration')).toMatchObject({ limitsRequired: true, max: null });
  });

  it('shows a sterilizer available, then blocked by a positive BI with the recall open and its progress; the recall list carries the same counts', async () => {
    const c = await ChainDriver.create(t);
    const [inStorage] = await c.storedMany([await c.newSet()]);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([barcode], { bis: [{}] });
    await c.unload(load.id);

    let b = await board();
    expect(sterilizerOn(b, c.sterilizer.sterilizer.code)).toMatchObject({ available: true, reasons: [], runningCycleNo: null });
    expect(b.washers.some((w: { code: string }) => w.code === c.washer.washer.code)).toBe(true);
    const stage = (x: typeof b, s: string) => x.todayCounts.find((r: { stage: string }) => r.stage === s).count as number;
    expect(stage(b, 'recycling')).toBeGreaterThanOrEqual(2);
    expect(stage(b, 'storage')).toBeGreaterThanOrEqual(1);

    const read = await c.readBi(load.bis[0].id, 'failed');
    const recallId = read.recall.id as string;
    b = await board();
    expect(sterilizerOn(b, c.sterilizer.sterilizer.code)).toMatchObject({ available: false, reasons: ['bi_failed'] });
    const recall = b.recalls.find((r: { id: string }) => r.id === recallId);
    expect(recall).toMatchObject({
      status: 'open',
      trigger: 'bi_failed',
      total: 2,
      counts: { not_found: 2, pulled: 0, returned: 0, used: 0 },
    });

    // A pack scanned back: the progress moves on the board and on the recall list.
    expectOk(await c.post(`/api/recalls/${recallId}/scan`, { code: inStorage }, head.token));
    b = await board();
    expect(b.recalls.find((r: { id: string }) => r.id === recallId).counts).toMatchObject({ not_found: 1, pulled: 1 });
    const list = expectOk(await get('/api/recalls?status=open', c.monitor.token)) as {
      id: string;
      counts: Record<string, number>;
      total: number;
    }[];
    expect(list.find((r) => r.id === recallId)).toMatchObject({ total: 2, counts: { not_found: 1, pulled: 1 } });
  });

  it('lists packs in circulation expiring within 7 days and implant loads waiting for their BI', async () => {
    const c = await ChainDriver.create(t);
    const [soon, later] = await c.storedMany([await c.newSet(), await c.newSet()]);
    // The board lists the 100 soonest: in the shared test database other files' packs expire in the
    // coming days too. Read on a day of its own (the year 2001, which no other file's pack reaches),
    // with this test's two packs dated from it; then the clock comes back.
    const back = t.clock.instant();
    const today = '2001-03-10';
    await t.ds.query(`UPDATE packs SET expiry_date = $2 WHERE barcode = $1`, [soon, addLocalDays(today, 3)]);
    await t.ds.query(`UPDATE packs SET expiry_date = $2 WHERE barcode = $1`, [later, addLocalDays(today, 30)]);
    t.clock.set(new Date(startOfLocalDay(today, t.config.timezone).getTime() + 9 * 3_600_000));
    const then = await board();
    t.clock.set(back);
    const barcodes = then.expiring.packs.map((p: { barcode: string }) => p.barcode);
    expect(barcodes).toContain(soon);
    expect(barcodes).not.toContain(later);
    expect(then.expiring.packs.find((p: { barcode: string }) => p.barcode === soon)).toMatchObject({
      state: 'stored',
      expiryDate: addLocalDays(today, 3),
      expired: false,
    });

    const [implant] = await c.packedMany([await c.newSet({ implant: true })]);
    const load = await c.startLoad([implant], { bis: [{ pcdType5Passed: true }] });
    await c.unload(load.id);

    const b = await board();
    expect(b.awaitingBi.find((l: { loadId: string }) => l.loadId === load.id)).toMatchObject({
      sterilizerCode: c.sterilizer.sterilizer.code,
      cycleNo: load.cycleNo,
      quarantinedPacks: 1,
      pcdType5Passed: true,
      biReadable: false,
    });
    // The implants an emergency release would let out, until the head nurse approves it.
    expect(b.awaitingBi.find((l: { loadId: string }) => l.loadId === load.id).implantPacks).toEqual([
      { barcode: implant, templateCode: expect.any(String), nameZh: '测试包', nameEn: 'Test set' },
    ]);
    expectOk(
      await t
        .http()
        .post(`/api/monitoring/loads/${load.id}/emergency-release`)
        .set(bearer(head.token))
        .send({ reason: '急诊手术急需植入物', barcodes: [implant] }),
    );
    expect((await board()).awaitingBi.find((l: { loadId: string }) => l.loadId === load.id)).toMatchObject({
      implantPacks: [],
      emergencyReleased: 1,
    });
  });

  it('is the head nurse’s and the administrator’s: a nurse or a monitor is refused', async () => {
    const nurse = await createUser(t, 'nurse');
    const monitor = await createUser(t, 'monitor');
    expectRefused(await get('/api/board', nurse.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await get('/api/board', monitor.token), 403, 'FORBIDDEN_ROLE');
    expectOk(await get('/api/board', (await createUser(t, 'admin')).token));
  });
});
