import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { preparation } from '../support/disinfectants.js';
import { expectOk } from '../support/expect.js';
import { bearer, createUser, uniq, type TestUser } from '../support/factories.js';
import { pdfText } from '../support/pdf.js';
import { dataRows, readWorkbook } from '../support/xlsx.js';
import { openBrowser, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 17, printable and exportable lists, in a real Chromium: the head nurse downloads the
 * equipment register and the disinfectant preparation log of a month from their pages, and the
 * files open (the workbook's sheets, the PDF's text) with what the test recorded. The month is
 * named in the address: the service's clock here runs months ahead of the station's.
 */
describe('register exports from the equipment and disinfectants pages', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let head: TestUser;
  let month: string;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone, 10);
    head = await createUser(t, 'head_nurse');
    month = localDate(t.clock.instant(), t.config.timezone).slice(0, 7);
    web = await openBrowser(t);
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Clicks a download button; the response's status and the file as saved. */
  async function downloaded(page: Page, format: 'xlsx' | 'pdf', path: string) {
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`${path}?month=${month}&format=${format}`)),
      page.waitForEvent('download'),
      page.getByTestId(`download-${format}`).click(),
    ]);
    expect(response.status()).toBe(200);
    return { name: download.suggestedFilename(), body: await readFile((await download.path())!) };
  }

  it('downloads the month’s equipment register (XLSX) and preparation log (PDF), and both open', async () => {
    const code = uniq('FKJ');
    const today = localDate(t.clock.instant(), t.config.timezone);
    const post = (path: string, body: object) => t.http().post(path).set(bearer(head.token)).send(body);
    expectOk(
      await post('/api/equipment', {
        code,
        kind: 'sealer',
        nameZh: '医用封口机',
        nameEn: 'Medical sealer',
        responsibleUserId: head.user.id,
        lastServiceOn: today,
      }),
    );
    const product = uniq('多酶清洗剂');
    expectOk(await post('/api/disinfectants/preparations', preparation(t, { product })));

    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto(`/equipment?month=${month}`);
    await page.getByTestId('equipment-export').waitFor();
    expect(await page.getByTestId('equipment-export-month').inputValue()).toBe(month);
    const xlsx = await downloaded(page, 'xlsx', '/api/equipment/register');
    expect(xlsx.name).toMatch(new RegExp(`^equipment-${month}-01_${month}-\\d{2}\\.xlsx$`));
    const wb = await readWorkbook(xlsx.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['设备台账', '维护保养记录', '故障记录']);
    expect(dataRows(wb.getWorksheet('设备台账')!).some((r) => r[0] === code)).toBe(true);

    await page.goto(`/disinfectants?month=${month}`);
    await page.getByTestId('preparations-export').waitFor();
    const pdf = await downloaded(page, 'pdf', '/api/disinfectants/preparations/register');
    expect(pdf.name).toMatch(/^disinfectant-preparations-.*\.pdf$/);
    const text = (await pdfText(pdf.body)).join('\n');
    for (const s of ['消毒剂、清洗剂配制记录', product, '审核人签字']) expect(text).toContain(s);
    await page.context().close();
  }, 180_000);
});
