import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { uniq } from '../support/factories.js';
import { openBrowser, problemsInEachLanguage, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 16, loaner trays in a real Chromium: a nurse scans a lender's tray in and enters its count
 * sheet (an implant line and an instrument); the tray appears in the month's register, collected;
 * the theatre sees it on its own page; once cleaned after its use, the nurse hands it back to the
 * lender, counted line by line (a line short with its note). Each page reads in one language at a
 * time, with no serious accessibility problem.
 */
describe('loaner trays page: receive with the count sheet → the register → the department → the return', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let c: ChainDriver;
  const trayCode = uniq('LNT');
  const lender = `威高骨科 ${uniq('')}`;
  /** What people typed here: shown as typed in either language. */
  const TYPED = [
    '张伟',
    '刘主任',
    '胫骨平台骨折切开复位内固定术',
    '锁定钢板',
    'Locking plate',
    '3.5 mm × 6 孔',
    '复位钳',
    'Reduction forceps',
    '陈经理',
  ];
  const patient = uniq('ZY');

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    c = await ChainDriver.create(t);
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  const serviceMonth = () => localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
  /** Everything people typed that the pages show (other files' trays and departments too): data, not the pages' words. */
  async function data(): Promise<string[]> {
    const rows: { v: string }[] = await t.ds.query(
      `SELECT lender_name AS v FROM loaner_trays UNION SELECT delivered_by FROM loaner_trays UNION SELECT surgeon FROM loaner_trays
        UNION SELECT patient_id FROM loaner_trays UNION SELECT operation FROM loaner_trays UNION SELECT code FROM loaner_trays
        UNION SELECT lender_representative FROM loaner_returns UNION SELECT name_zh FROM departments UNION SELECT name_en FROM departments
        UNION SELECT code FROM departments UNION SELECT display_name FROM users
        UNION SELECT s.asset_code FROM loaner_trays lt JOIN instrument_sets s ON s.id = lt.set_id`,
    );
    return [...TYPED, lender, trayCode, patient, ...rows.map((r) => r.v)];
  }
  /** Picks an option; `search` types it first (a shared database's department list is longer than the list draws). */
  async function pick(page: Page, id: string, text: string, search = false) {
    await page.locator(id).click();
    if (search) await page.keyboard.type(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  }

  it('a nurse receives the tray and it appears; the theatre sees it; it goes back to its lender counted', async () => {
    const page = await web.newPage();
    await signIn(page, c.nurse.user.username, c.nurse.password);
    await page.goto('/');
    await page.getByTestId('tile-loaners').click();
    await page.getByTestId('loaner-form').waitFor();
    // The service's clock may be months ahead of the station's (a shared test database): the nurse picks the tray's month.
    await page.getByTestId('loaners-month').fill(serviceMonth());
    await page.getByTestId('loaner-tray').fill(trayCode);
    await page.getByTestId('loaner-lender').fill(lender);
    await page.getByTestId('loaner-delivered-by').fill(TYPED[0]);
    await pick(page, '#loaner_departmentId', c.department.code, true);
    await page.getByTestId('loaner-surgeon').fill(TYPED[1]);
    await page.getByTestId('loaner-patient').fill(patient);
    await page.getByTestId('loaner-operation').fill(TYPED[2]);
    const tomorrow = addLocalDays(localDate(t.clock.instant(), t.config.timezone), 1);
    await page.getByTestId('loaner-planned').fill(`${tomorrow}T08:30`);
    await pick(page, '#loaner_sterilizationMethod', '脉动真空压力蒸汽');
    await pick(page, '#loaner_packagingMaterial', '硬质容器');
    await page.locator('#loaner_lines_0_nameZh').fill(TYPED[3]);
    await page.locator('#loaner_lines_0_nameEn').fill(TYPED[4]);
    await page.locator('#loaner_lines_0_specification').fill(TYPED[5]);
    await page.locator('#loaner_lines_0_quantity').fill('2');
    await page.locator('#loaner_lines_0_implant').check();
    await page.getByTestId('loaner-add-line').click();
    await page.locator('#loaner_lines_1_nameZh').fill(TYPED[6]);
    await page.locator('#loaner_lines_1_nameEn').fill(TYPED[7]);
    await page.locator('#loaner_lines_1_quantity').fill('1');
    await page.getByTestId('loaner-submit').click();
    await page.locator('[data-testid="loaners-outcome"][data-outcome="ok"]').waitFor();
    const row = page.getByTestId('loaner-row').filter({ hasText: trayCode });
    await row.filter({ hasText: '已回收' }).filter({ hasText: '植入物' }).waitFor();
    const [tray] = await t.ds.query(
      `SELECT t.id, t.code, t.lines, tp.implant, tp.critical FROM loaner_trays t JOIN set_templates tp ON tp.id = t.template_id JOIN instrument_sets s ON s.id = t.set_id WHERE s.asset_code = $1`,
      [trayCode],
    );
    expect(tray).toMatchObject({
      implant: true,
      critical: true,
      lines: [
        { nameZh: TYPED[3], nameEn: TYPED[4], specification: TYPED[5], quantity: 2, implant: true },
        { nameZh: TYPED[6], nameEn: TYPED[7], specification: '', quantity: 1, implant: false },
      ],
    });
    const problems = await problemsInEachLanguage(page, 'loaners-received', await data());

    // Through the chain as any set (the stations, unchanged): cleaned, packed, sterilized with its BI, to the theatre, used, back, cleaned.
    await c.wash([trayCode]);
    const barcode = await c.pack(trayCode);
    const load = await c.startLoad([barcode], { bis: [{}] });
    await c.unload(load.id);
    await c.readBi(load.bis[0].id, 'passed');
    await c.store(barcode);
    await c.dispatch(barcode);
    await c.receive(barcode);
    await c.use(barcode);

    // The theatre sees its tray, where it is.
    const dept = await web.newPage();
    await signIn(dept, c.departmentUser.user.username, c.departmentUser.password);
    await dept.goto(`/department?month=${serviceMonth()}`);
    await dept.getByTestId('department-loaner').filter({ hasText: tray.code }).filter({ hasText: '已使用' }).waitFor();
    problems.push(...(await problemsInEachLanguage(dept, 'loaners-department', await data())));
    await dept.context().close();

    await c.recycle(trayCode);
    await c.wash([trayCode]);

    // The nurse hands it back: each line counted (one plate implanted), the representative signs.
    await page.reload();
    await page.getByTestId('loaners-month').fill(serviceMonth());
    await row.getByTestId('loaner-return').click();
    await page.locator('#loaner-return-dialog_lines_0_returned').fill('1');
    await page.locator('#loaner-return-dialog_lines_0_note').fill(`植入患者 ${patient}`);
    await page.locator('#loaner-return-dialog_lines_1_returned').fill('1');
    await page.getByTestId('return-representative').fill(TYPED[8]);
    await page.getByTestId('loaner-return-dialog-submit').click();
    await page.getByTestId('loaner-return-dialog-confirm').click();
    await page.locator('[data-testid="loaners-outcome"][data-outcome="ok"]').waitFor();
    await row.filter({ hasText: '已归还厂家' }).filter({ hasText: '归还数量有差异' }).waitFor();
    problems.push(...(await problemsInEachLanguage(page, 'loaners-returned', [...(await data()), `植入患者 ${patient}`])));
    await page.context().close();

    const [back] = await t.ds.query(
      `SELECT lines, count_matches AS "countMatches", lender_representative AS rep, returned_by AS "by" FROM loaner_returns WHERE tray_id = $1`,
      [tray.id],
    );
    expect(back).toMatchObject({ countMatches: false, rep: TYPED[8], by: c.nurse.user.id });
    expect(back.lines[0]).toMatchObject({ delivered: 2, returned: 1, note: `植入患者 ${patient}` });
    expect(problems).toEqual([]);
  }, 300_000);
});
