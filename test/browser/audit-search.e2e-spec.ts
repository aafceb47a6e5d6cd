import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, uniq, type TestUser } from '../support/factories.js';
import { openBrowser, signIn, type BrowserHarness } from './browser.js';

/** Issue 15, the history search in a real Chromium: the head nurse filters by a station and finds its one step. */
describe('history search page', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let head: TestUser;
  let setCode: string;
  const station = uniq('REC');
  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    // 08:00 of the service's next hospital day: never the browser's today, so the page's period must be set.
    t.clock.nextMorning(t.config.timezone);
    head = await createUser(t, 'head_nurse');
    const c = await ChainDriver.create(t);
    setCode = await c.newSet();
    const res = await t
      .http()
      .post('/api/recycling/scan')
      .set(bearer(c.nurse.token))
      .set('X-Station', station)
      .send({ code: setCode, departmentId: c.department.id, ...c.handover() });
    expect(res.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  it('shows the one step recorded at a station', async () => {
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto('/audit/events');
    // The service's day, not the browser's: other files move the service's clock ahead (createTestApp starts after their records).
    const day = localDate(t.clock.instant(), t.config.timezone);
    await page.getByTestId('au-from').fill(day);
    await page.getByTestId('au-to').fill(day);
    await page.getByTestId('au-station').fill(station);
    await page.getByTestId('au-search').click();
    await page.locator('[data-testid="au-events"] tr[data-row-key]').filter({ hasText: setCode }).waitFor();
    expect(await page.locator('[data-testid="au-events"] tr[data-row-key]').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`回收—${setCode}${station}`)), // the step's name in Chinese, no barcode yet, the set, the station
    ]);
  }, 120_000);
});
