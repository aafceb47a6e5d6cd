import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { createUser, type TestUser } from '../support/factories.js';
import { openBrowser, screenshot, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 12 in a real Chromium, across roles: the monitor's positive BI reaches the head nurse's
 * board and the department that holds a recalled pack, which sends it back from its page and
 * moves the recall's progress; the head nurse approves (or is refused) an emergency release of
 * implants from the board; the monitoring desk lists the loads waiting for its co-signature or
 * for their BIs. One app and one browser for the whole file.
 */
describe('across roles in the browser: recall walk, emergency approvals, the desk’s waiting loads', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    head = await createUser(t, 'head_nurse');
  }, 60_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  const signedIn = async (user: TestUser, path: string) => {
    const page = await web.newPage();
    await signIn(page, user.user.username, user.password);
    await page.goto(path);
    return page;
  };

  it('the monitor enters a positive BI; the board shows the sterilizer blocked and the recall open within 5 s; the department sees the notice and the recalled pack and sends it back; the recall’s progress moves on the board and the recall page', async () => {
    const c = await ChainDriver.create(t);
    const code = c.sterilizer.sterilizer.code;
    // A pack of an earlier load, dispatched to the department and received there; then a load with a BI.
    const [atWard] = await c.storedMany([await c.newSet({ nameZh: '清创缝合包', nameEn: 'Debridement set' })]);
    await c.dispatch(atWard);
    await c.receive(atWard);
    const [inBiLoad] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([inBiLoad], { bis: [{}] });
    await c.unload(load.id);
    await c.positiveControlFor(load.bis[0].id); // the day's control of the lot, without which no reading counts

    // The board and the department's page are open before the result.
    const board = await signedIn(head, '/board');
    await board.locator(`[data-testid="board-sterilizer-${code}"][data-available="yes"]`).waitFor();
    const ward = await signedIn(c.departmentUser, '/department');
    await ward.getByTestId('received-row').filter({ hasText: atWard }).waitFor();
    expect(await ward.getByTestId('recalled').count()).toBe(0);

    // The monitor's desk: past the readout time, a positive result (asked twice: it opens a recall).
    const desk = await signedIn(c.monitor, '/monitoring');
    await desk.getByTestId(`bi-row-${code}-${load.cycleNo}`).getByTestId('bi-wait').waitFor({ timeout: 60_000 });
    t.clock.advance(21 * 60_000);
    await desk.getByTestId(`bi-positive-${code}-${load.cycleNo}`).click({ timeout: 20_000 });
    await desk.getByTestId('confirm-ok').click();
    await desk.locator('[data-testid="desk-outcome"][data-outcome="ok"]').waitFor();
    const [recall] = await t.ds.query(`SELECT id FROM recalls WHERE trigger = 'bi_failed' AND reason LIKE $1`, [
      `%${code} cycle ${load.cycleNo},%`,
    ]);
    expect(recall).toBeDefined();

    // The board, untouched (it asks every 3 s, web/src/pages/Board.tsx): the sterilizer blocked and the
    // recall open, without a reload. No stopwatch here: on a loaded CI machine a page's paint is late
    // by seconds; how fast it updates is the bench's to measure.
    const recallRow = board.getByTestId('board-recall').filter({ hasText: code });
    await Promise.all([
      board.locator(`[data-testid="board-sterilizer-${code}"][data-available="no"]`).waitFor({ timeout: 30_000 }),
      recallRow.waitFor({ timeout: 30_000 }),
    ]);
    expect(await recallRow.textContent()).toContain('0/2');

    // The department, untouched: the notice and the recalled pack, to send back.
    await ward.getByTestId('notices').getByText('召回通知').waitFor({ timeout: 30_000 });
    const recalledRow = ward.locator(`[data-testid="recalled-row"][data-disposition="not_found"]`).filter({ hasText: atWard });
    await recalledRow.waitFor();
    expect(await recalledRow.textContent()).toContain('清创缝合包');
    await screenshot(ward, 'department-recall-notice');
    await recalledRow.getByTestId('send-back').click();
    await ward.locator('.ant-modal').getByText(`确认已将 ${atWard}`).waitFor();
    await ward.getByTestId('send-back-confirm').click();
    await ward.locator('[data-testid="result"][data-outcome="ok"]').waitFor();
    expect(await ward.getByTestId('result-message').textContent()).toContain('已由测试科室退回消毒供应中心');
    await ward.getByTestId('recalled').waitFor({ state: 'detached' });
    const [item] = await t.ds.query(
      `SELECT ri.disposition, ri.accounted_by, ri.returned_from_department_id FROM recall_items ri JOIN packs p ON p.id = ri.pack_id WHERE ri.recall_id = $1 AND p.barcode = $2`,
      [recall.id, atWard],
    );
    expect(item).toEqual({ disposition: 'returned', accounted_by: c.departmentUser.user.id, returned_from_department_id: c.department.id });

    // The progress moves on the board (by itself, at its next refresh) and on the recall page, which
    // says who sent it back. No promise of 5 s here: a slow machine's board answer may take longer.
    await recallRow.getByText('1/2').waitFor({ timeout: 15_000 });
    expect(await recallRow.getByTestId('recall-counts').textContent()).toContain('已退回 1');
    await recallRow.getByRole('link').click();
    await board.getByTestId('recall-page').waitFor();
    const itemRow = board.getByTestId(`recall-item-${atWard}`);
    await itemRow.waitFor();
    expect(await itemRow.getAttribute('data-disposition')).toBe('returned');
    expect(await itemRow.getByTestId('accounted-by').textContent()).toBe(
      `${c.departmentUser.user.displayName} · 由${c.department.code} 测试科室退回`,
    );
    await screenshot(board, 'recall-page-sent-back');
    for (const p of [board, ward, desk]) await p.context().close();
  }, 300_000);

  it('the head nurse approves an emergency release of implants from the board: refused while the PCD’s type 5 is not recorded (the service’s reason, in the page’s language), released after it passed, and the entry leaves the list', async () => {
    const c = await ChainDriver.create(t);
    const code = c.sterilizer.sterilizer.code;
    const [implant] = await c.packedMany([await c.newSet({ implant: true, nameZh: '骨科植入物包', nameEn: 'Orthopaedic implant set' })]);
    const load = await c.startLoad([implant], { bis: [{ lot: 'LOT-EMERG' }] });
    await c.unload(load.id);

    const board = await signedIn(head, '/board');
    const entry = board.getByTestId(`approval-${code}-${load.cycleNo}`);
    await entry.waitFor();
    expect(await entry.textContent()).toContain(implant);
    await entry.getByTestId('approve').click();
    // Checked before sending: a reason is required.
    await board.getByTestId('approve-next').click();
    await board.getByText('原因 5 至 300 字').waitFor();
    await board.getByTestId('approve-reason').fill('急诊股骨骨折内固定，无替代植入物');
    await board.getByTestId('approve-next').click();
    // Asked once more: it cannot be undone.
    await board.getByTestId('approve-warning').getByText('放行后不能撤销').waitFor();
    await screenshot(board, 'board-approve-confirm');
    await board.getByTestId('approve-confirm').click();
    const refused = board.locator('[data-testid="approval-outcome"][data-outcome="error"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('EMERGENCY_RELEASE_NOT_ALLOWED');
    expect(await refused.textContent()).toContain('第 5 类化学指示物未记录为合格');
    expect(await refused.textContent()).not.toMatch(/integrating indicator/);
    const state = async () => (await t.ds.query(`SELECT state FROM packs WHERE barcode = $1`, [implant]))[0].state;
    expect(await state()).toBe('quarantined');
    expect(await entry.count()).toBe(1);

    // The monitor records the PCD's type 5 as passed; the head nurse approves again.
    const [bi] = await t.ds.query(`SELECT id FROM bi_tests WHERE load_id = $1`, [load.id]);
    expect((await c.post(`/api/monitoring/bi/${bi.id}/pcd`, { passed: true }, c.monitor.token)).status).toBe(200);
    await entry.getByTestId('approve').click();
    await board.getByTestId('approve-reason').fill('急诊股骨骨折内固定，无替代植入物');
    await board.getByTestId('approve-next').click();
    await board.getByTestId('approve-confirm').click();
    await board.locator('[data-testid="approval-outcome"][data-outcome="ok"]').getByText('已紧急放行').waitFor();
    await entry.waitFor({ state: 'detached', timeout: 15_000 }); // the board's next refresh (every 3 s)
    expect(await state()).toBe('released');
    const [release] = await t.ds.query(`SELECT approved_by, reason FROM emergency_releases WHERE load_id = $1`, [load.id]);
    expect(release).toEqual({ approved_by: head.user.id, reason: '急诊股骨骨折内固定，无替代植入物' });

    // In English the list and its refusals read in English.
    await board.getByTestId('language').click();
    await board.getByTestId('board-approvals').getByText('Emergency releases waiting for approval').waitFor();
    await board.context().close();
  }, 300_000);

  it('the monitoring desk lists a load that ran as waiting for the co-signed unloading, then for its BI with the time it may be read, and drops it once the BI is read', async () => {
    const c = await ChainDriver.create(t);
    const code = c.sterilizer.sterilizer.code;
    const [p] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([p], { bis: [{ lot: 'LOT-DESK' }] });

    const desk = await signedIn(c.monitor, '/monitoring');
    const row = desk.getByTestId(`waiting-load-${code}-${load.cycleNo}`);
    await row.and(desk.locator('[data-waiting="unloading"]')).waitFor();
    expect(await row.getByTestId('waiting-cosign').textContent()).toBe('待卸载：需质检员会签');
    await screenshot(desk, 'monitoring-waiting-cosign');

    // Unloaded, co-signed by the monitor at the station: now it waits for its BI, readable 20 min after unloading.
    await c.unload(load.id);
    await row.and(desk.locator('[data-waiting="bi"]')).waitFor({ timeout: 30_000 });
    const [{ completed_at: completedAt }] = await t.ds.query(`SELECT completed_at FROM sterilizer_loads WHERE id = $1`, [load.id]);
    const readFrom = new Date(new Date(completedAt).getTime() + 20 * 60_000).toLocaleString('zh-CN', {
      timeZone: 'Asia/Shanghai',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    expect(await row.getByTestId('waiting-bi-read').textContent()).toBe(`LOT-DESK: ${readFrom}`);

    // Read negative: the load leaves the list.
    await c.readBi(load.bis[0].id, 'passed');
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await desk.context().close();
  }, 300_000);
});
