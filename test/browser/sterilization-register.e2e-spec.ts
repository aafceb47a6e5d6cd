import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { createUser } from '../support/factories.js';
import { openBrowser, screenshot, signIn, type BrowserHarness } from './browser.js';

/**
 * The head nurse's register page (灭菌登记, seed 8.3, issue 15) in a real Chromium: she picks a
 * day, sees the loads of a sterilizer (this test's own, on a day of its own) and downloads the
 * day as XLSX and PDF.
 */
describe('the sterilization register page', () => {
  let t: TestApp;
  let web: BrowserHarness;
  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  it('shows the chosen day’s loads of a sterilizer and downloads the day as XLSX and PDF', async () => {
    const head = await createUser(t, 'head_nurse');
    const c = await ChainDriver.create(t);
    t.clock.nextMorning(t.config.timezone);
    const day = localDate(t.clock.instant(), t.config.timezone);
    await c.sterilize(await c.packedMany([await c.newSet(), await c.newSet()]));
    const [{ cycle_no: cycleNo }] = await t.ds.query(`SELECT cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND kind = 'load'`, [
      c.sterilizer.sterilizer.id,
    ]);

    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto('/reports/sterilization-register');
    await page.getByTestId('date').fill(day);
    const card = page.getByTestId(`sterilizer-${c.sterilizer.sterilizer.code}`);
    await card.waitFor();
    const rows = card.locator('tr[data-row-key]');
    expect(await rows.count()).toBe(2); // the morning's B-D and the load
    const load = (await rows.nth(1).textContent()) ?? '';
    expect(load).toContain(String(cycleNo));
    expect(load).toContain(c.nurse.user.displayName);
    await screenshot(page, 'report-sterilization-register');

    for (const [format, type] of [
      ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['pdf', 'application/pdf'],
    ] as const) {
      const [response, download] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/api/reports/sterilization-register?date=${day}&format=${format}`)),
        page.waitForEvent('download'),
        page.getByTestId(`download-${format}`).click(),
      ]);
      expect({ status: response.status(), type: response.headers()['content-type'] }).toEqual({ status: 200, type });
      expect(download.suggestedFilename()).toBe(`sterilization-register-${day}.${format}`);
    }
    await page.context().close();
  }, 180_000);
});
