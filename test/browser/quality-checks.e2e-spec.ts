import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { openBrowser, screenshot, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 18, "Daily monitoring has a schedule", in a real Chromium: the monitoring desk shows the
 * day's routine checks (the conductivity missed yesterday is overdue, and so on the head nurse's
 * board); the monitor records it from the schedule — out of its limits, which opens a corrective
 * action — and the day's random check with its findings; both actions show on the board; the
 * monitor closes one with what was done.
 */
describe('routine monitoring on the desk and the board', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let head: TestUser;
  let monitor: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    [head, monitor] = [await createUser(t, 'head_nurse'), await createUser(t, 'monitor')];
    // Three days past anything recorded: yesterday had no routine check at all.
    const tz = t.config.timezone;
    t.clock.set(new Date(startOfLocalDay(addLocalDays(localDate(t.clock.instant(), tz), 3), tz).getTime() + 9 * 3_600_000));
    // Other files leave open corrective actions in the shared test database, and the desk lists
    // them 8 to a page, earliest due first: they are closed here so this test's own show.
    const open = (await t.http().get('/api/corrective-actions?status=open').set(bearer(head.token))).body as { id: string }[];
    for (const a of open) {
      await t.http().post(`/api/corrective-actions/${a.id}/close`).set(bearer(head.token)).send({ actionTaken: '测试数据清理' });
    }
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  it('an overdue check on the desk and the board; recorded from the schedule; failures open corrective actions, closed with what was done', async () => {
    const desk = await web.newPage();
    await signIn(desk, monitor.user.username, monitor.password);
    await desk.goto('/monitoring');
    await desk.locator('[data-testid="task-status-water_conductivity"][data-status="overdue"]').waitFor();
    expect(await desk.getByTestId('task-water_conductivity').textContent()).toContain('已逾期');

    const board = await web.newPage();
    await signIn(board, head.user.username, head.password);
    await board.goto('/board');
    await board.getByTestId('overdue-water_conductivity').waitFor();

    // Recorded from the schedule: the readings form takes the kind; 22 uS/cm is out of its limits.
    await desk.getByTestId('task-record-water_conductivity').click();
    await desk.getByTestId('reading-value').fill('22');
    await desk.getByTestId('reading-submit').click();
    await desk.locator('[data-testid="desk-outcome"][data-outcome="ok"]').filter({ hasText: '已开启整改措施' }).waitFor();
    await desk.locator('[data-testid="task-status-water_conductivity"][data-status="done"]').waitFor();
    const conductivityAction = desk.getByTestId('corrective-action').filter({ hasText: '纯化水（终末漂洗水）电导率超出限值：22 uS/cm' });
    await conductivityAction.waitFor();

    // The day's random check: findings are asked for when anything did not conform.
    await desk.getByTestId('random-check-open').click();
    await desk.getByTestId('random-check-sample').fill('20');
    await desk.getByTestId('random-check-nonconforming').fill('1');
    await desk.getByTestId('random-check-submit').click();
    await desk.getByText('有不合格项时必须填写发现的问题').last().waitFor();
    expect(
      Number((await t.ds.query(`SELECT count(*)::int AS n FROM quality_random_checks WHERE checked_by = $1`, [monitor.user.id]))[0].n),
    ).toBe(0);
    await desk.getByTestId('random-check-findings').fill('1 份灭菌记录缺少操作者签名');
    await desk.getByTestId('random-check-submit').click();
    await desk.locator('[data-testid="desk-outcome"][data-outcome="ok"]').filter({ hasText: '随机抽查已记录：不合格' }).waitFor();
    await desk.locator('[data-testid="task-status-random_check"][data-status="done"]').waitFor();
    await desk.getByTestId('corrective-action').filter({ hasText: '1 份灭菌记录缺少操作者签名' }).waitFor();
    await screenshot(desk, 'monitoring-schedule');

    // The board (polling) shows both actions; the conductivity is no longer overdue.
    await board.getByTestId('corrective-action').filter({ hasText: '电导率超出限值' }).waitFor({ timeout: 30_000 });
    await board.getByTestId('corrective-action').filter({ hasText: '每日随机抽查不合格' }).waitFor();
    await board.getByTestId('overdue-water_conductivity').waitFor({ state: 'detached' });
    await screenshot(board, 'board-corrective-actions');

    // Closing: what was done, then asked once more.
    await conductivityAction.getByTestId('corrective-action-close').click();
    await desk.getByTestId('corrective-action-submit').click();
    await desk.getByText('必填').last().waitFor();
    await desk.getByTestId('corrective-action-taken').fill('更换纯化水设备滤芯，复测电导率 6 uS/cm 合格');
    await desk.getByTestId('corrective-action-submit').click();
    await desk.getByTestId('corrective-action-confirm').click();
    await desk.locator('[data-testid="desk-outcome"][data-outcome="ok"]').filter({ hasText: '整改措施已关闭' }).waitFor();
    await conductivityAction.waitFor({ state: 'detached' });
    const [closure] = await t.ds.query(
      `SELECT x.closed_by, x.action_taken FROM corrective_action_closures x JOIN corrective_actions a ON a.id = x.action_id WHERE a.opened_by = $1 AND a.reading_id IS NOT NULL`,
      [monitor.user.id],
    );
    expect(closure).toEqual({ closed_by: monitor.user.id, action_taken: '更换纯化水设备滤芯，复测电导率 6 uS/cm 合格' });
    await desk.context().close();
    await board.context().close();
  }, 120_000);

  it('the head nurse adds a solution in use; its concentration is recorded from its own row, naming the solution; retired, it leaves the schedule', async () => {
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto('/monitoring');
    await page.getByTestId('schedule-card').waitFor();
    await page.getByTestId('solution-add').click();
    await page.getByTestId('solution-kind').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '清洗剂浓度' }).click();
    await page.getByTestId('solution-name-zh').fill('碱性清洗剂（超声清洗机）');
    await page.getByTestId('solution-name-en').fill('Alkaline detergent (ultrasonic washer)');
    await page.getByTestId('solution-submit').click();
    await page.locator('[data-testid="desk-outcome"][data-outcome="ok"]').filter({ hasText: '已添加在用溶液' }).waitFor();
    const [{ id, code }] = await t.ds.query(
      `SELECT id, code FROM quality_check_tasks WHERE name_zh = '碱性清洗剂（超声清洗机）' AND active`,
    );
    await page.getByTestId(`task-${code}`).waitFor();

    // From its row: the readings form takes the kind and the solution (two of the kind are in use).
    await page.getByTestId(`task-record-${code}`).click();
    await page.getByTestId('readings-card').getByText('碱性清洗剂（超声清洗机）').waitFor();
    // A limit the service would refuse (over 1,000,000) is caught by the form: nothing is sent.
    const readingsBefore = (await t.ds.query(`SELECT count(*)::int AS n FROM environment_readings`))[0].n;
    await page.getByTestId('reading-min').fill('4');
    await page.getByTestId('reading-max').fill('2000000');
    await page.getByTestId('reading-value').fill('5');
    await page.getByTestId('reading-submit').click();
    await page.getByText('限值应在 -100 至 1000000 之间').waitFor();
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM environment_readings`))[0].n).toBe(readingsBefore);
    await page.getByTestId('reading-max').fill('6');
    await page.getByTestId('reading-submit').click();
    await page.locator('[data-testid="desk-outcome"][data-outcome="ok"]').filter({ hasText: '在限值内' }).waitFor();
    await page.locator(`[data-testid="task-status-${code}"][data-status="done"]`).waitFor();
    expect(
      (
        await t.ds.query(
          `SELECT task_id FROM environment_readings WHERE kind = 'cleaning_agent_concentration' ORDER BY recorded_at DESC LIMIT 1`,
        )
      )[0].task_id,
    ).toBe(id);

    // No longer used: retired (asked first), it leaves the schedule; the last one of its kind offers no retiring.
    await page.getByTestId(`task-retire-${code}`).click();
    await page.getByTestId('retire-confirm').click();
    await page.locator('[data-testid="desk-outcome"][data-outcome="ok"]').filter({ hasText: '已停用' }).waitFor();
    await page.getByTestId(`task-${code}`).waitFor({ state: 'detached' });
    expect(await page.getByTestId('task-retire-cleaning_agent_concentration').count()).toBe(0);
    expect((await t.ds.query(`SELECT active FROM quality_check_tasks WHERE id = $1`, [id]))[0].active).toBe(false);
    await page.context().close();
  }, 120_000);
});
