import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addLocalDays, localDate, startOfLocalWeek } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate, createUser, type TestUser } from '../support/factories.js';
import { binaryBody, expectRefused } from '../support/expect.js';
import { pdfText } from '../support/pdf.js';
import { DayTalliesService } from '../../src/reports/day-tallies.service.js';

/**
 * 工作量统计 over a day, week, month or range (seed 4.6, issue 15): a history built on a hospital
 * day of the test's own, with its own nurse, templates, washer and sterilizer — counted per day
 * (as the growth of that day), per person, per template, and the machines' use.
 */
const TZ = 'Asia/Shanghai';
const STAGES = ['recycling', 'cleaning', 'packing', 'sterilization', 'storage', 'dispatch'];

describe('workload per day, person and template, with washer and sterilizer use', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let day: string;
  let templates: { a: { id: string; code: string }; b: { id: string; code: string } };
  let before: { date: string; byStage: Record<string, number> }[];

  const breakdown = (query: string, token = head.token) => t.http().get(`/api/reports/workload-breakdown${query}`).set(bearer(token));

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    t.clock.nextMorning(TZ);
    day = localDate(t.clock.instant(), TZ);
    before = (await breakdown(`?date=${day}`)).body.perDay;
    templates = { a: await createTemplate(t), b: await createTemplate(t) };
    const set = async (tpl: { id: string }) => (await createSet(t, { templateId: tpl.id, homeDepartmentId: c.department.id })).assetCode;
    // Three sets (two of template a, one of b): collected, one washer cycle, packed, one load, stored; one of a dispatched.
    const barcodes = await c.storedMany([await set(templates.a), await set(templates.a), await set(templates.b)]);
    // The day tallies take in what is written so far; the dispatch is read live (day-tallies.ts).
    await t.app.get(DayTalliesService).catchUp();
    await c.dispatch(barcodes[0]);
  });
  afterAll(() => t.close());

  async function expectTheDay() {
    const res = await breakdown(`?date=${day}`);
    expect(res.status).toBe(200);
    expect({ from: res.body.from, to: res.body.to }).toEqual({ from: day, to: day });
    // The day grew by exactly this history (other files' work on the same day was there before).
    expect(res.body.perDay).toHaveLength(1);
    const grown = Object.fromEntries(STAGES.map((s) => [s, res.body.perDay[0].byStage[s] - before[0].byStage[s]]));
    expect(grown).toEqual({ recycling: 3, cleaning: 3, packing: 3, sterilization: 9, storage: 3, dispatch: 1 });

    const nurse = res.body.perPerson.find((p: { user: { id: string } | null }) => p.user?.id === c.nurse.user.id);
    expect(nurse).toMatchObject({
      total: 22,
      byStage: { recycling: 3, cleaning: 3, packing: 3, sterilization: 9, storage: 3, dispatch: 1 },
    });
    const tpl = (code: string) => res.body.perTemplate.find((x: { template: { code: string } }) => x.template.code === code);
    expect(tpl(templates.a.code)).toMatchObject({
      total: 15,
      byStage: { recycling: 2, cleaning: 2, packing: 2, sterilization: 6, storage: 2, dispatch: 1 },
    });
    expect(tpl(templates.b.code)).toMatchObject({
      total: 7,
      byStage: { recycling: 1, cleaning: 1, packing: 1, sterilization: 3, storage: 1, dispatch: 0 },
    });
    expect(res.body.washers.find((w: { code: string }) => w.code === c.washer.washer.code)).toMatchObject({
      cycles: 1,
      passed: 1,
      failed: 0,
    });
    expect(res.body.sterilizers.find((s: { code: string }) => s.code === c.sterilizer.sterilizer.code)).toMatchObject({
      loads: 1,
      failedLoads: 0,
      bdCycles: 1,
      packs: 3,
    });
  }

  it('counts the day’s steps per zone, per person and per template, and the washer’s and sterilizer’s cycles', async () => {
    await expectTheDay();
  });

  it('gives the same figures once every event is in the day tallies', async () => {
    expect((await t.app.get(DayTalliesService).catchUp()).skipped).toBeUndefined();
    await expectTheDay();
  });

  it('takes a week (Monday to Sunday), a month or a range; the next day holds none of it', async () => {
    const week = await breakdown(`?week=${day}`);
    const monday = startOfLocalWeek(day);
    expect(week.body.perDay.map((d: { date: string }) => d.date)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => addLocalDays(monday, i)));
    const month = await breakdown(`?month=${day.slice(0, 7)}`);
    expect(month.body.from).toBe(`${day.slice(0, 7)}-01`);
    expect(month.body.perTemplate.find((x: { template: { code: string } }) => x.template.code === templates.b.code).total).toBe(7);
    const next = await breakdown(`?from=${addLocalDays(day, 1)}&to=${addLocalDays(day, 2)}`);
    expect(next.body.perDay).toHaveLength(2);
    expect(next.body.perTemplate.find((x: { template: { code: string } }) => x.template.code === templates.a.code)).toBeUndefined();
    expectRefused(await breakdown(`?from=${day}&to=${addLocalDays(day, 366)}`), 400, 'REPORT_PERIOD_TOO_LONG');
    expectRefused(await breakdown(`?week=${day}&month=${day.slice(0, 7)}`), 400, 'REPORT_PERIOD_INVALID');
    expectRefused(await breakdown(`?date=${day}`, c.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await breakdown(`?date=${day}&format=xlsx`, c.monitor.token), 403, 'FORBIDDEN_ROLE');
  });

  it('exports XLSX (a Chinese-named sheet per view, counts as numbers, days as dates) and an A4 PDF', async () => {
    const xlsx = await breakdown(`?date=${day}&format=xlsx`).buffer(true).parse(binaryBody);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按日', '按人员', '按器械包', '清洗消毒器使用', '灭菌器使用']);
    const perDay = wb.getWorksheet('按日')!;
    expect(perDay.getRow(4).getCell(1).value).toEqual(new Date(`${day}T00:00:00Z`));
    const perTemplate = wb.getWorksheet('按器械包')!;
    expect((perTemplate.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['编码', '名称', '回收']);
    const rowB = perTemplate.getRows(4, perTemplate.rowCount - 3)!.find((r) => r.getCell(1).value === templates.b.code)!;
    expect((rowB.values as unknown[]).slice(3)).toEqual([1, 1, 1, 3, 1, 0, 7]);

    const pdf = await breakdown(`?date=${day}&format=pdf`).buffer(true).parse(binaryBody);
    expect({ status: pdf.status, type: pdf.headers['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
    const pages = await pdfText(pdf.body as Buffer);
    expect(pages[0]).toContain('工作量统计');
    expect(pages[0]).toContain(day);
    expect(pages.join('\n')).toContain(templates.b.code);
    expect(pages.join('\n')).toContain('灭菌器使用');
    expect(pages.at(-1)).toContain('审核人签字');
  });
});
