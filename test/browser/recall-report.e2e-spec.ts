import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createUser, type TestUser } from '../support/factories.js';
import { expectOk } from '../support/expect.js';
import { openBrowser, screenshot, signIn, type BrowserHarness } from './browser.js';

/**
 * The recall report (issue 15) in a real Chromium: the head nurse opens it from the recall's page,
 * sees the patients to follow up in two departments and every pack, and downloads the PDF; a
 * department user opens it from its recall notice and sees its own part only. Then the printable
 * records from the pages that offer them: a pack's and its load's from provenance, a sterilizer's
 * from the register.
 */
describe('the recall report and the printable records in the browser', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let c: ChainDriver;
  let head: TestUser;
  let wardBUser: TestUser;
  let recallId: string;
  let packs: string[];
  let loadId: string;
  let day: string;

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    const wardB = await createDepartment(t, { nameZh: '心内科病房', nameEn: 'Cardiology ward' });
    wardBUser = await createUser(t, 'department', { departmentId: wardB.id });
    t.clock.nextMorning(t.config.timezone);
    day = localDate(t.clock.instant(), t.config.timezone);
    // Three packs of one load: used at ward A (PA-0077), used at ward B (PB-0077), still in storage.
    packs = await c.storedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
    [{ load_id: loadId }] = await t.ds.query(`SELECT load_id FROM packs WHERE barcode = $1`, [packs[0]]);
    await c.dispatch(packs[0]);
    await c.receive(packs[0]);
    await c.use(packs[0], 'PA-0077');
    await c.dispatch(packs[1], wardB.id);
    const ward = (path: string, body: object) => t.http().post(`/api/department/${path}`).set(bearer(wardBUser.token)).send(body);
    expectOk(await ward('receive', { code: packs[1] }));
    expectOk(await ward('use', { code: packs[1], patientId: 'PB-0077' }));
    const opened = expectOk(
      await t
        .http()
        .post('/api/recalls')
        .set(bearer(head.token))
        .send({ trigger: 'manual', reason: '术后感染调查：同批次器械', loadIds: [loadId] }),
    );
    recallId = opened.id;
  }, 180_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Clicks `button` (a test id on the page, or a locator) and returns the file the page downloaded, with the service's answer. */
  async function downloads(page: Page, button: string | Locator, url: string) {
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(url)),
      page.waitForEvent('download'),
      (typeof button === 'string' ? page.getByTestId(button) : button).click(),
    ]);
    return { status: response.status(), type: response.headers()['content-type'], name: download.suggestedFilename() };
  }

  it('the head nurse opens the report from the recall and downloads its PDF; a department sees only its own part', async () => {
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto(`/recalls/${recallId}`);
    await page.getByTestId('recall-report-link').click();
    await page.getByTestId('rr-follow-up').locator('tr[data-row-key]').nth(1).waitFor();
    const patients = (await page.getByTestId('rr-follow-up').textContent()) ?? '';
    expect(patients).toContain('PA-0077');
    expect(patients).toContain('PB-0077');
    expect(await page.locator('[data-testid^="rr-pack-"]').count()).toBe(3);
    expect(await page.getByTestId('rr-timeline').locator('tr[data-row-key]').count()).toBe(3); // opened, two departments told
    const number = (await page.getByTestId('rr-number').textContent())!;
    await screenshot(page, 'recall-report');
    expect(await downloads(page, 'download-pdf', `/api/reports/recalls/${recallId}?format=pdf`)).toEqual({
      status: 200,
      type: 'application/pdf',
      name: `recall-report-${number}.pdf`,
    });
    await page.context().close();

    const ward = await web.newPage();
    await signIn(ward, c.departmentUser.user.username, c.departmentUser.password);
    await ward.goto('/department');
    // The ward acknowledges the notice (asked once more): the report's timeline shows who and when.
    await ward.getByTestId('acknowledge').first().click();
    await ward.getByTestId('acknowledge-confirm').click();
    await ward.getByTestId('notice-acknowledged').waitFor();
    await ward.getByTestId('notice-report').first().click();
    await ward.getByTestId('rr-slice').waitFor();
    await ward.getByTestId('rr-follow-up').locator('tr[data-row-key]').first().waitFor();
    const mine = (await ward.getByTestId('recall-report').textContent()) ?? '';
    expect(mine).toContain('PA-0077');
    for (const theirs of ['PB-0077', packs[1], packs[2], '心内科病房']) expect(mine).not.toContain(theirs);
    expect(await ward.locator('[data-testid^="rr-pack-"]').count()).toBe(1);
    // Opened, told, acknowledged.
    await ward.getByTestId('rr-timeline').locator('tr[data-row-key]').nth(2).waitFor();
    expect(await ward.getByTestId('rr-timeline').textContent()).toContain(c.departmentUser.user.displayName);
    await screenshot(ward, 'recall-report-department');
    expect(await downloads(ward, 'download-xlsx', `/api/reports/recalls/${recallId}?format=xlsx`)).toMatchObject({ status: 200 });
    await ward.context().close();
  }, 180_000);

  it('prints a pack’s and its load’s record from provenance, and a sterilizer’s from the register', async () => {
    const page = await web.newPage();
    await signIn(page, head.user.username, head.password);
    await page.goto(`/provenance/${packs[0]}`);
    await page.getByTestId('provenance-record').waitFor();
    expect(await downloads(page, 'print-pack-record', `/api/reports/packs/${packs[0]}/record`)).toEqual({
      status: 200,
      type: 'application/pdf',
      name: `pack-record-${packs[0]}.pdf`,
    });
    const load = await downloads(page, 'print-load-record', `/api/reports/loads/${loadId}/record`);
    expect(load).toMatchObject({ status: 200, type: 'application/pdf', name: expect.stringMatching(/^load-record-.+\.pdf$/) });

    await page.goto('/reports/sterilization-register');
    await page.getByTestId('date').fill(day);
    const card = page.getByTestId(`sterilizer-${c.sterilizer.sterilizer.code}`);
    await card.waitFor();
    await card.getByTestId('sterilizer-record').click();
    await page.getByTestId('record-from').fill(day);
    const record = await downloads(
      page,
      page.getByTestId('record-downloads').getByTestId('download-pdf'),
      `/api/reports/sterilizers/${c.sterilizer.sterilizer.id}/record?from=${day}&to=${day}`,
    );
    expect(record).toEqual({
      status: 200,
      type: 'application/pdf',
      name: `sterilizer-record-${c.sterilizer.sterilizer.code}-${day}.pdf`,
    });
    await page.context().close();

    // A department user prints its own pack, and is offered no load record (a load holds other departments' packs).
    const ward = await web.newPage();
    await signIn(ward, c.departmentUser.user.username, c.departmentUser.password);
    await ward.goto(`/provenance/${packs[0]}`);
    await ward.getByTestId('provenance-record').waitFor();
    expect(await ward.getByTestId('print-load-record').count()).toBe(0);
    expect((await downloads(ward, 'print-pack-record', `/api/reports/packs/${packs[0]}/record`)).status).toBe(200);
    await ward.context().close();
  }, 180_000);
});
