import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { createTestApp, testNow, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createSterilizer, createTemplate, createUser, createWasher, uniq } from '../support/factories.js';
import { openBrowser, screenshot, signIn, type BrowserHarness } from './browser.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Issue 12: the head nurse's catalog, user and workload pages in a real Chromium — what she
 * types is what the database holds, the service's refusals are shown in her language, pick
 * lists and tables show codes and names (never an id), and a nurse cannot open them.
 */
describe('the head nurse’s catalog, users and workload report in the browser', () => {
  let t: TestApp;
  let web: BrowserHarness;
  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    // Lists longer than a page, as a hospital's are (and as the shared test database is when the whole suite runs).
    for (let i = 0; i < 60; i++) {
      await createDepartment(t);
      await createTemplate(t);
      await createSterilizer(t);
      await createUser(t, 'nurse');
    }
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  const row = (page: Page, key: string) => page.locator(`tr[data-row-key="${key}"]`).first();
  /** Picks the option showing `text` in an antd Select, by typing into its search as a person would. */
  async function pick(page: Page, id: string, text: string) {
    await page.locator(`#${id}`).click();
    await page.locator(`#${id}`).fill(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }
  /** Finds a row as the head nurse does in a long list: types its code in the search. */
  async function find(page: Page, code: string) {
    await page.getByTestId('search').fill(code);
    await row(page, code).waitFor();
    await dialogsGone(page);
    return row(page, code);
  }
  /** A closed dialog has finished leaving: screenshots show the page, not a fading form. */
  // A function, not a string: the pages' CSP forbids eval, which a string predicate needs.
  const dialogsGone = (page: Page) =>
    page.waitForFunction(() => [...document.querySelectorAll('.ant-modal-wrap')].every((w) => getComputedStyle(w).display === 'none'));
  async function noUuidShown(page: Page) {
    expect((await page.locator('.ant-layout-content').textContent()) ?? '').not.toMatch(UUID);
  }

  it('creates a template with two contents lines and a set of it, edits a program’s limits, is refused a commissioning sterilizer’s return to service, deactivates after confirming', async () => {
    const head = await createUser(t, 'head_nurse');
    const dept = await createDepartment(t, { nameZh: '手术室', nameEn: 'Operating room' });
    const { sterilizer, program } = await createSterilizer(t);
    const qualifying = (await createSterilizer(t, { status: 'commissioning', commissioningSince: testNow() })).sterilizer;
    await createWasher(t);
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto('/');
    await page.getByTestId('tile-catalog').waitFor();

    // A template with two contents lines.
    const tplCode = uniq('LAP');
    await page.goto('/catalog/templates');
    await page.getByTestId('new').click();
    await page.getByTestId('f-code').fill(tplCode);
    await page.getByTestId('f-nameZh').fill('剖腹探查包');
    await page.getByTestId('f-nameEn').fill('Laparotomy set');
    await page.getByTestId('line-0-nameZh').fill('组织剪');
    await page.getByTestId('line-0-nameEn').fill('Tissue scissors');
    await page.getByTestId('line-0-spec').fill('16cm');
    await page.getByTestId('line-0-qty').fill('2');
    await page.getByTestId('add-line').click();
    await page.getByTestId('line-1-nameZh').fill('持针器');
    await page.getByTestId('line-1-nameEn').fill('Needle holder');
    await page.getByTestId('line-1-spec').fill('18cm');
    await page.getByTestId('line-1-qty').fill('3');
    await page.getByTestId('f-critical').check();
    await page.getByTestId('form-submit').click();
    await find(page, tplCode);
    expect(await row(page, tplCode).textContent()).toContain('2 种 / 5 件');
    const [tpl] = await t.ds.query(`SELECT id, contents, critical, active FROM set_templates WHERE code = $1`, [tplCode]);
    expect(tpl.contents).toEqual([
      { nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 2 },
      { nameZh: '持针器', nameEn: 'Needle holder', specification: '18cm', quantity: 3 },
    ]);
    expect(tpl.critical).toBe(true);
    await noUuidShown(page);
    await screenshot(page, 'catalog-templates');

    // A set of it: the pick lists offer codes and names.
    const asset = uniq('SET-');
    await page.goto('/catalog/sets');
    await page.getByTestId('new').click();
    await page.getByTestId('f-assetCode').fill(asset);
    await pick(page, 'set_templateId', tplCode);
    await pick(page, 'set_homeDepartmentId', dept.code);
    await page.getByTestId('form-submit').click();
    await find(page, asset);
    expect(await row(page, asset).textContent()).toContain(`${tplCode} 剖腹探查包`);
    expect(await row(page, asset).textContent()).toContain(`${dept.code} 手术室`);
    const [set] = await t.ds.query(`SELECT template_id, home_department_id FROM instrument_sets WHERE asset_code = $1`, [asset]);
    expect(set).toEqual({ template_id: tpl.id, home_department_id: dept.id });
    await noUuidShown(page);
    await screenshot(page, 'catalog-sets');

    // A sterilizer program's limits.
    await page.goto('/catalog/sterilizers');
    await find(page, sterilizer.code);
    const programs = page.getByTestId(`programs-${sterilizer.code}`);
    await programs.getByTestId('edit-program').click();
    await page.getByTestId('f-tempMaxC').fill('138');
    await page.getByTestId('f-minHoldMin').fill('5');
    await page.getByTestId('form-submit').click();
    await programs.getByText('最高温度 (°C): 138').waitFor();
    const [limits] = await t.ds.query(`SELECT temp_min_c, temp_max_c, min_hold_min FROM sterilizer_programs WHERE id = $1`, [program.id]);
    expect(limits).toEqual({ temp_min_c: '134.0', temp_max_c: '138.0', min_hold_min: '5.00' });

    // A sterilizer still qualifying cannot be put in service by an edit (§4.2): the service's reason is shown, nothing changes.
    await (await find(page, qualifying.code)).getByTestId('edit').click();
    await page.locator('#machine_status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '使用中' }).click();
    await page.getByTestId('form-submit').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.getByTestId('form-error').textContent()).toContain('STERILIZER_QUALIFICATION_REQUIRED');
    const [still] = await t.ds.query(`SELECT status FROM sterilizers WHERE id = $1`, [qualifying.id]);
    expect(still.status).toBe('commissioning');
    await screenshot(page, 'catalog-sterilizer-refused');
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await dialogsGone(page);
    await noUuidShown(page);
    await screenshot(page, 'catalog-sterilizers');

    await page.goto('/catalog/washers');
    await page.locator('tr[data-row-key]').first().waitFor();
    await screenshot(page, 'catalog-washers');

    // Deactivating asks first; confirmed, the department leaves the list.
    await page.goto('/catalog/departments');
    await (await find(page, dept.code)).getByTestId('deactivate').click();
    expect(await page.locator('.ant-popconfirm:visible').textContent()).toContain(dept.code);
    await screenshot(page, 'catalog-departments-confirm');
    await page.getByTestId('confirm-deactivate').click();
    await row(page, dept.code).waitFor({ state: 'detached' });
    const [d] = await t.ds.query(`SELECT active FROM departments WHERE id = $1`, [dept.id]);
    expect(d.active).toBe(false);
    await page.context().close();
  }, 120_000);

  it('creates a nurse with badge + PIN and a certification; opens the workload report and downloads it as CSV', async () => {
    const head = await createUser(t, 'head_nurse');
    const c = await ChainDriver.create(t);
    await c.packedMany([await c.newSet()]); // this month's work for the report
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);

    const username = uniq('wang').toLowerCase();
    const badge = uniq('B');
    await page.goto('/users');
    await page.getByTestId('new').click();
    await page.getByTestId('f-username').fill(username);
    await page.getByTestId('f-displayName').fill('王丽');
    await page.getByTestId('f-password').fill('harbor-lantern-2026');
    await page.getByTestId('f-badge').fill(badge);
    await page.getByTestId('f-pin').fill('4826');
    await page.getByTestId('form-submit').click();
    await find(page, username);
    expect(await row(page, username).textContent()).toContain('护士');
    expect(await row(page, username).textContent()).toContain('已设 PIN');
    const [user] = await t.ds.query(`SELECT id, role, badge_code, active FROM users WHERE username = $1`, [username]);
    expect(user).toMatchObject({ role: 'nurse', badge_code: badge, active: true });
    // The badge and PIN she was given work as a second person's check at a station.
    const verify = await t
      .http()
      .post('/api/auth/second-person/verify')
      .set(bearer(c.nurse.token))
      .send({ secondPerson: { badgeCode: badge, pin: '4826' } });
    expect([verify.status, verify.body.username]).toEqual([200, username]);

    await row(page, username).getByTestId('add-cert').click();
    await page.getByTestId('f-certNumber').fill('SH-2027-001');
    await page.getByTestId('f-validUntil').fill('2028-06-30');
    await page.getByTestId('form-submit').click();
    await row(page, username).getByText('灭菌员上岗证 SH-2027-001 → 2028-06-30').waitFor();
    await dialogsGone(page);
    await noUuidShown(page);
    await screenshot(page, 'users');

    // The month of the service's clock, in the hospital's time zone.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
      .format(testNow())
      .slice(0, 7);
    await page.goto('/reports/workload');
    await page.getByTestId('month').fill(month);
    await row(page, c.nurse.user.username).waitFor();
    const line = (await row(page, c.nurse.user.username).textContent()) ?? '';
    expect(line).toContain('护士');
    await screenshot(page, 'report-workload');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toBe(`workload-${month}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    const [first, ...rest] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(first).toBe(
      '工号 Username,姓名 Name,角色 Role,回收 Collection,清洗消毒 Cleaning and disinfection,检查包装 Inspection and packing,灭菌 Sterilization,无菌物品存放 Sterile storage,发放 Dispatch,合计 Total,双人核对 Co-signed',
    );
    expect(rest.some((l) => l.startsWith(`${c.nurse.user.username},`))).toBe(true);
    await page.context().close();
  }, 120_000);

  it('a nurse cannot open the catalog, user or report pages, and is offered none of them', async () => {
    const nurse = await createUser(t, 'nurse');
    const page = await web.newPage();
    await signIn(page, nurse.user.username, nurse.password);
    for (const path of ['/catalog', '/catalog/sterilizers', '/users', '/reports/workload']) {
      await page.goto(path);
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByTestId('forbidden').textContent()).toContain('您的角色无权访问此页面');
      expect(await page.getByTestId('new').count()).toBe(0);
    }
    await screenshot(page, 'catalog-forbidden');
    await page.goto('/');
    await page.getByTestId('tile-provenance').waitFor();
    expect(await page.getByTestId('tile-catalog').count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
