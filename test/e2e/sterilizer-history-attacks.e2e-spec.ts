import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { addLocalDays, localDate, startOfLocalDay, startOfLocalWeek } from '../../src/common/clock.js';
import { createTestApp, TestClock, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Issue 19, attacked as a CSSD department would: several BIs and PCDs in a load, results read
 * late or too early, physically failed cycles, status and type changed by hand, the hospital's
 * midnight and week, two stations at once. Each test states the safe behaviour; those that fail
 * are breaks of the rules as implemented (see the report of the h/breaker branch).
 */

const TZ = 'Asia/Shanghai';
const HOUR = 3600_000;
/** An instant at `hour` o'clock (hospital time) on `date`. */
const at = (date: string, hour: number) => new Date(startOfLocalDay(date, TZ).getTime() + hour * HOUR);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Longer than any BI's incubation (conventional self-contained BIs: 24–48 h). */
const INCUBATION = 49 * HOUR;
/** A physical record out of the P134 limits (134–137 °C): the cycle failed. */
const OUT_OF_LIMITS = { tempMinC: 121, tempMaxC: 124, holdMinutes: 4.5, pressureMinKpa: 210, pressureMaxKpa: 225 };

function helpers(getT: () => TestApp, clock: TestClock) {
  const t = () => getT();
  const get = (path: string, token: string) => t().http().get(path).set(bearer(token));
  const h = {
    get,
    patchSterilizer: (c: ChainDriver, head: TestUser, body: object) =>
      t().http().patch(`/api/sterilizers/${c.sterilizer.sterilizer.id}`).set(bearer(head.token)).send(body),
    openClinical: (c: ChainDriver, extra: object = {}) =>
      c.post('/api/loads', { sterilizerId: c.sterilizer.sterilizer.id, programId: c.sterilizer.program.id, ...extra }),
    readiness: async (c: ChainDriver) => expectOk(await get(`/api/monitoring/sterilizers/${c.sterilizer.sterilizer.id}`, c.nurse.token))[0],
    stateOf: async (barcode: string): Promise<string> =>
      (await t().ds.query('SELECT state FROM packs WHERE barcode = $1', [barcode]))[0].state,
    recallBarcodes: async (recallId: string, token: string): Promise<string[]> =>
      expectOk(await get(`/api/recalls/${recallId}?limit=500`, token))
        .items.map((i: { barcode: string }) => i.barcode)
        .sort(),
    /** Reads a BI after its incubation (the clock moved on; pre-vacuum: that day's B-D recorded). */
    readLater: async (c: ChainDriver, biId: string, result: 'passed' | 'failed') => {
      clock.advance(INCUBATION);
      if (c.sterilizer.sterilizer.type === 'steam_prevacuum') await c.bd();
      return c.readBi(biId, result);
    },
    /** Unloads a running load whose physical record is out of the program's limits: the load failed. */
    unloadFailed: async (c: ChainDriver, loadId: string) => {
      await c.runCycle(loadId);
      const body = expectOk(
        await c.post(`/api/loads/${loadId}/complete`, {
          physical: { ...OUT_OF_LIMITS, ...(await c.printout(loadId)) },
          loadIndicatorPassed: true,
          exceptions: [],
          secondPerson: { badgeCode: c.monitor.user.badgeCode, pin: c.monitor.pin },
        }),
      );
      expect(body.status).toBe('failed');
      return body;
    },
    /** An empty-chamber BI run whose cycle failed physically (did not reach temperature); its BI still pending. */
    failedEmptyChamberBiRun: async (c: ChainDriver) => {
      const load = expectOk(await h.openClinical(c, { emptyChamber: true }));
      const bi = await c.placeBi(load.id);
      expectOk(await c.post(`/api/loads/${load.id}/start`, {}));
      await h.unloadFailed(c, load.id);
      return { load, bi };
    },
  };
  return h;
}

/** Waits until some backend of the test database waits for a row lock (a request parked behind the test's lock). */
async function waitForLockWaiter(t: TestApp): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (n > 0) return;
    await sleep(50);
  }
  throw new Error('no request ever waited for the lock');
}

