import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createUser, uniq, type TestUser } from '../support/factories.js';
import {
  accessibilityProblems,
  openBrowser,
  otherLanguageText,
  screenshot,
  signIn,
  type BrowserHarness,
  type Language,
} from './browser.js';

/**
 * Issue 17, the equipment page in a real Chromium: a nurse reports a fault that takes a sealer out
 * of use and sees it out of use; the head nurse returns it to service with a record and sees it in
 * service again. The page reads in one language at a time, with no serious accessibility problem.
 */
describe('equipment: a fault takes a machine out of use, the head nurse returns it to service', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let head: TestUser;
  let nurse: TestUser;
  const code = uniq('SEAL');
  const TYPED = ['封口温度达不到设定值', '更换加热元件后试封合格'];
  let data: string[];

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    head = await createUser(t, 'head_nurse');
    nurse = await createUser(t, 'nurse');
    const res = await t
      .http()
      .post('/api/equipment')
      .set(bearer(head.token))
      .send({
        code,
        kind: 'sealer',
        nameZh: '医用封口机',
        nameEn: 'Heat sealer',
        responsibleUserId: nurse.user.id,
        lastServiceOn: addLocalDays(localDate(t.clock.instant(), t.config.timezone), -20),
      });
    expect(res.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  async function readsWell(page: Page, name: string): Promise<string[]> {
    const problems: string[] = [];
    await page.reload();
    await page.getByTestId('equipment-row').first().waitFor();
    // What people typed (fault descriptions, notes; other test files' too, as the page lists every machine) is
    // shown as typed, in whatever language: data, not the page's own words.
    const rows: { v: string }[] = await t.ds.query(
      `SELECT code AS v FROM equipment UNION SELECT display_name FROM users UNION SELECT description FROM equipment_faults
        UNION SELECT note FROM equipment_maintenance UNION SELECT documents FROM equipment WHERE documents IS NOT NULL`,
    );
    data = rows.map((r) => r.v);
    for (const lang of ['en', 'zh-CN'] as Language[]) {
      if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.getByTestId('language').click();
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      for (const p of await accessibilityProblems(page)) problems.push(`${name} ${lang}: axe ${p}`);
      for (const s of await otherLanguageText(page, lang, [...data, ...TYPED])) problems.push(`${name} ${lang}: "${s}"`);
      await screenshot(page, `equipment-${name}-${lang}`);
    }
    return problems;
  }

  it('out of use after the fault, in service after the return to service', async () => {
    const page = await web.newPage();
    await signIn(page, nurse.user.username, nurse.password);
    await page.goto('/equipment');
    const row = page.locator(`[data-testid="equipment-row"][data-code="${code}"]`);
    await row.filter({ hasText: '在用' }).waitFor();
    // A nurse may report a fault but not return the machine to service.
    await row.getByTestId('equipment-fault').click();
    await page.getByTestId('equipment-fault-description').fill(TYPED[0]);
    await page.getByTestId('equipment-fault-submit').click();
    await page.locator('[data-testid="equipment-outcome"][data-outcome="ok"]').waitFor();
    await page
      .locator(`[data-testid="equipment-row"][data-code="${code}"][data-status="out_of_use"]`)
      .filter({ hasText: '故障停用' })
      .waitFor();
    expect(await row.getByTestId('equipment-return').count()).toBe(0);
    const nurseProblems = await readsWell(page, 'nurse');
    await page.context().close();

    const headPage = await web.newPage();
    await signIn(headPage, head.user.username, head.password);
    await headPage.goto('/equipment');
    const headRow = headPage.locator(`[data-testid="equipment-row"][data-code="${code}"]`);
    await headRow.getByTestId('equipment-return').click();
    await headPage.getByTestId('equipment-return-note').fill(TYPED[1]);
    await headPage.getByTestId('equipment-return-submit').click();
    await headPage.locator('[data-testid="equipment-outcome"][data-outcome="ok"]').filter({ hasText: code }).waitFor();
    await headPage.locator(`[data-testid="equipment-row"][data-code="${code}"][data-status="in_service"]`).waitFor();
    const headProblems = await readsWell(headPage, 'head');

    const records: { kind: string; note: string }[] = await t.ds.query(
      `SELECT m.kind, m.note FROM equipment_maintenance m JOIN equipment e ON e.id = m.equipment_id WHERE e.code = $1`,
      [code],
    );
    expect(records).toEqual([{ kind: 'return_to_service', note: TYPED[1] }]);
    expect([...nurseProblems, ...headProblems]).toEqual([]);
  }, 180_000);
});
