import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { templateWithSets } from '../support/requisitions.js';
import {
  accessibilityProblems,
  openBrowser,
  otherLanguageText,
  problemsInEachLanguage,
  scan,
  screenshot,
  signIn,
  type BrowserHarness,
  type Language,
} from './browser.js';

/**
 * Issue 16 in a real Chromium: a ward asks for packs on its page; the dispatch station works
 * through the requisition by scanning its barcode and then the packs (each counts, the
 * requisition fills up), and closes the delivery round; the ward counts the manifest, one pack
 * short, notes why and signs — the difference is kept, the packs whose count matches are
 * received. Both pages read in one language at a time, with no serious accessibility problem.
 */
describe('requisitions and manifests in the browser', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let c: ChainDriver;
  let dressing: Awaited<ReturnType<typeof templateWithSets>>;
  let suture: Awaited<ReturnType<typeof templateWithSets>>;
  let packs: string[];
  /** What people typed: shown as typed in either language. */
  const TYPED = ['明日换药 20 人次', '少 1 包，送货人员称下一趟补送'];

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    c = await ChainDriver.create(t);
    await t.ds.query(`UPDATE departments SET name_zh = '骨科病房', name_en = 'Orthopaedic ward' WHERE id = $1`, [c.department.id]);
    dressing = await templateWithSets(c, 2, { nameZh: '换药包', nameEn: 'Dressing set' });
    suture = await templateWithSets(c, 1, { nameZh: '缝合包', nameEn: 'Suture set' });
    packs = await c.storedMany([...dressing.sets, ...suture.sets]);
  }, 180_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Values the pages show as stored (codes, barcodes, people's names, what was typed): data in either language. */
  async function data(): Promise<string[]> {
    const rows: { v: string }[] = await t.ds.query(
      `SELECT code AS v FROM departments UNION SELECT code FROM set_templates UNION SELECT asset_code FROM instrument_sets
        UNION SELECT display_name FROM users UNION SELECT barcode FROM packs WHERE barcode IS NOT NULL
        UNION SELECT 'RQ' || lpad(no::text, 8, '0') FROM requisitions UNION SELECT 'SD' || lpad(no::text, 8, '0') FROM rounds
        UNION SELECT 'HS' || lpad(no::text, 8, '0') FROM rounds UNION SELECT note FROM requisitions WHERE note IS NOT NULL
        UNION SELECT reason FROM requisition_closures WHERE reason IS NOT NULL UNION SELECT note FROM round_signature_lines WHERE note IS NOT NULL
        UNION SELECT note FROM base_quantities WHERE note IS NOT NULL UNION SELECT handed_over_by FROM round_items WHERE handed_over_by IS NOT NULL`,
    );
    return [...rows.map((r) => r.v), ...TYPED];
  }
  async function pick(page: Page, id: string, text: string) {
    await page.locator(`#${id}`).click();
    await page.locator(`#${id}`).fill(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }
  async function scanAndWait(page: Page, code: string): Promise<string> {
    const before = await page.locator('[data-testid="recent"] .ant-list-item').count();
    await scan(page, code);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, before, {
      timeout: 15_000,
    });
    return (await page.getByTestId('result').getAttribute('data-outcome')) ?? '';
  }

  it('the ward requests, the dispatch station fulfils it by scanning, the ward confirms the manifest with a difference', async () => {
    const [d1, d2, s1] = packs;
    // The ward asks for 2 dressing sets and 1 suture set, urgently.
    const ward = await web.newPage();
    await signIn(ward, c.departmentUser.user.username, c.departmentUser.password);
    await ward.goto('/department');
    await ward.getByTestId('open-requisitions').click();
    await ward.getByTestId('new-requisition').waitFor();
    await pick(ward, 'requisition_lines_0_templateId', dressing.code);
    await ward.locator('#requisition_lines_0_quantity').fill('2');
    await ward.getByTestId('requisition-add-line').click();
    await pick(ward, 'requisition_lines_1_templateId', suture.code);
    await ward.getByTestId('requisition-urgent').click();
    await ward.getByTestId('requisition-note').fill(TYPED[0]);
    await ward.getByTestId('requisition-submit').click();
    const submitted = ward.locator('[data-testid="requisitions-outcome"][data-outcome="ok"]');
    await submitted.waitFor();
    const code = /RQ\d{8}/.exec((await submitted.textContent()) ?? '')![0];
    const mine = ward.locator(`[data-testid="my-requisition"][data-code="${code}"]`);
    await mine.locator('[data-status="open"]').first().waitFor();
    // Afresh: the banner of the last action holds its message in the language it was done in.
    await ward.reload();
    await mine.waitFor();
    const wardRequestProblems = await problemsInEachLanguage(ward, 'requisitions-ward-request', await data());

    // The dispatch station: the requisition's barcode sets the ward and the requisition, then the packs.
    const station = await web.newPage();
    await signIn(station, c.nurse.user.username, c.nurse.password);
    await station.goto('/station/dispatch');
    await station.getByTestId('scan').waitFor();
    expect(await scanAndWait(station, code)).toBe('ok');
    expect(await station.getByTestId('context-department').textContent()).toContain(c.department.code);
    const picked = station.locator(`[data-testid="requisition-option"][data-code="${code}"]`);
    await station.locator(`[data-testid="requisition-option"][data-code="${code}"][data-picked="true"]`).waitFor();
    expect(await scanAndWait(station, d1)).toBe('ok');
    await picked.locator('[data-status="partial"]').waitFor();
    expect(await scanAndWait(station, d2)).toBe('ok');
    expect(await scanAndWait(station, s1)).toBe('ok');
    await picked.locator('[data-status="fulfilled"]').waitFor();
    // The delivery round holds the three packs; closing it is confirmed first, then the manifest can be printed.
    const panel = station.getByTestId('round-panel-delivery');
    await panel.getByTestId('current-round-items').filter({ hasText: '3' }).waitFor();
    const round = (await panel.getByTestId('current-round').getAttribute('data-code'))!;
    await panel.getByTestId('close-round').click();
    await station.getByTestId('close-round-next').click();
    await station.getByTestId('close-round-confirm').click();
    await panel.getByTestId('closed-round').filter({ hasText: round }).waitFor();
    await panel.getByRole('link').click();
    await station.locator('[data-testid="manifest-page"][data-status="closed"]').waitFor();
    await station.locator('[data-testid="manifest-line"]').nth(1).waitFor();
    const manifestProblems = await problemsInEachLanguage(station, 'requisitions-manifest', await data());

    // The ward counts: one dressing set short, noted; the suture set matches; then signs.
    await ward.reload();
    const toSign = ward.locator(`[data-testid="to-sign-row"][data-code="${round}"]`);
    await toSign.getByTestId('count-and-sign').click();
    await ward.getByLabel(`清点数量 ${dressing.code}`).fill('1');
    await ward.getByLabel(`清点数量 ${suture.code}`).fill('1');
    // A difference without a note cannot be signed.
    await expect(ward.getByTestId('sign-next').isDisabled()).resolves.toBe(true);
    await ward.getByLabel(`差异说明 ${dressing.code}`).fill(TYPED[1]);
    await ward.getByTestId('sign-next').click();
    await ward.getByTestId('sign-warning').filter({ hasText: '1 项有差异' }).waitFor();
    await ward.getByTestId('sign-confirm').click();
    await ward.locator('[data-testid="requisitions-outcome"][data-outcome="ok"]').filter({ hasText: round }).waitFor();
    const signedRow = ward.locator(`[data-testid="signed-round"][data-code="${round}"]`);
    await signedRow.locator('[data-status="signed_with_difference"]').waitFor();
    await mine.locator('[data-status="fulfilled"]').first().waitFor();
    // The signed manifest, opened from the ward's handovers, in each language (its dialog covers the language switch: closed between).
    await ward.reload();
    const wardSignProblems: string[] = [];
    const values = await data();
    for (const lang of ['en', 'zh-CN'] as Language[]) {
      if ((await ward.evaluate(() => document.documentElement.lang)) !== lang) await ward.getByTestId('language').click();
      await ward.waitForFunction((l) => document.documentElement.lang === l, lang);
      await signedRow.getByRole('button', { name: round }).click();
      await ward
        .locator(`[data-testid="round-view"] [data-testid="manifest-line"][data-template="${dressing.code}"][data-difference="-1"]`)
        .waitFor();
      for (const p of await accessibilityProblems(ward)) wardSignProblems.push(`ward-signed ${lang}: axe ${p}`);
      for (const x of await otherLanguageText(ward, lang, values)) wardSignProblems.push(`ward-signed ${lang}: "${x}"`);
      await screenshot(ward, `requisitions-ward-signed-${lang}`);
      await ward.keyboard.press('Escape');
      await ward.getByTestId('round-view').waitFor({ state: 'detached' });
    }

    // Kept as signed: the difference with its note; the suture set received by the signature, the dressing sets still to receive.
    const lines: { code: string; expected: number; counted: number; difference: number; note: string | null }[] = await t.ds.query(
      `SELECT t.code, l.expected, l.counted, l.difference, l.note FROM round_signature_lines l
         JOIN round_signatures s ON s.id = l.signature_id JOIN rounds r ON r.id = s.round_id JOIN set_templates t ON t.id = l.template_id
        WHERE 'SD' || lpad(r.no::text, 8, '0') = $1 ORDER BY t.code`,
      [round],
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        { code: dressing.code, expected: 2, counted: 1, difference: -1, note: TYPED[1] },
        { code: suture.code, expected: 1, counted: 1, difference: 0, note: null },
      ]),
    );
    const states = await t.ds.query(`SELECT barcode, state FROM packs WHERE barcode = ANY($1) ORDER BY barcode`, [[d1, d2, s1]]);
    expect(Object.fromEntries(states.map((p: { barcode: string; state: string }) => [p.barcode, p.state]))).toEqual({
      [d1]: 'dispatched',
      [d2]: 'dispatched',
      [s1]: 'received',
    });
    // (The station's page is read in both languages by the every-page test, its scans made in each.)
    expect([...wardRequestProblems, ...manifestProblems, ...wardSignProblems]).toEqual([]);
  }, 300_000);
});
