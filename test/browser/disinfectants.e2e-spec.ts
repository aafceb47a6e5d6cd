import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createUser, rowCounts, uniq, type TestUser } from '../support/factories.js';
import { openBrowser, problemsInEachLanguage, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 17, the disinfectant preparation log, in a real Chromium: a nurse records a preparation
 * whose measured concentration is out of range and reads the service's reason; records it again
 * in range and finds it under its area, in use; corrects it (a new record with the reason) and the
 * first shows as corrected. The page reads in one language at a time, with no serious
 * accessibility problem.
 */
describe('disinfectants page: record, refusal, correction', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let nurse: TestUser;
  const lot = uniq('LOT');
  const fixedLot = uniq('LOT');
  /** What the nurse typed: shown as typed in either language. */
  const TYPED = ['含氯消毒片', '批号录入错误'];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone);
    web = await openBrowser(t);
    nurse = await createUser(t, 'nurse');
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  async function fill(page: Page, fields: Record<string, string>) {
    for (const [id, value] of Object.entries(fields)) await page.locator(`#preparation_${id}`).fill(value);
  }

  it('refuses an out-of-range concentration with the reason, records one in range, and corrects it', async () => {
    const page = await web.newPage();
    await signIn(page, nurse.user.username, nurse.password);
    await page.goto('/');
    await page.getByTestId('tile-disinfectants').click();
    await page.getByTestId('preparation-form').waitFor();
    const expiry = addLocalDays(localDate(t.clock.instant(), t.config.timezone), 300);
    await fill(page, { product: TYPED[0], lotNumber: lot, expiryDate: expiry, target: '500', tolerance: '50', measured: '600' });
    const before = await rowCounts(t, ['disinfectant_preparations']);
    await page.getByTestId('prep-submit').click();
    await page.locator('[data-testid="disinfectants-outcome"][data-outcome="error"]').filter({ hasText: '450–550' }).waitFor();
    expect(await rowCounts(t, ['disinfectant_preparations'])).toEqual(before);

    await fill(page, { measured: '520' });
    await page.getByTestId('prep-submit').click();
    await page.locator('[data-testid="disinfectants-outcome"][data-outcome="ok"]').waitFor();
    const first = page.locator(`[data-testid="preparations-decontamination"] [data-testid="preparation-row"][data-lot="${lot}"]`);
    await first.filter({ hasText: '有效' }).waitFor();

    // The lot was mistyped: corrected by a new record with the reason; the first stays, marked corrected.
    await first.getByTestId('preparation-correct').click();
    await fill(page, { lotNumber: fixedLot, reason: TYPED[1] });
    await page.getByTestId('prep-submit').click();
    await first.filter({ hasText: '已更正' }).waitFor();
    await page.locator(`[data-testid="preparation-row"][data-lot="${fixedLot}"]`).filter({ hasText: TYPED[1] }).waitFor();

    await page.reload();
    await page.getByTestId('preparation-row').first().waitFor();
    // What people typed on this day's list (other files' preparations too) is data, not the page's own words.
    const typed: { v: string }[] = await t.ds.query(
      `SELECT lot_number AS v FROM disinfectant_preparations UNION SELECT product FROM disinfectant_preparations
        UNION SELECT used_for FROM disinfectant_preparations WHERE used_for IS NOT NULL
        UNION SELECT reason FROM disinfectant_preparations WHERE reason IS NOT NULL UNION SELECT display_name FROM users`,
    );
    expect(
      await problemsInEachLanguage(page, 'disinfectants', [...TYPED, lot, fixedLot, nurse.user.displayName, ...typed.map((r) => r.v)]),
    ).toEqual([]);
  }, 180_000);
});
