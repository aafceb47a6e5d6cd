import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, uniq, type TestUser } from '../support/factories.js';
import { asSuperuserOn, createScratchDatabase } from '../support/test-db.js';
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

/**
 * Issue 15, the tamper-evident record checked from the page, on a database of its own (the edit below
 * would break every other file's record): the head nurse checks an intact record, a superuser edits a
 * sealed pack event with the triggers off, and the next check names the table, the row and the kind.
 * A monitor searches the history but is not offered the check (head nurse and administrator only).
 */
describe('integrity check on the history page', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let head: TestUser;
  let monitor: TestUser;
  let ownerUrl: string;
  beforeAll(async () => {
    ownerUrl = await createScratchDatabase('auditpage');
    t = await createTestApp({}, { ownerUrl });
    web = await openBrowser(t);
    head = await createUser(t, 'head_nurse');
    monitor = await createUser(t, 'monitor');
    const c = await ChainDriver.create(t);
    await c.packedMany([await c.newSet()]);
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  it('reads intact, then names the pack event a superuser edited', async () => {
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto('/audit/events');
    await page.getByTestId('au-verify-run').click();
    const result = page.getByTestId('au-verify-result');
    await result.and(page.locator('[data-ok="true"]')).waitFor();
    expect(await result.textContent()).toContain('记录完整');

    const [e] = await asSuperuserOn<{ id: string }>(ownerUrl, `SELECT id::text FROM pack_events ORDER BY id LIMIT 1`);
    await asSuperuserOn(ownerUrl, `UPDATE pack_events SET station = 'FORGED' WHERE id = $1`, [e.id]);
    await page.getByTestId('au-verify-run').click();
    await result.and(page.locator('[data-ok="false"]')).waitFor();
    expect(await page.getByTestId('au-verify-break').textContent()).toMatch(new RegExp(`表 pack_events，行 ${e.id}，被修改`));
    await page.context().close();
  }, 120_000);

  it('is not offered to a monitor, who still searches the history', async () => {
    const page = await web.newPage();
    await signIn(page, monitor.user.username, monitor.password);
    await page.goto('/audit/events');
    await page.getByTestId('au-events').waitFor();
    expect(await page.getByTestId('au-verify').count()).toBe(0);
    await page.context().close();
  }, 120_000);
});
