import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Positive controls (issue 18; WS 310.3, WS/T 367, §4.2): each day's reading of a BI lot comes
 * with that day's control of the lot (same lot, not sterilized, must grow). A control that did
 * not grow makes the day's negative readings of the lot prove nothing: what they released is
 * taken back (release-policy.ts).
 */
describe('positive controls of BI lots', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const stateOf = async (barcode: string): Promise<string> =>
    (await t.ds.query('SELECT state FROM packs WHERE barcode = $1', [barcode]))[0].state;
  const control = (c: ChainDriver, body: object) => c.post('/api/monitoring/bi-controls', body, c.monitor.token);
  /** Past the BI's incubation (ChainDriver's rapid product: 20 min). */
  const incubate = () => t.clock.advanceMinutes(21);

  it('a BI is not read without that day’s control of its lot (BI_POSITIVE_CONTROL_MISSING): another lot’s or yesterday’s does not count', async () => {
    const c = await ChainDriver.create(t);
    const [implant] = await c.packedMany([await c.newSet({ implant: true })]);
    const load = await c.startLoad([implant], { bis: [{ lot: 'LOT-A' }] });
    await c.unload(load.id);
    incubate();
    const productId = await c.biProduct();
    expectOk(await control(c, { productId, lot: 'LOT-B', grew: true }));
    expectOk(
      await control(c, {
        productId,
        lot: 'LOT-A',
        grew: true,
        readAt: new Date(t.clock.instant().getTime() - 24 * 3600_000).toISOString(),
      }),
    );
    const before = await rowCounts(t, ['bi_tests', 'pack_events']);
    const refused = expectRefused(
      await c.post(`/api/monitoring/bi/${load.bis[0].id}/read`, { result: 'passed' }, c.monitor.token),
      422,
      'BI_POSITIVE_CONTROL_MISSING',
    );
    expect(refused.message).toContain('LOT-A');
    expect(await rowCounts(t, ['bi_tests', 'pack_events'])).toEqual(before);
    expect(await stateOf(implant)).toBe('quarantined');

    expectOk(await control(c, { productId, lot: 'LOT-A', grew: true }));
    const read = expectOk(await c.post(`/api/monitoring/bi/${load.bis[0].id}/read`, { result: 'passed' }, c.monitor.token));
    expect(read.released).toBe(1);
    expect(await stateOf(implant)).toBe('released');
  });

  it('a control that did not grow: the loads its lot’s negative readings released that day are withdrawn — packs in the CSSD held, packs sent out on the board; another lot untouched', async () => {
    const c = await ChainDriver.create(t);
    const [i1, i2, i3, i4] = await c.packedMany([
      await c.newSet({ implant: true }),
      await c.newSet({ implant: true }),
      await c.newSet({ implant: true }),
      await c.newSet({ implant: true }),
    ]);
    // Two BIs in L1 (two PCDs, one lot each): one positive control failing is enough.
    const l1 = await c.startLoad([i1, i2], { bis: [{ lot: 'LOT-X' }, { lot: 'LOT-Z' }] });
    await c.unload(l1.id);
    const l2 = await c.startLoad([i3], { bis: [{ lot: 'LOT-Y' }] });
    await c.unload(l2.id);
    const l3 = await c.startLoad([i4], { bis: [{ lot: 'LOT-X' }] });
    await c.unload(l3.id);
    await c.readBi(l1.bis[0].id, 'passed');
    await c.readBi(l1.bis[1].id, 'passed');
    await c.readBi(l2.bis[0].id, 'passed');
    for (const p of [i1, i2, i3]) await c.store(p);
    await c.dispatch(i2);
    expect(await stateOf(i1)).toBe('stored');

    const answer = expectOk(await control(c, { productId: await c.biProduct(), lot: 'LOT-X', grew: false, note: 'no growth after 48 h' }));
    expect(answer).toMatchObject({
      control: { lot: 'LOT-X', grew: false },
      invalidatedReadings: 1,
      withdrawnLoads: [{ loadId: l1.id, cycleNo: l1.cycleNo, sterilizerCode: c.sterilizer.sterilizer.code }],
      packsHeld: 1,
      packsOut: 1,
    });
    expect(await stateOf(i1)).toBe('quarantined');
    expectRefused(await c.post('/api/dispatch/scan', { code: i1, departmentId: c.department.id }), 422, 'LOAD_NOT_RELEASED');
    const [{ release }] = await t.ds.query('SELECT release FROM sterilizer_loads WHERE id = $1', [l1.id]);
    expect(release).toBe('awaiting_bi');
    // The other lot's load stays released.
    expect(await stateOf(i3)).toBe('stored');
    const board = expectOk(await t.http().get('/api/board').set(bearer(head.token)));
    expect(board.outUnderInvalidBi).toEqual(
      expect.arrayContaining([expect.objectContaining({ barcode: i2, state: 'dispatched', lot: 'LOT-X', cycleNo: l1.cycleNo })]),
    );
    expect(board.outUnderInvalidBi.map((p: { barcode: string }) => p.barcode)).not.toContain(i3);
    // Provenance says why: the reading that released it, invalid, and its lot's control.
    const trace = expectOk(await t.http().get(`/api/trace/packs/${i2}`).set(bearer(c.departmentUser.token)));
    expect(trace.monitoring.biologicalIndicators.find((b: { lot: string }) => b.lot === 'LOT-X')).toMatchObject({
      result: 'passed',
      invalid: true,
      positiveControl: { grew: false },
    });

    // A reading of the lot later that day is recorded but releases nothing: its control failed.
    incubate();
    const late = expectOk(await c.post(`/api/monitoring/bi/${l3.bis[0].id}/read`, { result: 'passed' }, c.monitor.token));
    expect(late.released).toBe(0);
    expect(await stateOf(i4)).toBe('quarantined');
  });

  it('a retest that lifted a BI block proves nothing once its lot’s control fails: the sterilizer is blocked again', async () => {
    const c = await ChainDriver.create(t);
    const [pack] = await c.packedMany([await c.newSet()]);
    const failed = await c.startLoad([pack], { bis: [{ lot: 'LOT-F' }] });
    await c.unload(failed.id);
    await c.readBi(failed.bis[0].id, 'failed');
    const retest = await c.emptyChamberBiRun({ lot: 'LOT-R' });
    await c.readBi(retest.bi.id, 'passed');
    const readiness = async () =>
      expectOk(await t.http().get(`/api/monitoring/sterilizers/${c.sterilizer.sterilizer.id}`).set(bearer(c.nurse.token)))[0].bi.blocked;
    expect(await readiness()).toBe(false);
    expectOk(await control(c, { productId: await c.biProduct(), lot: 'LOT-R', grew: false }));
    expect(await readiness()).toBe(true);
    expectRefused(
      await c.post('/api/loads', { sterilizerId: c.sterilizer.sterilizer.id, programId: c.sterilizer.program.id }),
      422,
      'STERILIZER_BLOCKED_BY_BI',
    );
  });
});
