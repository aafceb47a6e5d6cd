import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { freeReviewMonth } from '../support/defects.js';
import { createUser, uniq, type TestUser } from '../support/factories.js';
import { openBrowser, problemsInEachLanguage, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 17, the defect register and the monthly quality review in a real Chromium: a nurse reports a
 * wet pack; the head nurse records the cause with a corrective and preventive action, records it
 * done, verifies it and closes the case — each step asked once more — then records the month's
 * quality review with a decision. The pages read in one language at a time, with no serious
 * accessibility problem.
 */
describe('defects page: a nurse reports, the head nurse completes and closes; the quality review is recorded', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let nurse: TestUser;
  let head: TestUser;
  const description = `卸载时发现湿包 ${uniq('')}`;
  /** What people typed here: shown as typed in either language. */
  const TYPED = [
    '湿包退回重新包装灭菌',
    '灭菌岗 王护士',
    '装载过密',
    '灭菌岗当班护士',
    '重新培训装载规范',
    '装载后双人检查',
    '培训完成',
    '抽查无湿包',
    '整改有效',
  ];
  const REVIEW = ['本月湿包 1 例，已整改。', '每周抽查装载', '周护士长'];

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    nurse = await createUser(t, 'nurse');
    head = await createUser(t, 'head_nurse');
    await t.ds.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [nurse.user.id, `王护士${uniq('').slice(0, 4)}`]);
    nurse.user.displayName = (await t.ds.query(`SELECT display_name FROM users WHERE id = $1`, [nurse.user.id]))[0].display_name;
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Picks the option showing `text` in an antd Select. */
  async function pick(page: Page, id: string, text: string, search = false) {
    await page.locator(`#${id}`).click();
    if (search) await page.locator(`#${id}`).fill(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }
  /** Sends a step's dialog and confirms it. */
  async function send(page: Page, testId: string) {
    await page.getByTestId(`${testId}-submit`).click();
    await page.getByTestId(`${testId}-confirm`).click();
    await page.locator('[data-testid$="-outcome"][data-outcome="ok"]').waitFor();
  }
  /** Everything people typed that these pages show (other files' defects and reviews too): data, not the page's words. */
  async function data(): Promise<string[]> {
    const rows: { v: string }[] = await t.ds.query(
      `SELECT description AS v FROM defects UNION SELECT immediate_remedy FROM defects UNION SELECT involved FROM defects WHERE involved IS NOT NULL
        UNION SELECT reason FROM defects WHERE reason IS NOT NULL UNION SELECT cause FROM defect_investigations
        UNION SELECT responsibility FROM defect_investigations UNION SELECT corrective FROM defect_actions UNION SELECT preventive FROM defect_actions
        UNION SELECT action_taken FROM corrective_action_closures UNION SELECT note FROM defect_verifications UNION SELECT conclusion FROM defect_closures
        UNION SELECT minutes FROM quality_reviews UNION SELECT unnest(attendees) FROM quality_reviews UNION SELECT decision FROM quality_review_decisions
        UNION SELECT text FROM quality_review_amendments UNION SELECT reason FROM quality_review_amendments UNION SELECT display_name FROM users`,
    );
    return [...TYPED, ...REVIEW, ...rows.map((r) => r.v)];
  }

  it('reported by a nurse, investigated, done, verified and closed by the head nurse', async () => {
    const page = await web.newPage();
    await signIn(page, nurse.user.username, nurse.password);
    await page.goto('/');
    await page.getByTestId('tile-defects').click();
    await page.getByTestId('defect-form').waitFor();
    await pick(page, 'defect_zone', '灭菌');
    await pick(page, 'defect_kind', '湿包');
    await page.getByTestId('defect-description').fill(description);
    await page.getByTestId('defect-remedy').fill(TYPED[0]);
    await page.getByTestId('defect-involved').fill(TYPED[1]);
    await page.getByTestId('defect-submit').click();
    await page.locator('[data-testid="defects-outcome"][data-outcome="ok"]').waitFor();
    const row = page.getByTestId('defect-row').filter({ hasText: description });
    await row.filter({ hasText: '已登记' }).waitFor();
    // A nurse reports but neither investigates nor closes.
    await row.getByTestId('defect-open').click();
    await page.getByTestId('defect-detail').waitFor();
    expect(await page.getByTestId('defect-investigate').count()).toBe(0);
    // Read as a person opening it finds it (the outcome banner speaks the language it was sent in).
    await page.reload();
    await page.getByTestId('defect-detail').waitFor();
    const nurseProblems = await problemsInEachLanguage(page, 'defects-nurse', await data());
    await page.context().close();

    const hp = await web.newPage();
    await signIn(hp, head.user.username, head.password);
    await hp.goto('/defects');
    const headRow = hp.getByTestId('defect-row').filter({ hasText: description });
    await headRow.getByTestId('defect-open').click();
    await hp.getByTestId('defect-investigate').click();
    await hp.getByTestId('investigation-cause').fill(TYPED[2]);
    await hp.getByTestId('investigation-responsibility').fill(TYPED[3]);
    await hp.getByTestId('action-corrective').fill(TYPED[4]);
    await hp.getByTestId('action-preventive').fill(TYPED[5]);
    await pick(hp, 'defect-investigation_ownerUserId', nurse.user.displayName, true);
    await hp.getByTestId('action-due').fill(addLocalDays(localDate(t.clock.instant(), t.config.timezone), 7));
    await send(hp, 'defect-investigation');
    await hp.locator('[data-testid="defect-detail"][data-status="action_open"]').waitFor();

    await hp.getByTestId('action-done').click();
    await hp.getByTestId('action-taken').fill(TYPED[6]);
    await send(hp, 'action-done');
    await hp.locator('[data-testid="defect-detail"][data-status="action_done"]').waitFor();

    await hp.getByTestId('defect-verify').click();
    await hp.getByTestId('verification-note').fill(TYPED[7]);
    await send(hp, 'defect-verification');
    await hp.locator('[data-testid="defect-detail"][data-status="verified"]').waitFor();

    await hp.getByTestId('defect-close').click();
    await hp.getByTestId('closing-conclusion').fill(TYPED[8]);
    await send(hp, 'defect-closing');
    await hp.locator('[data-testid="defect-detail"][data-status="closed"]').waitFor();
    await hp.reload();
    await hp.locator('[data-testid="defect-detail"][data-status="closed"]').waitFor();
    const headProblems = await problemsInEachLanguage(hp, 'defects-head', await data());
    await hp.context().close();

    const [closed] = await t.ds.query(
      `SELECT c.conclusion, c.closed_by AS "closedBy", v.effective, i.cause FROM defects d JOIN defect_closures c ON c.case_id = d.case_id
         JOIN defect_verifications v ON v.case_id = d.case_id JOIN defect_investigations i ON i.case_id = d.case_id WHERE d.description = $1`,
      [description],
    );
    expect(closed).toEqual({ conclusion: TYPED[8], closedBy: head.user.id, effective: true, cause: TYPED[2] });
    expect([...nurseProblems, ...headProblems]).toEqual([]);
  }, 240_000);

  it('the head nurse records the month’s quality review with a decision; the minutes print', async () => {
    const month = await freeReviewMonth(t, 150);
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto('/');
    await page.getByTestId('tile-quality-reviews').click();
    await page.getByTestId('review-record').click();
    await page.getByTestId('review-month').fill(month);
    await page.locator('#review-record_attendees').click();
    await page.locator('#review-record_attendees').fill(REVIEW[2]);
    await page.keyboard.press('Enter');
    // Leaving the field closes its list of people (on a shared database it lists other files' users, over the minutes).
    await page.locator('#review-record_attendees').blur();
    await page.getByTestId('review-minutes').fill(REVIEW[0]);
    await page.getByTestId('review-add-decision').click();
    await page.getByTestId('decision-text').fill(REVIEW[1]);
    await pick(page, 'review-record_decisions_0_ownerUserId', nurse.user.displayName, true);
    await page.getByTestId('decision-due').fill(addLocalDays(localDate(t.clock.instant(), t.config.timezone), 14));
    await send(page, 'review-record');
    const row = page.locator(`[data-testid="review-row"][data-month="${month}"]`);
    await row.getByTestId('review-open').click();
    await page.getByTestId('review-minutes-text').filter({ hasText: REVIEW[0] }).waitFor();
    await page.getByTestId('review-decision-row').filter({ hasText: REVIEW[1] }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('review-print').click()]);
    expect(download.suggestedFilename()).toBe(`quality-review-${month}.pdf`);
    await page.reload();
    await page.getByTestId('review-decision-row').filter({ hasText: REVIEW[1] }).waitFor();
    const problems = await problemsInEachLanguage(page, 'quality-review', [...(await data()), month]);

    const [review] = await t.ds.query(
      `SELECT r.attendees, r.minutes, d.decision, a.responsible_user_id AS owner FROM quality_reviews r
         JOIN quality_review_decisions d ON d.review_id = r.id JOIN corrective_actions a ON a.id = d.corrective_action_id WHERE r.month = $1`,
      [month],
    );
    expect(review).toEqual({ attendees: [REVIEW[2]], minutes: REVIEW[0], decision: REVIEW[1], owner: nurse.user.id });
    expect(problems).toEqual([]);
  }, 240_000);
});
