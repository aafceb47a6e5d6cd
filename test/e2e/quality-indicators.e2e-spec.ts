import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { localDate, startOfLocalDay } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { DayTalliesService } from '../../src/reports/day-tallies.service.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { binaryBody, expectOk, expectRefused } from '../support/expect.js';
import { pdfText } from '../support/pdf.js';
import { createScratchDatabase } from '../support/test-db.js';

/**
 * 质量指标 (issue 15): a month of the test's own, five years ahead of every other file's data,
 * with counts written by hand — 7 sets collected from one department (one short: 1 missing, 1
 * damaged instrument); 7 inspections (1 failed); 6 packs unloaded (1 wet); 2 loads (1 load
 * indicator failed); 2 BIs read (1 positive); 2 packs opened at the department (1 problem
 * report); 2 cotton packs stored (1 left on the shelf past its expiry); 3 packs dispatched
 * 26, 50 and 50 hours after collection. The next month: one clean load, so the rates go down.
 */
const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

type Ind = { numerator: number; denominator: number; rate: number | null; trend: string | null };

describe('quality indicators per month (质量指标)', () => {
  let t: TestApp;
  let d: ChainDriver;
  let head: TestUser;
  let month: string;
  let next: string;

  const report = (query: string, token = head.token) => t.http().get(`/api/reports/quality-indicators${query}`).set(bearer(token));
  const at = (m: string, day: number, hour: number) =>
    new Date(startOfLocalDay(`${m}-${String(day).padStart(2, '0')}`, TZ).getTime() + hour * HOUR);

  beforeAll(async () => {
    // A database of its own: the figures are the whole hospital's, and a file run before this one on
    // the shared database can have written steps into these very months (its clock ran years ahead).
    t = await createTestApp({}, { ownerUrl: await createScratchDatabase('quality_indicators') });
    d = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    month = addMonths(localDate(t.clock.instant(), TZ).slice(0, 7), 60);
    next = addMonths(month, 1);
    const t0 = at(month, 1, 8);
    t.clock.set(t0);

    const three = { contents: [{ nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 3 }] };
    const short = await d.newSet(three);
    const cotton1 = await d.newSet({ packagingMaterial: 'cotton' });
    const cotton2 = await d.newSet({ packagingMaterial: 'cotton' });
    const [wet, reinspected, problem, chemFail] = [await d.newSet(), await d.newSet(), await d.newSet(), await d.newSet()];
    const sets = [cotton1, cotton2, wet, reinspected, problem, chemFail];
    await d.recycle(short, { missing: [{ line: 1, quantity: 1 }], damaged: [{ line: 1, quantity: 1 }] });
    for (const s of sets) await d.recycle(s);
    await d.wash(sets);
    // One inspection failed (not clean): back to cleaning, washed again, packed.
    expectOk(await d.post('/api/packing/sets', { code: reinspected, inspection: d.inspection({ clean: false }) }));
    await d.wash([reinspected]);
    const code: Record<string, string> = {};
    for (const s of sets) code[s] = await d.pack(s);
    await d.sterilize([code[cotton1], code[cotton2], code[wet], code[reinspected], code[problem]], {
      exceptions: [{ code: code[wet], wet: true }],
    });
    await d.sterilize([code[chemFail]], { loadIndicatorPassed: false });
    for (const s of [cotton1, cotton2, reinspected, problem]) await d.store(code[s]);
    // The day tallies take in what is written so far; the rest is read live (day-tallies.ts): the
    // first check below reads both halves, one pack's life split between them.
    await t.app.get(DayTalliesService).catchUp();
    t.clock.set(new Date(t0.getTime() + 26 * HOUR));
    await d.dispatch(code[problem]);
    t.clock.set(new Date(t0.getTime() + 50 * HOUR));
    await d.dispatch(code[reinspected]);
    await d.dispatch(code[cotton1]);
    await d.receive(code[problem]);
    expectOk(await d.post('/api/department/problems', { code: code[problem], kind: 'damaged' }, d.departmentUser.token));
    await d.receive(code[reinspected]);
    await d.use(code[reinspected]);
    // cotton2 stays in storage past its expiry (cotton: 14 days at most).
    t.clock.set(at(month, 20, 8));
    const bis = await d.withNewSterilizer();
    const pass = await bis.emptyChamberBiRun();
    await bis.readBi(pass.bi.id, 'passed');
    const fail = await bis.emptyChamberBiRun();
    const read = await bis.readBi(fail.bi.id, 'failed');
    // A positive BI opens a recall at once (§4.4): the month's one recall.
    expect(read.recall).not.toBeNull();

    t.clock.set(at(next, 2, 8));
    await d.storedMany([await d.newSet()]);
  });
  afterAll(() => t.close());

  async function expectTheMonths() {
    const res = await report(`?from=${month}&to=${next}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: month, to: next, timezone: TZ });
    const [m, n] = res.body.months as { month: string; hospital: Record<string, Ind>; departments: { department: { id: string } }[] }[];
    expect([m.month, n.month]).toEqual([month, next]);
    const ratio = (numerator: number, denominator: number) => ({
      numerator,
      denominator,
      rate: expect.closeTo(numerator / denominator, 5),
    });
    expect(m.hospital).toEqual({
      wetPacks: { ...ratio(1, 6), trend: null },
      chemicalIndicatorFailures: { ...ratio(1, 2), trend: null },
      biologicalIndicatorFailures: { ...ratio(1, 2), trend: null },
      cleaningFailures: { ...ratio(1, 7), trend: null },
      problemsAtUse: { ...ratio(1, 2), trend: null },
      recalls: { ...ratio(1, 2), trend: null },
      recallTimeToClose: { numerator: 0, denominator: 0, rate: null, trend: null },
      expiredInStorage: { ...ratio(1, 2), trend: null },
    });
    expect(n.hospital.wetPacks).toEqual({ numerator: 0, denominator: 1, rate: 0, trend: 'down' });
    expect(n.hospital.chemicalIndicatorFailures).toEqual({ numerator: 0, denominator: 1, rate: 0, trend: 'down' });
    expect(n.hospital.cleaningFailures).toEqual({ numerator: 0, denominator: 1, rate: 0, trend: 'down' });
    expect(n.hospital.biologicalIndicatorFailures).toEqual({ numerator: 0, denominator: 0, rate: null, trend: null });

    const ours = (x: typeof m) =>
      x.departments.find((e) => e.department.id === d.department.id) as unknown as Record<
        string,
        Ind & { missing?: number; damaged?: number }
      >;
    expect(m.departments).toHaveLength(1);
    expect(ours(m).shortCollections).toEqual({ ...ratio(1, 7), missing: 1, damaged: 1, trend: null });
    expect(ours(m).turnaround.denominator).toBe(3);
    expect(ours(m).turnaround.numerator).toBeCloseTo(26 + 50 + 50, 1);
    expect(ours(m).turnaround.rate).toBeCloseTo(42, 1);
    expect(ours(n).shortCollections).toEqual({ numerator: 0, denominator: 1, rate: 0, missing: 0, damaged: 0, trend: 'down' });
  }

  it('gives each indicator of the month as numerator, denominator and rate, and the next month’s trend', async () => {
    await expectTheMonths();
  });

  it('gives the same figures once every event is in the day tallies', async () => {
    const caughtUp = await t.app.get(DayTalliesService).catchUp();
    expect(caughtUp.skipped).toBeUndefined();
    await expectTheMonths();
  });

  it('refuses more than 12 months, a period backwards and a bad month', async () => {
    expectRefused(await report(`?from=${month}&to=${addMonths(month, 12)}`), 400, 'REPORT_MONTHS_TOO_LONG');
    expectRefused(await report(`?from=${next}&to=${month}`), 400, 'REPORT_PERIOD_INVALID');
    expectRefused(await report(`?from=2026-13&to=${month}`), 400, 'VALIDATION_FAILED');
    expect((await report(`?from=${month}&to=${addMonths(month, 11)}`)).body.months).toHaveLength(12);
  });

  it('is for the head nurse, the monitor and the administrator; not for a department or a nurse', async () => {
    expect((await report(`?from=${month}&to=${month}`, d.monitor.token)).status).toBe(200);
    expectRefused(await report(`?from=${month}&to=${month}`, d.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await report(`?from=${month}&to=${month}&format=xlsx`, d.nurse.token), 403, 'FORBIDDEN_ROLE');
  });

  it('exports XLSX (Chinese sheets and headers, numbers as numbers) and an A4 PDF', async () => {
    const xlsx = await report(`?from=${month}&to=${next}&format=xlsx`).buffer(true).parse(binaryBody);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['质量指标', '科室指标']);
    const ws = wb.worksheets[0];
    expect((ws.getRow(2).values as unknown[]).slice(1, 6)).toEqual(['月份', '指标', '计算方法', '分子', '分母']);
    const rows = ws.getRows(4, ws.rowCount - 3)!;
    expect(rows).toHaveLength(16);
    const wetRow = rows.find((r) => r.getCell(1).value === month && String(r.getCell(2).value).startsWith('湿包率'))!;
    expect([wetRow.getCell(4).value, wetRow.getCell(5).value, wetRow.getCell(6).value]).toEqual([1, 6, 16.67]);
    const dept = wb.worksheets[1].getRows(4, wb.worksheets[1].rowCount - 3)!;
    const shortRow = dept.find((r) => r.getCell(1).value === month && String(r.getCell(2).value).startsWith(d.department.code))!;
    expect([shortRow.getCell(4).value, shortRow.getCell(5).value, shortRow.getCell(9).value, shortRow.getCell(10).value]).toEqual([
      1, 7, 1, 1,
    ]);

    const pdf = await report(`?from=${month}&to=${next}&format=pdf`).buffer(true).parse(binaryBody);
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    expect(text).toContain('质量指标');
    expect(text).toContain('湿包率');
    expect(text).toContain('回收至发放平均用时');
    expect(text).toContain('审核人签字');
  });
});
