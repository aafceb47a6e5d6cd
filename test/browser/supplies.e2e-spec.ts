import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createDepartment, createUser, uniq, type TestUser } from '../support/factories.js';
import { openBrowser, problemsInEachLanguage, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 16, disposable sterile supplies, in a real Chromium: a nurse receives a batch with its
 * checks and issues some to a ward; the ward reports an adverse event on it from its own page; the
 * batch is blocked on the CSSD's stock at once and an issue of it is refused with the service's
 * reason. Both pages read in one language at a time, with no serious accessibility problem.
 */
describe('supplies: receipt, issue, an adverse event blocks the batch', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let nurse: TestUser;
  let ward: TestUser;
  let wardCode: string;
  const lot = uniq('LOT');
  const productCode = uniq('SY');
  /** What people typed: shown as typed in either language. */
  const TYPED = ['拆开包装发现针筒内有异物', '未用于患者，已封存'];
  let data: string[];

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    const head = await createUser(t, 'head_nurse');
    nurse = await createUser(t, 'nurse');
    const dept = await createDepartment(t, { nameZh: '普外科病房', nameEn: 'General surgery ward' });
    wardCode = dept.code;
    ward = await createUser(t, 'department', { departmentId: dept.id });
    const valid = addLocalDays(localDate(t.clock.instant(), t.config.timezone), 400);
    const post = async (path: string, body: object) => {
      const res = await t.http().post(path).set(bearer(head.token)).send(body);
      expect(res.status).toBe(201);
      return res.body as { id: string };
    };
    const supplier = await post('/api/supplies/suppliers', {
      code: uniq('SUP'),
      nameZh: '华康医疗器械有限公司',
      nameEn: 'Huakang Medical Devices',
    });
    await post('/api/supplies/licences', { kind: 'distribution_licence', supplierId: supplier.id, number: uniq('JY'), validUntil: valid });
    const product = await post('/api/supplies/products', {
      code: productCode,
      nameZh: '一次性使用无菌注射器',
      nameEn: 'Sterile single-use syringe',
      specification: '5 mL',
      manufacturer: '洪达医疗',
      supplierId: supplier.id,
      imported: false,
    });
    for (const kind of ['manufacturing_licence', 'registration_certificate'])
      await post('/api/supplies/licences', { kind, productId: product.id, number: uniq('ZC'), validUntil: valid });
    const rows: { v: string }[] = await t.ds.query(
      `SELECT code AS v FROM supply_products UNION SELECT code FROM supply_suppliers UNION SELECT number FROM supply_licences
        UNION SELECT lot_number FROM supply_batches UNION SELECT manufacturer FROM supply_products UNION SELECT code FROM departments
        UNION SELECT display_name FROM users UNION SELECT specification FROM supply_products`,
    );
    data = [...rows.map((r) => r.v), lot, '5 mL'];
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  async function pick(page: Page, id: string, text: string) {
    await page.locator(`#${id}`).click();
    await page.locator(`#${id}`).fill(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }
  /** Serious accessibility problems and strings of the other language, in both languages. */
  async function readsWell(page: Page, name: string, ready: string): Promise<string[]> {
    // Afresh: the banner of the last action holds its message in the language it was done in.
    await page.reload();
    await page.getByTestId(ready).first().waitFor();
    return problemsInEachLanguage(page, `supplies-${name}`, [...data, ...TYPED]);
  }

  it('a batch received and issued is blocked at once by a ward’s adverse event', async () => {
    const cssd = await web.newPage();
    await signIn(cssd, nurse.user.username, nurse.password);
    await cssd.goto('/supplies');
    await cssd.getByRole('tab', { name: '验收入库' }).click();
    await pick(cssd, 'receipt_productId', productCode);
    await cssd.locator('#receipt_lotNumber').fill(lot);
    await cssd.locator('#receipt_expiryDate').fill(addLocalDays(localDate(t.clock.instant(), t.config.timezone), 200));
    await cssd.locator('#receipt_quantity').fill('100');
    // The manufacturer's report is missing: refused, with the service's reason.
    for (const check of ['packagingIntact', 'certificateOfConformity', 'sterilizationMark'])
      await cssd.getByTestId(`receipt-check-${check}`).click();
    await cssd.getByTestId('receipt-submit').click();
    await cssd.locator('[data-testid="supplies-outcome"][data-outcome="error"]').filter({ hasText: '检验报告' }).waitFor();
    await cssd.getByTestId('receipt-check-qualityReport').click();
    await cssd.getByTestId('receipt-submit').click();
    await cssd.locator('[data-testid="supplies-outcome"][data-outcome="ok"]').filter({ hasText: lot }).waitFor();

    await cssd.getByRole('tab', { name: '库存' }).click();
    const row = cssd.locator(`[data-testid="supply-batch"][data-lot="${lot}"]`);
    await row.getByTestId('supply-issue').click();
    await pick(cssd, 'issue_departmentId', wardCode);
    await cssd.locator('#issue_quantity').fill('20');
    await cssd.getByTestId('supply-issue-submit').click();
    await cssd.locator('[data-testid="supplies-outcome"][data-outcome="ok"]').filter({ hasText: '已发放 20 件' }).waitFor();
    await row.filter({ hasText: '80' }).waitFor();
    const cssdProblems = await readsWell(cssd, 'cssd', 'supply-batch');

    const wardPage = await web.newPage();
    await signIn(wardPage, ward.user.username, ward.password);
    await wardPage.goto('/department/supplies');
    const received = wardPage.locator(`[data-testid="supply-received-row"][data-lot="${lot}"]`);
    await received.filter({ hasText: '可用' }).waitFor();
    await received.getByTestId('supply-report').click();
    await wardPage.getByTestId('adverse-description').fill(TYPED[0]);
    await wardPage.getByTestId('adverse-outcome').fill(TYPED[1]);
    await wardPage.getByTestId('adverse-submit').click();
    await wardPage.locator('[data-testid="supplies-outcome"][data-outcome="ok"]').filter({ hasText: '已停止发放' }).waitFor();
    await received.filter({ hasText: '暂停使用' }).waitFor();
    await wardPage.getByTestId('supply-notice').filter({ hasText: lot }).waitFor();
    await wardPage.getByTestId('adverse-event').filter({ hasText: TYPED[0] }).waitFor();
    const wardProblems = await readsWell(wardPage, 'department', 'supply-notice');

    // The CSSD's stock shows it blocked; issuing it is refused.
    await cssd.reload();
    await row.getByTestId('supply-blocked').waitFor();
    await row.getByTestId('supply-issue').click();
    await pick(cssd, 'issue_departmentId', wardCode);
    await cssd.getByTestId('supply-issue-submit').click();
    await cssd.locator('[data-testid="supplies-outcome"][data-outcome="error"]').filter({ hasText: '停止发放' }).waitFor();
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM supply_movements m JOIN supply_batches b ON b.id = m.batch_id WHERE b.lot_number = $1 AND m.kind = 'issue'`,
      [lot],
    );
    expect(n).toBe(1);
    expect([...cssdProblems, ...wardProblems]).toEqual([]);
  }, 180_000);
});