describe('issue 19 attacked: what a department does to the sterilizer history rules', () => {
  const clock = new TestClock();
  let t: TestApp;
  let head: TestUser;
  const h = helpers(() => t, clock);
  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    // Next Monday 09:00 after wherever createTestApp left the clock (past what the files before this one wrote).
    clock.set(at(addLocalDays(startOfLocalWeek(localDate(clock.instant(), TZ)), 7), 9));
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  describe('concurrency: two stations at the same moment', () => {
    it('a positive BI read at the moment the next clinical load starts: the load is either refused or in the recall', async () => {
      const c = await ChainDriver.create(t);
      const [pF, pN] = await c.packedMany([await c.newSet(), await c.newSet()]);
      const failed = await c.startLoad([pF], { bis: [{}] });
      await c.unload(failed.id);
      await c.store(pF);
      clock.advance(INCUBATION);
      await c.bd();
      const next = expectOk(await h.openClinical(c));
      expectOk(await c.post(`/api/loads/${next.id}/packs`, { code: pN }));
      await c.beforeStart(next.id);

      // The monitor reads F's BI positive; the recall is being written (held here, on one of
      // F's packs, as a busy storage station would hold it) when the nurse presses start on N.
      await c.positiveControlFor(failed.bis[0].id);
      const qr = t.ds.createQueryRunner();
      await qr.connect();
      await qr.startTransaction();
      let read: Promise<Response> | undefined;
      let start: Promise<Response> | undefined;
      try {
        await qr.query('SELECT id FROM packs WHERE barcode = $1 FOR UPDATE', [pF]);
        read = c.post(`/api/monitoring/bi/${failed.bis[0].id}/read`, { result: 'failed' }, c.monitor.token).then((r) => r);
        await waitForLockWaiter(t);
        start = c.post(`/api/loads/${next.id}/start`, {}).then((r) => r);
        await Promise.race([start, sleep(3000)]);
      } finally {
        await qr.commitTransaction();
        await qr.release();
      }
      const [readRes, startRes] = await Promise.all([read, start]);
      const recallId = expectOk(readRes).recall.id;
      // Safe: the start waits for the positive result and is refused (STERILIZER_BLOCKED_BY_BI),
      // or it ran first and its packs are in the recall. Never: N ran, unrecalled, on a sterilizer
      // whose failure was already recorded before N started.
      const state = await h.stateOf(pN);
      expect({ start: startRes.status, state, inRecall: (await h.recallBarcodes(recallId, head.token)).includes(pN) }).toEqual(
        startRes.status < 300
          ? { start: startRes.status, state: 'recalled', inRecall: true }
          : { start: 422, state: 'loaded', inRecall: false },
      );
    });

    it('two starts at once: of one load, and of the next-numbered load — exactly one runs', async () => {
      const c = await ChainDriver.create(t);
      const [pA, pB] = await c.packedMany([await c.newSet(), await c.newSet()]);
      const a = await c.openLoad();
      expectOk(await c.post(`/api/loads/${a.id}/packs`, { code: pA }));
      const b = expectOk(await h.openClinical(c));
      expectOk(await c.post(`/api/loads/${b.id}/packs`, { code: pB }));
      await c.beforeStart(a.id);
      await c.beforeStart(b.id);
      const answers = await Promise.all([
        c.post(`/api/loads/${a.id}/start`, {}),
        c.post(`/api/loads/${a.id}/start`, {}),
        c.post(`/api/loads/${b.id}/start`, {}),
      ]);
      // One of the two starts of A runs; the other finds it no longer open. B never runs.
      expect(
        answers
          .slice(0, 2)
          .map((r) => (r.status < 300 ? 'ok' : r.body.code))
          .sort(),
      ).toEqual(['LOAD_NOT_OPEN', 'ok']);
      expect(['LOAD_OUT_OF_ORDER', 'STERILIZER_BUSY']).toContain(answers[2].body.code);
      const running = await t.ds.query(`SELECT cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'running'`, [
        c.sterilizer.sterilizer.id,
      ]);
      expect(running).toEqual([{ cycle_no: a.cycleNo }]);
      const starts = await t.ds.query(
        `SELECT count(*)::int AS n FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'start_sterilization'`,
        [pA],
      );
      expect(starts[0].n).toBe(1);
      expect(await h.stateOf(pB)).toBe('loaded');
    });
  });

  describe('release and emergency release', () => {
    it('an implant is not released on a BI "read negative" a minute after the cycle ended (no BI incubates that fast), nor on a back-dated read time', async () => {
      const c = await ChainDriver.create(t);
      const [i1, i2] = await c.packedMany([await c.newSet({ implant: true }), await c.newSet({ implant: true })]);
      const l1 = await c.startLoad([i1], { bis: [{}] });
      expect((await c.unload(l1.id)).release).toBe('awaiting_bi');
      const l2 = await c.startLoad([i2], { bis: [{}] });
      expect((await c.unload(l2.id)).release).toBe('awaiting_bi');
      // A minute after unloading, L1's BI is entered as negative.
      clock.advance(60_000);
      const early = await c.post(`/api/monitoring/bi/${l1.bis[0].id}/read`, { result: 'passed' }, c.monitor.token);
      // Two days later, L2's BI is entered with a read time one second after its cycle ended.
      clock.advance(INCUBATION);
      const [{ completed_at }] = await t.ds.query('SELECT completed_at FROM sterilizer_loads WHERE id = $1', [l2.id]);
      const readAt = new Date(new Date(completed_at).getTime() + 1000).toISOString();
      const backdated = await c.post(`/api/monitoring/bi/${l2.bis[0].id}/read`, { result: 'passed', readAt }, c.monitor.token);
      expect({ early: early.status, backdated: backdated.status, i1: await h.stateOf(i1), i2: await h.stateOf(i2) }).toEqual({
        early: 422,
        backdated: 422,
        i1: 'quarantined',
        i2: 'quarantined',
      });
    });

    it('emergency release is refused when the PCD’s type 5 indicator was declared "passed" when the BI was placed, before the cycle ran', async () => {
      const c = await ChainDriver.create(t);
      const [implant] = await c.packedMany([await c.newSet({ implant: true })]);
      const load = await c.openLoad();
      expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: implant }));
      // The integrating indicator can only be read when the PCD is opened after the cycle; here it
      // is "passed" before the chamber door closed. (Refusing the field at placement is safe too.)
      const placed = await c.post('/api/monitoring/bi', { loadId: load.id, lot: 'BI-LOT-1', pcdType5Passed: true }, c.monitor.token);
      if (placed.status >= 300) await c.placeBi(load.id);
      await c.beforeStart(load.id);
      expectOk(await c.post(`/api/loads/${load.id}/start`, {}));
      expect((await c.unload(load.id)).release).toBe('awaiting_bi');
      const res = await c.post(
        `/api/monitoring/loads/${load.id}/emergency-release`,
        { reason: 'Emergency hip fracture', barcodes: [implant] },
        head.token,
      );
      expectRefused(res, 422, 'EMERGENCY_RELEASE_NOT_ALLOWED');
      expect(await h.stateOf(implant)).toBe('quarantined');
    });
  });

  describe('a physically failed cycle proves nothing, whatever its BI says', () => {
    it('commissioning: an empty-chamber run that did not reach temperature is not a qualification pass', async () => {
      const c = await ChainDriver.create(t);
      expectOk(await h.patchSterilizer(c, head, { status: 'commissioning' }));
      for (let i = 0; i < 3; i++) await c.bd(true);
      const good1 = await c.emptyChamberBiRun();
      const good2 = await c.emptyChamberBiRun();
      const failedRun = await h.failedEmptyChamberBiRun(c);
      await h.readLater(c, good1.bi.id, 'passed');
      await c.readBi(good2.bi.id, 'passed');
      await c.readBi(failedRun.bi.id, 'passed');
      expect(await h.readiness(c)).toMatchObject({ status: 'commissioning', commissioning: { biPasses: 0 } });
      expectRefused(await h.openClinical(c), 422, 'STERILIZER_COMMISSIONING');
    });

    it('the BI block: a retest run that failed physically, its BI negative, does not lift it', async () => {
      const c = await ChainDriver.create(t);
      const [pA] = await c.packedMany([await c.newSet()]);
      const a = await c.startLoad([pA], { bis: [{}] });
      await c.unload(a.id);
      expect((await h.readLater(c, a.bis[0].id, 'failed')).recall).not.toBeNull();
      const retest = await h.failedEmptyChamberBiRun(c);
      await h.readLater(c, retest.bi.id, 'passed');
      expect((await h.readiness(c)).bi.blocked).toBe(true);
      expectRefused(await h.openClinical(c), 422, 'STERILIZER_BLOCKED_BY_BI');
    });

    it('the recall anchor: a physically failed load with a negative BI is not "the last passing BI" — the load before it is recalled', async () => {
      const c = await ChainDriver.create(t);
      const [p1, p2, p3, p4] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet(), await c.newSet()]);
      const l1 = await c.startLoad([p1], { bis: [{}] });
      await c.unload(l1.id);
      const l2 = await c.startLoad([p2]);
      await c.unload(l2.id);
      await c.store(p2);
      const l3 = await c.startLoad([p3], { bis: [{}] });
      await h.unloadFailed(c, l3.id);
      const l4 = await c.startLoad([p4], { bis: [{}] });
      await c.unload(l4.id);
      await h.readLater(c, l1.bis[0].id, 'passed');
      await c.readBi(l3.bis[0].id, 'passed');
      const read = await c.readBi(l4.bis[0].id, 'failed');
      const items = await h.recallBarcodes(read.recall.id, head.token);
      expect(items).toEqual(expect.arrayContaining([p2, p4]));
      expect(await h.stateOf(p2)).toBe('recalled');
    });
  });

  describe('a sterilizer changed by hand', () => {
    it('a pre-vacuum sterilizer whose B-D failed does not escape it by being edited to gravity steam', async () => {
      const c = await ChainDriver.create(t);
      const [p] = await c.packedMany([await c.newSet()]);
      const load = await c.openLoad(); // after this morning's passing B-D
      expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: p }));
      clock.advance(30 * 60_000);
      await c.bd(false); // the repeat B-D fails: blocked until a later passing one
      expectRefused(await c.post(`/api/loads/${load.id}/start`, {}), 422, 'BD_FAILED');
      const patched = await h.patchSterilizer(c, head, { type: 'steam_gravity' });
      const start = await c.post(`/api/loads/${load.id}/start`, {});
      expect({ patch: patched.status, start: start.body.code ?? start.status, pack: await h.stateOf(p) }).toEqual({
        patch: expect.any(Number),
        start: 'BD_FAILED',
        pack: 'loaded',
      });
    });

    it('"commissioning" recorded again (repaired again during qualification) restarts the count', async () => {
      const c = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
      expectOk(await h.patchSterilizer(c, head, { status: 'commissioning' }));
      const r1 = await c.emptyChamberBiRun();
      const r2 = await c.emptyChamberBiRun();
      await h.readLater(c, r1.bi.id, 'passed');
      await c.readBi(r2.bi.id, 'passed');
      expect((await h.readiness(c)).commissioning).toMatchObject({ biPasses: 2 });

      // The door seal fails again and is replaced: the nurse marks it "commissioning" again.
      const again = await h.patchSterilizer(c, head, { status: 'commissioning' });
      if (again.status >= 300) {
        // Refusing the no-op is honest too, if the way through out_of_service restarts the count.
        expectOk(await h.patchSterilizer(c, head, { status: 'out_of_service' }));
        expectOk(await h.patchSterilizer(c, head, { status: 'commissioning' }));
      }
      expect((await h.readiness(c)).commissioning).toMatchObject({ biPasses: 0 });
      const r3 = await c.emptyChamberBiRun();
      await h.readLater(c, r3.bi.id, 'passed');
      expect((await h.readiness(c)).status).toBe('commissioning');
      expectRefused(await h.openClinical(c), 422, 'STERILIZER_COMMISSIONING');
    });
  });

  describe('the hospital’s midnight and week (Asia/Shanghai)', () => {
    it('a B-D or a BI just before midnight does not cover the next day / week; a back-dated B-D does not undo a failure; a Monday 00:30 BI (Sunday in UTC) covers its week', async () => {
      const monday = addLocalDays(startOfLocalWeek(localDate(clock.instant(), TZ)), 14);
      const sunday = addLocalDays(monday, -1);
      clock.set(at(sunday, 23.5));
      const c = await ChainDriver.create(t);
      const [p1, p2, p3] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
      const late = await c.startLoad([p1], { bis: [{}] });
      await c.unload(late.id);
      expect((await h.readiness(c)).bi.overdue).toBe(false);

      clock.set(at(monday, 0.5));
      expect(await h.readiness(c)).toMatchObject({ bd: { today: 'missing' }, bi: { overdue: true } });
      expectRefused(await h.openClinical(c), 422, 'BD_MISSING');
      // A B-D entered now but stated at 23:50 on Sunday belongs to Sunday.
      expectOk(
        await c.post(
          '/api/monitoring/bd',
          { sterilizerId: c.sterilizer.sterilizer.id, passed: true, testedAt: at(sunday, 23.83).toISOString() },
          c.monitor.token,
        ),
      );
      expectRefused(await h.openClinical(c), 422, 'BD_MISSING');
      await c.bd(false);
      // A passing B-D stated before the failure (a mix-up of sheets) does not lift it: it would be
      // a cycle before the failed B-D's cycle, and is refused (issue 18).
      expectRefused(
        await c.post(
          '/api/monitoring/bd',
          { sterilizerId: c.sterilizer.sterilizer.id, passed: true, testedAt: at(monday, 0.4).toISOString() },
          c.monitor.token,
        ),
        422,
        'STATED_TIME_TOO_EARLY',
      );
      expectRefused(await h.openClinical(c), 422, 'BD_FAILED');
      await c.bd(true);
      const monLoad = expectOk(await h.openClinical(c));
      expect(monLoad.warnings.map((w: { code: string }) => w.code)).toEqual(['BI_OVERDUE']);
      expectOk(await c.post(`/api/loads/${monLoad.id}/packs`, { code: p2 }));
      await c.placeBi(monLoad.id);
      await c.beforeStart(monLoad.id);
      expectOk(await c.post(`/api/loads/${monLoad.id}/start`, {}));
      await c.unload(monLoad.id);

      // Sunday 23:54 of the same week (15:54 UTC): Monday's 00:30 BI still covers it.
      clock.set(at(addLocalDays(monday, 6), 23.9));
      await c.bd();
      expect((await h.readiness(c)).bi.overdue).toBe(false);
      const sun = expectOk(await h.openClinical(c));
      expect(sun.warnings).toEqual([]);
      expectOk(await c.post(`/api/loads/${sun.id}/packs`, { code: p3 }));
      await c.beforeStart(sun.id);
      expect(expectOk(await c.post(`/api/loads/${sun.id}/start`, {})).warnings).toEqual([]);
    });
  });
});

