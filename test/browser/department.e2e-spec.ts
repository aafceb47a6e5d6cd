import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createUser, rowCounts } from '../support/factories.js';
import { expectOk } from '../support/expect.js';
import { openBrowser, scan, screenshot, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 12, the department's side: a department user confirms receipt of a dispatched pack by
 * scanning its label, records use on a patient, reports a problem (asked twice: it cannot be
 * undone), sees a recall notice and the recalled pack to send back, and opens, from the same page,
 * the provenance record of a pack — every field a nurse files — printed on A4.
 */
describe('the department page and the provenance record in the browser', () => {
  let t: TestApp;
  let web: BrowserHarness;
  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
  }, 60_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Waits (up to 10 s) until the locator matches n elements — the lists refresh by themselves — and returns the count. */
  async function countOf(locator: { count(): Promise<number> }, n: number): Promise<number> {
    const until = Date.now() + 10_000;
    let count = await locator.count();
    while (count !== n && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      count = await locator.count();
    }
    return count;
  }
  const state = async (barcode: string) => (await t.ds.query(`SELECT state, wet, patient_id FROM packs WHERE barcode = $1`, [barcode]))[0];
  const rows = (page: Page, testid: string) => page.getByTestId(testid);
  /** The result panel's outcome once it shows the answer for `code` (each answer names its code). */
  async function outcomeFor(page: Page, code: string, previous: string | null): Promise<string> {
    await page.waitForFunction(
      ([c, prev]) => {
        const el = (
          globalThis as unknown as {
            document: { querySelector(s: string): { textContent: string | null; getAttribute(a: string): string | null } | null };
          }
        ).document.querySelector('[data-testid="result"]');
        return !!el && (el.textContent ?? '').includes(c) && el.getAttribute('data-outcome') !== null && (el.textContent ?? '') !== prev;
      },
      [code, previous] as const,
      { timeout: 15_000 },
    );
    return (await page.getByTestId('result').getAttribute('data-outcome')) ?? '';
  }

  it('confirms receipt by a scan, records use on a patient, reports a problem after a confirmation, shows the recall, and prints the provenance', async () => {
    const c = await ChainDriver.create(t);
    await t.ds.query(`UPDATE departments SET name_zh = '骨科病房', name_en = 'Orthopaedic ward' WHERE id = $1`, [c.department.id]);
    await t.ds.query(`UPDATE users SET display_name = '王回收' WHERE id = $1`, [c.nurse.user.id]);
    await t.ds.query(`UPDATE users SET display_name = '李核对' WHERE id = $1`, [c.nurse2.user.id]);
    await t.ds.query(`UPDATE users SET display_name = '赵监测' WHERE id = $1`, [c.monitor.user.id]);
    await t.ds.query(`UPDATE users SET display_name = '陈科室' WHERE id = $1`, [c.departmentUser.user.id]);

    // Three sets of the ward, one load with a BI (and its PCD) read negative, stored and dispatched to the ward.
    const a1 = await c.newSet({ critical: true, nameZh: '骨科基础包', nameEn: 'Orthopaedic basic set' }); // critical: packed under a two-person check
    const a2 = await c.newSet({ nameZh: '换药包', nameEn: 'Dressing set' });
    const a3 = await c.newSet({ nameZh: '缝合包', nameEn: 'Suture set' });
    const [p1, p2, p3] = await c.packedMany([a1, a2, a3]);
    const load = await c.startLoad([p1, p2, p3], { bis: [{ pcdType5Passed: true, lot: 'LOT-E2E-42' }] });
    await c.unload(load.id);
    await c.readBi(load.bis[0].id, 'passed');
    for (const p of [p1, p2, p3]) {
      await c.store(p, { location: 'A-07' });
      await c.dispatch(p);
    }

    const page = await web.newPage();
    await signIn(page, c.departmentUser.user.username, c.departmentUser.password);
    await page.goto('/department');
    await page.getByText('骨科病房').first().waitFor();
    expect(await countOf(rows(page, 'to-confirm-row'), 3)).toBe(3);
    await screenshot(page, 'department-1366');

    // A scan of the label confirms receipt (the scan field has focus, as a scanner needs).
    await scan(page, p1);
    expect(await outcomeFor(page, p1, null)).toBe('ok');
    expect((await state(p1)).state).toBe('received');
    expect(await countOf(rows(page, 'received-row'), 1)).toBe(1);
    // The tablet at the bedside: the same page, nothing cut off.
    const tablet = await web.newPage({ width: 820, height: 1180 });
    await signIn(tablet, c.departmentUser.user.username, c.departmentUser.password);
    await tablet.goto('/department');
    expect(await countOf(rows(tablet, 'received-row'), 1)).toBe(1);
    const overflow = await tablet.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
        .documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(tablet, 'department-tablet');
    await tablet.context().close();

    // Scanned again: refused in red with the service's reason, nothing written.
    const before = await rowCounts(t, ['pack_events']);
    const okText = await page.getByTestId('result').textContent();
    await scan(page, p1);
    expect(await outcomeFor(page, p1, okText)).toBe('error');
    expect(await page.getByTestId('result').textContent()).toContain('PACK_WRONG_STATE');
    expect(await rowCounts(t, ['pack_events'])).toEqual(before);

    // Use on a patient: the patient id only (a name is refused in the form before anything is sent).
    await rows(page, 'received-row').filter({ hasText: p1 }).getByTestId('use').click();
    await page.getByTestId('patient-id').fill('张三');
    await page.getByTestId('use-submit').click();
    await page.getByText('只能是 1–40 位字母、数字或短横线').waitFor();
    await page.getByTestId('patient-id').fill('ZY2026-0815');
    await page.getByTestId('use-submit').click();
    await rows(page, 'received-row').first().waitFor({ state: 'detached' });
    expect(await state(p1)).toMatchObject({ state: 'used', patient_id: 'ZY2026-0815' });
    expect(await page.getByTestId('result-message').textContent()).toContain('已记录使用');

    // A wet pack: the problem is asked twice; the first step writes nothing.
    await rows(page, 'to-confirm-row').filter({ hasText: p2 }).getByTestId('report').click();
    // The dialog opens with an animation: a click while it still moves can miss the choice, so
    // choose until the choice took (the "next" button comes alive), as a user would click again.
    for (let i = 0; i < 20 && !(await page.getByTestId('problem-next').isEnabled()); i++) {
      await page.getByTestId('problem-wet').click();
      await page.waitForTimeout(100);
    }
    await page.getByTestId('problem-next').click();
    await page.getByTestId('problem-warning').waitFor();
    expect(await page.getByTestId('problem-warning').textContent()).toContain('不能撤销');
    expect((await state(p2)).state).toBe('dispatched');
    await screenshot(page, 'department-report-confirm');
    await page.getByTestId('problem-confirm').click();
    expect(await countOf(rows(page, 'to-confirm-row'), 1)).toBe(1);
    expect(await state(p2)).toMatchObject({ state: 'problem', wet: true });

    // The head nurse recalls the load: the ward sees the notice and the pack to send back (the page refreshes itself).
    const head = await createUser(t, 'head_nurse');
    const recall = await t
      .http()
      .post('/api/recalls')
      .set(bearer(head.token))
      .set('Idempotency-Key', `dept-${load.id}`)
      .send({ trigger: 'manual', reason: '同一时段术后感染调查', loadIds: [load.id] });
    expect(recall.status).toBeLessThan(300);
    await page.getByTestId('notices').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('notices').textContent()).toContain('召回通知');
    await page.getByTestId('recalled').waitFor();
    const sendBack = rows(page, 'recalled-row').filter({ hasText: p3 });
    expect(await sendBack.getAttribute('data-disposition')).toBe('not_found');
    expect(await sendBack.textContent()).toContain('请退回供应中心');
    expect(await rows(page, 'recalled-row').filter({ hasText: p1 }).textContent()).toContain('请随访患者');
    expect(await page.getByTestId('recalled').textContent()).toContain('同一时段术后感染调查');
    await screenshot(page, 'department-recall-1366');

    // Provenance of the used pack, opened from the department page: every field, as names and times.
    await rows(page, 'recalled-row').filter({ hasText: p1 }).getByTestId('provenance-link').click();
    await page.getByTestId('provenance-record').waitFor();
    expect(page.url()).toContain(`/provenance/${p1}`);
    const record = (await page.getByTestId('provenance-record').textContent()) ?? '';
    const [dbLoad] = await t.ds.query(
      `SELECT l.cycle_no, p.expiry_date::text AS expiry, p.sterilization_date::text AS sdate FROM packs p JOIN sterilizer_loads l ON l.id = p.load_id WHERE p.barcode = $1`,
      [p1],
    );
    const [washer] = await t.ds.query(
      `SELECT c.cycle_no FROM packs p JOIN washer_cycles c ON c.id = p.washer_cycle_id WHERE p.barcode = $1`,
      [p1],
    );
    for (const text of [
      p1,
      '骨科基础包', // the set
      a1, // its asset code
      '第 1 次循环',
      // every step, with who and where
      '回收',
      '进入清洗消毒器',
      '清洗合格',
      '检查包装',
      '装载',
      '开始灭菌',
      '卸载：放行',
      '入无菌存放',
      '发放',
      '科室确认接收',
      '使用',
      '王回收',
      '李核对',
      '赵监测',
      '陈科室',
      'TEST-1',
      `WEB-${c.department.code}`,
      // the washer cycle and the sterilizer cycle
      c.washer.washer.code,
      `第 ${washer.cycle_no} 锅`,
      'A0 3000',
      c.sterilizer.sterilizer.code,
      `第 ${dbLoad.cycle_no} 锅`,
      '已放行',
      // the monitoring that released it
      '物理监测',
      '134.5–136 °C',
      '210–225 kPa',
      '批量化学监测',
      '当日 B-D 试验',
      '批号 LOT-E2E-42',
      '阴性（合格）',
      'PCD 第 5 类指示物',
      // expiry, department, patient
      dbLoad.sdate,
      dbLoad.expiry,
      '骨科病房',
      c.department.code,
      'ZY2026-0815',
      '货位 A-07',
    ]) {
      expect({ text, found: record.includes(text) }).toEqual({ text, found: true });
    }
    // The BI row: read time and reader, after its readable-from time.
    const bi = (await page.getByTestId('prov-bi').textContent()) ?? '';
    expect(bi).toContain('赵监测');
    expect(bi).toMatch(/\d{4}\/\d{2}\/\d{2}/);
    expect(record).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/); // nobody sees a UUID
    await screenshot(page, 'provenance');

    // Printed: A4, no navigation chrome, no search bar, the record intact.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.ant-layout-header').isVisible()).toBe(false);
    expect(await page.getByTestId('print').isVisible()).toBe(false);
    expect(await page.getByTestId('provenance-record').isVisible()).toBe(true);
    await screenshot(page, 'provenance-print');
    mkdirSync('test-artifacts', { recursive: true });
    await page.pdf({ path: 'test-artifacts/provenance.pdf', format: 'A4', printBackground: true });
    expect(statSync('test-artifacts/provenance.pdf').size).toBeGreaterThan(10_000);
    // A4 pages (595 × 842 pt).
    expect(readFileSync('test-artifacts/provenance.pdf', 'latin1')).toMatch(/\/MediaBox \[0 0 595\.\d+ 842\.\d+\]/);
    await page.emulateMedia({ media: 'screen' });

    // In English, the record reads in English (the service's names in English too).
    await page.getByTestId('language').click();
    await page.getByText('Pack provenance record').waitFor();
    const english = (await page.getByTestId('provenance-record').textContent()) ?? '';
    for (const text of ['Orthopaedic basic set', 'Orthopaedic ward', 'Negative (passed)', 'Receipt confirmed', 'Patient id ZY2026-0815'])
      expect({ text, found: english.includes(text) }).toEqual({ text, found: true });
    await screenshot(page, 'provenance-en');
    await page.getByTestId('language').click();
    await page.getByText('无菌包追溯记录').waitFor();

    // Another department's pack is unknown here, as the service says.
    const other = await ChainDriver.create(t);
    const foreign = await other.readyInStorage(await other.newSet());
    await other.dispatch(foreign);
    await page.getByTestId('provenance-barcode').locator('input').fill(foreign);
    await page.getByTestId('provenance-barcode').locator('input').press('Enter');
    await page.getByTestId('provenance-error').waitFor();
    expect(await page.getByTestId('provenance-error').textContent()).toContain('UNKNOWN_BARCODE');
    await page.context().close();
  }, 180_000);
  it('the head nurse works an open problem report on /problems (asked before closing); the ward reads the outcome', async () => {
    const c = await ChainDriver.create(t);
    const head = await createUser(t, 'head_nurse');
    const barcode = await c.readyInStorage(await c.newSet({ nameZh: '清创包', nameEn: 'Debridement set' }));
    await c.dispatch(barcode);
    await c.receive(barcode);
    const report = await t
      .http()
      .post('/api/department/problems')
      .set(bearer(c.departmentUser.token))
      .send({ code: barcode, kind: 'damaged', note: '外层包布撕裂' });
    expect(report.status).toBe(200);

    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto('/board');
    await page.getByTestId('link-problems').click();
    const row = rows(page, 'problem-row').filter({ hasText: barcode });
    await row.waitFor();
    expect(await row.textContent()).toContain('外层包布撕裂');
    await row.getByTestId('problem-close').click();
    // Every part is required: the form says so and sends nothing.
    await page.getByTestId('problem-submit').click();
    await page.getByText('必填').first().waitFor();
    await page.getByTestId('problem-investigation').fill('同批次包布检查：3 块有磨损');
    await page.getByTestId('problem-cause').fill('包布反复使用后磨损');
    await page.getByTestId('problem-action').fill('该批包布报废，器械重新处理');
    await page.getByTestId('problem-submit').click();
    // Closing cannot be undone: asked once more, nothing written until confirmed.
    await page.getByTestId('problem-confirm-close').waitFor();
    expect(await t.ds.query(`SELECT 1 FROM problem_report_outcomes WHERE report_id = $1`, [report.body.reportId])).toEqual([]);
    await screenshot(page, 'problems-close-confirm');
    await page.getByTestId('problem-confirm-close').click();
    await page.getByTestId('desk-outcome').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('desk-outcome').getAttribute('data-outcome')).toBe('ok');
    expect(await countOf(rows(page, 'problem-row').filter({ hasText: barcode }), 0)).toBe(0);
    await page.context().close();

    const ward = await web.newPage();
    await signIn(ward, c.departmentUser.user.username, c.departmentUser.password);
    await ward.goto('/department');
    const mine = rows(ward, 'my-report').filter({ hasText: barcode });
    await mine.waitFor({ timeout: 15_000 });
    await mine.getByTestId('problem-outcome').waitFor({ timeout: 15_000 });
    const text = (await mine.textContent()) ?? '';
    for (const part of ['已关闭', '包布反复使用后磨损', '该批包布报废，器械重新处理', 'Test head_nurse'])
      expect({ part, found: text.includes(part) }).toEqual({ part, found: true });
    await screenshot(ward, 'department-problem-outcome');
    await ward.context().close();
  }, 240_000);

  it('packs collected with no use recorded: the board lists them (and a collection from another ward); the ward completes one with its patient and states the other not used', async () => {
    const c = await ChainDriver.create(t);
    const head = await createUser(t, 'head_nurse');
    const elsewhere = await createDepartment(t, { nameZh: '骨科病房', nameEn: 'Orthopaedic ward' });
    const assets = [
      await c.newSet({ nameZh: '清创包', nameEn: 'Debridement set' }),
      await c.newSet({ nameZh: '换药包', nameEn: 'Dressing set' }),
    ];
    const [usedOne, unusedOne] = await c.storedMany(assets);
    for (const b of [usedOne, unusedOne]) {
      await c.dispatch(b);
      await c.receive(b);
    }
    // Collected at the CSSD with no use recorded — the second one handed over by another ward.
    await c.recycle(assets[0]);
    expect(
      expectOk(await c.post('/api/recycling/scan', { code: assets[1], departmentId: elsewhere.id, ...c.handover() })).warnings[0].code,
    ).toBe('COLLECTED_FROM_OTHER_DEPARTMENT');

    // The head nurse's board: both waiting for the ward, the second one collected elsewhere.
    const board = await web.newPage();
    await signIn(board, head.user.username, head.password);
    await board.goto('/board');
    for (const b of [usedOne, unusedOne])
      await board.locator(`[data-testid="board-use-not-recorded-row"][data-barcode="${b}"]`).waitFor({ timeout: 15_000 });
    expect(await board.locator(`[data-testid="board-use-not-recorded-row"][data-barcode="${usedOne}"]`).textContent()).toContain(
      c.department.code,
    );
    const moved = board.locator(`[data-testid="board-collected-elsewhere-row"][data-barcode="${unusedOne}"]`);
    await moved.waitFor();
    expect(await moved.textContent()).toContain(`${elsewhere.code} 骨科病房`);
    expect(await moved.textContent()).toContain(c.department.code);
    await screenshot(board, 'board-use-not-recorded');

    // The ward completes them on its page.
    const page = await web.newPage();
    await signIn(page, c.departmentUser.user.username, c.departmentUser.password);
    await page.goto('/department');
    await page.getByTestId('use-not-recorded').waitFor({ timeout: 15_000 });
    expect(await countOf(rows(page, 'use-not-recorded-row'), 2)).toBe(2);
    await screenshot(page, 'department-use-not-recorded');
    await rows(page, 'use-not-recorded-row').filter({ hasText: usedOne }).getByTestId('complete-use').click();
    await page.getByTestId('patient-id').fill('ZY2026-0901');
    await page.getByTestId('use-submit').click();
    expect(await countOf(rows(page, 'use-not-recorded-row'), 1)).toBe(1);
    expect(await state(usedOne)).toMatchObject({ state: 'used', patient_id: 'ZY2026-0901' });
    expect(await page.getByTestId('result-message').textContent()).toContain('已补录使用');
    // "Not used" is asked once more: nothing is written before the confirmation.
    await rows(page, 'use-not-recorded-row').filter({ hasText: unusedOne }).getByTestId('complete-unused').click();
    await page.getByTestId('complete-unused-confirm').waitFor();
    expect((await state(unusedOne)).state).toBe('use_unrecorded');
    await page.getByTestId('complete-unused-confirm').click();
    expect(await countOf(rows(page, 'use-not-recorded-row'), 0)).toBe(0);
    expect((await state(unusedOne)).state).toBe('returned');
    const [done] = await t.ds.query(
      `SELECT e.actor_id, e.station FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'complete_unused'`,
      [unusedOne],
    );
    expect(done).toEqual({ actor_id: c.departmentUser.user.id, station: `WEB-${c.department.code}` });
    await page.context().close();

    // Off the board once completed (it refreshes by itself).
    expect(
      await countOf(
        board.locator(
          `[data-testid="board-use-not-recorded-row"][data-barcode="${usedOne}"], [data-testid="board-use-not-recorded-row"][data-barcode="${unusedOne}"]`,
        ),
        0,
      ),
    ).toBe(0);
    await board.context().close();
  }, 240_000);
});
