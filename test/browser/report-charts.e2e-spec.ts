import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { createUser, type TestUser } from '../support/factories.js';
import { expectOk } from '../support/expect.js';
import { accessibilityProblems, openBrowser, screenshot, signIn, type BrowserHarness } from './browser.js';

/**
 * The reports' charts (issue 15) in a real Chromium, on a history of the test's own, years ahead
 * of the other files' data, with counts written by hand. Month M: department A's 3 sets collected
 * and washed on the 3rd (3 + 3 pack steps), B's 2 sets collected the same day (2); on the 5th one
 * of A's sets fails its inspection, is washed again and the three are packed (1 + 1 + 3 steps):
 * 1 inspection failed of 4. Month M+1: one set of A collected, washed and packed on the 2nd, its
 * inspection clean (0 of 1). The head nurse's workload bars, her indicators' monthly lines, and
 * department A's own page (本科室报表) with its collections per day, none of B's.
 */
const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

describe('the reports’ charts', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let a: ChainDriver;
  let head: TestUser;
  let month: string;
  let next: string;
  const at = (m: string, day: number) => new Date(startOfLocalDay(`${m}-${String(day).padStart(2, '0')}`, TZ).getTime() + 8 * HOUR);
  const daysIn = (m: string) => Number(addLocalDays(`${addMonths(m, 1)}-01`, -1).slice(8));

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    a = await ChainDriver.create(t);
    const b = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    month = addMonths(localDate(t.clock.instant(), TZ).slice(0, 7), 64);
    next = addMonths(month, 1);

    t.clock.set(at(month, 3));
    const sets = [await a.newSet(), await a.newSet(), await a.newSet()];
    for (const s of sets) await a.recycle(s);
    await a.wash(sets);
    for (const s of [await b.newSet(), await b.newSet()]) await b.recycle(s);
    t.clock.set(at(month, 5));
    expectOk(await a.post('/api/packing/sets', { code: sets[0], inspection: a.inspection({ clean: false }) }));
    await a.wash([sets[0]]);
    for (const s of sets) await a.pack(s);

    t.clock.set(at(next, 2));
    await a.packedMany([await a.newSet()]);
  }, 180_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** The bars (or points) of a chart: label → value, in order. */
  const marks = (page: Page, testid: string, kind: 'chart-bar' | 'chart-point') =>
    page
      .getByTestId(testid)
      .getByTestId(kind)
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-label'), Number(e.getAttribute('data-value'))] as const));

  /** Waits for the chart to show the day's bar (a bar of 0 has no height: it is there, not visible). */
  const bar = (page: Page, testid: string, day: string) =>
    page.getByTestId(testid).locator(`[data-testid="chart-bar"][data-label="${day}"]`).waitFor({ state: 'attached' });

  it('draws the workload per day as bars and each quality indicator’s monthly trend as a line', async () => {
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto(`/reports/workload?month=${month}`);
    await bar(page, 'wl-per-day', `${month}-01`);
    const bars = await marks(page, 'wl-per-day', 'chart-bar');
    expect(bars).toHaveLength(daysIn(month));
    expect(bars.filter(([, v]) => v > 0)).toEqual([
      [`${month}-03`, 8],
      [`${month}-05`, 5],
    ]);
    const svg = page.getByTestId('wl-per-day').locator('svg[role="img"]');
    expect(await svg.getAttribute('aria-label')).toContain(`${month}-03 8`);
    const labels = await page.getByTestId('wl-per-day').getByTestId('chart-xlabel').allTextContents();
    expect(labels[0]).toBe(`${month.slice(5)}-01`);
    expect(labels.at(-1)).toBe(`${month.slice(5)}-${daysIn(month)}`);
    // The table behind the chart, for a screen reader: every day with its steps.
    expect(await page.getByTestId('wl-per-day').locator('table tbody tr').count()).toBe(daysIn(month));
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'report-workload-chart');

    await page.goto(`/reports/quality-indicators?from=${month}&to=${next}`);
    const chart = page.getByTestId('qi-chart-cleaningFailures');
    await chart.getByTestId('chart-point').first().waitFor();
    expect(await marks(page, 'qi-chart-cleaningFailures', 'chart-point')).toEqual([
      [month, 25],
      [next, 0],
    ]);
    expect(await chart.locator('figcaption').textContent()).toBe('清洗质量检查不合格率');
    expect(await chart.locator('svg[role="img"]').getAttribute('aria-label')).toBe(`清洗质量检查不合格率: ${month} 25 %; ${next} 0 %`);
    // No wet pack counted, no load: no rate, so no point (not a 0 drawn).
    expect(await page.getByTestId('qi-chart-wetPacks').getByTestId('chart-point').count()).toBe(0);
    expect(await page.getByTestId('qi-chart-wetPacks').locator('svg').getAttribute('aria-label')).toBe(`湿包率: ${month} —; ${next} —`);
    expect(await page.getByTestId('qi-trend').getByRole('img').count()).toBe(8);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'report-quality-indicators-charts');
    await page.context().close();
  }, 180_000);

  it('shows a department its own report: its collections per day, none of the other department’s', async () => {
    const page = await web.newPage();
    await signIn(page, a.departmentUser.user.username, a.departmentUser.password);
    await page.goto('/');
    await page.getByTestId('tile-department-reports').click();
    await page.getByTestId('month').fill(month);
    await bar(page, 'dr-collected-chart', `${month}-01`);
    expect(await page.getByTestId('dr-department').textContent()).toContain(a.department.code);
    expect(await page.getByTestId('dr-collected').allTextContents()).toEqual(['3']);
    const bars = await marks(page, 'dr-collected-chart', 'chart-bar');
    expect(bars).toHaveLength(daysIn(month));
    expect(bars.filter(([, v]) => v > 0)).toEqual([[`${month}-03`, 3]]);
    expect((await marks(page, 'dr-dispatched-chart', 'chart-bar')).filter(([, v]) => v > 0)).toEqual([]);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, 'department-reports');

    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/reports/department-slice?from=${month}&to=${month}&format=xlsx`)),
      page.waitForEvent('download'),
      page.getByTestId('download-xlsx').click(),
    ]);
    expect(response.status()).toBe(200);
    expect(download.suggestedFilename()).toBe(`department-report-${a.department.code}-${month}.xlsx`);
    await page.context().close();
  }, 180_000);
});
