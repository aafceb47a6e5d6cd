import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Issue 18, "Records that close" and "Gaps in the record": a problem report gets the CSSD's
 * outcome and stays closed; a recall closes only with its cause, what became of its packs, to whom
 * it was reported and the head nurse's conclusion; a manual clean records its parameters and a
 * result; a pack that comes back without a recorded use is flagged, not counted as used.
 */
describe('records that close, and the gaps in the record', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const get = (path: string, token: string) => t.http().get(path).set(bearer(token));
  const post = (path: string, body: object, token: string) => t.http().post(path).set(bearer(token)).send(body);

  /** A pack of a fresh set dispatched to the driver's department (received there unless told not to). */
  async function atDepartment(c: ChainDriver, opts: { receive?: boolean } = {}) {
    const tpl = await createTemplate(t);
    const set = await createSet(t, { templateId: tpl.id, homeDepartmentId: c.department.id });
    const barcode = await c.readyInStorage(set.assetCode);
    await c.dispatch(barcode);
    if (opts.receive !== false) await c.receive(barcode);
    return { barcode, set };
  }

  describe('a department’s problem report gets an outcome from the CSSD (seed 20)', () => {
    const outcome = {
      investigation: '同锅次其他包干燥；该包位于柜门附近',
      cause: '装载过密，冷凝水未排出',
      action: '重新培训装载方法，器械重新处理',
    };

    it('is open until the head nurse closes it with investigation, cause and action; the department reads the outcome', async () => {
      const c = await ChainDriver.create(t);
      const { barcode } = await atDepartment(c);
      const report = expectOk(
        await post('/api/department/problems', { code: barcode, kind: 'wet', note: '包外有水渍' }, c.departmentUser.token),
      );
      expect(report.reportId).toEqual(expect.any(String));

      const open = expectOk(await get('/api/problem-reports?status=open', head.token)) as { id: string }[];
      expect(open.find((r) => r.id === report.reportId)).toMatchObject({
        barcode,
        kind: 'wet',
        note: '包外有水渍',
        status: 'open',
        outcome: null,
        departmentCode: c.department.code,
      });
      expect(expectOk(await get('/api/department/problems', c.departmentUser.token))).toEqual([
        expect.objectContaining({ id: report.reportId, status: 'open', outcome: null }),
      ]);

      // Every part of the outcome is required; a nurse does not close reports.
      const before = await rowCounts(t, ['problem_report_outcomes']);
      expectRefused(
        await post(
          `/api/problem-reports/${report.reportId}/close`,
          { investigation: outcome.investigation, action: outcome.action },
          head.token,
        ),
        400,
        'VALIDATION_FAILED',
      );
      expectRefused(
        await post(`/api/problem-reports/${report.reportId}/close`, { ...outcome, cause: '   ' }, head.token),
        400,
        'VALIDATION_FAILED',
      );
      expectRefused(await post(`/api/problem-reports/${report.reportId}/close`, outcome, c.nurse.token), 403, 'FORBIDDEN_ROLE');
      expect(await rowCounts(t, ['problem_report_outcomes'])).toEqual(before);

      const closed = expectOk(await post(`/api/problem-reports/${report.reportId}/close`, outcome, head.token));
      expect(closed).toMatchObject({
        status: 'closed',
        outcome: { ...outcome, closedBy: head.user.id, closedByName: head.user.displayName, correctsId: null, records: 1 },
      });

      const seen = expectOk(await get('/api/department/problems', c.departmentUser.token));
      expect(seen).toEqual([expect.objectContaining({ id: report.reportId, status: 'closed', outcome: expect.objectContaining(outcome) })]);
      expect(
        (expectOk(await get('/api/problem-reports?status=open', head.token)) as { id: string }[]).some((r) => r.id === report.reportId),
      ).toBe(false);
      // Another department never sees it.
      const other = await createUser(t, 'department');
      expect(expectOk(await get('/api/department/problems', other.token))).toEqual([]);
    });

    it('a closed report cannot be rewritten: closing again is refused, a correction is a new record naming the one it corrects', async () => {
      const c = await ChainDriver.create(t);
      const { barcode } = await atDepartment(c);
      const { reportId } = expectOk(await post('/api/department/problems', { code: barcode, kind: 'damaged' }, c.departmentUser.token));
      expectRefused(
        await post(`/api/problem-reports/${reportId}/corrections`, { ...outcome, reason: '复核' }, head.token),
        409,
        'PROBLEM_REPORT_OPEN',
      );
      const first = expectOk(await post(`/api/problem-reports/${reportId}/close`, outcome, head.token)).outcome;

      const rewrite = expectRefused(
        await post(`/api/problem-reports/${reportId}/close`, { ...outcome, cause: '另一个原因' }, head.token).set('Accept-Language', 'en'),
        409,
        'PROBLEM_REPORT_CLOSED',
      );
      expect(rewrite.message).toMatch(/correction/);
      expect(expectOk(await get('/api/department/problems', c.departmentUser.token))[0].outcome).toMatchObject({
        id: first.id,
        cause: outcome.cause,
      });

      const monitor = await createUser(t, 'monitor');
      const corrected = expectOk(
        await post(
          `/api/problem-reports/${reportId}/corrections`,
          { ...outcome, cause: '包装材料破损（批次缺陷）', reason: '复核后更正原因' },
          monitor.token,
        ),
      );
      expect(corrected.outcome).toMatchObject({
        cause: '包装材料破损（批次缺陷）',
        correctsId: first.id,
        correctionReason: '复核后更正原因',
        closedBy: monitor.user.id,
        records: 2,
      });
      // Both records are kept; the database itself refuses to change either.
      expect(await t.ds.query(`SELECT cause FROM problem_report_outcomes WHERE report_id = $1 ORDER BY closed_at`, [reportId])).toEqual([
        { cause: outcome.cause },
        { cause: '包装材料破损（批次缺陷）' },
      ]);
      await expect(t.ds.query(`UPDATE problem_report_outcomes SET cause = 'x' WHERE report_id = $1`, [reportId])).rejects.toThrow();
      await expect(t.ds.query(`UPDATE problem_reports SET kind = 'other' WHERE id = $1`, [reportId])).rejects.toThrow();
    });

    it('an unknown report is 404', async () => {
      expectRefused(
        await post(`/api/problem-reports/00000000-0000-4000-8000-000000000000/close`, outcome, head.token),
        404,
        'PROBLEM_REPORT_NOT_FOUND',
      );
    });
  });
  describe('a recall closes with its closing record (seed 19.4)', () => {
    it('is refused without cause, packs’ disposal, report and conclusion, with counts that miss a pack, or a report time in the future or before it opened; the department reads the outcome on its notice', async () => {
      const c = await ChainDriver.create(t);
      const [kept, sent] = await c.packedMany([await c.newSet(), await c.newSet()]);
      const load = await c.sterilize([kept, sent]);
      await c.store(kept);
      await c.store(sent);
      await c.dispatch(sent);
      const recall = expectOk(
        await post('/api/recalls', { trigger: 'manual', reason: '排气阀故障，召回该锅次', loadIds: [load.id] }, head.token),
      );
      for (const code of [kept, sent]) expectOk(await post(`/api/recalls/${recall.id}/scan`, { code }, head.token));

      const record = {
        cause: '排气阀故障导致空气残留',
        reprocessedCount: 1,
        discardedCount: 1,
        reportedTo: '医院感染管理科 王科长',
        reportedAt: t.clock.instant().toISOString(),
        conclusion: '阀门已更换，复测合格；本次无患者暴露',
      };
      const close = (body: object) => post(`/api/recalls/${recall.id}/close`, body, head.token);
      for (const missing of ['cause', 'reprocessedCount', 'reportedTo', 'reportedAt', 'conclusion'] as const) {
        const { [missing]: _, ...rest } = record;
        expectRefused(await close(rest), 400, 'VALIDATION_FAILED');
      }
      expectRefused(await close({ ...record, conclusion: '  ' }), 400, 'VALIDATION_FAILED');
      const short = expectRefused(
        await close({ ...record, discardedCount: 0 }).set('Accept-Language', 'en'),
        422,
        'RECALL_PACKS_NOT_DISPOSED',
      );
      expect(short.message).toContain('2 recalled pack(s) came back');
      const tomorrow = new Date(t.clock.instant().getTime() + 86_400_000).toISOString();
      expectRefused(await close({ ...record, reportedAt: tomorrow }), 422, 'RECALL_REPORTED_AT_INVALID');
      expectRefused(
        await close({ ...record, reportedAt: new Date(new Date(recall.openedAt).getTime() - 5 * 60_000).toISOString() }),
        422,
        'RECALL_REPORTED_AT_INVALID',
      );
      expect(expectOk(await get(`/api/recalls/${recall.id}`, head.token))).toMatchObject({ status: 'open', cause: null, conclusion: null });

      const closed = expectOk(await close(record));
      expect(closed).toMatchObject({
        status: 'closed',
        cause: record.cause,
        reprocessedCount: 1,
        discardedCount: 1,
        reportedTo: record.reportedTo,
        conclusion: record.conclusion,
      });
      expect(new Date(closed.reportedAt).toISOString()).toBe(record.reportedAt);
      await expect(t.ds.query(`UPDATE recalls SET conclusion = 'rewritten' WHERE id = $1`, [recall.id])).rejects.toThrow(/fixed/);

      const notices = expectOk(await get('/api/department/notices', c.departmentUser.token)) as {
        recallId: string;
        recallOutcome: unknown;
      }[];
      expect(notices.find((n) => n.recallId === recall.id)?.recallOutcome).toEqual({
        closedAt: closed.closedAt,
        cause: record.cause,
        reprocessedCount: 1,
        discardedCount: 1,
        conclusion: record.conclusion,
      });
    });
  });
  describe('a manual clean is recorded as a washer run is (docs/domain.md §3.2)', () => {
    it('records agent, concentration, water temperature, time, operator and result; a failed one sends the set back to waiting for cleaning', async () => {
      const c = await ChainDriver.create(t);
      const set = await c.newSet();
      await c.recycle(set);
      const run = { code: set, agent: '多酶清洗剂', concentration: '1:200', temperatureC: 35, minutes: 10, reason: 'washer_failed' };

      // Parameters and result are required: nothing written without them.
      const before = await rowCounts(t, ['pack_events']);
      expectRefused(await c.post('/api/cleaning/manual', { code: set }), 400, 'VALIDATION_FAILED');
      expectRefused(await c.post('/api/cleaning/manual', { ...run }), 400, 'VALIDATION_FAILED');
      expectRefused(await c.post('/api/cleaning/manual', { ...run, agent: ' ', passed: true }), 400, 'VALIDATION_FAILED');
      expect(await rowCounts(t, ['pack_events'])).toEqual(before);

      const failed = expectOk(await c.post('/api/cleaning/manual', { ...run, passed: false, note: '关节处残留血迹' }));
      expect(failed).toMatchObject({ outcome: 'collected', pack: { state: 'collected' } });
      // Back to waiting for cleaning: it cannot be packed.
      expectRefused(
        await c.post('/api/packing/sets', {
          code: set,
          inspection: { clean: true, functional: true, complete: true, label: true, indicatorTape: true },
        }),
        409,
        'PACK_WRONG_STATE',
      );

      const passed = expectOk(await c.post('/api/cleaning/manual', { ...run, temperatureC: 40, passed: true }));
      expect(passed).toMatchObject({ outcome: 'cleaned', pack: { state: 'cleaned' } });
      const events = await t.ds.query(
        `SELECT e.type, e.from_state, e.to_state, e.actor_id, e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id JOIN instrument_sets s ON s.id = p.set_id
          WHERE s.asset_code = $1 AND e.type LIKE 'manual_clean%' ORDER BY e.at`,
        [set],
      );
      expect(events).toEqual([
        {
          type: 'manual_clean_failed',
          from_state: 'collected',
          to_state: 'collected',
          actor_id: c.nurse.user.id,
          data: expect.objectContaining({
            result: 'failed',
            agent: '多酶清洗剂',
            concentration: '1:200',
            temperatureC: 35,
            minutes: 10,
            reason: 'washer_failed',
            note: '关节处残留血迹',
          }),
        },
        {
          type: 'manual_clean',
          from_state: 'collected',
          to_state: 'cleaned',
          actor_id: c.nurse.user.id,
          data: expect.objectContaining({ result: 'passed', agent: '多酶清洗剂', temperatureC: 40 }),
        },
      ]);
      const barcode = await c.pack(set);
      const trace = expectOk(await get(`/api/trace/packs/${barcode}`, c.nurse.token));
      expect(trace.cleaning).toMatchObject({
        kind: 'manual',
        data: expect.objectContaining({ result: 'passed', concentration: '1:200', temperatureC: 40, minutes: 10 }),
      });
    });
  });
});
