import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { createUser, rowCounts } from '../support/factories.js';
import { startFakePrinter, type FakePrinter } from '../support/fake-printer.js';
import { accessibilityProblems, openBrowser, scan, scanFieldFocused, screenshot, signIn, type BrowserHarness } from './browser.js';

/**
 * Issue 12: a nurse walks a set through every station in a real Chromium by typing barcodes and
 * Enter, exactly as a keyboard-wedge scanner does — with a two-person check at packing, labels
 * printed and the loading check before the start, and a co-signed unloading — and a scan in the
 * wrong stage shows red and leaves the database as it was.
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
  async function scanAndWait(page: Page, code: string, afterTyping?: () => void): Promise<{ outcome: string; message: string }> {
    const before = await recentCount(page);
    await scan(page, code);
    afterTyping?.();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, before, {
      timeout: 15_000,
    });
    const result = page.getByTestId('result');
    return {
      outcome: (await result.getAttribute('data-outcome')) ?? '',
      message: (await page.getByTestId('result-message').textContent()) ?? '',
    };
  }

  async function station(page: Page, zone: string) {
    await page.goto(`/station/${zone}`);
    await page.getByTestId('scan').waitFor();
    expect(page.getByTestId('scan')).toBeTruthy();
  }

  it('a critical set goes from recycling to dispatch by scans alone; a scan in the wrong stage is red and writes nothing', async () => {
    const c = await ChainDriver.create(t);
    const asset = await c.newSet({ critical: true, nameZh: '剖腹探查包', nameEn: 'Laparotomy set' });
    await c.bd(); // the day's B-D on the pre-vacuum sterilizer, entered at the monitoring desk
    const page = await web.newPage();
    await signIn(page, c.nurse.user.username, c.nurse.password);

    // 去污区: the department's code sets the context, then the set is scanned.
    await station(page, 'recycling');
    expect(await scanAndWait(page, asset)).toMatchObject({ outcome: 'error' }); // no department yet
    expect(await page.getByTestId('result-message').textContent()).toContain('科室');
    expect(await scanAndWait(page, c.department.code)).toMatchObject({ outcome: 'ok' });
    expect(await page.getByTestId('context-department').textContent()).toContain(c.department.code);
    // Who handed the set over at the department; then the count against the template, line by line.
    expect((await scanAndWait(page, asset)).message).toContain('交接人');
    // Typed once per round (Enter gives the scan field its focus back).
    await page.getByTestId('handover').fill('李护士');
    await page.getByTestId('handover').press('Enter');
    await scanFieldFocused(page);
    const beforeCount = await recentCount(page);
    await scan(page, asset);
    await page.getByTestId('count-present-1').waitFor();
    await screenshot(page, 'station-recycling-count');
    // Scanner only: the dialog's confirm field has the focus; another set's code is refused there,
    // this set's code scanned again records the count (no mouse). The next scan comes once it has it
    // (a nurse reads the count first; typed at once, a loaded run lost the first key to the page).
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'count-confirm');
    await page.keyboard.type('NOT-THIS-SET');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('count-confirm-problem').textContent()).toContain('NOT-THIS-SET 不是正在清点的器械包');
    expect(await recentCount(page)).toBe(beforeCount);
    await page.keyboard.type(asset);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, beforeCount);
    // …and the scan field has the focus again, so the nurse's next scan is not lost.
    await page.waitForFunction(() => !!document.activeElement?.closest('[data-testid="scan"]'), null, { timeout: 15_000 });
    expect(await page.getByTestId('result').getAttribute('data-outcome')).toBe('ok');
    expect(await page.getByTestId('result-message').textContent()).toContain('数量相符');
    const [collected] = await t.ds.query(
      `SELECT e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1 AND e.type = 'recycle'`,
      [asset],
    );
    expect(collected.data).toMatchObject({
      countMatches: true,
      missing: [],
      damaged: [],
      handover: { handedOverBy: '李护士', receivedBy: c.nurse.user.id },
    });
    await screenshot(page, 'station-recycling');
    expect(await accessibilityProblems(page)).toEqual([]);

    // Cleaning: the washer's code opens a cycle; the set goes in; the cycle is completed.
    await station(page, 'cleaning');
    expect(await scanAndWait(page, c.washer.washer.code)).toMatchObject({ outcome: 'ok' });
    expect(await scanAndWait(page, asset)).toMatchObject({ outcome: 'ok' });
    await page.getByTestId('complete-washer').click();
    // The washer's record is typed from it (issue 18): nothing proposed, the result chosen.
    await page.getByTestId('washer-temp').waitFor();
    for (const id of ['washer-temp', 'washer-minutes', 'washer-a0']) expect(await page.getByTestId(id).inputValue()).toBe('');
    await page.getByTestId('washer-temp').fill('93');
    await page.getByTestId('washer-minutes').fill('5');
    await page.getByTestId('washer-a0').fill('3000');
    await page.getByTestId('washer-passed').click();
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="complete-washer"]'));
    const [{ state: washed }] = await t.ds.query(
      `SELECT p.state FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1 ORDER BY p.created_at DESC LIMIT 1`,
      [asset],
    );
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
    const [pack] = await t.ds.query(
      `SELECT p.id, p.barcode, p.checked_by FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1 ORDER BY p.created_at DESC LIMIT 1`,
      [asset],
    );
    expect(pack.checked_by).toBe(c.nurse2.user.id);

    // Loading: the station's Zebra printer is chosen once; the sterilizer's code opens a load; the
    // pack goes in and its label goes to the printer at once; start; co-signed unloading.
    // The sterilizers' list is held back until the sterilizer's code has been typed (a page opened on a
    // slow network, scanned at once): the code still opens a load — it is not sent as a pack's barcode.
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/sterilizers', async (route) => {
      await held;
      await route.continue();
    });
    await station(page, 'loading');
    await page.getByTestId('printer').click();
    await page.getByText(`LOAD-1 (127.0.0.1:${printer.port})`).click();
    // The pick list gives the focus back to the scan field a task later: the sterilizer's code goes there.
    await scanFieldFocused(page);
    expect(await scanAndWait(page, c.sterilizer.sterilizer.code, release)).toMatchObject({
      outcome: expect.stringMatching(/^(ok|warning)$/),
      message: expect.stringContaining(c.sterilizer.sterilizer.code),
    });
    await page.unroute('**/api/sterilizers');
    expect(await scanAndWait(page, pack.barcode)).toMatchObject({ outcome: 'ok' });
    const [zpl] = await printer.waitForJobs(1);
    expect(zpl).toContain(pack.barcode);
    await page.getByTestId('reprint').waitFor();
    // A reprint asks why: printing waits for the reason, which goes on the pack's history.
    await page.getByTestId('reprint').click();
    await page.getByTestId('reprint-reason').waitFor();
    expect(await page.getByTestId('reprint-ok').isDisabled()).toBe(true);
    await page.getByTestId('reprint-reason').fill('标签被水打湿');
    await page.getByTestId('reprint-ok').click();
    const [, reprintedZpl] = await printer.waitForJobs(2);
    expect(reprintedZpl).toContain(pack.barcode);
    await page.waitForFunction(() => !document.querySelector('[data-testid="reprint-reason"]'));
    const [reprinted] = await t.ds.query(
      `SELECT data->>'reason' AS reason FROM pack_events WHERE pack_id = $1 AND type = 'label_reprinted'`,
      [pack.id],
    );
    expect(reprinted).toEqual({ reason: '标签被水打湿' });
    // Start: the loading check comes first (seed 1.4) — a critical set, so the second nurse checks too.
    await page.getByTestId('start-load').click();
    await passCheck(page, { badgeCode: c.nurse2.user.badgeCode!, pin: c.nurse2.pin });
    await page.getByTestId('unload').waitFor();
    const [check] = await t.ds.query(`SELECT passed, checked_by, second_checked_by FROM load_checks ORDER BY id DESC LIMIT 1`);
    expect(check).toEqual({ passed: true, checked_by: c.nurse.user.id, second_checked_by: c.nurse2.user.id });
    // The cycle runs its time before the door opens (an unloading sooner is refused).
    t.clock.advanceMinutes(10);
    await page.getByTestId('unload').click();
    // The printout (issue 18, cycle-times.ts): nothing of it is proposed — the nurse types the hold
    // time and the cycle's start and end as clock times in hospital time; the day follows from the
    // load's start, and the dialog shows what it will record.
    const [run] = await t.ds.query(`SELECT id, started_at FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'running'`, [
      c.sterilizer.sterilizer.id,
    ]);
    const startedMs = new Date(run.started_at).getTime();
    const hospital = (ms: number) => new Date(ms).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).replace(' ', 'T');
    await page.getByTestId('cycle-started-at').waitFor();
    const printout = [
      'unload-temp-min',
      'unload-temp-max',
      'unload-hold',
      'unload-pressure-min',
      'unload-pressure-max',
      'cycle-started-at',
      'cycle-ended-at',
    ];
    for (const id of printout) expect(await page.getByTestId(id).inputValue()).toBe('');
    // Submitted untouched: the printout's fields and the indicator's result are asked for, nothing is recorded.
    await page.getByRole('button', { name: /提\s*交/ }).click();
    // The form validates asynchronously: its messages are waited for, then counted.
    const printoutMissing = page.locator('.ant-modal .ant-form-item-explain-error').filter({ hasText: '请按打印记录填写' });
    const resultMissing = page.locator('.ant-modal .ant-form-item-explain-error').filter({ hasText: '请选择结果' });
    await printoutMissing.nth(4).waitFor();
    await resultMissing.first().waitFor();
    expect(await printoutMissing.count()).toBe(5);
    expect(await resultMissing.count()).toBe(1);
    await page.getByTestId('unload-temp-min').fill('134.5');
    await page.getByTestId('unload-temp-max').fill('136');
    await page.getByTestId('unload-pressure-min').fill('210');
    await page.getByTestId('unload-pressure-max').fill('225');
    await page.getByTestId('load-indicator-passed').click();
    const printedStart = Math.ceil(startedMs / 1000) * 1000 + 40_000;
    const printedEnd = printedStart + 7 * 60_000 + 12_000;
    await page.getByTestId('unload-hold').fill('4.5');
    await page.getByTestId('cycle-started-at').fill(hospital(printedStart).slice(11, 19));
    await page.getByTestId('cycle-ended-at').fill(hospital(printedEnd).slice(11, 19));
    expect(await page.getByTestId('cycle-times-read').textContent()).toContain(
      `${hospital(printedStart).replace('T', ' ')} 至 ${hospital(printedEnd).replace('T', ' ')}`,
    );
    await page.getByTestId('unload-badge').fill(c.monitor.user.badgeCode!);
    await page.getByTestId('unload-pin').fill(c.monitor.pin);
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="unload"]'));
    const [unloaded] = await t.ds.query(
      `SELECT status, hold_minutes::float AS hold, reported_cycle_started_at, reported_cycle_ended_at FROM sterilizer_loads WHERE id = $1`,
      [run.id],
    );
    expect(unloaded).toEqual({
      status: 'completed',
      hold: 4.5,
      reported_cycle_started_at: new Date(printedStart),
      reported_cycle_ended_at: new Date(printedEnd),
    });
    await screenshot(page, 'station-loading');

    // Sterile storage, then dispatch to the department.
    await station(page, 'storage');
    expect(await scanAndWait(page, pack.barcode)).toMatchObject({ outcome: 'ok' });
    // The same pack again: it is already in storage — red, the service's reason, nothing written.
    const counts = await rowCounts(t, ['pack_events', 'packs']);
    const again = await scanAndWait(page, pack.barcode);
    expect(again.outcome).toBe('error');
    expect(await page.getByTestId('result').textContent()).toContain('PACK_WRONG_STATE');
    expect(again.message).toContain('无菌存放');
    expect(await rowCounts(t, ['pack_events', 'packs'])).toEqual(counts);
    await screenshot(page, 'station-storage-refused');

    await station(page, 'dispatch');
    expect(await scanAndWait(page, c.department.code)).toMatchObject({ outcome: 'ok' });
    expect(await scanAndWait(page, pack.barcode)).not.toMatchObject({ outcome: 'error' });
    const [{ state }] = await t.ds.query(`SELECT state FROM packs WHERE id = $1`, [pack.id]);
    expect(state).toBe('dispatched');
    await page.context().close();
    // The walk now also names the handover and takes the count at recycling.
  }, 180_000);

  it('a set that came back short shows its shortfall at packing: one instrument replaced, the rest packed short on the head nurse’s badge', async () => {
    const c = await ChainDriver.create(t);
    const head = await createUser(t, 'head_nurse', { badge: true });
    const asset = await c.newSet({
      nameZh: '清创缝合包',
      nameEn: 'Suture set',
      contents: [
        { nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 1 },
        { nameZh: '持针器', nameEn: 'Needle holder', specification: '14cm', quantity: 2 },
      ],
    });
    const page = await web.newPage();
    await signIn(page, c.nurse.user.username, c.nurse.password);

    // Counted at recycling: the scissors missing, one needle holder damaged.
    await station(page, 'recycling');
    await scanAndWait(page, c.department.code);
    await page.getByTestId('handover').fill('Ward nurse Li');
    await page.getByTestId('handover').press('Enter');
    await scanFieldFocused(page);
    const before = await recentCount(page);
    await scan(page, asset);
    await page.getByTestId('count-present-1').waitFor();
    await page.getByTestId('count-present-1').fill('0');
    await page.getByTestId('count-damaged-2').fill('1');
    await page.getByTestId('count-damaged-2').press('Enter'); // Enter in a count records it too
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, before);
    expect(await page.getByTestId('result-message').textContent()).toContain('缺 组织剪 16cm ×1、损坏 持针器 14cm ×1');
    await c.wash([asset]);

    // At packing the set is refused as complete and its shortfall is shown.
    await station(page, 'packing');
    const refused = await scanAndWait(page, asset);
    expect(refused.outcome).toBe('error');
    expect(refused.message).toContain('缺 组织剪 16cm ×1、缺 持针器 14cm ×1');
    expect(await page.getByTestId('shortfall').textContent()).toContain('持针器');
    await screenshot(page, 'station-packing-shortfall');
    expect(await accessibilityProblems(page)).toEqual([]);

    // The scissors are replaced; the needle holder is packed short with the head nurse's approval.
    const beforeReplace = await recentCount(page);
    await page.getByTestId('replace-1').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, beforeReplace);
    await page.waitForFunction(() => !document.querySelector('[data-testid="replace-1"]'));
    const beforeShort = await recentCount(page);
    await page.getByTestId('pack-short').click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'second-badge');
    await scan(page, head.user.badgeCode!);
    await page.keyboard.type(head.pin);
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, beforeShort);
    expect(await page.getByTestId('result').getAttribute('data-outcome')).toBe('warning');
    expect(await page.getByTestId('result-message').textContent()).toContain('已按缺件包装');
    expect(await page.getByTestId('shortfall').count()).toBe(0);
    const [packed] = await t.ds.query(
      `SELECT p.state FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1 ORDER BY p.created_at DESC LIMIT 1`,
      [asset],
    );
    expect(packed.state).toBe('packed');
    await page.context().close();
  }, 120_000);

  /** The loading check dialog: every item passed, the second person's badge + PIN when asked for. */
  async function passCheck(page: Page, second?: { badgeCode: string; pin: string }) {
    await page.getByTestId('check-packaging').waitFor();
    for (const item of ['packaging', 'quantity', 'specification', 'loadingMethod'])
      await page.getByTestId(`check-${item}`).getByText('合格', { exact: true }).click();
    if (second) {
      await page.getByTestId('check-badge').fill(second.badgeCode);
      await page.getByTestId('check-pin').fill(second.pin);
    }
    await page.getByTestId('check-submit').click();
  }

  it('an implant load does not start without a BI nor with a label unprinted: the station places the BI (lot scanned) and prints the label, and the load starts', async () => {
    const c = await ChainDriver.create(t);
    const productId = await c.biProduct();
    const [{ code: productCode }] = await t.ds.query(`SELECT code FROM bi_products WHERE id = $1`, [productId]);
    const [first, second] = await c.packedMany([
      await c.newSet({ nameZh: '骨科植入物器械包', nameEn: 'Orthopaedic implant set', implant: true }),
      await c.newSet({ nameZh: '缝合包', nameEn: 'Suture set' }),
    ]);
    await c.bd();
    const page = await web.newPage();
    await signIn(page, c.nurse.user.username, c.nurse.password);
    await station(page, 'loading');
    await page.getByTestId('printer').click();
    await page.getByText(`LOAD-1 (127.0.0.1:${printer.port})`).click();
    // The pick list gives the focus back to the scan field a task later: the sterilizer's code goes there.
    await scanFieldFocused(page);
    expect(await scanAndWait(page, c.sterilizer.sterilizer.code)).not.toMatchObject({ outcome: 'error' });
    expect(await scanAndWait(page, first)).toMatchObject({ outcome: 'ok' });
    // A second pack was scanned into this load at the other loading station, whose printer was off.
    const [{ id: loadId }] = await t.ds.query(`SELECT id FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'open'`, [
      c.sterilizer.sterilizer.id,
    ]);
    expect((await c.post(`/api/loads/${loadId}/packs`, { code: second })).status).toBe(200);

    const before = await recentCount(page);
    await page.getByTestId('start-load').click();
    // An implant load: the second nurse checks too (seed 1.4).
    await passCheck(page, { badgeCode: c.nurse2.user.badgeCode!, pin: c.nurse2.pin });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n + 1, before);
    // The first pack's label print answers on its own time: wait for the start's answer itself.
    // An implant load needs its own BI (§4.2): red, the service's reason, and the action right there.
    await page.locator('[data-testid="result"][data-outcome="error"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('result').textContent()).toContain('LOAD_NEEDS_BI');
    expect(await page.getByTestId('bi-needed').textContent()).toContain('生物监测');
    const [{ id: biLoadId }] = await t.ds.query(`SELECT id FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'open'`, [
      c.sterilizer.sterilizer.id,
    ]);
    expect(await t.ds.query(`SELECT id FROM bi_tests WHERE load_id = $1`, [biLoadId])).toEqual([]);
    await page.getByTestId('place-bi-now').click();
    // The product picked from the catalog's (searched by its code), the lot scanned: the scanner's Enter submits.
    await page.getByTestId('bi-lot').waitFor();
    await page.getByTestId('bi-product').click();
    await page.keyboard.type(productCode);
    await page.keyboard.press('Enter');
    await page.getByTestId('bi-lot').click();
    await screenshot(page, 'station-loading-place-bi');
    await scan(page, 'LOT-BI-0618');
    await page.getByTestId('load-bi-LOT-BI-0618').waitFor();
    expect(await page.getByTestId('load-bi-LOT-BI-0618').textContent()).toContain(productCode);
    expect(await page.getByTestId('bi-needed').count()).toBe(0);
    const [placed] = await t.ds.query(`SELECT lot, product_id, placed_by FROM bi_tests WHERE load_id = $1`, [biLoadId]);
    expect(placed).toEqual({ lot: 'LOT-BI-0618', product_id: productId, placed_by: c.nurse.user.id });

    // Started again: now the label the other station never printed holds it back.
    await page.getByTestId('start-load').click();
    await page.locator('[data-testid="result"][data-outcome="error"]', { hasText: 'LABELS_NOT_PRINTED' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('result-message').textContent()).toContain(`${second} 缝合包`);
    const [{ status }] = await t.ds.query(`SELECT status FROM sterilizer_loads WHERE id = $1`, [loadId]);
    expect(status).toBe('open');
    await screenshot(page, 'station-loading-labels-not-printed');

    // The station offers the missing label: it goes to the Zebra printer, then the load starts.
    const jobs = printer.jobs.length;
    await page.getByTestId('print-load-labels').click();
    expect((await printer.waitForJobs(jobs + 1)).slice(jobs).some((job) => job.includes(second))).toBe(true);
    await page.waitForFunction(() => !document.querySelector('[data-testid="print-load-labels"]'));
    await page.getByTestId('start-load').click();
    await page.getByTestId('unload').waitFor();
    const [{ status: after }] = await t.ds.query(`SELECT status FROM sterilizer_loads WHERE id = $1`, [loadId]);
    expect(after).toBe('running');
    await page.context().close();
  }, 120_000);

  it('when the session ends mid-shift, the next scan brings the nurse to sign-in and back to her station, nothing recorded meanwhile', async () => {
    const nurse = await createUser(t, 'nurse');
    const page = await web.newPage();
    await signIn(page, nurse.user.username, nurse.password);
    await page.goto('/station/storage');
    await page.getByTestId('scan').waitFor();
    // Her session is ended elsewhere (a password reset, a sign-out on another station).
    expect(
      (
        await t
          .http()
          .post('/api/auth/logout')
          .set('Authorization', `Bearer ${await page.evaluate(() => sessionStorage.getItem('cssd.token'))}`)
      ).status,
    ).toBe(204);
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
