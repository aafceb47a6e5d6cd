import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp, testNow } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Monitoring over HTTP on the real PostgreSQL (docs/domain.md §4.2–§4.3, issue 4): Bowie-Dick and
 * the other lockouts, implants held for their BI, emergency release, commissioning, and the
 * sterile storage environment. Each test builds its own sterilizers, people and departments.
 */

const HOSPITAL_TZ = 'Asia/Shanghai';
const today = () => localDate(testNow(), HOSPITAL_TZ);
/** A calendar date `days` away from `date` (YYYY-MM-DD). */
function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
const daysAgo = (days: number) => new Date(testNow().getTime() - days * 24 * 3600 * 1000);

describe('monitoring: lockouts, BI release, emergency release, commissioning, environment', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    expect(t.config.timezone).toBe(HOSPITAL_TZ);
    expect(t.config.policy.biOverdue).toBe('warn');
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());
  // Each test's day is a day of its own from 08:00: B-Ds count for the hospital's day and a test
  // runs cycles and BI incubations for hours; started near midnight it would cross into the next.
  beforeEach(() => t.clock.nextMorning(t.config.timezone));

  const get = (path: string, token: string) => t.http().get(path).set(bearer(token));
  /** A clinical load opened directly (no automatic B-D, unlike ChainDriver.openLoad). */
  const openClinical = (c: ChainDriver, token = c.nurse.token) =>
    c.post('/api/loads', { sterilizerId: c.sterilizer.sterilizer.id, programId: c.sterilizer.program.id }, token);
  const readiness = async (c: ChainDriver) => {
    const res = await get(`/api/monitoring/sterilizers/${c.sterilizer.sterilizer.id}`, c.nurse.token);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    return res.body[0];
  };
  const stateOf = async (barcode: string): Promise<string> =>
    (await t.ds.query('SELECT state FROM packs WHERE barcode = $1', [barcode]))[0].state;

  describe('Bowie-Dick (pre-vacuum steam, daily, before the first load)', () => {
    it('a failed B-D blocks only that sterilizer (BD_FAILED) until a later passing B-D the same day', async () => {
      const s3 = await ChainDriver.create(t);
      const other = await ChainDriver.create(t);

      await s3.bd(false);
      expectRefused(await openClinical(s3), 422, 'BD_FAILED');
      expect((await readiness(s3)).bd).toEqual({ required: true, today: 'failed' });

      // Another sterilizer with its own passing B-D still takes loads.
      await other.bd(true);
      const otherLoad = expectOk(await openClinical(other));
      // Cycle 1 was its B-D (an empty-chamber cycle of the sterilizer).
      expect(otherLoad).toMatchObject({ sterilizerId: other.sterilizer.sterilizer.id, status: 'open', cycleNo: 2 });

      // Repaired and re-tested: the latest B-D of the day decides.
      await s3.bd(true);
      expect((await readiness(s3)).bd).toEqual({ required: true, today: 'passed' });
      const load = expectOk(await openClinical(s3));
      expect(load).toMatchObject({ sterilizerId: s3.sterilizer.sterilizer.id, status: 'open' });

      // A failure later the same day blocks it again.
      await s3.bd(false);
      expectRefused(await openClinical(s3), 422, 'BD_FAILED');
      // The B-D history is visible to nurses.
      const list = await get(`/api/monitoring/bd?sterilizerId=${s3.sterilizer.sterilizer.id}`, s3.nurse.token);
      expect(list.status).toBe(200);
      expect(list.body.map((b: { passed: boolean }) => b.passed)).toEqual([false, true, false]);
      expect(list.body.every((b: { testDate: string }) => b.testDate === today())).toBe(true);
    });

    it('no B-D today → BD_MISSING (yesterday’s passing test does not count)', async () => {
      const c = await ChainDriver.create(t);
      expectRefused(await openClinical(c), 422, 'BD_MISSING');
      expect((await readiness(c)).bd).toEqual({ required: true, today: 'missing' });

      expectOk(
        await c.post(
          '/api/monitoring/bd',
          { sterilizerId: c.sterilizer.sterilizer.id, passed: true, testedAt: daysAgo(1).toISOString() },
          c.monitor.token,
        ),
      );
      expectRefused(await openClinical(c), 422, 'BD_MISSING');

      await c.bd(true);
      expectOk(await openClinical(c));
    });

    it('a B-D on a plasma sterilizer → BD_NOT_APPLICABLE; plasma loads need none; only monitors record B-Ds', async () => {
      const plasma = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
      expectRefused(
        await plasma.post('/api/monitoring/bd', { sterilizerId: plasma.sterilizer.sterilizer.id, passed: true }, plasma.monitor.token),
        422,
        'BD_NOT_APPLICABLE',
      );
      expect((await readiness(plasma)).bd).toEqual({ required: false, today: 'not_required' });
      expectOk(await openClinical(plasma));

      const steam = await ChainDriver.create(t);
      expectRefused(
        await steam.post('/api/monitoring/bd', { sterilizerId: steam.sterilizer.sterilizer.id, passed: true }, steam.nurse.token),
        403,
        'FORBIDDEN_ROLE',
      );
      expect((await readiness(steam)).bd.today).toBe('missing');
    });
  });

  describe('implants wait for their BI (§4.3)', () => {
    it('BI pending: the implant pack cannot be stored or dispatched (LOAD_NOT_RELEASED), the other pack of the load can; a negative BI releases it', async () => {
      const c = await ChainDriver.create(t);
      const implantSet = await c.newSet({ implant: true, nameEn: 'Hip implant set' });
      const plainSet = await c.newSet();
      const [implant, plain] = await c.packedMany([implantSet, plainSet]);
      const load = await c.startLoad([implant, plain], { bis: [{}] });
      const bi = load.bis[0];
      expect(bi).toMatchObject({ loadId: load.id, sterilizerId: c.sterilizer.sterilizer.id, result: 'pending' });
      const unload = await c.unload(load.id);
      expect(unload).toMatchObject({ release: 'awaiting_bi', counts: { released: 1, quarantined: 1, rejected: 0, failed: 0 } });
      expect(await stateOf(implant)).toBe('quarantined');

      expectRefused(await c.post('/api/storage/scan', { code: implant }), 422, 'LOAD_NOT_RELEASED');
      expectRefused(await c.post('/api/dispatch/scan', { code: implant, departmentId: c.department.id }), 422, 'LOAD_NOT_RELEASED');
      expect(await stateOf(implant)).toBe('quarantined');

      // The non-implant pack of the same load goes out.
      await c.store(plain);
      expect((await c.dispatch(plain)).outcome).toBe('dispatched');

      // The BI is negative: the implant pack is released, then stored and dispatched.
      const read = await c.readBi(bi.id, 'passed');
      expect(read).toMatchObject({ released: 1, recall: null, bi: { id: bi.id, result: 'passed', readBy: c.monitor.user.id } });
      expect(await stateOf(implant)).toBe('released');
      const loadView = await get(`/api/loads/${load.id}`, c.nurse.token);
      expect(loadView.body.release).toBe('released');
      await c.store(implant);
      expect((await c.dispatch(implant)).outcome).toBe('dispatched');

      // A BI result is recorded once.
      expectRefused(await c.post(`/api/monitoring/bi/${bi.id}/read`, { result: 'failed' }, c.monitor.token), 409, 'BI_ALREADY_READ');
    });
  });

  describe('emergency release of implants (WS 310.3 4.4.2.3.2)', () => {
    it('end to end: PCD type 5 passed + head nurse → released, stored, dispatched, used; the late positive BI recalls it with the patient and tells the department', async () => {
      const c = await ChainDriver.create(t);
      const [implant] = await c.packedMany([await c.newSet({ implant: true })]);
      const load = await c.startLoad([implant], { bis: [{ pcdType5Passed: true }] });
      const bi = load.bis[0];
      // The PCD's type 5 indicator is read after the cycle (recorded at unloading), not when the BI is placed.
      expect(bi.pcdType5Passed).toBeNull();
      expect((await c.unload(load.id)).release).toBe('awaiting_bi');
      expect((await t.ds.query('SELECT pcd_type5_passed FROM bi_tests WHERE id = $1', [bi.id]))[0].pcd_type5_passed).toBe(true);
      expectRefused(await c.post('/api/storage/scan', { code: implant }), 422, 'LOAD_NOT_RELEASED');

      // Only the head nurse approves, with a reason.
      const reason = '急诊骨折内固定手术，无替代植入物';
      const barcodes = [implant];
      expectRefused(
        await c.post(`/api/monitoring/loads/${load.id}/emergency-release`, { reason, barcodes }, c.nurse.token),
        403,
        'FORBIDDEN_ROLE',
      );
      expectRefused(
        await c.post(`/api/monitoring/loads/${load.id}/emergency-release`, { reason, barcodes }, c.monitor.token),
        403,
        'FORBIDDEN_ROLE',
      );
      expectRefused(
        await c.post(`/api/monitoring/loads/${load.id}/emergency-release`, { reason: 'x', barcodes }, head.token),
        400,
        'VALIDATION_FAILED',
      );
      expectRefused(await c.post(`/api/monitoring/loads/${load.id}/emergency-release`, { reason }, head.token), 400, 'VALIDATION_FAILED');
      expect(await stateOf(implant)).toBe('quarantined');

      const er = expectOk(await c.post(`/api/monitoring/loads/${load.id}/emergency-release`, { reason, barcodes }, head.token));
      expect(er).toMatchObject({ loadId: load.id, released: 1 });
      const [record] = await t.ds.query(`SELECT bi_test_id, approved_by, reason FROM emergency_releases WHERE load_id = $1`, [load.id]);
      expect(record).toEqual({ bi_test_id: bi.id, approved_by: head.user.id, reason });

      await c.store(implant);
      await c.dispatch(implant);
      await c.receive(implant);
      await c.use(implant, 'ZY-IMPLANT-7');

      // The BI comes back positive after the implant was used.
      const read = await c.readBi(bi.id, 'failed');
      expect(read.recall?.id).toEqual(expect.any(String));
      const recall = expectOk(await get(`/api/recalls/${read.recall.id}`, c.nurse.token));
      expect(recall).toMatchObject({ trigger: 'bi_failed', status: 'open' });
      const item = recall.items.find((i: { barcode: string }) => i.barcode === implant);
      expect(item).toMatchObject({ disposition: 'used', patient_id: 'ZY-IMPLANT-7', current_state: 'used', state_at_recall: 'used' });
      expect(recall.followUp.map((i: { barcode: string; patient_id: string }) => [i.barcode, i.patient_id])).toEqual([
        [implant, 'ZY-IMPLANT-7'],
      ]);

      const notices = expectOk(await get('/api/department/notices', c.departmentUser.token));
      const late = notices.filter((n: { kind: string }) => n.kind === 'late_bi_failed');
      expect(late).toHaveLength(1);
      expect(late[0].packs.map((p: { barcode: string }) => p.barcode)).toEqual([implant]);
      const recallNotice = notices.filter((n: { kind: string }) => n.kind === 'recall');
      expect(recallNotice).toEqual([expect.objectContaining({ recallId: read.recall.id })]);
      expect(recallNotice[0].packs.map((p: { barcode: string }) => p.barcode)).toEqual([implant]);
      const deptRecalls = expectOk(await get('/api/department/recalls', c.departmentUser.token));
      expect(deptRecalls).toEqual([expect.objectContaining({ recall_id: read.recall.id, barcode: implant, disposition: 'used' })]);
    });

    it('a late negative BI tells the department too (late_bi_passed); no recall', async () => {
      const c = await ChainDriver.create(t);
      const [implant] = await c.packedMany([await c.newSet({ implant: true })]);
      const load = await c.startLoad([implant], { bis: [{ pcdType5Passed: true }] });
      const bi = load.bis[0];
      await c.unload(load.id);
      expectOk(
        await c.post(
          `/api/monitoring/loads/${load.id}/emergency-release`,
          { reason: 'Emergency trauma surgery', barcodes: [implant] },
          head.token,
        ),
      );
      await c.store(implant);
      await c.dispatch(implant);

      const read = await c.readBi(bi.id, 'passed');
      expect(read.recall).toBeNull();
      const notices = expectOk(await get('/api/department/notices', c.departmentUser.token));
      expect(notices.map((n: { kind: string }) => n.kind)).toEqual(['late_bi_passed']);
      expect(notices[0].packs.map((p: { barcode: string }) => p.barcode)).toEqual([implant]);
      expect(await stateOf(implant)).toBe('dispatched');
    });

    it('refused with 422 EMERGENCY_RELEASE_NOT_ALLOWED without a passed PCD type 5 indicator, or for a released load; an implant load cannot run without a BI at all', async () => {
      const c = await ChainDriver.create(t);
      const [i1, i2, i3, plain] = await c.packedMany([
        await c.newSet({ implant: true }),
        await c.newSet({ implant: true }),
        await c.newSet({ implant: true }),
        await c.newSet(),
      ]);
      const reason = 'Emergency trauma surgery';
      const release = (loadId: string, barcodes: string[]) =>
        c.post(`/api/monitoring/loads/${loadId}/emergency-release`, { reason, barcodes }, head.token);

      const noPcd = await c.startLoad([i1], { bis: [{}] });
      await c.unload(noPcd.id);
      expectRefused(await release(noPcd.id, [i1]), 422, 'EMERGENCY_RELEASE_NOT_ALLOWED');

      const pcdFailed = await c.startLoad([i2], { bis: [{ pcdType5Passed: false }] });
      await c.unload(pcdFailed.id);
      expectRefused(await release(pcdFailed.id, [i2]), 422, 'EMERGENCY_RELEASE_NOT_ALLOWED');

      // WS 310.3: every implant load carries its own BI — without one it does not start.
      const noBi = expectOk(await c.post('/api/loads', { sterilizerId: c.sterilizer.sterilizer.id, programId: c.sterilizer.program.id }));
      expectOk(await c.post(`/api/loads/${noBi.id}/packs`, { code: i3 }));
      expectRefused(await c.post(`/api/loads/${noBi.id}/start`, {}), 422, 'LOAD_NEEDS_BI');
      expect(await stateOf(i3)).toBe('loaded');
      expectOk(await c.post(`/api/loads/${noBi.id}/cancel`, {}));

      const released = await c.startLoad([plain]);
      expect((await c.unload(released.id)).release).toBe('released');
      expectRefused(await release(released.id, [plain]), 422, 'EMERGENCY_RELEASE_NOT_ALLOWED');

      expect(await Promise.all([i1, i2].map(stateOf))).toEqual(['quarantined', 'quarantined']);
      expect(
        (
          await t.ds.query(`SELECT count(*)::int AS n FROM emergency_releases WHERE load_id = ANY($1::uuid[])`, [
            [noPcd.id, pcdFailed.id, noBi.id, released.id],
          ])
        )[0].n,
      ).toBe(0);
    });
  });

  describe('commissioning (new, moved or repaired sterilizer)', () => {
    it('takes no clinical load until 3 consecutive empty-chamber BIs and 3 consecutive B-Ds pass; a failure resets the count; then in service by itself', async () => {
      const c = await ChainDriver.create(t);
      const id = c.sterilizer.sterilizer.id;
      expectRefused(
        await t.http().patch(`/api/sterilizers/${id}`).set(bearer(c.nurse.token)).send({ status: 'commissioning' }),
        403,
        'FORBIDDEN_ROLE',
      );
      const patched = expectOk(await t.http().patch(`/api/sterilizers/${id}`).set(bearer(head.token)).send({ status: 'commissioning' }));
      expect(patched.status).toBe('commissioning');

      const refused = await openClinical(c);
      expectRefused(refused, 422, 'STERILIZER_COMMISSIONING');
      expect(refused.body.details).toMatchObject({ biPasses: 0, bdPasses: 0, needed: 3 });
      expect(await readiness(c)).toMatchObject({
        status: 'commissioning',
        commissioning: { active: true, biPasses: 0, bdPasses: 0, needed: 3 },
      });

      const results = ['passed', 'passed', 'failed', 'passed', 'passed', 'passed'] as const;
      const expectedCounts = [1, 2, 0, 1, 2, 3];
      for (const [i, result] of results.entries()) {
        const run = await c.emptyChamberBiRun();
        expect(run.load).toMatchObject({ emptyChamber: true });
        await c.readBi(run.bi.id, result);
        const r = await readiness(c);
        expect({ i, status: r.status, biPasses: r.commissioning?.biPasses, bdPasses: r.commissioning?.bdPasses }).toEqual({
          i,
          status: 'commissioning',
          biPasses: expectedCounts[i],
          bdPasses: 0,
        });
      }
      // Three BIs are not enough for a pre-vacuum sterilizer: it needs three B-Ds too.
      expectRefused(await openClinical(c), 422, 'STERILIZER_COMMISSIONING');

      const bds = [true, false, true, true, true];
      const bdCounts = [1, 0, 1, 2, 3];
      for (const [i, passed] of bds.entries()) {
        await c.bd(passed);
        const r = await readiness(c);
        if (i < bds.length - 1) {
          expect({ i, status: r.status, bdPasses: r.commissioning?.bdPasses, biPasses: r.commissioning?.biPasses }).toEqual({
            i,
            status: 'commissioning',
            bdPasses: bdCounts[i],
            biPasses: 3,
          });
          expectRefused(await openClinical(c), 422, 'STERILIZER_COMMISSIONING');
        } else {
          expect(r).toMatchObject({
            status: 'in_service',
            commissioning: null,
            bd: { today: 'passed' },
            bi: { blocked: false, lastResult: 'passed' },
          });
        }
      }
      const sterilizer = expectOk(await get(`/api/sterilizers/${id}`, c.nurse.token));
      expect(sterilizer.status).toBe('in_service');
      expectOk(await openClinical(c));
    });

    it('a plasma sterilizer needs the 3 BIs only; an empty-chamber load takes no packs', async () => {
      const c = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
      const id = c.sterilizer.sterilizer.id;
      expectOk(await t.http().patch(`/api/sterilizers/${id}`).set(bearer(head.token)).send({ status: 'commissioning' }));
      expect((await readiness(c)).commissioning).toMatchObject({ biPasses: 0, bdPasses: 3, needed: 3 });

      const empty = expectOk(await c.post('/api/loads', { sterilizerId: id, programId: c.sterilizer.program.id, emptyChamber: true }));
      const [p] = await c.packedMany([await c.newSet({ sterilizationMethod: 'h2o2_plasma' })]);
      expectRefused(await c.post(`/api/loads/${empty.id}/packs`, { code: p }), 422, 'EMPTY_CHAMBER_LOAD');
      expectOk(await c.post(`/api/loads/${empty.id}/cancel`, {}));

      for (let i = 0; i < 3; i++) {
        const run = await c.emptyChamberBiRun();
        await c.readBi(run.bi.id, 'passed');
      }
      expect(await readiness(c)).toMatchObject({ status: 'in_service', commissioning: null });
      expectOk(await openClinical(c));
    });
  });

  describe('lockouts', () => {
    it('an operator without a valid sterilizer operator certificate cannot start a load (OPERATOR_NOT_CERTIFIED)', async () => {
      const c = await ChainDriver.create(t);
      const uncertified = await createUser(t, 'nurse', { certified: false });
      const expired = await createUser(t, 'nurse', { certified: false });
      await t.ds.query(
        `INSERT INTO user_certifications (user_id, kind, valid_until, created_by, created_at) VALUES ($1, 'sterilizer_operator', $2, $1, $3)`,
        [expired.user.id, shiftDate(today(), -1), t.clock.instant()],
      );
      const [p] = await c.packedMany([await c.newSet()]);
      await c.bd();
      const load = expectOk(await openClinical(c, uncertified.token));
      expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: p }, uncertified.token));

      expectRefused(await c.post(`/api/loads/${load.id}/start`, {}, uncertified.token), 422, 'OPERATOR_NOT_CERTIFIED');
      expectRefused(await c.post(`/api/loads/${load.id}/start`, {}, expired.token), 422, 'OPERATOR_NOT_CERTIFIED');
      expect(await stateOf(p)).toBe('loaded');

      await c.beforeStart(load.id);
      const started = expectOk(await c.post(`/api/loads/${load.id}/start`, {}, c.nurse.token));
      expect(started).toMatchObject({ status: 'running', startedBy: c.nurse.user.id });
    });

    it('an expired annual inspection certificate refuses the load (ANNUAL_INSPECTION_EXPIRED)', async () => {
      const c = await ChainDriver.create(t);
      await c.bd();
      expectOk(
        await t
          .http()
          .patch(`/api/sterilizers/${c.sterilizer.sterilizer.id}`)
          .set(bearer(head.token))
          .send({ annualInspectionValidUntil: shiftDate(today(), -1) }),
      );
      expectRefused(await openClinical(c), 422, 'ANNUAL_INSPECTION_EXPIRED');
      expect((await readiness(c)).annualInspectionValid).toBe(false);
    });

    it('a sterilizer blocked by a failed BI refuses clinical loads (STERILIZER_BLOCKED_BY_BI) until an empty-chamber BI passes', async () => {
      const c = await ChainDriver.create(t);
      await c.bd();
      const failing = await c.emptyChamberBiRun();
      const read = await c.readBi(failing.bi.id, 'failed');
      expect(read.recall?.id).toEqual(expect.any(String));
      expect((await readiness(c)).bi).toMatchObject({ blocked: true, lastResult: 'failed' });
      expectRefused(await openClinical(c), 422, 'STERILIZER_BLOCKED_BY_BI');

      const clearing = await c.emptyChamberBiRun();
      await c.readBi(clearing.bi.id, 'passed');
      expect((await readiness(c)).bi).toMatchObject({ blocked: false, lastResult: 'passed' });
      expectOk(await openClinical(c));
    });

    it('a late passing result of an older load does not unblock a sterilizer blocked by a failed BI', async () => {
      const c = await ChainDriver.create(t);
      await c.bd();
      const older = await c.emptyChamberBiRun(); // its BI still incubating
      const failing = await c.emptyChamberBiRun();
      await c.readBi(failing.bi.id, 'failed');
      await c.readBi(older.bi.id, 'passed'); // read later, but from a load run before the failure was known
      expect((await readiness(c)).bi).toMatchObject({ blocked: true, lastResult: 'failed' });
      expectRefused(await openClinical(c), 422, 'STERILIZER_BLOCKED_BY_BI');

      const clearing = await c.emptyChamberBiRun();
      await c.readBi(clearing.bi.id, 'passed');
      expect((await readiness(c)).bi).toMatchObject({ blocked: false, lastResult: 'passed' });
    });

    it('a BI of a load that never ran cannot be read (BI_LOAD_NOT_RUN, LOAD_CANCELLED) and counts for nothing', async () => {
      const c = await ChainDriver.create(t);
      await c.bd();
      const before = await readiness(c);
      const open = expectOk(await openClinical(c));
      const bi = await c.placeBi(open.id);
      expectRefused(await c.post(`/api/monitoring/bi/${bi.id}/read`, { result: 'passed' }, c.monitor.token), 409, 'BI_LOAD_NOT_RUN');
      expectOk(await c.post(`/api/loads/${open.id}/cancel`, {}));
      expectRefused(await c.post(`/api/monitoring/bi/${bi.id}/read`, { result: 'passed' }, c.monitor.token), 409, 'LOAD_CANCELLED');
      expect((await t.ds.query('SELECT result, read_at FROM bi_tests WHERE id = $1', [bi.id]))[0]).toEqual({
        result: 'pending',
        read_at: null,
      });
      // The BI of the cancelled load does not count as this week's BI either.
      expect((await readiness(c)).bi).toMatchObject({ ...before.bi, nextDue: expect.any(String) });
      expect(before.bi).toMatchObject({ lastRunAt: null, overdue: true });
    });

    it('a BI read time in the future or before the BI was placed is refused (BI_READ_TIME_INVALID), nothing recorded', async () => {
      const c = await ChainDriver.create(t);
      await c.bd();
      const run = await c.emptyChamberBiRun();
      const future = new Date(testNow().getTime() + 3600_000).toISOString();
      const beforePlaced = new Date(new Date(run.bi.placedAt).getTime() - 60_000).toISOString();
      for (const readAt of [future, beforePlaced]) {
        expectRefused(
          await c.post(`/api/monitoring/bi/${run.bi.id}/read`, { result: 'failed', readAt }, c.monitor.token),
          422,
          'BI_READ_TIME_INVALID',
        );
      }
      expect((await t.ds.query('SELECT result FROM bi_tests WHERE id = $1', [run.bi.id]))[0].result).toBe('pending');
      expect(
        (await t.ds.query('SELECT count(*)::int AS n FROM recalls WHERE reason LIKE $1', [`%${c.sterilizer.sterilizer.code}%`]))[0].n,
      ).toBe(0);
    });
  });

  describe('environment and water readings', () => {
    it('cotton packs get 7 days while sterile storage is out of standard (26 °C), 14 days after a compliant reading', async () => {
      const c = await ChainDriver.create(t);
      const monitor = c.monitor.token;
      const hot = expectOk(await c.post('/api/monitoring/readings', { kind: 'storage_temperature', value: 26 }, monitor));
      expect(hot).toMatchObject({ kind: 'storage_temperature', value: 26, limitMax: 24, withinLimits: false });

      const [cotton1] = await c.packedMany([await c.newSet({ packagingMaterial: 'cotton' })]);
      const load1 = await c.startLoad([cotton1]);
      await c.unload(load1.id);
      const stored1 = await c.store(cotton1);
      expect(stored1.pack.expiryDate).toBe(shiftDate(stored1.pack.sterilizationDate, 7));

      try {
        expectOk(await c.post('/api/monitoring/readings', { kind: 'storage_temperature', value: 20 }, monitor));
        const humid = expectOk(await c.post('/api/monitoring/readings', { kind: 'storage_humidity', value: 50 }, monitor));
        expect(humid).toMatchObject({ withinLimits: true, limitMax: 70 });
        const [cotton2] = await c.packedMany([await c.newSet({ packagingMaterial: 'cotton' })]);
        const load2 = await c.startLoad([cotton2]);
        await c.unload(load2.id);
        const stored2 = await c.store(cotton2);
        expect(stored2.pack.expiryDate).toBe(shiftDate(stored2.pack.sterilizationDate, 14));
      } finally {
        // Leave sterile storage compliant for whoever runs next (the readings are global).
        await c.post('/api/monitoring/readings', { kind: 'storage_temperature', value: 20 }, monitor);
        await c.post('/api/monitoring/readings', { kind: 'storage_humidity', value: 50 }, monitor);
      }
    });

    it('flags readings out of their limits; disinfectant concentration needs its range (READING_LIMITS_REQUIRED)', async () => {
      const c = await ChainDriver.create(t);
      const post = (body: object, token = c.monitor.token) => c.post('/api/monitoring/readings', body, token);

      expect(expectOk(await post({ kind: 'air_colony_sterile_storage', value: 250 }))).toMatchObject({
        limitMax: 200,
        unit: 'cfu/m3',
        withinLimits: false,
      });
      expect(expectOk(await post({ kind: 'air_colony_sterile_storage', value: 200 }))).toMatchObject({ withinLimits: true });
      expect(expectOk(await post({ kind: 'air_colony_packing', value: 450 }))).toMatchObject({ limitMax: 500, withinLimits: true });
      expect(expectOk(await post({ kind: 'air_colony_packing', value: 501 }))).toMatchObject({ withinLimits: false });
      expect(expectOk(await post({ kind: 'water_conductivity', value: 16.5 }))).toMatchObject({ limitMax: 15, withinLimits: false });
      expect(expectOk(await post({ kind: 'water_conductivity', value: 12 }))).toMatchObject({ withinLimits: true });

      expectRefused(await post({ kind: 'disinfectant_concentration', value: 500 }), 422, 'READING_LIMITS_REQUIRED');
      expect(expectOk(await post({ kind: 'disinfectant_concentration', value: 500, limitMin: 400, limitMax: 600 }))).toMatchObject({
        unit: 'mg/L',
        limitMin: 400,
        limitMax: 600,
        withinLimits: true,
      });
      expect(expectOk(await post({ kind: 'disinfectant_concentration', value: 350, limitMin: 400, limitMax: 600 }))).toMatchObject({
        withinLimits: false,
      });
      expectRefused(await post({ kind: 'disinfectant_concentration', value: 500, limitMin: 600, limitMax: 400 }), 422, 'INVALID_RANGE');

      expectRefused(await post({ kind: 'water_conductivity', value: 10 }, c.nurse.token), 403, 'FORBIDDEN_ROLE');
      const list = expectOk(await get('/api/monitoring/readings?kind=air_colony_sterile_storage', c.nurse.token));
      expect(list.every((r: { kind: string }) => r.kind === 'air_colony_sterile_storage')).toBe(true);
      expect(list.slice(0, 2).map((r: { value: number; withinLimits: boolean }) => [r.value, r.withinLimits])).toEqual([
        [200, true],
        [250, false],
      ]);
    });
  });
});
