import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { createSet, createTemplate, createUser, type TestUser } from '../support/factories.js';
import { openBrowser, problemsInEachLanguage, scan, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 16, repair and scrap in a real Chromium (seed 4.4): a set comes back with a damaged
 * instrument; the head nurse scans it on the repair and scrap page, records the repair from the
 * count's finding (asked once more), sees it in the month's register with its cost, sends it to
 * the vendor, and sees the set's replacement from stock name the entry it answers. The page reads in one language at a time, with no serious accessibility problem.
 */
describe('repair and scrap page: record a repair from a damaged count, follow it in the register', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let chain: ChainDriver;
  let head: TestUser;
  const TYPED = ['剪刀刃口变钝', '杭州某医疗器械维修公司'];

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    chain = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  async function send(page: Page, testId: string) {
    await page.getByTestId(`${testId}-submit`).click();
    await page.getByTestId(`${testId}-confirm`).click();
    await page.locator('[data-testid="repairs-outcome"][data-outcome="ok"]').waitFor();
  }
  /** What the page shows that is data (this and other files' entries, people, departments), not the page's words. */
  async function data(): Promise<string[]> {
    const rows: { v: string }[] = await t.ds.query(
      `SELECT reason AS v FROM repair_entries UNION SELECT vendor FROM repair_entries WHERE vendor IS NOT NULL
        UNION SELECT vendor FROM repair_steps WHERE vendor IS NOT NULL UNION SELECT note FROM repair_steps WHERE note IS NOT NULL
        UNION SELECT asset_code FROM repair_entries UNION SELECT name_zh FROM repair_entries UNION SELECT name_en FROM repair_entries
        UNION SELECT specification FROM repair_entries UNION SELECT name_zh FROM departments UNION SELECT name_en FROM departments UNION SELECT code FROM departments
        UNION SELECT display_name FROM users`,
    );
    return [...TYPED, ...rows.map((r) => r.v)];
  }

  it('the head nurse records the repair of the damaged scissors and sends it to the vendor', async () => {
    const template = await createTemplate(t, {
      contents: [
        { nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 2 },
        { nameZh: '止血钳', nameEn: 'Haemostatic forceps', specification: '14cm', quantity: 6 },
      ],
    });
    const set = await createSet(t, { templateId: template.id });
    await chain.recycle(set.assetCode, { damaged: [{ line: 1, quantity: 1 }] });
    // The service's clock may be months ahead of the station's: the page is opened on the service's month.
    const month = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);

    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto('/');
    await page.getByTestId('tile-repairs').click();
    await page.getByTestId('repairs-page').waitFor();
    await page.goto(`/repairs?month=${month}`);
    await page.getByTestId('scan').waitFor();
    await page.getByTestId('scan').focus();
    await scan(page, set.assetCode);
    const line = page.locator('[data-testid="finding-line"][data-line="1"][data-finding="damaged"]');
    await line.getByTestId('finding-record').click();
    await page.getByTestId('repair-reason').fill(TYPED[0]);
    await page.getByTestId('repair-cost').fill('85.5');
    await page.getByTestId('repair-vendor').fill(TYPED[1]);
    await send(page, 'repair-record');
    await line.locator('[data-testid="repair-status"][data-status="awaiting_repair"]').waitFor();

    const row = page.getByTestId('repair-row').filter({ hasText: set.assetCode });
    await row.filter({ hasText: TYPED[0] }).filter({ hasText: '85.50' }).waitFor();
    await row.getByTestId('repair-step-sent').click();
    await send(page, 'repair-step');
    await row.locator('[data-testid="repair-status"][data-status="at_vendor"]').waitFor();
    // Made whole from stock at packing: the replacement names the entry; the set's history shows which replaced which.
    const [{ id: entryId }] = await t.ds.query(`SELECT id FROM repair_entries WHERE set_id = $1`, [set.id]);
    const replaced = await t
      .http()
      .post('/api/packing/replacements')
      .set({ Authorization: `Bearer ${chain.nurse.token}` })
      .send({ code: set.assetCode, line: 1, quantity: 1, registerEntryId: entryId });
    expect(replaced.status).toBe(200);
    await page.goto(`/repairs?month=${month}&set=${set.assetCode}`);
    await page.getByTestId('repair-replacements').filter({ hasText: TYPED[0] }).waitFor();
    await page.getByTestId('repair-row').filter({ hasText: set.assetCode }).filter({ hasText: '维修中' }).waitFor();
    const problems = await problemsInEachLanguage(page, 'repairs-head', await data());
    await page.context().close();

    const entries = await t.ds.query(
      `SELECT r.line, r.quantity, r.disposition, r.reason, r.cost::float8 AS cost, r.decided_by AS "decidedBy", s.step, s.vendor
         FROM repair_entries r JOIN repair_steps s ON s.entry_id = r.id WHERE r.set_id = $1`,
      [set.id],
    );
    expect(entries).toEqual([
      {
        line: 1,
        quantity: 1,
        disposition: 'repair',
        reason: TYPED[0],
        cost: 85.5,
        decidedBy: head.user.id,
        step: 'sent',
        vendor: TYPED[1],
      },
    ]);
    expect(problems).toEqual([]);
  }, 240_000);
});