describe('issue 19 attacked under the CDC switch (CSSD_RECALL_STEAM_BI_IMPLANTS_ONLY=true)', () => {
  const clock = new TestClock();
  let t: TestApp;
  let head: TestUser;
  const h = helpers(() => t, clock);
  beforeAll(async () => {
    t = await createTestApp({ CSSD_RECALL_STEAM_BI_IMPLANTS_ONLY: 'true' }, { clock });
    // Next Monday 09:00 after wherever createTestApp left the clock (past what the files before this one wrote).
    clock.set(at(addLocalDays(startOfLocalWeek(localDate(clock.instant(), TZ)), 7), 9));
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  it('a second positive BI in a row (the retest also positive) is no longer "a single positive BI": everything since the last passing BI is recalled', async () => {
    const c = await ChainDriver.create(t);
    const [x, implant, plain] = await c.packedMany([await c.newSet(), await c.newSet({ implant: true }), await c.newSet()]);
    const anchor = await c.startLoad([x], { bis: [{}] });
    await c.unload(anchor.id);
    const l2 = await c.startLoad([implant, plain], { bis: [{}] });
    await c.unload(l2.id);
    await c.store(plain);
    await h.readLater(c, anchor.bis[0].id, 'passed');
    const first = await c.readBi(l2.bis[0].id, 'failed');
    expect(await h.recallBarcodes(first.recall.id, head.token)).toEqual([implant]);
    expect((await h.readiness(c)).bi.blocked).toBe(true);

    // CDC 2008: retest the sterilizer; a second positive BI recalls everything since the last negative one.
    const retest = await c.emptyChamberBiRun();
    const second = await h.readLater(c, retest.bi.id, 'failed');
    expect(second.recall?.id).toEqual(expect.any(String));
    expect(await h.recallBarcodes(second.recall.id, head.token)).toEqual(expect.arrayContaining([plain]));
    expect(await h.stateOf(plain)).toBe('recalled');
    expect((await c.post('/api/dispatch/scan', { code: plain, departmentId: c.department.id })).status).toBeGreaterThanOrEqual(400);
  });
});
