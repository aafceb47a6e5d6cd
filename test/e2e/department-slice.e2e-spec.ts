import { DayTalliesService } from '../../src/reports/day-tallies.service.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { binaryBody, expectOk, expectRefused } from '../support/expect.js';
import { pdfText } from '../support/pdf.js';

/**
 * 本科室报表 (issue 15): a department's own slice. A month of the test's own, years ahead of the
 * other files' data, with counts written by hand. Department A: 3 sets collected on the 1st (one
 * short: 2 instruments missing), 2 packs dispatched to it 24 and 48 hours after collection (the
 * 2nd and 3rd), 1 problem reported (damaged), 1 of its packs recalled. Department B, in the same
 * days: 2 sets collected (one short), 2 packs dispatched to it, 2 problems reported (wet) — none of
 * which may show in A's slice.
 */
const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

describe('a department’s slice of the reports (本科室报表)', () => {
  let t: TestApp;
  let a: ChainDriver;
  let b: ChainDriver;
  let head: TestUser;
  let month: string;

  const report = (query: string, token: string) => t.http().get(`/api/reports/department-slice${query}`).set(bearer(token));
  const day = (n: number) => `${month}-${String(n).padStart(2, '0')}`;

  beforeAll(async () => {
    t = await createTestApp();
    a = await ChainDriver.create(t);
    b = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    month = addMonths(localDate(t.clock.instant(), TZ).slice(0, 7), 62);
    const t0 = new Date(startOfLocalDay(day(1), TZ).getTime() + 8 * HOUR);
    t.clock.set(t0);

    const three = { contents: [{ nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 3 }] };
    const short = await a.newSet(three);
    const [a1, a2] = [await a.newSet(), await a.newSet()];
    await a.recycle(short, { missing: [{ line: 1, quantity: 2 }] });
    const barcodesA = await (async () => {
      for (const s of [a1, a2]) await a.recycle(s);
      await a.wash([a1, a2]);
      return [await a.pack(a1), await a.pack(a2)];
    })();
    const shortB = await b.newSet(three);
    const [b1, b2] = [await b.newSet(), await b.newSet()];
    await b.recycle(shortB, { damaged: [{ line: 1, quantity: 1 }] });
    for (const s of [b1]) await b.recycle(s);
    await b.wash([b1]);
    const barcodesB = [await b.pack(b1)];
    await a.sterilize(barcodesA);
    await b.sterilize(barcodesB);
    for (const c of barcodesA) await a.store(c);
    for (const c of barcodesB) await b.store(c);
    // b2 was never collected: a set stored through b's own flow is collected on the 2nd.
    t.clock.set(new Date(t0.getTime() + 24 * HOUR));
    await a.dispatch(barcodesA[0]);
    await b.dispatch(barcodesB[0]);
    // The day tallies take in what is written so far; the rest is read live (day-tallies.ts).
    await t.app.get(DayTalliesService).catchUp();
    const [b2code] = await b.storedMany([b2]);
    t.clock.set(new Date(t0.getTime() + 48 * HOUR));
    await a.dispatch(barcodesA[1]);
    await b.dispatch(b2code);
    await a.receive(barcodesA[0]);
    expectOk(await a.post('/api/department/problems', { code: barcodesA[0], kind: 'damaged' }, a.departmentUser.token));
    await b.receive(barcodesB[0]);
    expectOk(await b.post('/api/department/problems', { code: barcodesB[0], kind: 'wet' }, b.departmentUser.token));
    await b.receive(b2code);
    expectOk(await b.post('/api/department/problems', { code: b2code, kind: 'wet' }, b.departmentUser.token));
    // A manual recall of A's second pack (at the department, received not yet).
    expectOk(
      await t
        .http()
        .post('/api/recalls')
        .set(bearer(head.token))
        .send({ trigger: 'manual', reason: '包装材料批次可疑 suspect wrap batch', barcodes: [barcodesA[1]] }),
    );
  });
  afterAll(() => t.close());

  async function expectA() {
    const res = await report(`?from=${month}&to=${month}`, a.departmentUser.token);
    expect(res.status).toBe(200);
    expect(res.body.department).toMatchObject({ id: a.department.id, code: a.department.code });
    const [m] = res.body.months;
    expect(m).toMatchObject({
      month,
      collected: 3,
      shortCollections: { numerator: 1, denominator: 3, missing: 2, damaged: 0, trend: null },
      dispatched: 2,
      problems: { total: 1, damaged: 1, wet: 0 },
      recalls: 1,
      recalledPacks: 1,
    });
    expect(m.shortCollections.rate).toBeCloseTo(1 / 3, 5);
    expect(m.turnaround.denominator).toBe(2);
    expect(m.turnaround.rate).toBeCloseTo(36, 1);
    const days = res.body.days as { date: string; collected: number; dispatched: number }[];
    expect(days).toHaveLength(Number(addLocalDays(`${addMonths(month, 1)}-01`, -1).slice(8)));
    expect(days.slice(0, 4)).toEqual([
      { date: day(1), collected: 3, dispatched: 0 },
      { date: day(2), collected: 0, dispatched: 1 },
      { date: day(3), collected: 0, dispatched: 1 },
      { date: day(4), collected: 0, dispatched: 0 },
    ]);
  }

  it('gives the department its own sets, dispatches, turnaround, problems and recalls — not the other department’s', async () => {
    await expectA();

    // Department B, read by the head nurse: its own figures, none of A's.
    const other = await report(`?from=${month}&to=${month}&departmentId=${b.department.id}`, head.token);
    expect(other.status).toBe(200);
    expect(other.body.months[0]).toMatchObject({
      collected: 3,
      shortCollections: { numerator: 1, denominator: 3, missing: 0, damaged: 1 },
      dispatched: 2,
      problems: { total: 2, wet: 2, damaged: 0 },
      recalls: 0,
      recalledPacks: 0,
    });
  });

  it('gives the same figures once every event is in the day tallies', async () => {
    expect((await t.app.get(DayTalliesService).catchUp()).skipped).toBeUndefined();
    await expectA();
  });

  it('refuses a department asking for another department’s slice; the CSSD must name one', async () => {
    expectRefused(
      await report(`?from=${month}&to=${month}&departmentId=${b.department.id}`, a.departmentUser.token),
      403,
      'REPORT_OTHER_DEPARTMENT',
    );
    const own = await report(`?from=${month}&to=${month}&departmentId=${a.department.id}`, a.departmentUser.token);
    expect(own.status).toBe(200);
    expectRefused(await report(`?from=${month}&to=${month}`, head.token), 400, 'REPORT_DEPARTMENT_REQUIRED');
    expectRefused(
      await report(`?from=${month}&to=${month}&departmentId=00000000-0000-4000-8000-000000000000`, head.token),
      404,
      'DEPARTMENT_NOT_FOUND',
    );
    expectRefused(await report(`?from=${month}&to=${month}&departmentId=nope`, head.token), 400, 'VALIDATION_FAILED');
    expectRefused(await report(`?from=${month}&to=${addMonths(month, 12)}`, a.departmentUser.token), 400, 'REPORT_MONTHS_TOO_LONG');
    expectRefused(await report(`?from=${month}&to=${month}&departmentId=${a.department.id}`, a.nurse.token), 403, 'FORBIDDEN_ROLE');
  });

  it('keeps the CSSD’s internal books from departments: register, compliance, workload, indicators', async () => {
    const tok = a.departmentUser.token;
    for (const path of [
      `/api/reports/sterilization-register?date=${day(1)}`,
      `/api/reports/monitoring-compliance?date=${day(1)}`,
      `/api/reports/workload-breakdown?date=${day(1)}`,
      `/api/reports/workload?month=${month}`,
      `/api/reports/quality-indicators?from=${month}&to=${month}`,
    ])
      expectRefused(await t.http().get(path).set(bearer(tok)), 403, 'FORBIDDEN_ROLE');
  });

  it('exports the slice as XLSX (read back: its figures only) and as an A4 PDF', async () => {
    const xlsx = await report(`?from=${month}&to=${month}&format=xlsx`, a.departmentUser.token).buffer(true).parse(binaryBody);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain(`department-report-${a.department.code}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按月', '按日']);
    const ws = wb.worksheets[0];
    const rows = ws.getRows(4, ws.rowCount - 3)!;
    expect(rows).toHaveLength(1);
    const r = rows[0];
    expect(String(r.getCell(1).value)).toContain(a.department.code);
    // month, collected, short, rate %, missing, damaged, dispatched, mean hours, problems
    expect([2, 3, 4, 5, 6, 7, 8, 10].map((c) => r.getCell(c).value)).toEqual([month, 3, 1, 33.33, 2, 0, 2, 1]);
    expect(r.getCell(9).value).toBeCloseTo(36, 1);
    const daysSheet = wb.worksheets[1].getRows(4, 3)!;
    expect(daysSheet.map((x) => [x.getCell(1).value, x.getCell(2).value, x.getCell(3).value])).toEqual([
      [day(1), 3, 0],
      [day(2), 0, 1],
      [day(3), 0, 1],
    ]);

    const pdf = await report(`?from=${month}&to=${month}&format=pdf`, a.departmentUser.token).buffer(true).parse(binaryBody);
    expect(pdf.status).toBe(200);
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    expect(text).toContain('本科室报表');
    expect(text).toContain(a.department.code);
    expect(text).not.toContain(b.department.code);
  });
});
