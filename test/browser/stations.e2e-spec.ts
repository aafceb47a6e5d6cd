import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { createUser, rowCounts } from '../support/factories.js';
import { startFakePrinter, type FakePrinter } from '../support/fake-printer.js';
import { accessibilityProblems, openBrowser, scan, screenshot, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 12: a nurse walks a set through every station in a real Chromium by typing barcodes and
 * Enter, exactly as a keyboard-wedge scanner does — with a two-person check at packing and a
 * co-signed unloading — and a scan in the wrong stage shows red and leaves the database as it was.
 */
describe('the stations in the browser', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let printer: FakePrinter;
  beforeAll(async () => {
    printer = await startFakePrinter();
    t = await createTestApp({ CSSD_LABEL_PRINTERS: `LOAD-1=127.0.0.1:${printer.port}` });
    web = await openBrowser(t);
  }, 60_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
    await printer?.close();
  });

  const recentCount = (page: Page) => page.locator('[data-testid="recent"] .ant-list-item').count();

  /** Scans `code` and waits for its answer: 'ok', 'warning' or 'error'. Returns the message shown. */
  async function scanAndWait(page: Page, code: string): Promise<{ outcome: string; message: string }> {
    const before = await recentCount(page);
    await scan(page, code);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, before, { timeout: 15_000 });
    const result = page.getByTestId('result');
    return { outcome: (await result.getAttribute('data-outcome')) ?? '', message: (await page.getByTestId('result-message').textContent()) ?? '' };
  }

  async function station(page: Page, zone: string) {
    await page.goto(`/station/${zone}`);
    await page.getByTestId('scan').waitFor();
    await expect(page.getByTestId('scan')).toBeTruthy();
  }

  it('a critical set goes from recycling to dispatch by scans alone; a scan in the wrong stage is red and writes nothing', async () => {
    const c = await ChainDriver.create(t);
    const asset = await c.newSet({ critical: true, nameZh: '剖腹探查包', nameEn: 'Laparotomy set' });
    await c.bd(); // the day's B-D on the pre-vacuum sterilizer, entered at the monitoring desk
    const page = await web.newPage();
    await signIn(page, c.nurse.user.username, c.nurse.password);

    // 去污区: the department's code sets the context, then the set is scanned.
    await station(page, 'recycling');
    expect((await scanAndWait(page, asset)).outcome).toBe('error'); // no department yet
    expect(await page.getByTestId('result-message').textContent()).toContain('科室');
    expect((await scanAndWait(page, c.department.code)).outcome).toBe('ok');
    expect(await page.getByTestId('context-department').textContent()).toContain(c.department.code);
    expect((await scanAndWait(page, asset)).outcome).toBe('ok');
    await screenshot(page, 'station-recycling');
    expect(await accessibilityProblems(page)).toEqual([]);

    // Cleaning: the washer's code opens a cycle; the set goes in; the cycle is completed.
    await station(page, 'cleaning');
    expect((await scanAndWait(page, c.washer.washer.code)).outcome).toBe('ok');
    expect((await scanAndWait(page, asset)).outcome).toBe('ok');
    await page.getByTestId('complete-washer').click();
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="complete-washer"]'));
    const [{ state: washed }] = await t.ds.query(`SELECT p.state FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1 ORDER BY p.created_at DESC LIMIT 1`, [asset]);
    expect(washed).toBe('cleaned');

    // Packing a critical set: the second nurse's badge + PIN in the dialog a badge scan fills.
    await station(page, 'packing');
    const before = await recentCount(page);
    await scan(page, asset);
    // The scanner reads the badge as soon as the dialog has put the focus in its badge field.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'second-badge');
    await scan(page, c.nurse2.user.badgeCode!);
    await page.keyboard.type(c.nurse2.pin);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, before);
    expect(await page.getByTestId('result').getAttribute('data-outcome')).toBe('ok');
    await screenshot(page, 'station-packing');
    const [pack] = await t.ds.query(`SELECT p.id, p.barcode, p.checked_by FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1 ORDER BY p.created_at DESC LIMIT 1`, [asset]);
    expect(pack.checked_by).toBe(c.nurse2.user.id);

    // Loading: the station's Zebra printer is chosen once; the sterilizer's code opens a load; the
    // pack goes in and its label goes to the printer at once; start; co-signed unloading.
    await station(page, 'loading');
    await page.getByTestId('printer').click();
    await page.getByText(`LOAD-1 (127.0.0.1:${printer.port})`).click();
    expect((await scanAndWait(page, c.sterilizer.sterilizer.code)).outcome).not.toBe('error');
    expect((await scanAndWait(page, pack.barcode)).outcome).toBe('ok');
    const [zpl] = await printer.waitForJobs(1);
    expect(zpl).toContain(pack.barcode);
    await page.getByTestId('reprint').waitFor();
    await page.getByTestId('start-load').click();
    await page.getByTestId('unload').waitFor();
    // The cycle runs its time before the door opens (an unloading sooner is refused).
    t.clock.advanceMinutes(10);
    await page.getByTestId('unload').click();
    await page.getByTestId('unload-badge').fill(c.monitor.user.badgeCode!);
    await page.getByTestId('unload-pin').fill(c.monitor.pin);
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="unload"]'));
    await screenshot(page, 'station-loading');

    // Sterile storage, then dispatch to the department.
    await station(page, 'storage');
    expect((await scanAndWait(page, pack.barcode)).outcome).toBe('ok');
    // The same pack again: it is already in storage — red, the service's reason, nothing written.
    const counts = await rowCounts(t, ['pack_events', 'packs']);
    const again = await scanAndWait(page, pack.barcode);
    expect(again.outcome).toBe('error');
    expect(await page.getByTestId('result').textContent()).toContain('PACK_WRONG_STATE');
    expect(again.message).toContain('无菌存放');
    expect(await rowCounts(t, ['pack_events', 'packs'])).toEqual(counts);
    await screenshot(page, 'station-storage-refused');

    await station(page, 'dispatch');
    expect((await scanAndWait(page, c.department.code)).outcome).toBe('ok');
    expect((await scanAndWait(page, pack.barcode)).outcome).not.toBe('error');
    const [{ state }] = await t.ds.query(`SELECT state FROM packs WHERE id = $1`, [pack.id]);
    expect(state).toBe('dispatched');
    await page.context().close();
  }, 120_000);

  it('when the session ends mid-shift, the next scan brings the nurse to sign-in and back to her station, nothing recorded meanwhile', async () => {
    const nurse = await createUser(t, 'nurse');
    const page = await web.newPage();
    await signIn(page, nurse.user.username, nurse.password);
    await page.goto('/station/storage');
    await page.getByTestId('scan').waitFor();
    // Her session is ended elsewhere (a password reset, a sign-out on another station).
    expect((await t.http().post('/api/auth/logout').set('Authorization', `Bearer ${await page.evaluate(() => sessionStorage.getItem('cssd.token'))}`)).status).toBe(204);
    const counts = await rowCounts(t, ['pack_events']);
    await scan(page, 'P00000000017');
    await page.waitForURL(/\/login\?.*next=%2Fstation%2Fstorage/);
    expect(await page.getByTestId('login-error').textContent()).toContain('登录已过期');
    await page.getByTestId('username').fill(nurse.user.username);
    await page.getByTestId('password').fill(nurse.password);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/station\/storage$/);
    await page.getByTestId('scan').waitFor();
    expect(await rowCounts(t, ['pack_events'])).toEqual(counts);
    await page.context().close();
  }, 60_000);

  it('a nurse signs in at a station with her badge (scanned) and PIN, and lands on the page she asked for', async () => {
    const nurse = await createUser(t, 'nurse', { badge: true });
    const page = await web.newPage();
    await page.goto('/station/packing');
    await page.waitForURL(/\/login/);
    await page.getByRole('tab', { name: '工牌和 PIN' }).click();
    await page.getByTestId('login-badge').waitFor();
    await page.getByTestId('login-badge').click();
    await scan(page, nurse.user.badgeCode!);
    await page.keyboard.type('975310');
    await page.keyboard.press('Enter');
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').textContent()).toContain('错误');
    await page.getByTestId('login-pin').fill(nurse.pin);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/station\/packing$/);
    expect(await page.getByTestId('me').textContent()).toBe(nurse.user.displayName);
    await page.context().close();
  }, 60_000);

  it('the language switch changes the page to English and back; a nurse cannot open the head nurse’s board', async () => {
    const nurse = await createUser(t, 'nurse');
    const page = await web.newPage();
    await signIn(page, nurse.user.username, nurse.password);
    await page.goto('/station/storage');
    await page.getByTestId('scan').waitFor();
    expect(await page.locator('body').textContent()).toContain('无菌物品存放');
    await page.getByTestId('language').click();
    await page.getByText('Sterile storage').first().waitFor();
    const english = (await page.locator('main, .ant-layout-content').first().textContent()) ?? '';
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);
    await page.getByTestId('language').click();
    await page.getByText('无菌物品存放').first().waitFor();
    // The home page offers a nurse the stations and provenance, not the head nurse's board.
    await page.goto('/');
    await page.getByTestId('tile-station-storage').waitFor();
    expect(await page.getByTestId('tile-board').count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
