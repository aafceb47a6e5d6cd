import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { startOfLocalDay } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { binaryBody, expectOk, expectRefused } from '../support/expect.js';
import { createUser, rowCounts, uniq, type TestUser } from '../support/factories.js';
import { pdfText } from '../support/pdf.js';
import { formatWallClock } from '../../src/reports/report-table.js';
import {
  approvedVisit,
  get,
  post,
  refusedUnchanged,
  requestVisit,
  VISIT_TABLES,
  visitDay,
  visitRequest,
  type VisitDetail,
} from '../support/visitors.js';

/**
 * Issue 17, the visitors register: the CSSD is a restricted department. Visits are asked for by its
 * staff, approved (or refused with a reason) by the head nurse or an administrator, and recorded:
 * time in and out (stated, checked against the service's clock), the escort, the zones actually
 * entered (approved ones only), the visitors' comments. Append-only; corrections are new rows.
 */
describe('visitors register', () => {
  let t: TestApp;
  let nurse: TestUser;
  let monitor: TestUser;
  let head: TestUser;
  let admin: TestUser;
  let department: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    // 09:00 of the hospital's next day: the stated times below (00:30, an hour ago) lie in today.
    t.clock.nextMorning(t.config.timezone, 9);
    [nurse, monitor, head, admin, department] = [
      await createUser(t, 'nurse'),
      await createUser(t, 'monitor'),
      await createUser(t, 'head_nurse'),
      await createUser(t, 'admin'),
      await createUser(t, 'department'),
    ];
  });
  afterAll(() => t.close());

  const ago = (minutes: number) => new Date(t.clock.instant().getTime() - minutes * 60_000).toISOString();
  const path = (v: { id: string }, step = '') => `/api/visits/${v.id}${step}`;

  it('walks request → approve → check in → comments → check out, each step a row of its own', async () => {
    const unit = uniq('省人民医院消毒供应中心');
    const v = await requestVisit(t, nurse.token, { unit });
    expect(v).toMatchObject({ status: 'pending', unit, entries: 1, decision: null, inAt: null, commentCount: 0 });
    expect(v.visitors).toEqual([
      { name: '张明', title: '院感科主任' },
      { name: '李华', title: '督导员' },
    ]);
    const approved: VisitDetail = expectOk(await post(t, head.token, path(v, '/approve'), { note: '同意' }));
    expect(approved).toMatchObject({ status: 'approved', decision: { approved: true, reason: '同意', decidedBy: head.user.id } });
    const inAt = ago(60);
    const inside: VisitDetail = expectOk(await post(t, nurse.token, path(v, '/check-in'), { at: inAt, escortUserId: monitor.user.id }));
    expect(inside).toMatchObject({ status: 'checked_in', inAt, escortUserId: monitor.user.id, outAt: null });
    expectOk(await post(t, nurse.token, path(v, '/comments'), { author: '张明', text: '分区明确，标识清楚' }));
    expectOk(await post(t, nurse.token, path(v, '/comments'), { text: '建议增加洗眼装置标识' }));
    const outAt = ago(5);
    const done: VisitDetail = expectOk(await post(t, nurse.token, path(v, '/check-out'), { at: outAt, zonesEntered: ['packing'] }));
    expect(done).toMatchObject({ status: 'checked_out', inAt, outAt, zonesEntered: ['packing'], commentCount: 2 });
    expect(done.comments.map((c) => [c.author, c.text])).toEqual([
      ['张明', '分区明确，标识清楚'],
      [null, '建议增加洗眼装置标识'],
    ]);
    // Every CSSD role reads it; the register of today lists it.
    for (const who of [nurse, monitor, head, admin]) expect(expectOk(await get(t, who.token, path(v))).status).toBe('checked_out');
    const today = visitDay(t);
    const register = expectOk(await get(t, head.token, `/api/visits?date=${today}`));
    expect(register).toMatchObject({ from: today, to: today, timezone: t.config.timezone });
    expect(register.visits.find((x: VisitDetail) => x.id === v.id)).toMatchObject({ status: 'checked_out', unit, day: today });
  });

  it('department users and unknown callers read nothing; only the head nurse or an admin decides; only CSSD staff request', async () => {
    const v = await requestVisit(t, monitor.token);
    expectRefused(await get(t, department.token, '/api/visits'), 403, 'FORBIDDEN_ROLE');
    expectRefused(await get(t, department.token, path(v)), 403, 'FORBIDDEN_ROLE');
    expectRefused(await t.http().get('/api/visits'), 401, 'UNAUTHENTICATED');
    await refusedUnchanged(t, () => post(t, department.token, '/api/visits', visitRequest(t)), 403, 'FORBIDDEN_ROLE');
    await refusedUnchanged(t, () => post(t, admin.token, '/api/visits', visitRequest(t)), 403, 'FORBIDDEN_ROLE');
    await refusedUnchanged(t, () => post(t, nurse.token, path(v, '/approve'), {}), 403, 'FORBIDDEN_ROLE');
    await refusedUnchanged(t, () => post(t, monitor.token, path(v, '/refuse'), { reason: '不同意' }), 403, 'FORBIDDEN_ROLE');
    expect(expectOk(await post(t, admin.token, path(v, '/approve'), {})).status).toBe('approved');
    // Who may escort: the CSSD's nurses, head nurses and monitors, not an administrator nor a department user.
    const escorts: { id: string }[] = expectOk(await get(t, nurse.token, '/api/visits/escorts'));
    expect(escorts.map((e) => e.id)).toEqual(expect.arrayContaining([nurse.user.id, monitor.user.id, head.user.id]));
    expect(escorts.map((e) => e.id)).not.toContain(admin.user.id);
    expect(escorts.map((e) => e.id)).not.toContain(department.user.id);
    expectRefused(await get(t, department.token, '/api/visits/escorts'), 403, 'FORBIDDEN_ROLE');
    expectRefused(await get(t, nurse.token, `/api/visits/${crypto.randomUUID()}`), 404, 'VISIT_NOT_FOUND');
  });

  it('checks in only an approved visit, once; a refused, pending or cancelled one never', async () => {
    const escort = { escortUserId: nurse.user.id };
    const pending = await requestVisit(t, nurse.token);
    await refusedUnchanged(t, () => post(t, nurse.token, path(pending, '/check-in'), escort), 409, 'VISIT_NOT_APPROVED');

    const refused = await requestVisit(t, nurse.token);
    await refusedUnchanged(t, () => post(t, head.token, path(refused, '/refuse'), {}), 400, 'VALIDATION_FAILED');
    const r: VisitDetail = expectOk(await post(t, head.token, path(refused, '/refuse'), { reason: '当日有灭菌器验证' }));
    expect(r).toMatchObject({ status: 'refused', decision: { approved: false, reason: '当日有灭菌器验证' } });
    await refusedUnchanged(t, () => post(t, nurse.token, path(refused, '/check-in'), escort), 409, 'VISIT_REFUSED');
    await refusedUnchanged(t, () => post(t, head.token, path(refused, '/approve'), {}), 409, 'VISIT_ALREADY_DECIDED');

    const cancelled = await approvedVisit(t, nurse.token, head.token);
    await refusedUnchanged(t, () => post(t, nurse.token, path(cancelled, '/cancel'), {}), 400, 'VALIDATION_FAILED');
    const c: VisitDetail = expectOk(await post(t, nurse.token, path(cancelled, '/cancel'), { reason: '对方改期' }));
    expect(c).toMatchObject({ status: 'cancelled', cancellation: { reason: '对方改期' } });
    await refusedUnchanged(t, () => post(t, nurse.token, path(cancelled, '/check-in'), escort), 409, 'VISIT_CANCELLED');
    await refusedUnchanged(t, () => post(t, nurse.token, path(cancelled, '/cancel'), { reason: '再取消' }), 409, 'VISIT_CANCELLED');

    const once = await approvedVisit(t, nurse.token, head.token);
    expectOk(await post(t, nurse.token, path(once, '/check-in'), escort));
    await refusedUnchanged(t, () => post(t, nurse.token, path(once, '/check-in'), escort), 409, 'VISIT_ALREADY_CHECKED_IN');
    await refusedUnchanged(t, () => post(t, nurse.token, path(once, '/cancel'), { reason: '太晚' }), 409, 'VISIT_ALREADY_STARTED');
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM visit_check_ins WHERE visit_id = $1`, [once.id]))[0].n).toBe(1);
  });

  it('checks the stated times against the service’s clock: none in the future, out after in', async () => {
    const v = await approvedVisit(t, nurse.token, head.token);
    const ahead = new Date(t.clock.instant().getTime() + 10 * 60_000).toISOString();
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-in'), { at: ahead, escortUserId: nurse.user.id }),
      422,
      'STATED_TIME_IN_FUTURE',
    );
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-out'), { zonesEntered: ['packing'] }),
      409,
      'VISIT_NOT_CHECKED_IN',
    );
    await refusedUnchanged(t, () => post(t, nurse.token, path(v, '/comments'), { text: '很好' }), 409, 'VISIT_NOT_CHECKED_IN');
    const inAt = ago(30);
    expectOk(await post(t, nurse.token, path(v, '/check-in'), { at: inAt, escortUserId: nurse.user.id }));
    const before = await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-out'), { at: ago(45), zonesEntered: ['packing'] }, 'en'),
      422,
      'VISIT_OUT_BEFORE_IN',
    );
    expect(before.message).toMatch(/^The time out must be after the time in \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)$/);
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-out'), { at: inAt, zonesEntered: ['packing'] }),
      422,
      'VISIT_OUT_BEFORE_IN',
    );
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-out'), { at: ahead, zonesEntered: ['packing'] }),
      422,
      'STATED_TIME_IN_FUTURE',
    );
    const sent = t.clock.instant().getTime();
    const out: VisitDetail = expectOk(await post(t, nurse.token, path(v, '/check-out'), { zonesEntered: ['packing'] }));
    expect(Date.parse(out.outAt!)).toBeGreaterThanOrEqual(sent);
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-out'), { zonesEntered: ['packing'] }),
      409,
      'VISIT_ALREADY_CHECKED_OUT',
    );
  });

  it('checks in only within the approved window: 30 minutes early at most, never after its end (stated or by the clock)', async () => {
    /** The hospital's wall-clock time (HH:MM) `minutes` from the service's now (the clock stands at 09:00 or a little later: same day). */
    const at = (minutes: number) =>
      formatWallClock(new Date(t.clock.instant().getTime() + minutes * 60_000), t.config.timezone).slice(11, 16);
    const escort = { escortUserId: nurse.user.id };

    // 45 minutes before the window opens: refused, in both languages, nothing written.
    const early = await approvedVisit(t, nurse.token, head.token, { windowStart: at(45), windowEnd: at(120) });
    const en = await refusedUnchanged(t, () => post(t, nurse.token, path(early, '/check-in'), escort, 'en'), 422, 'VISIT_OUTSIDE_WINDOW');
    expect(en.message).toContain(`outside the approved visit window (${visitDay(t)} ${at(45)}–${at(120)}, up to 30 min early)`);
    const zh = await refusedUnchanged(t, () => post(t, nurse.token, path(early, '/check-in'), escort), 422, 'VISIT_OUTSIDE_WINDOW');
    expect(zh.message).toContain('不在批准的来访时段内');
    // 20 minutes early is within the stated tolerance.
    const onTime = await approvedVisit(t, nurse.token, head.token, { windowStart: at(20), windowEnd: at(120) });
    expect(expectOk(await post(t, nurse.token, path(onTime, '/check-in'), escort)).status).toBe('checked_in');

    // The window ended an hour ago: a check-in now is refused; the time they really came in (inside it), stated late, is taken.
    const over = await approvedVisit(t, nurse.token, head.token, { windowStart: at(-120), windowEnd: at(-60) });
    await refusedUnchanged(t, () => post(t, nurse.token, path(over, '/check-in'), escort), 422, 'VISIT_OUTSIDE_WINDOW');
    const inside: VisitDetail = expectOk(await post(t, nurse.token, path(over, '/check-in'), { ...escort, at: ago(90) }));
    // A correction moves the time in only within the window too.
    await refusedUnchanged(
      t,
      () =>
        post(t, nurse.token, path(over, '/check-in/corrections'), {
          ...escort,
          at: ago(30),
          correctsId: inside.checkIns[0].id,
          reason: '时间',
        }),
      422,
      'VISIT_OUTSIDE_WINDOW',
    );

    // A visit approved for tomorrow is not checked in today.
    const tomorrow = await approvedVisit(t, nurse.token, head.token, { plannedDate: visitDay(t, 1) });
    await refusedUnchanged(t, () => post(t, nurse.token, path(tomorrow, '/check-in'), escort), 422, 'VISIT_OUTSIDE_WINDOW');
  });

  it('refuses a zone that was not approved, an unknown zone, and an escort who is not CSSD staff', async () => {
    const v = await approvedVisit(t, nurse.token, head.token, { zones: ['recycling', 'cleaning'] });
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-in'), { escortUserId: department.user.id }),
      422,
      'VISIT_ESCORT_INVALID',
    );
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-in'), { escortUserId: admin.user.id }),
      422,
      'VISIT_ESCORT_INVALID',
    );
    expectOk(await post(t, nurse.token, path(v, '/check-in'), { at: ago(20), escortUserId: head.user.id }));
    const zh = await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-out'), { zonesEntered: ['cleaning', 'storage'] }),
      422,
      'VISIT_ZONE_NOT_APPROVED',
    );
    expect(zh.message).toBe('区域“无菌物品存放”不在批准的参观区域内');
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-out'), { zonesEntered: ['operating_room'] }),
      400,
      'VALIDATION_FAILED',
    );
    await refusedUnchanged(t, () => post(t, nurse.token, path(v, '/check-out'), { zonesEntered: [] }), 400, 'VALIDATION_FAILED');
    expect(expectOk(await post(t, nurse.token, path(v, '/check-out'), { zonesEntered: ['recycling', 'cleaning'] })).status).toBe(
      'checked_out',
    );
  });

  it('refuses a malformed request with a code: no visitor, a visitor without a title, a day past, a window backwards, bad JSON', async () => {
    const bad = (over: Record<string, unknown>) => () => post(t, nurse.token, '/api/visits', visitRequest(t, over));
    await refusedUnchanged(t, bad({ visitors: [] }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(t, bad({ visitors: [{ name: '王五' }] }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(t, bad({ contact: ' ' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(t, bad({ zones: ['department'] }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(t, bad({ windowStart: '25:00' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(t, bad({ plannedDate: visitDay(t, -1) }), 422, 'VISIT_PLANNED_PAST');
    await refusedUnchanged(t, bad({ windowStart: '11:00', windowEnd: '09:00' }), 422, 'VISIT_WINDOW_INVALID');
    await refusedUnchanged(
      t,
      () =>
        t.http().post('/api/visits').set('Authorization', `Bearer ${nurse.token}`).set('Content-Type', 'application/json').send('{"unit":'),
      400,
      'MALFORMED_BODY',
    );
  });

  it('corrects by new rows naming the one in force, with the reason; a correction of a correction is refused', async () => {
    const v = await requestVisit(t, nurse.token);
    const fixed: VisitDetail = expectOk(
      await post(t, monitor.token, path(v, '/corrections'), {
        ...visitRequest(t, { unit: '市疾控中心' }),
        correctsId: v.entryId,
        reason: '单位录入错误',
      }),
    );
    expect(fixed).toMatchObject({ id: v.id, unit: '市疾控中心', entries: 2 });
    expect(fixed.history.map((e) => [e.unit, e.correctsId, e.reason])).toEqual([
      ['市卫生健康委员会', null, null],
      ['市疾控中心', v.entryId, '单位录入错误'],
    ]);
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/corrections'), { ...visitRequest(t), correctsId: v.entryId, reason: '再改' }),
      409,
      'VISIT_ENTRY_ALREADY_CORRECTED',
    );
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/corrections'), { ...visitRequest(t), correctsId: fixed.entryId }),
      400,
      'VALIDATION_FAILED',
    );
    expectOk(await post(t, head.token, path(v, '/approve'), {}));
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/corrections'), { ...visitRequest(t), correctsId: fixed.entryId, reason: '批准后改' }),
      409,
      'VISIT_ALREADY_DECIDED',
    );

    // The check-in and the check-out, corrected the same way; the time out stays after the time in.
    const first: VisitDetail = expectOk(await post(t, nurse.token, path(v, '/check-in'), { at: ago(50), escortUserId: nurse.user.id }));
    await expectOk(await post(t, nurse.token, path(v, '/check-out'), { at: ago(10), zonesEntered: ['recycling'] }));
    const inId = first.checkIns[0].id;
    await refusedUnchanged(
      t,
      () =>
        post(t, nurse.token, path(v, '/check-in/corrections'), {
          at: ago(5),
          escortUserId: nurse.user.id,
          correctsId: inId,
          reason: '时间',
        }),
      422,
      'VISIT_OUT_BEFORE_IN',
    );
    const inFixed: VisitDetail = expectOk(
      await post(t, nurse.token, path(v, '/check-in/corrections'), {
        at: ago(40),
        escortUserId: monitor.user.id,
        correctsId: inId,
        reason: '陪同人员录入错误',
      }),
    );
    expect(inFixed.escortUserId).toBe(monitor.user.id);
    expect(inFixed.checkIns.map((c) => [c.correctsId, c.reason, c.escortUserId])).toEqual([
      [null, null, nurse.user.id],
      [inId, '陪同人员录入错误', monitor.user.id],
    ]);
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-in/corrections'), { escortUserId: nurse.user.id, correctsId: inId, reason: '再改' }),
      409,
      'VISIT_ENTRY_ALREADY_CORRECTED',
    );
    const outId = inFixed.checkOuts[0].id;
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, path(v, '/check-out/corrections'), { zonesEntered: ['storage'], correctsId: outId, reason: '区域' }),
      422,
      'VISIT_ZONE_NOT_APPROVED',
    );
    const outFixed: VisitDetail = expectOk(
      await post(t, nurse.token, path(v, '/check-out/corrections'), {
        at: ago(8),
        zonesEntered: ['recycling', 'packing'],
        correctsId: outId,
        reason: '漏记包装区',
      }),
    );
    expect(outFixed).toMatchObject({ zonesEntered: ['recycling', 'packing'], status: 'checked_out' });
    expect(outFixed.checkOuts.map((c) => c.correctsId)).toEqual([null, outId]);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on every table of the register', async () => {
    const v = await approvedVisit(t, nurse.token, head.token);
    expectOk(await post(t, nurse.token, path(v, '/check-in'), { escortUserId: nurse.user.id }));
    expectOk(await post(t, nurse.token, path(v, '/comments'), { text: '很好' }));
    const before = await rowCounts(t, VISIT_TABLES);
    for (const [table, column] of [
      ['visit_requests', 'unit'],
      ['visit_decisions', 'reason'],
      ['visit_cancellations', 'reason'],
      ['visit_check_ins', 'reason'],
      ['visit_check_outs', 'reason'],
      ['visit_comments', 'text'],
    ]) {
      await expect(t.ds.query(`UPDATE ${table} SET ${column} = 'x'`)).rejects.toThrow();
      await expect(t.ds.query(`DELETE FROM ${table}`)).rejects.toThrow();
      await expect(t.ds.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow();
    }
    expect(await rowCounts(t, VISIT_TABLES)).toEqual(before);
    const triggers: { table: string }[] = await t.ds.query(
      `SELECT DISTINCT c.relname AS table FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_proc p ON p.oid = g.tgfoid
        WHERE p.proname = 'cssd_forbid_change' AND NOT g.tgisinternal AND c.relname = ANY($1) ORDER BY 1`,
      [VISIT_TABLES],
    );
    expect(triggers.map((r) => r.table)).toEqual([...VISIT_TABLES].sort());
  });

  it('lists a period by the hospital’s calendar and exports it as XLSX and PDF', async () => {
    const tz = t.config.timezone;
    const today = visitDay(t);
    const unit = uniq('夜间来访单位');
    const v = await approvedVisit(t, nurse.token, head.token, { unit });
    // 00:30 hospital time: the day before in UTC (Asia/Shanghai), today in the hospital.
    const early = new Date(startOfLocalDay(today, tz).getTime() + 30 * 60_000).toISOString();
    expectOk(await post(t, nurse.token, path(v, '/check-in'), { at: early, escortUserId: nurse.user.id }));
    expectOk(await post(t, nurse.token, path(v, '/comments'), { author: '张明', text: '流程规范' }));
    const listed = async (q: string) =>
      (expectOk(await get(t, head.token, `/api/visits?${q}`)).visits as VisitDetail[]).some((x) => x.id === v.id);
    expect(await listed(`date=${today}`)).toBe(true);
    expect(await listed(`date=${visitDay(t, -1)}`)).toBe(false);
    expect(await listed(`month=${today.slice(0, 7)}`)).toBe(true);
    expect(await listed('')).toBe(true);
    expectRefused(await get(t, head.token, `/api/visits?date=${today}&month=${today.slice(0, 7)}`), 400, 'REPORT_PERIOD_INVALID');
    expectRefused(await get(t, head.token, `/api/visits?from=2025-01-01&to=2026-12-31`), 400, 'REPORT_PERIOD_TOO_LONG');
    expectRefused(await get(t, head.token, `/api/visits?month=2026-13`), 400, 'VALIDATION_FAILED');

    const xlsx = await t
      .http()
      .get(`/api/visits?date=${today}&format=xlsx`)
      .set('Authorization', `Bearer ${nurse.token}`)
      .buffer(true)
      .parse(binaryBody);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="visitors-${today}.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['来访', '来访意见']);
    const sheet = wb.getWorksheet('来访')!;
    const row = sheet.getRows(1, sheet.rowCount)!.find((r) => r.values && (r.values as unknown[]).includes(unit));
    expect(row).toBeDefined();

    const pdf = await t
      .http()
      .get(`/api/visits?date=${today}&format=pdf`)
      .set('Authorization', `Bearer ${head.token}`)
      .buffer(true)
      .parse(binaryBody);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    for (const s of ['来访登记', 'Visitors register', '来访意见', '流程规范', '回收 Recycling']) expect(text).toContain(s);
  });
});
