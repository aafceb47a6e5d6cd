import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { dayFrom, get, investigation, post, refusedUnchanged, reportDefect, type DefectDetail } from '../support/defects.js';
import { binaryBody, expectOk } from '../support/expect.js';
import { createUser, type TestUser } from '../support/factories.js';
import { pdfText } from '../support/pdf.js';

interface Month {
  month: string;
  total: number;
  open: number;
  overdue: number;
  closed: number;
  trend: string | null;
  byKind: { kind: string; count: number }[];
  byZone: { zone: string; count: number }[];
}
interface Analysis {
  from: string;
  to: string;
  timezone: string;
  months: Month[];
}

/** A month's counts as numbers by name, for comparing two readings of the analysis. */
function flat(m: Month): Record<string, number> {
  return {
    total: m.total,
    open: m.open,
    overdue: m.overdue,
    closed: m.closed,
    ...Object.fromEntries(m.byKind.map((k) => [`kind.${k.kind}`, k.count])),
    ...Object.fromEntries(m.byZone.map((z) => [`zone.${z.zone}`, z.count])),
  };
}
const minus = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(a)
      .map(([k, v]) => [k, v - b[k]])
      .filter(([, v]) => v !== 0),
  );

/**
 * Issue 17, the periodic analysis (seed 10.1): per month of the hospital's calendar, the defects
 * (their entry in force) by kind and zone, open, overdue and closed, with the months before for the
 * trend; exported through the report machinery. The history is built here, in months long past
 * that no other test file writes to, and compared with what the analysis said before it.
 */
