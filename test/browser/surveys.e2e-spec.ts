import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createDepartment, createUser, uniq, type TestUser } from '../support/factories.js';
import { openBrowser, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 17, "Department feedback" (seed 5.2), in a real Chromium: the head nurse sets a survey with a
 * rating and a free-text question for one ward; the ward answers it on its own page (told first that
 * an answer is never changed); the head nurse reads the results — the mean, the ward's comment, the
 * response rate — exports them and agrees an improvement action with its owner and due date. Both
 * languages are checked by every-page.
 */
describe('surveys: the head nurse sets one, the ward answers, the head nurse reads the results and adds an action', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let head: TestUser;
  let nurse: TestUser;
  let ward: TestUser;
  let wardCode: string;
  const title = `供应服务满意度 ${uniq('')}`;

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    const department = await createDepartment(t, { nameZh: '骨科病房', nameEn: 'Orthopaedic ward' });
    wardCode = department.code;
    [head, nurse, ward] = [
      await createUser(t, 'head_nurse'),
      await createUser(t, 'nurse'),
      await createUser(t, 'department', { departmentId: department.id }),
    ];
    nurse.user.displayName = `王护士${uniq('').slice(-5)}`;
    await t.ds.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [nurse.user.id, nurse.user.displayName]);
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Picks the option showing `text` in an antd Select (typing it first where the Select searches). */
  async function pick(page: Page, id: string, text: string, search = true) {
    await page.locator(`#${id}`).click();
    if (search) await page.locator(`#${id}`).fill(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }
  /** Sends a step's dialog and confirms it; waits for the page's green answer. */
  async function send(page: Page, testId: string) {
    await page.getByTestId(`${testId}-submit`).click();
    await page.getByTestId(`${testId}-confirm`).click();
    await page.locator('[data-testid$="-outcome"][data-outcome="ok"]').waitFor();
  }

  it('set, answered once, read and acted on', async () => {
    const hp = await web.newPage();
    await signIn(hp, head.user.username, head.password);
    await hp.goto('/');
    await hp.getByTestId('tile-surveys').click();
    await hp.getByTestId('survey-new').click();
    await hp.getByTestId('survey-title-zh').fill(title);
    await hp.getByTestId('survey-title-en').fill(`Supply service ${title.slice(-8)}`);
    // Answered only while its period runs by the service's clock (months ahead of the station's here): its month, typed.
    const month = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
    await hp.getByTestId('survey-from').fill(month);
    await hp.getByTestId('survey-to').fill(month);
    await pick(hp, 'survey-new_departmentIds', wardCode);
    await hp.getByTestId('survey-title-zh').click(); // closes the department list
    await hp.getByTestId('question-zh').first().fill('器械包送达是否及时');
    await hp.getByTestId('question-en').first().fill('Were the packs delivered on time?');
    await hp.getByTestId('survey-add-question').click();
    await hp.locator('#survey-new_questions_1_kind').click();
    await hp.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '文字意见' }).click();
    await hp.getByTestId('question-zh').nth(1).fill('其他意见和建议');
    await hp.getByTestId('question-en').nth(1).fill('Other comments');
    await send(hp, 'survey-new');
    const row = hp.getByTestId('survey-row').filter({ hasText: title });
    await row.filter({ hasText: '0/1' }).waitFor();

    // The ward answers on its own page, told first that an answer is never changed.
    const wp = await web.newPage();
    await signIn(wp, ward.user.username, ward.password);
    await wp.goto('/');
    await wp.getByTestId('tile-department-surveys').click();
    await wp.getByTestId('department-survey-row').filter({ hasText: title }).getByTestId('department-survey-open').click();
    expect(await wp.getByTestId('department-survey-note').textContent()).toContain('提交后不能修改');
    await wp.getByTestId('department-survey-answer').click();
    await wp.locator('.ant-modal .ant-radio-button-wrapper', { hasText: '4' }).click();
    await wp.getByTestId('answer-text').fill('希望周末增加一次下送');
    await send(wp, 'survey-answer');
    await wp.locator('[data-testid="department-survey-detail"][data-status="answered"]').waitFor();
    await wp.getByTestId('department-survey-row').filter({ hasText: title }).filter({ hasText: '已答卷' }).waitFor();
    await wp.context().close();

    // The head nurse reads the results, exports them and agrees an improvement action.
    await hp.reload();
    await row.filter({ hasText: '1/1' }).getByTestId('survey-open').click();
    await hp.getByTestId('survey-average').filter({ hasText: '4.00' }).waitFor();
    await hp.getByTestId('survey-text').filter({ hasText: '希望周末增加一次下送' }).waitFor();
    expect(await hp.getByTestId('survey-response-rate').textContent()).toContain('100%');
    // Answered: its questions no longer change.
    expect(await hp.getByTestId('survey-revise').count()).toBe(0);
    const [xlsx] = await Promise.all([hp.waitForEvent('download'), hp.getByTestId('survey-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/^survey-\d{4}-\d{2}\.xlsx$/);
    await hp.getByTestId('survey-add-action').click();
    await hp.getByTestId('survey-action-what').fill('周六增加一次下送');
    await pick(hp, 'survey-action_departmentId', wardCode, false);
    await pick(hp, 'survey-action_ownerUserId', nurse.user.displayName);
    await hp.getByTestId('survey-action-due').fill(addLocalDays(localDate(t.clock.instant(), t.config.timezone), 14));
    await send(hp, 'survey-action');
    await hp.locator('[data-testid="survey-action-row"][data-done="no"]').filter({ hasText: '周六增加一次下送' }).waitFor();
    // Results per department and period: the month named in the address (the service's, not the station's).
    await hp.goto(`/surveys?cmpFrom=${month}&cmpTo=${month}`);
    const compared = hp.getByTestId('survey-comparison-table');
    await compared.locator('th', { hasText: title }).waitFor();
    expect(await compared.locator('tr', { hasText: wardCode }).textContent()).toContain('4');
    await hp.context().close();

    const [action] = await t.ds.query(
      `SELECT a.what, ca.responsible_user_id AS owner, r.department_id AS answered FROM survey_actions a
         JOIN corrective_actions ca ON ca.id = a.corrective_action_id JOIN survey_responses r ON r.survey_id = a.survey_id
         JOIN survey_versions v ON v.survey_id = a.survey_id WHERE v.title_zh = $1`,
      [title],
    );
    expect(action).toEqual({ what: '周六增加一次下送', owner: nurse.user.id, answered: ward.user.departmentId });
  }, 120_000);
});
