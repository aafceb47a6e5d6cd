import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createUser, uniq, type TestUser } from '../support/factories.js';
import { openBrowser, problemsInEachLanguage, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 17, the visitors register in a real Chromium: a nurse asks for a visit; the head nurse
 * approves it, checks the visitors in (escorting them herself), records a visitor's comment and
 * checks them out with the zone they entered — each step asked once more. The page reads in one
 * language at a time, with no serious accessibility problem.
 */
describe('visitors page: request → approve → check in → comment → check out', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let nurse: TestUser;
  let head: TestUser;
  const unit = `省人民医院消毒供应中心 ${uniq('')}`;
  /** What people typed here: shown as typed in either language. */
  const TYPED = ['王敏', '护士长', '0571-88886666', '同行交流：包装区布局', '包装区布局合理，值得学习'];

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    nurse = await createUser(t, 'nurse');
    head = await createUser(t, 'head_nurse');
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Sends a step's dialog and confirms it. */
  async function send(page: Page, testId: string) {
    await page.getByTestId(`${testId}-submit`).click();
    await page.getByTestId(`${testId}-confirm`).click();
    await page.locator('[data-testid="visitors-outcome"][data-outcome="ok"]').waitFor();
  }
  /** Everything people typed that the page shows (other files' visits too): data, not the page's words. */
  async function data(): Promise<string[]> {
    const rows: { v: string }[] = await t.ds.query(
      `SELECT unit AS v FROM visit_requests UNION SELECT contact FROM visit_requests UNION SELECT purpose FROM visit_requests
        UNION SELECT p->>'name' FROM visit_requests, jsonb_array_elements(visitors) p UNION SELECT p->>'title' FROM visit_requests, jsonb_array_elements(visitors) p
        UNION SELECT reason FROM visit_requests WHERE reason IS NOT NULL UNION SELECT reason FROM visit_decisions WHERE reason IS NOT NULL
        UNION SELECT reason FROM visit_cancellations UNION SELECT reason FROM visit_check_ins WHERE reason IS NOT NULL
        UNION SELECT reason FROM visit_check_outs WHERE reason IS NOT NULL UNION SELECT text FROM visit_comments
        UNION SELECT author FROM visit_comments WHERE author IS NOT NULL UNION SELECT display_name FROM users`,
    );
    return [...TYPED, unit, ...rows.map((r) => r.v)];
  }

  const serviceMonth = () => localDate(t.clock.instant(), t.config.timezone).slice(0, 7);

  it('a nurse asks for the visit; the head nurse approves it and records it as it happens', async () => {
    const page = await web.newPage();
    await signIn(page, nurse.user.username, nurse.password);
    await page.goto('/');
    await page.getByTestId('tile-visitors').click();
    await page.getByTestId('visit-form').waitFor();
    // The register shows the station's month; the service's clock may be months ahead of real time here (test
    // files share a database, and a file's clock starts after the newest record): the nurse picks the visit's month.
    await page.getByTestId('visitors-month').fill(serviceMonth());
    await page.getByTestId('visit-unit').fill(unit);
    await page.getByTestId('visitor-name').fill(TYPED[0]);
    await page.getByTestId('visitor-title').fill(TYPED[1]);
    await page.getByTestId('visit-contact').fill(TYPED[2]);
    await page.getByTestId('visit-purpose').fill(TYPED[3]);
    await page.getByTestId('visit-date').fill(localDate(t.clock.instant(), t.config.timezone));
    await page.getByTestId('visit-start').fill('00:00');
    await page.getByTestId('visit-end').fill('23:59');
    await page.getByTestId('visit-zones').getByText('回收', { exact: true }).click();
    await page.getByTestId('visit-zones').getByText('检查包装', { exact: true }).click();
    await page.getByTestId('visit-submit').click();
    await page.locator('[data-testid="visitors-outcome"][data-outcome="ok"]').waitFor();
    await page.getByTestId('visit-row').filter({ hasText: unit }).filter({ hasText: '待审批' }).waitFor();
    await page.context().close();

    const hp = await web.newPage();
    await signIn(hp, head.user.username, head.password);
    await hp.goto(`/visitors?month=${serviceMonth()}`);
    await hp.getByTestId('visit-row').filter({ hasText: unit }).getByTestId('visit-open').click();
    await hp.getByTestId('visit-approve').click();
    await send(hp, 'visit-approval');
    await hp.locator('[data-testid="visit-detail"][data-status="approved"]').waitFor();

    await hp.getByTestId('visit-check-in').click();
    await send(hp, 'visit-checkin');
    await hp.locator('[data-testid="visit-detail"][data-status="checked_in"]').waitFor();

    await hp.getByTestId('visit-add-comment').click();
    await hp.locator('#visit-comment_author').click();
    await hp.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: TYPED[0] }).click();
    await hp.getByTestId('comment-text').fill(TYPED[4]);
    await send(hp, 'visit-comment');
    await hp.getByTestId('visit-comment').filter({ hasText: TYPED[4] }).waitFor();

    await hp.getByTestId('visit-check-out').click();
    await hp.locator('.ant-modal').getByTestId('checkout-zones').getByText('检查包装', { exact: true }).click();
    await send(hp, 'visit-checkout');
    await hp.locator('[data-testid="visit-detail"][data-status="checked_out"]').waitFor();
    await hp.reload();
    await hp.locator('[data-testid="visit-detail"][data-status="checked_out"]').waitFor();
    await hp.getByTestId('visit-row').filter({ hasText: unit }).filter({ hasText: '已离开' }).waitFor();
    const problems = await problemsInEachLanguage(hp, 'visitors-head', await data());
    await hp.context().close();

    const [visit] = await t.ds.query(
      `SELECT r.zones, r.visitors, d.approved, d.decided_by AS "decidedBy", i.escort_user_id AS escort, o.zones_entered AS entered, c.author, c.text
         FROM visit_requests r JOIN visit_decisions d ON d.visit_id = r.visit_id JOIN visit_check_ins i ON i.visit_id = r.visit_id
         JOIN visit_check_outs o ON o.visit_id = r.visit_id JOIN visit_comments c ON c.visit_id = r.visit_id WHERE r.unit = $1`,
      [unit],
    );
    expect(visit).toEqual({
      zones: ['recycling', 'packing'],
      visitors: [{ name: TYPED[0], title: TYPED[1] }],
      approved: true,
      decidedBy: head.user.id,
      escort: head.user.id,
      entered: ['packing'],
      author: TYPED[0],
      text: TYPED[4],
    });
    expect(problems).toEqual([]);
  }, 240_000);
});
