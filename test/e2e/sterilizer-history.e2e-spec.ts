import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate, startOfLocalDay, startOfLocalWeek } from '../../src/common/clock.js';
import { createTestApp, TestClock, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';
import { rewriteHistoryAsOwner } from '../support/test-db.js';

/**
 * Issue 19 (safety first): what a sterilizer's history says must follow what physically
 * happened — the order loads ran in, every BI and PCD of a load, results read late or still
 * pending, the calendar's days and weeks, a status changed by hand. Each sequence here failed
 * before its fix. Time comes from a TestClock the test moves (the service's only "now").
 */

const TZ = 'Asia/Shanghai';
const HOUR = 3600_000;
/** An instant at `hour` o'clock (hospital time) on `date`. */
const at = (date: string, hour: number) => new Date(startOfLocalDay(date, TZ).getTime() + hour * HOUR);
/** The Monday after the clock's week: ahead of whatever the files run before this one wrote (createTestApp starts the clock past it). */
const nextMonday = (clock: TestClock) => addLocalDays(startOfLocalWeek(localDate(clock.instant(), TZ)), 7);

type Driver = ChainDriver;

function helpers(getT: () => TestApp) {
  const t = () => getT();
  const get = (path: string, token: string) => t().http().get(path).set(bearer(token));
  return {
    get,
    openClinical: (c: Driver, extra: object = {}) =>
      c.post('/api/loads', { sterilizerId: c.sterilizer.sterilizer.id, programId: c.sterilizer.program.id, ...extra }),
    readiness: async (c: Driver) => {
      const res = await get(`/api/monitoring/sterilizers/${c.sterilizer.sterilizer.id}`, c.nurse.token);
      expect(res.status).toBe(200);
      return res.body[0];
    },
    stateOf: async (barcode: string): Promise<string> =>
      (await t().ds.query('SELECT state FROM packs WHERE barcode = $1', [barcode]))[0].state,
    loadRow: async (id: string) =>
      (await t().ds.query('SELECT status, release, started_at, completed_at FROM sterilizer_loads WHERE id = $1', [id]))[0],
    warnings: (body: { warnings?: { code: string }[] }) => (body.warnings ?? []).map((w) => w.code),
  };
}

describe('issue 19: sterilizer history follows what physically happened', () => {
  const clock = new TestClock();
  let t: TestApp;
  let head: TestUser;
  const h = helpers(() => t);
  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    // 08:00 of a hospital day, as createTestApp does with its own clock: the commissioning test's
    // B-Ds, runs and BI reads (40 minutes) would otherwise cross midnight when CI runs near 16:00 Shanghai.
    clock.nextLocalTime(t.config.timezone, 8);
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  describe('1. one cycle at a time, in the order of the cycle numbers; the recall window follows the order loads ran', () => {
    it('a load opened later cannot run before an earlier open one (LOAD_OUT_OF_ORDER), nor while another runs (STERILIZER_BUSY); nothing is written', async () => {
      const c = await ChainDriver.create(t);
      const [pA, pB] = await c.packedMany([await c.newSet(), await c.newSet()]);
      const a = await c.openLoad();
      expectOk(await c.post(`/api/loads/${a.id}/packs`, { code: pA }));
      const b = await c.openLoad();
      expectOk(await c.post(`/api/loads/${b.id}/packs`, { code: pB }));
      expect(b.cycleNo).toBe(a.cycleNo + 1);

      const early = expectRefused(await c.post(`/api/loads/${b.id}/start`, {}), 409, 'LOAD_OUT_OF_ORDER');
      expect(early.details).toEqual({ earlierCycleNo: a.cycleNo });
      expect(early.message).toContain(String(a.cycleNo));
      expect(await h.loadRow(b.id)).toMatchObject({ status: 'open', started_at: null });
      expect(await h.stateOf(pB)).toBe('loaded');

      await c.beforeStart(a.id);
      expectOk(await c.post(`/api/loads/${a.id}/start`, {}));
      const busy = expectRefused(await c.post(`/api/loads/${b.id}/start`, {}), 409, 'STERILIZER_BUSY');
      expect(busy.details).toEqual({ runningCycleNo: a.cycleNo });
      expect(await h.stateOf(pB)).toBe('loaded');

      await c.unload(a.id);
      await c.beforeStart(b.id);
      expectOk(await c.post(`/api/loads/${b.id}/start`, {}));
      expect(await h.stateOf(pB)).toBe('sterilizing');
    });

    it('a failed BI recalls a load that ran after the last passing BI even though it was opened (numbered) before it', async () => {
      const c = await ChainDriver.create(t);
      const [pA, pB, pC] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
      // A (cycle n) and B (cycle n + 1, with a BI) — then, as history written before loads had to
      // run in number order (or a sterilizer's own counter out of step), A ran after B.
      const a = await c.startLoad([pA]);
      await c.unload(a.id);
      const b = await c.startLoad([pB], { bis: [{}] });
      await c.unload(b.id);
      const [bRow] = await t.ds.query('SELECT started_at, completed_at FROM sterilizer_loads WHERE id = $1', [b.id]);
      await rewriteHistoryAsOwner(
        `UPDATE sterilizer_loads SET started_at = $2::timestamptz + interval '1 minute', completed_at = $2::timestamptz + interval '50 minutes' WHERE id = $1`,
        [a.id, bRow.completed_at],
      );
      clock.advance(2 * HOUR);
      await c.bd();
      expect((await c.readBi(b.bis[0].id, 'passed')).recall).toBeNull();

      const cLoad = await c.startLoad([pC], { bis: [{}] });
      await c.unload(cLoad.id);
      const read = await c.readBi(cLoad.bis[0].id, 'failed');
      const recall = expectOk(await h.get(`/api/recalls/${read.recall.id}`, head.token));
      expect(recall.items.map((i: { barcode: string }) => i.barcode).sort()).toEqual([pA, pC].sort());
      expect(await h.stateOf(pB)).toBe('released');
    });
  });

  describe('2–3, 9. every BI and every PCD of a load', () => {
    it('an implant load with two BIs is not released while one still incubates; the positive one fails it and recalls, whatever the other said', async () => {
      const c = await ChainDriver.create(t);
      const [implant, plain] = await c.packedMany([await c.newSet({ implant: true }), await c.newSet()]);
      const load = await c.startLoad([implant, plain], { bis: [{ lot: 'BI-A' }, { lot: 'BI-B' }] });
      expect((await c.unload(load.id)).release).toBe('awaiting_bi');

      const second = await c.readBi(load.bis[1].id, 'passed');
      expect(second.released).toBe(0);
      expect(await h.stateOf(implant)).toBe('quarantined');
      expect((await h.loadRow(load.id)).release).toBe('awaiting_bi');
      expectRefused(await c.post('/api/storage/scan', { code: implant }), 422, 'LOAD_NOT_RELEASED');

      const first = await c.readBi(load.bis[0].id, 'failed');
      expect(first.recall?.id).toEqual(expect.any(String));
      expect((await h.loadRow(load.id)).release).toBe('failed');
      expect(await h.stateOf(implant)).toBe('recalled');
      const released = await t.ds.query(
        `SELECT count(*)::int AS n FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'release'`,
        [implant],
      );
      expect(released[0].n).toBe(0);
    });

    it('released only when the last of its BIs is read negative', async () => {
      const c = await ChainDriver.create(t);
      const [implant] = await c.packedMany([await c.newSet({ implant: true })]);
      const load = await c.startLoad([implant], { bis: [{}, {}] });
      await c.unload(load.id);
      expect((await c.readBi(load.bis[0].id, 'passed')).released).toBe(0);
      expect(await h.stateOf(implant)).toBe('quarantined');
      expect((await c.readBi(load.bis[1].id, 'passed')).released).toBe(1);
      expect(await h.stateOf(implant)).toBe('released');
    });

    it('emergency release needs every PCD’s type 5 indicator passed, whichever was placed last', async () => {
      const c = await ChainDriver.create(t);
      const [i1, i2, i3] = await c.packedMany([
        await c.newSet({ implant: true }),
        await c.newSet({ implant: true }),
        await c.newSet({ implant: true }),
      ]);
      const reason = 'Emergency trauma surgery';
      const cases: [string, { pcdType5Passed?: boolean }[]][] = [
        [i1, [{ pcdType5Passed: false }, { pcdType5Passed: true }]],
        [i2, [{ pcdType5Passed: true }, { pcdType5Passed: false }]],
        [i3, [{ pcdType5Passed: true }, {}]],
      ];
      for (const [implant, bis] of cases) {
        const load = await c.startLoad([implant], { bis });
        await c.unload(load.id);
        const res = await c.post(`/api/monitoring/loads/${load.id}/emergency-release`, { reason, barcodes: [implant] }, head.token);
        expectRefused(res, 422, 'EMERGENCY_RELEASE_NOT_ALLOWED');
        expect(await h.stateOf(implant)).toBe('quarantined');
      }
    });

    it('emergency release releases only the implant packs named; the rest of the load waits for its BI', async () => {
      const c = await ChainDriver.create(t);
      const [i1, i2, plain, other] = await c.packedMany([
        await c.newSet({ implant: true }),
        await c.newSet({ implant: true }),
        await c.newSet(),
        await c.newSet(),
      ]);
      const load = await c.startLoad([i1, i2, plain], { bis: [{ pcdType5Passed: true }] });
      expect((await c.unload(load.id)).counts).toMatchObject({ released: 1, quarantined: 2 });
      const release = (barcodes: string[]) =>
        c.post(
          `/api/monitoring/loads/${load.id}/emergency-release`,
          { reason: 'Emergency hip fracture, no other implant', barcodes },
          head.token,
        );

      expectRefused(await release([plain]), 422, 'EMERGENCY_RELEASE_NOT_ALLOWED');
      expectRefused(await release([other]), 422, 'PACK_NOT_IN_LOAD');
      expect(expectOk(await release([i1]))).toMatchObject({ released: 1 });
      expect(await h.stateOf(i1)).toBe('released');
      expect(await h.stateOf(i2)).toBe('quarantined');
      expectRefused(await c.post('/api/storage/scan', { code: i2 }), 422, 'LOAD_NOT_RELEASED');
      const [event] = await t.ds.query(
        `SELECT e.actor_id, e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'release'`,
        [i1],
      );
      expect(event).toMatchObject({
        actor_id: head.user.id,
        data: { emergency: true, reason: 'Emergency hip fracture, no other implant' },
      });

      // The BI later reads negative: the rest is released then.
      expect((await c.readBi(load.bis[0].id, 'passed')).released).toBe(1);
      expect(await h.stateOf(i2)).toBe('released');
    });

    it('a BI goes in before the cycle starts and is read after the load finished, never in the future', async () => {
      const c = await ChainDriver.create(t);
      const [p] = await c.packedMany([await c.newSet()]);
      const load = await c.startLoad([p], { bis: [{}] });
      expectRefused(
        await c.post('/api/monitoring/bi', { loadId: load.id, productId: await c.biProduct(), lot: 'LATE' }, c.monitor.token),
        409,
        'BI_LOAD_STARTED',
      );
      expectRefused(
        await c.post(`/api/monitoring/bi/${load.bis[0].id}/read`, { result: 'passed' }, c.monitor.token),
        409,
        'BI_LOAD_RUNNING',
      );
      expectRefused(await c.post(`/api/monitoring/bi/${load.bis[0].id}/pcd`, { passed: true }, c.monitor.token), 409, 'PCD_BEFORE_UNLOAD');
      await c.unload(load.id);
      // The PCD's type 5 indicator is read after the cycle, once.
      expect(expectOk(await c.post(`/api/monitoring/bi/${load.bis[0].id}/pcd`, { passed: true }, c.monitor.token)).pcdType5Passed).toBe(
        true,
      );
      expectRefused(
        await c.post(`/api/monitoring/bi/${load.bis[0].id}/pcd`, { passed: false }, c.monitor.token),
        409,
        'PCD_ALREADY_RECORDED',
      );
      // The BI itself incubates its product's readout time (20 min for ChainDriver's rapid BIs) after the cycle.
      const tooEarly = expectRefused(
        await c.post(`/api/monitoring/bi/${load.bis[0].id}/read`, { result: 'passed' }, c.monitor.token),
        422,
        'BI_READ_TOO_EARLY',
      );
      const [{ completed_at: completedAt }] = await t.ds.query('SELECT completed_at FROM sterilizer_loads WHERE id = $1', [load.id]);
      expect(tooEarly.details).toEqual({ earliest: new Date(new Date(completedAt).getTime() + 20 * 60_000).toISOString() });
      const early = new Date(new Date(load.bis[0].placedAt).getTime() + 1000).toISOString();
      expectRefused(
        await c.post(`/api/monitoring/bi/${load.bis[0].id}/read`, { result: 'failed', readAt: early }, c.monitor.token),
        422,
        'BI_READ_TIME_INVALID',
      );
      const future = new Date(clock.instant().getTime() + HOUR).toISOString();
      expectRefused(
        await c.post(`/api/monitoring/bi/${load.bis[0].id}/read`, { result: 'passed', readAt: future }, c.monitor.token),
        422,
        'BI_READ_TIME_INVALID',
      );
      expectRefused(
        await c.post('/api/monitoring/bd', { sterilizerId: c.sterilizer.sterilizer.id, passed: true, testedAt: future }, c.monitor.token),
        422,
        'STATED_TIME_IN_FUTURE',
      );
      expect((await t.ds.query('SELECT count(*)::int AS n FROM bi_tests WHERE load_id = $1', [load.id]))[0].n).toBe(1);
      expect((await t.ds.query('SELECT result FROM bi_tests WHERE id = $1', [load.bis[0].id]))[0].result).toBe('pending');
    });
  });

  describe('7. a failed BI’s block is measured from when the service learned of it', () => {
    it('a passing BI of a load that ran before the failure was known does not lift the block; a back-dated read is refused', async () => {
      const c = await ChainDriver.create(t);
      const [pA, pB, pC] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
      // Each cycle runs its 50 minutes.
      const a = await c.startLoad([pA], { bis: [{}] });
      clock.advance(50 * 60_000);
      await c.unload(a.id);
      const b = await c.startLoad([pB], { bis: [{}] });
      clock.advance(50 * 60_000);
      await c.unload(b.id);
      clock.advance(24 * HOUR);
      await c.bd();
      await c.readBi(b.bis[0].id, 'passed');

      // A's positive result stated as read one second after it was placed — before either load ran.
      const backdated = new Date(new Date(a.bis[0].placedAt).getTime() + 1000).toISOString();
      expectRefused(
        await c.post(`/api/monitoring/bi/${a.bis[0].id}/read`, { result: 'failed', readAt: backdated }, c.monitor.token),
        422,
        'BI_READ_TIME_INVALID',
      );
      const read = await c.readBi(a.bis[0].id, 'failed');
      expect(read.recall?.id).toEqual(expect.any(String));

      expect((await h.readiness(c)).bi.blocked).toBe(true);
      expectRefused(await h.openClinical(c), 422, 'STERILIZER_BLOCKED_BY_BI');
      // Only a BI run that starts after the failure was learned, read negative, lifts it.
      const run = await c.emptyChamberBiRun();
      expect((await h.readiness(c)).bi.blocked).toBe(true);
      await c.readBi(run.bi.id, 'passed');
      expect((await h.readiness(c)).bi.blocked).toBe(false);
      const load = expectOk(await h.openClinical(c));
      expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: pC }));
    });
  });

  describe('4–5. commissioning: consecutive qualification runs, and no way out by hand', () => {
    it('a qualification run still incubating is not a pass: pass, pending, pass, pass keeps it commissioning until the pending one is read', async () => {
      const c = await ChainDriver.create(t);
      const id = c.sterilizer.sterilizer.id;
      expectOk(await t.http().patch(`/api/sterilizers/${id}`).set(bearer(head.token)).send({ status: 'commissioning' }));
      for (let i = 0; i < 3; i++) await c.bd(true);
      const runs = [];
      for (let i = 0; i < 4; i++) runs.push(await c.emptyChamberBiRun());
      await c.readBi(runs[0].bi.id, 'passed');
      await c.readBi(runs[2].bi.id, 'passed');
      await c.readBi(runs[3].bi.id, 'passed');
      expect(await h.readiness(c)).toMatchObject({ status: 'commissioning', commissioning: { biPasses: 2, bdPasses: 3 } });
      expectRefused(await h.openClinical(c), 422, 'STERILIZER_COMMISSIONING');

      await c.readBi(runs[1].bi.id, 'passed');
      expect(await h.readiness(c)).toMatchObject({ status: 'in_service', commissioning: null });
      expectOk(await h.openClinical(c));
    });

    it('a later positive qualification BI resets the count even when read after the passes that followed it', async () => {
      const c = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
      expectOk(
        await t.http().patch(`/api/sterilizers/${c.sterilizer.sterilizer.id}`).set(bearer(head.token)).send({ status: 'commissioning' }),
      );
      const runs = [];
      for (let i = 0; i < 4; i++) runs.push(await c.emptyChamberBiRun());
      await c.readBi(runs[0].bi.id, 'passed');
      await c.readBi(runs[2].bi.id, 'passed');
      await c.readBi(runs[3].bi.id, 'passed');
      await c.readBi(runs[1].bi.id, 'failed');
      expect(await h.readiness(c)).toMatchObject({ status: 'commissioning', commissioning: { biPasses: 2 } });
    });

    it('commissioning is left only through qualification: in_service by hand is refused, directly or by way of out_of_service', async () => {
      const c = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
      const id = c.sterilizer.sterilizer.id;
      const patch = (status: string) => t.http().patch(`/api/sterilizers/${id}`).set(bearer(head.token)).send({ status });
      expectOk(await patch('commissioning'));
      expectRefused(await patch('in_service'), 422, 'STERILIZER_QUALIFICATION_REQUIRED');
      expectOk(await patch('out_of_service'));
      expectRefused(await patch('in_service'), 422, 'STERILIZER_QUALIFICATION_REQUIRED');
      expect((await h.readiness(c)).status).toBe('out_of_service');
      expectOk(await patch('commissioning'));
      for (let i = 0; i < 3; i++) await c.readBi((await c.emptyChamberBiRun()).bi.id, 'passed');
      expect((await h.readiness(c)).status).toBe('in_service');
      // Qualified: a later stop (no repair) and return is the head nurse's to make.
      expectOk(await patch('out_of_service'));
      expect(expectOk(await patch('in_service')).status).toBe('in_service');
      const audit = await t.ds.query(`SELECT actor_id, after->>'status' AS status FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
      expect(audit.map((r: { status: string }) => r.status)).toEqual([
        'commissioning',
        'out_of_service',
        'commissioning',
        'in_service',
        'out_of_service',
        'in_service',
      ]);
    });
  });

  describe('8. the BI schedule counts BIs that went through a cycle, by the calendar', () => {
    it('plasma: day 2’s first load, before the hour of day 1’s BI, is due a BI of its own', async () => {
      const monday = nextMonday(clock);
      clock.set(at(monday, 10));
      const c = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
      const [p1, p2] = await c.packedMany([
        await c.newSet({ sterilizationMethod: 'h2o2_plasma' }),
        await c.newSet({ sterilizationMethod: 'h2o2_plasma' }),
      ]);
      const day1 = await c.startLoad([p1], { bis: [{}] });
      await c.unload(day1.id);
      expect((await h.readiness(c)).bi.overdue).toBe(false);

      clock.set(at(addLocalDays(monday, 1), 7));
      expect((await h.readiness(c)).bi).toMatchObject({ overdue: true });
      const opened = expectOk(await h.openClinical(c));
      expect(h.warnings(opened)).toEqual(['BI_OVERDUE']);
      expectOk(await c.post(`/api/loads/${opened.id}/packs`, { code: p2 }));
      await c.beforeStart(opened.id);
      expect(h.warnings(expectOk(await c.post(`/api/loads/${opened.id}/start`, {})))).toEqual(['BI_OVERDUE']);
    });

    it('steam: a BI on Sunday does not cover Monday’s loads; a BI in a load that never started counts for nothing', async () => {
      const monday = nextMonday(clock);
      clock.set(at(addLocalDays(monday, -1), 20));
      const c = await ChainDriver.create(t);
      await c.bd();
      const [p1] = await c.packedMany([await c.newSet()]);
      const sunday = await c.startLoad([p1], { bis: [{}] });
      await c.unload(sunday.id);
      expect((await h.readiness(c)).bi.overdue).toBe(false);

      clock.set(at(monday, 8));
      await c.bd();
      expect((await h.readiness(c)).bi.overdue).toBe(true);
      const never = expectOk(await h.openClinical(c, { emptyChamber: true }));
      expectOk(await c.post('/api/monitoring/bi', { loadId: never.id, productId: await c.biProduct(), lot: 'NEVER-RUN' }, c.monitor.token));
      expect((await h.readiness(c)).bi.overdue).toBe(true);
    });
  });
});

describe('issue 19 with CSSD_BI_OVERDUE_POLICY=block: a load the calendar’s BI is due in must carry one', () => {
  const clock = new TestClock();
  let t: TestApp;
  const h = helpers(() => t);
  beforeAll(async () => {
    t = await createTestApp({ CSSD_BI_OVERDUE_POLICY: 'block' }, { clock });
  });
  afterAll(() => t.close());

  it('refuses to start without a BI when one is due (BI_OVERDUE), starts with one, and asks again the next week', async () => {
    const monday = nextMonday(clock);
    clock.set(at(monday, 8));
    const c = await ChainDriver.create(t);
    const [p1, p2, p3] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
    const first = await c.openLoad();
    expect(h.warnings(first)).toEqual(['BI_OVERDUE']);
    expectOk(await c.post(`/api/loads/${first.id}/packs`, { code: p1 }));
    expectRefused(await c.post(`/api/loads/${first.id}/start`, {}), 422, 'BI_OVERDUE');
    expect((await h.loadRow(first.id)).status).toBe('open');
    await c.placeBi(first.id);
    await c.beforeStart(first.id);
    expect(h.warnings(expectOk(await c.post(`/api/loads/${first.id}/start`, {})))).toEqual([]);
    await c.unload(first.id);

    clock.set(at(addLocalDays(monday, 4), 9));
    await c.bd();
    const friday = await c.startLoad([p2]);
    await c.unload(friday.id);

    clock.set(at(addLocalDays(monday, 7), 8));
    await c.bd();
    const next = expectOk(await h.openClinical(c));
    expectOk(await c.post(`/api/loads/${next.id}/packs`, { code: p3 }));
    expectRefused(await c.post(`/api/loads/${next.id}/start`, {}), 422, 'BI_OVERDUE');
  });
});
