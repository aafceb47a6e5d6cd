import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { localDate, startOfLocalWeek } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { binaryBody, expectRefused } from '../support/expect.js';
import { pdfText } from '../support/pdf.js';

/**
 * 监测合规, monitoring compliance (§4.2, issue 15): a day of the test's own on a pre-vacuum
 * sterilizer (a failed B-D, then a passing one; a load; a load whose chemical indicator failed;
 * no BI all week) and on a plasma sterilizer (a load without its daily BI) — each gap listed,
 * and the steam week's missing BI only once the week is over.
 */
const TZ = 'Asia/Shanghai';

type Day = {
  date: string;
  sterilizer: { id: string };
  loads: number;
  bd: { required: boolean; done: number; passedBeforeFirstLoad: boolean | null };
  bi: { inLoads: number; coveredBy: string | null };
  chemicalFailed: number;
  physicalFailed: number;
  gaps: { zh: string; en: string }[];
};

describe('monitoring compliance per sterilizer and day (监测合规)', () => {
  let t: TestApp;
  let steam: ChainDriver;
  let plasma: ChainDriver;
  let head: TestUser;
  let day: string;
  let bdFailedCycle: number;
  let chemFailedCycle: number;

  const report = (query: string, token = head.token) => t.http().get(`/api/reports/monitoring-compliance${query}`).set(bearer(token));
  const of = (body: { days: Day[] }, d: ChainDriver) => body.days.filter((x) => x.sterilizer.id === d.sterilizer.sterilizer.id);

  beforeAll(async () => {
    t = await createTestApp();
    steam = await ChainDriver.create(t);
    plasma = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
    head = await createUser(t, 'head_nurse');
    t.clock.nextMorning(TZ);
    day = localDate(t.clock.instant(), TZ);
    bdFailedCycle = (await steam.bd(false)).cycleNo;
    await steam.sterilize(await steam.packedMany([await steam.newSet()])); // a passing B-D first (the driver), then the load
    const failed = await steam.startLoad(await steam.packedMany([await steam.newSet()]));
    chemFailedCycle = failed.cycleNo;
    await steam.unload(failed.id, { loadIndicatorPassed: false });
    await plasma.sterilize(await plasma.packedMany([await plasma.newSet({ sterilizationMethod: 'h2o2_plasma' })]));
  });
  afterAll(() => t.close());

  it('lists the day’s B-Ds, loads and results per sterilizer, and every gap; the day not over yet misses no BI', async () => {
    const res = await report(`?date=${day}`);
    expect(res.status).toBe(200);
    const [s] = of(res.body, steam);
    expect(s).toMatchObject({
      date: day,
      loads: 2,
      bd: { required: true, done: 2, passedBeforeFirstLoad: true },
      bi: { inLoads: 0, coveredBy: null },
      chemicalFailed: 1,
      physicalFailed: 0,
    });
    expect(s.gaps).toEqual([
      { zh: `B-D 试验不合格（第 ${bdFailedCycle} 锅）`, en: `B-D test failed (cycle ${bdFailedCycle})` },
      { zh: `第 ${chemFailedCycle} 锅化学监测不合格`, en: `cycle ${chemFailedCycle}: chemical indicator failed` },
    ]);
    const [p] = of(res.body, plasma);
    expect(p).toMatchObject({ loads: 1, bd: { required: false, done: 0, passedBeforeFirstLoad: null }, gaps: [] });
  });

  it('once the day and the week are over: the plasma day without its BI, and the steam week without one', async () => {
    for (let i = 0; i < 8; i++) t.clock.nextMorning(TZ);
    const res = await report(`?date=${day}`);
    const [s] = of(res.body, steam);
    const monday = startOfLocalWeek(day);
    expect(s.gaps.map((g) => g.en)).toEqual([
      `B-D test failed (cycle ${bdFailedCycle})`,
      `cycle ${chemFailedCycle}: chemical indicator failed`,
      `no biological indicator in the week of ${monday}`,
    ]);
    expect(of(res.body, plasma)[0].gaps).toEqual([{ zh: '当天无生物监测', en: 'no biological indicator that day' }]);
  });

  it('is for the head nurse, the monitor and the administrator, and exports XLSX and PDF', async () => {
    expect((await report(`?date=${day}`, steam.monitor.token)).status).toBe(200);
    expectRefused(await report(`?date=${day}`, steam.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await report(`?date=${day}&format=pdf`, steam.nurse.token), 403, 'FORBIDDEN_ROLE');

    const xlsx = await report(`?date=${day}&format=xlsx`).buffer(true).parse(binaryBody);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['监测合规']);
    const ws = wb.worksheets[0];
    expect((ws.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['日期', '灭菌器', '锅数']);
    const row = ws.getRows(4, ws.rowCount - 3)!.find((r) => String(r.getCell(2).value).startsWith(steam.sterilizer.sterilizer.code))!;
    expect(row.getCell(1).value).toEqual(new Date(`${day}T00:00:00Z`));
    expect(row.getCell(3).value).toBe(2);
    expect(String(row.getCell(10).value)).toContain('化学监测不合格');

    const pdf = await report(`?date=${day}&format=pdf`).buffer(true).parse(binaryBody);
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    expect(text).toContain('监测合规');
    expect(text).toContain('当天无生物监测');
    expect(text).toContain('审核人签字');
  });
});
