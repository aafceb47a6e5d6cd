import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { expiryProbe } from '../support/expiry-counters.js';
import { createScratchDatabase } from '../support/test-db.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { expectOk } from '../support/expect.js';

/**
 * "Expired in storage" read from the counters per expiry day (issue 15), attacked with what a CSSD's
 * data does: a withdrawn release (issue 18) put back on the shelf, a pack leaving the shelf in the
 * last millisecond of its expiry day or the first of the next, catch-ups one event at a time. Every
 * figure is counted by hand from the history built here, in months no other file uses (the clock is
 * years ahead), and checked against the API before and after catch-ups; the tallies' 'expiry'
 * counters are checked against a recount of report_pack_shelf done here in TypeScript.
 */
const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

describe('expired in storage: counters per expiry day under real CSSD data', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let base: string;

  const at = (m: string, day: number, hour: number) =>
    new Date(startOfLocalDay(`${m}-${String(day).padStart(2, '0')}`, TZ).getTime() + hour * HOUR);
  const { expired, caughtUp, expiryOf, expectCountersMatchShelf } = expiryProbe(() => ({ t, head }), TZ);

  beforeAll(async () => {
    // A database of its own: its clock runs years ahead, and in the shared one every file after it
    // would start after its records (a storage excursion there then reached other files' packs).
    t = await createTestApp({}, { ownerUrl: await createScratchDatabase('withdrawn') });
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    base = localDate(t.clock.instant(), TZ).slice(0, 7);
    t.clock.set(at(addMonths(base, 40), 1, 8));
    await caughtUp();
  });
  afterAll(() => t.close());

  it('counts a pack whose release was withdrawn and that went back on the shelf as expired there', async () => {
    // Three implant sets in cotton (14 days), one steam load with one BI whose PCD's type 5 passed.
    const month = addMonths(base, 41);
    t.clock.set(at(month, 3, 8));
    const cotton = async () => c.newSet({ implant: true, packagingMaterial: 'cotton' });
    const [p1, p2, q] = await c.packedMany([await cotton(), await cotton(), await cotton()]);
    const load = await c.startLoad([p1, p2, q], { bis: [{ pcdType5Passed: true, lot: 'LOT-BRK' }] });
    await c.unload(load.id);
    // The BI reads negative (the day's control grew): all three released; p1 and q stored, p2 not yet.
    const read = await c.readBi(load.bis[0].id, 'passed');
    expect(read.released).toBe(3);
    await c.store(p1);
    await c.store(q);
    // 11:00: another control of the lot that day did not grow — the release is withdrawn: all three held.
    t.clock.set(at(month, 3, 11));
    const withdrawn = expectOk(
      await c.post('/api/monitoring/bi-controls', { productId: await c.biProduct(), lot: 'LOT-BRK', grew: false }, c.monitor.token),
    );
    expect(withdrawn.packsHeld).toBe(3);
    // 12:00: p1 and p2 are needed for an operation: released early by the head nurse, and put on the shelf.
    // q waits for a new BI (it never goes back on the shelf here).
    t.clock.set(at(month, 3, 12));
    const early = await t
      .http()
      .post(`/api/monitoring/loads/${load.id}/emergency-release`)
      .set(bearer(head.token))
      .send({ reason: '急诊骨折内固定手术，无替代植入物', barcodes: [p1, p2] });
    expect(early.status).toBe(200);
    await c.store(p1);
    await c.store(p2);
    const states = await t.ds.query(`SELECT barcode, state FROM packs WHERE barcode = ANY($1)`, [[p1, p2, q]]);
    expect(Object.fromEntries(states.map((r: { barcode: string; state: string }) => [r.barcode, r.state]))).toEqual({
      [p1]: 'stored',
      [p2]: 'stored',
      [q]: 'quarantined',
    });
    const expiry = await expiryOf([p1, p2, q]);
    const em = expiry.slice(0, 7);
    // The operation is cancelled; p1 and p2 stay on the shelf past their expiry day.
    t.clock.set(startOfLocalDay(addLocalDays(expiry, 2), TZ));
    // By hand: stored before the expiry day ended — p1, p2, q (3); still on the shelf when it ended — p1, p2 (2).
    const live = await expired(em);
    await caughtUp();
    await expectCountersMatchShelf();
    expect({ live, tallied: await expired(em) }).toEqual({ live: [2, 3], tallied: [2, 3] });
  });
});
