import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { binaryBody as binary, expectRefused } from '../support/expect.js';
import { pdfPageSizesMm, pdfText } from '../support/pdf.js';

/**
 * 灭菌登记, the daily sterilization register (seed 8.3, issue 15): a day of cycles on a
 * sterilizer of this test's own, on a hospital day of its own, with known outcomes — read back
 * as JSON, as an XLSX workbook and as an A4 PDF.
 */
const TZ = 'Asia/Shanghai';

type Cycle = {
  kind: string;
  cycleNo: number;
  status: string;
  packs: number;
  operator: string | null;
  chemicalPassed: boolean | null;
  physical: { tempMaxC: number | null; holdMinutes: number | null; passed: boolean | null };
  loadingCheck: { passed: boolean; by: string; secondBy: string | null } | null;
  bd: { passed: boolean; cycleNo: number | null } | null;
  bis: { total: number; passed: number; failed: number; pending: number };
  released: { at: string; by: string[] } | null;
  notReleased: { zh: string; en: string } | null;
  startedAt: string | null;
};

describe('the daily sterilization register (灭菌登记)', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let day: string;
  let implantBiReadAt: string;

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    t.clock.nextMorning(TZ);
    day = localDate(t.clock.instant(), TZ);

    // 1: the B-D (cycle 1 of the day, by the driver). 2: two packs, released at unloading.
    const [a1, a2] = await c.packedMany([await c.newSet(), await c.newSet()]);
    await c.sterilize([a1, a2]);
    // 3: one pack, its load chemical indicator failed.
    const [b1] = await c.packedMany([await c.newSet()]);
    await c.sterilize([b1], { loadIndicatorPassed: false });
    // 4: an implant load whose BI still incubates.
    const [i1] = await c.packedMany([await c.newSet({ implant: true })]);
    const waiting = await c.startLoad([i1], { bis: [{}] });
    await c.unload(waiting.id);
    // 5: an implant load released by its negative BI.
    const [i2] = await c.packedMany([await c.newSet({ implant: true })]);
    const released = await c.startLoad([i2], { bis: [{}] });
    await c.unload(released.id);
    await c.readBi(released.bis[0].id, 'passed');
    implantBiReadAt = t.clock.instant().toISOString();
    // The next day: one more load, which the first day's register does not show.
    t.clock.nextMorning(TZ);
    const [n1] = await c.packedMany([await c.newSet()]);
    await c.sterilize([n1]);
  });
  afterAll(() => t.close());

  const register = (query: string, token = head.token) => t.http().get(`/api/reports/sterilization-register${query}`).set(bearer(token));
  const ours = (body: { sterilizers: { sterilizer: { id: string }; cycles: Cycle[] }[] }) =>
    body.sterilizers.find((g) => g.sterilizer.id === c.sterilizer.sterilizer.id)?.cycles ?? [];

  it('lists every cycle of the day in number order: the B-D, each load with its record, who released it or why not', async () => {
    const res = await register(`?date=${day}`);
    expect(res.status).toBe(200);
    expect({ from: res.body.from, to: res.body.to, timezone: res.body.timezone }).toEqual({ from: day, to: day, timezone: TZ });
    const cycles = ours(res.body);
    expect(cycles.map((x) => [x.kind, x.status, x.packs])).toEqual([
      ['bowie_dick', 'completed', 0],
      ['load', 'completed', 2],
      ['load', 'failed', 1],
      ['load', 'completed', 1],
      ['load', 'completed', 1],
    ]);
    const first = cycles[0].cycleNo;
    expect(cycles.map((x) => x.cycleNo)).toEqual([first, first + 1, first + 2, first + 3, first + 4]);
    // Every load ran after that morning's passing B-D, and names it.
    for (const load of cycles.slice(1)) expect(load.bd).toMatchObject({ passed: true, cycleNo: first });
    expect(cycles[0].bd).toMatchObject({ passed: true, cycleNo: first });

    const [, ok, chemFailed, waiting, byBi] = cycles;
    const nurse = c.nurse.user.displayName;
    const monitor = c.monitor.user.displayName;
    expect(ok).toMatchObject({
      operator: nurse,
      chemicalPassed: true,
      physical: { tempMaxC: 136, holdMinutes: 4.5, passed: true },
      loadingCheck: { passed: true, by: nurse, secondBy: null },
      bis: { total: 0 },
      released: { by: [nurse, monitor] },
      notReleased: null,
    });
    expect(chemFailed).toMatchObject({
      chemicalPassed: false,
      released: null,
      notReleased: { zh: '化学监测不合格', en: 'load chemical indicator failed' },
    });
    expect(waiting).toMatchObject({
      loadingCheck: { passed: true, by: nurse, secondBy: c.nurse2.user.displayName },
      bis: { total: 1, passed: 0, failed: 0, pending: 1 },
      released: null,
      notReleased: { zh: '等待生物监测结果', en: 'waiting for its biological indicator' },
    });
    expect(byBi).toMatchObject({ bis: { total: 1, passed: 1, pending: 0 }, released: { by: [monitor] }, notReleased: null });
    expect(new Date(byBi.released!.at).getTime()).toBeLessThanOrEqual(new Date(implantBiReadAt).getTime());
    expect(new Date(byBi.released!.at).getTime()).toBeGreaterThan(new Date(byBi.startedAt!).getTime());
  });

  it('takes a range of days (the next day’s load too) up to 31 days, and refuses longer or malformed periods', async () => {
    const next = addLocalDays(day, 1);
    expect(ours((await register(`?date=${next}`)).body).map((x) => x.kind)).toEqual(['bowie_dick', 'load']);
    expect(ours((await register(`?from=${day}&to=${next}`)).body)).toHaveLength(7);
    expect((await register(`?from=${day}&to=${addLocalDays(day, 30)}`)).status).toBe(200);
    expectRefused(await register(`?from=${day}&to=${addLocalDays(day, 31)}`), 400, 'REPORT_PERIOD_TOO_LONG');
    expectRefused(await register(`?from=${next}&to=${day}`), 400, 'REPORT_PERIOD_INVALID');
    expectRefused(await register(`?from=${day}`), 400, 'REPORT_PERIOD_INVALID');
    expectRefused(await register(`?date=${day}&from=${day}&to=${day}`), 400, 'REPORT_PERIOD_INVALID');
    for (const bad of ['2026-13-01', '2026-1-1', 'today']) expectRefused(await register(`?date=${bad}`), 400, 'VALIDATION_FAILED');
    expectRefused(await register(`?date=${day}&format=docx`), 400, 'VALIDATION_FAILED');
  });

  it('is read by the head nurse, the quality monitor and the administrator; a department and a nurse are refused', async () => {
    const admin = await createUser(t, 'admin');
    expect((await register(`?date=${day}`, admin.token)).status).toBe(200);
    expect((await register(`?date=${day}`, c.monitor.token)).status).toBe(200);
    expectRefused(await register(`?date=${day}`, c.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await register(`?date=${day}&format=pdf`, c.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await register(`?date=${day}&format=xlsx`, c.nurse.token), 403, 'FORBIDDEN_ROLE');
  });

  it('exports an XLSX workbook: Chinese sheet name and headers, English under them, numbers as numbers, times as dates in hospital time', async () => {
    const res = await register(`?date=${day}&sterilizerId=${c.sterilizer.sterilizer.id}&format=xlsx`).buffer(true).parse(binary);
    expect({ status: res.status, type: res.headers['content-type'], disposition: res.headers['content-disposition'] }).toEqual({
      status: 200,
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="sterilization-register-${day}.xlsx"`,
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['灭菌登记']);
    const ws = wb.worksheets[0];
    const zh = (ws.getRow(2).values as unknown[]).slice(1);
    const en = (ws.getRow(3).values as unknown[]).slice(1);
    expect(zh.slice(0, 5)).toEqual(['灭菌器', '锅次', '程序', '开始时间', '结束时间']);
    expect(zh).toEqual(expect.arrayContaining(['化学监测', 'B-D 试验', '生物监测', '放行人', '未放行原因']));
    expect(en.slice(0, 2)).toEqual(['Sterilizer', 'Cycle']);
    const col = (name: string) => zh.indexOf(name) + 1;
    expect(ws.rowCount).toBe(3 + 5);
    const json = ours((await register(`?date=${day}`)).body);
    const okRow = ws.getRow(5); // the header lines, the B-D, then the first load
    expect(okRow.getCell(col('锅次')).value).toBe(json[1].cycleNo);
    expect(okRow.getCell(col('包数')).value).toBe(2);
    expect(okRow.getCell(col('最高温度 ℃')).value).toBe(136);
    const start = okRow.getCell(col('开始时间')).value;
    expect(start).toBeInstanceOf(Date);
    // The cell reads as the hospital's wall clock (UTC+8), whatever zone the spreadsheet opens in.
    expect((start as Date).getTime()).toBe(new Date(json[1].startedAt!).getTime() + 8 * 3_600_000);
    expect(String(ws.getRow(6).getCell(col('未放行原因')).value)).toContain('化学监测不合格');
  });

  it('exports an A4 PDF with the hospital, the period, page numbers and the reviewer’s signature line', async () => {
    const res = await register(`?date=${day}&sterilizerId=${c.sterilizer.sterilizer.id}&format=pdf`).buffer(true).parse(binary);
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
    const pdf = res.body as Buffer;
    const sizes = await pdfPageSizesMm(pdf);
    expect(sizes[0]).toEqual({ widthMm: 297, heightMm: 210 }); // A4 landscape
    const pages = await pdfText(pdf);
    const text = pages.join('\n');
    expect(pages[0]).toContain(t.config.hospitalName);
    expect(pages[0]).toContain('灭菌登记');
    expect(pages[0]).toContain(day);
    expect(pages[0]).toContain(`第 1 页 / 共 ${pages.length} 页`);
    expect(pages.at(-1)).toContain('审核人签字');
    expect(text).toContain(c.sterilizer.sterilizer.code);
    expect(text).toContain('化学监测不合格');
    expect(text).toContain('等待生物监测结果');
  });
});