describe('defect analysis: per month by kind and zone, open, overdue and closed', () => {
  let t: TestApp;
  let nurse: TestUser;
  let head: TestUser;
  let monitor: TestUser;
  let months: string[];
  let query: string;

  beforeAll(async () => {
    t = await createTestApp();
    [nurse, head, monitor] = [await createUser(t, 'nurse'), await createUser(t, 'head_nurse'), await createUser(t, 'monitor')];
    const base = addMonths(localDate(t.clock.instant(), t.config.timezone).slice(0, 7), -30);
    months = [base, addMonths(base, 1), addMonths(base, 2)];
    query = `?from=${months[0]}&to=${months[2]}`;
  });
  afterAll(() => t.close());

  const analysis = async (token = head.token): Promise<Analysis> => expectOk(await get(t, token, `/api/defects/analysis${query}`));
  /** The last day of a month (YYYY-MM-DD). */
  const lastDay = (month: string) => addLocalDays(`${addMonths(month, 1)}-01`, -1);

  it('counts the history built here in the months it happened, in the hospital’s time zone', async () => {
    const before = await analysis();
    const [m1, m2, m3] = months;
    // Month 1: a wet pack at sterilization, late on its last evening (hospital time: still month 1), closed.
    const closed = await reportDefect(t, nurse.token, { occurredAt: `${lastDay(m1)}T23:30`, kind: 'wet_pack', zone: 'sterilization' });
    const path = `/api/defects/${closed.id}`;
    const inv: DefectDetail = expectOk(await post(t, head.token, `${path}/investigation`, investigation(t, nurse.user.id)));
    expectOk(await post(t, nurse.token, `${path}/actions/${inv.actions[0].id}/done`, { actionTaken: '已整改' }));
    expectOk(await post(t, head.token, `${path}/verification`, { effective: true, note: '有效' }));
    expectOk(await post(t, head.token, `${path}/close`, { conclusion: '关闭' }));
    // Month 2: just after midnight of its first day; a labelling error at packing, left reported.
    await reportDefect(t, nurse.token, { occurredAt: `${m2}-01T00:10`, kind: 'labelling_error', zone: 'packing' });
    // Month 2: reported as a cleaning failure, corrected to a damaged instrument at recycling: counted once, as corrected.
    const wrong = await reportDefect(t, monitor.token, { occurredAt: `${m2}-15T10:00`, kind: 'cleaning_failure', zone: 'cleaning' });
    expectOk(
      await post(t, monitor.token, `/api/defects/${wrong.id}/corrections`, {
        zone: 'recycling',
        kind: 'damaged_instrument',
        description: '回收时发现剪刀刃口损坏',
        immediateRemedy: '更换剪刀',
        occurredAt: `${m2}-15T10:00`,
        correctsId: wrong.entryId,
        reason: '类别与区域录入错误',
      }),
    );
    // Month 3: two process deviations at dispatch with an action due tomorrow, then left past it: overdue.
    for (let i = 0; i < 2; i++) {
      const d = await reportDefect(t, nurse.token, { occurredAt: `${m3}-10T09:00`, kind: 'process_deviation', zone: 'dispatch' });
      expectOk(
        await post(t, head.token, `/api/defects/${d.id}/investigation`, investigation(t, nurse.user.id, { dueDate: dayFrom(t, 1) })),
      );
    }
    t.clock.advance(2 * 24 * 3_600_000);

    const after = await analysis();
    expect(after).toMatchObject({ from: m1, to: m3, timezone: t.config.timezone });
    expect(after.months.map((m) => m.month)).toEqual(months);
    expect(after.months.map((m, i) => minus(flat(m), flat(before.months[i])))).toEqual([
      { total: 1, closed: 1, 'kind.wet_pack': 1, 'zone.sterilization': 1 },
      { total: 2, open: 2, 'kind.labelling_error': 1, 'kind.damaged_instrument': 1, 'zone.packing': 1, 'zone.recycling': 1 },
      { total: 2, open: 2, overdue: 2, 'kind.process_deviation': 2, 'zone.dispatch': 2 },
    ]);
    // Every kind and zone is listed, in the register's order.
    expect(after.months[0].byKind.map((k) => k.kind)).toEqual([
      'wrong_contents',
      'wet_pack',
      'labelling_error',
      'cleaning_failure',
      'damaged_instrument',
      'lost_instrument',
      'process_deviation',
      'other',
    ]);
    expect(after.months[0].byZone.map((z) => z.zone)).toEqual([
      'recycling',
      'cleaning',
      'packing',
      'sterilization',
      'storage',
      'dispatch',
      'department',
    ]);
    // The register's list of a month shows the case once, as corrected.
    const ofMonth2: { id: string; kind: string; entries: number }[] = expectOk(await get(t, nurse.token, `/api/defects?month=${m2}`));
    expect(ofMonth2.filter((d) => d.id === wrong.id)).toEqual([expect.objectContaining({ kind: 'damaged_instrument', entries: 2 })]);
  });

  it('exports the analysis through the report machinery: XLSX sheets and an A4 PDF, both languages', async () => {
    const xlsx = await t
      .http()
      .get(`/api/defects/analysis${query}&format=xlsx`)
      .set('Authorization', `Bearer ${head.token}`)
      .buffer(true)
      .parse(binaryBody);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="defects-${months[0]}_${months[2]}.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['每月差错', '按类别', '按区域', '差错清单']);
    const byKind = wb.getWorksheet('按类别')!;
    const wetRow = byKind.getRows(1, byKind.rowCount)!.find((r) => r.getCell(1).value === '湿包 Wet pack')!;
    expect(Number(wetRow.getCell(2).value)).toBeGreaterThanOrEqual(1);

    const pdf = await t
      .http()
      .get(`/api/defects/analysis${query}&format=pdf`)
      .set('Authorization', `Bearer ${head.token}`)
      .buffer(true)
      .parse(binaryBody);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    for (const s of ['差错分析', 'Defect analysis', '按类别', 'By kind', '流程偏差 Process deviation', '发放 Dispatch', '审核人签字'])
      expect(text).toContain(s);
  });

  it('the head nurse, the monitor and the admin read it; a nurse or a department does not; a period past 12 months is refused', async () => {
    const admin = await createUser(t, 'admin');
    expectOk(await get(t, monitor.token, `/api/defects/analysis${query}`));
    expectOk(await get(t, admin.token, `/api/defects/analysis${query}`));
    for (const who of [nurse, await createUser(t, 'department')])
      await refusedUnchanged(t, () => get(t, who.token, `/api/defects/analysis${query}`), 403, 'FORBIDDEN_ROLE');
    await refusedUnchanged(
      t,
      () => get(t, head.token, `/api/defects/analysis?from=${months[0]}&to=${addMonths(months[0], 12)}`),
      400,
      'REPORT_MONTHS_TOO_LONG',
    );
    await refusedUnchanged(
      t,
      () => get(t, head.token, `/api/defects/analysis?from=${months[2]}&to=${months[0]}`),
      400,
      'REPORT_PERIOD_INVALID',
    );
    // Six months to this one by default.
    const d: Analysis = expectOk(await get(t, head.token, '/api/defects/analysis'));
    expect(d.months).toHaveLength(6);
    expect(d.to).toBe(localDate(t.clock.instant(), t.config.timezone).slice(0, 7));
  });
});
