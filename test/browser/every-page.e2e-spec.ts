import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { accessibilityProblems, openBrowser, otherLanguageText, scan, screenshot, signIn, type BrowserHarness, type Language } from './browser.js';

const LANGUAGES: Language[] = ['zh-CN', 'en'];
const TABLET = { width: 820, height: 1180 };
const ZONES = ['recycling', 'cleaning', 'packing', 'loading', 'storage', 'dispatch'];
const CATALOG = ['departments', 'templates', 'sets', 'sterilizers', 'washers'];
/** What the head nurse typed as a manual recall's reason: a value, shown as typed in either language. */
const RECALL_REASON = '同一时段术后感染调查';
const PATIENT = 'ZY2026-0815';
const UNKNOWN_BARCODE = 'P99999999999';

/**
 * Issue 12: every page, with real data in it, opened by the role that uses it, in 简体中文 and
 * then in English — each with no serious accessibility violation, no visible string in the other
 * language (data values aside: codes, barcodes, people's names, what a person typed) and a
 * screenshot at 1366×768 (the department page and provenance also on a tablet). A nurse is not
 * offered, and cannot open, the head nurse's or the administrator's pages; a department user
 * gets only the department and provenance pages.
 */
describe('every page, in both languages', () => {
  let t: TestApp;
  let web: BrowserHarness;
  let c: ChainDriver;
  let head: TestUser;
  let used: string; // a pack with its whole story: packed under a two-person check, released by its BI, dispatched, received, used on a patient, recalled
  let manualRecallId: string;
  let data: string[];
  let bothNames: string[];

  beforeAll(async () => {
    t = await createTestApp();
    web = await openBrowser(t);
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse', { badge: true });
    await t.ds.query(`UPDATE departments SET name_zh = '骨科病房', name_en = 'Orthopaedic ward' WHERE id = $1`, [c.department.id]);
    for (const [who, name] of [[c.nurse, '王回收'], [c.nurse2, '李核对'], [c.monitor, '赵监测'], [c.departmentUser, '陈科室'], [head, '周护士长']] as const) {
      await t.ds.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [who.user.id, name]);
    }

    // Three sets of the ward in one load released by its BI, stored, dispatched; one received and used on a patient.
    const sets = [
      await c.newSet({ critical: true, nameZh: '骨科基础包', nameEn: 'Orthopaedic basic set' }),
      await c.newSet({ nameZh: '换药包', nameEn: 'Dressing set' }),
      await c.newSet({ nameZh: '缝合包', nameEn: 'Suture set' }),
    ];
    const packs = await c.packedMany(sets);
    const load = await c.startLoad(packs, { bis: [{ pcdType5Passed: true, lot: 'LOT-E2E-42' }] });
    await c.unload(load.id);
    await c.readBi(load.bis[0].id, 'passed');
    for (const p of packs) {
      await c.store(p, { location: 'A-07' });
      await c.dispatch(p);
    }
    [used] = packs;
    await c.receive(used);
    await c.use(used, PATIENT);
    await c.receive(packs[2]);

    // An open manual recall of that load (the ward gets its notice and the packs to send back).
    const recall = await t.http().post('/api/recalls').set(bearer(head.token)).set('Idempotency-Key', `every-page-${load.id}`).send({ trigger: 'manual', reason: RECALL_REASON, loadIds: [load.id] });
    expect(recall.status).toBe(201);
    manualRecallId = recall.body.id;

    // A positive BI on another sterilizer: it is blocked and an automatic recall is open.
    const other = await c.withNewSterilizer();
    const [held] = await other.packedMany([await other.newSet({ nameZh: '腹腔镜器械包', nameEn: 'Laparoscopy set' })]);
    const failing = await other.startLoad([held], { bis: [{ lot: 'LOT-E2E-43' }] });
    await other.unload(failing.id);
    await other.readBi(failing.bis[0].id, 'failed');

    // A load still incubating its BI, for the monitoring desk and the board.
    const third = await c.withNewSterilizer();
    const [waiting] = await third.packedMany([await third.newSet({ implant: true, nameZh: '髋关节植入器械包', nameEn: 'Hip implant set' })]);
    const incubating = await third.startLoad([waiting], { bis: [{ lot: 'LOT-E2E-44' }] });
    await third.unload(incubating.id);

    // Data values: shown as stored, whatever the page's language.
    const rows: { v: string }[] = await t.ds.query(`
      SELECT code AS v FROM departments UNION SELECT code FROM set_templates UNION SELECT asset_code FROM instrument_sets
      UNION SELECT code FROM sterilizers UNION SELECT code FROM sterilizer_programs UNION SELECT code FROM washers UNION SELECT code FROM washer_programs
      UNION SELECT username FROM users UNION SELECT display_name FROM users UNION SELECT badge_code FROM users WHERE badge_code IS NOT NULL
      UNION SELECT barcode FROM packs WHERE barcode IS NOT NULL UNION SELECT lot FROM bi_tests UNION SELECT station FROM pack_events WHERE station IS NOT NULL
      UNION SELECT code FROM bi_products UNION SELECT reason FROM recalls WHERE trigger NOT IN ('bi_failed', 'chemical_failed') -- what a person typed
      UNION SELECT DISTINCT jsonb_path_query(data, 'strict $.**.handedOverBy') #>> '{}' FROM pack_events`);
    data = [...rows.map((r) => r.v), RECALL_REASON, PATIENT, 'A-07', UNKNOWN_BARCODE];
    const names: { zh: string; en: string }[] = await t.ds.query(`SELECT name_zh AS zh, name_en AS en FROM departments UNION SELECT name_zh, name_en FROM set_templates UNION SELECT name_zh, name_en FROM sterilizers UNION SELECT name_zh, name_en FROM washers UNION SELECT name_zh, name_en FROM bi_products`);
    bothNames = names.flatMap((n) => [n.zh, n.en]);
  }, 300_000);
  afterAll(async () => {
    await web?.close();
    await t?.close();
  });

  /** Every problem of every page, so that one run shows them all. */
  let problems: string[] = [];
  async function check(page: Page, name: string, lang: Language, opts: { tablet?: boolean; values?: string[] } = {}) {
    for (const p of await accessibilityProblems(page)) problems.push(`${name} ${lang}: axe ${p}`);
    for (const s of await otherLanguageText(page, lang, [...data, ...(opts.values ?? []), ...(await stationNames(page))])) problems.push(`${name} ${lang}: "${s}"`);
    await screenshot(page, `every-${name}-${lang}`);
    if (opts.tablet) {
      await page.setViewportSize(TABLET);
      for (const p of await accessibilityProblems(page)) problems.push(`${name} ${lang} tablet: axe ${p}`);
      await screenshot(page, `every-${name}-${lang}-tablet`);
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  }
  /** The station's name this browser writes into its scans (WEB-<zone>, WEB-<department>): a value too. */
  const stationNames = async (page: Page) => [(await page.evaluate(() => localStorage.getItem('cssd.station'))) ?? ''];

  async function session(user: TestUser): Promise<Page> {
    const page = await web.newPage();
    await signIn(page, user.user.username, user.password);
    return page;
  }
  /** Switches the language with the header's button, as a person does (remembered for the next pages). */
  async function switchTo(page: Page, lang: Language) {
    if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.getByTestId('language').click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
  async function open(page: Page, path: string, ready: (page: Page) => Promise<unknown>) {
    await page.goto(path);
    await ready(page);
    // The pages' lists arrive after the frame: wait until nothing is loading.
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton'));
  }
  /** Scans `code` at a station and waits for its answer on screen. */
  async function scanned(page: Page, code: string) {
    const before = await page.locator('[data-testid="recent"] .ant-list-item').count();
    await scan(page, code);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="recent"] .ant-list-item').length > n, before);
  }

  it('the sign-in page, signed out', async () => {
    problems = [];
    const page = await web.newPage();
    for (const lang of LANGUAGES) {
      await page.goto('/login');
      await page.getByTestId('username').waitFor();
      await switchTo(page, lang);
      // Sent empty: the form's own messages (antd's) are in the page's language.
      await page.getByTestId('sign-in').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'login', lang);
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('a nurse’s pages: home, every station with a scan answered, provenance', async () => {
    problems = [];
    const page = await session(c.nurse);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      await open(page, '/', (p) => p.getByTestId('tile-station-recycling').waitFor());
      await check(page, 'home-nurse', lang);
      for (const zone of ZONES) {
        await open(page, `/station/${zone}`, (p) => p.getByTestId('scan').waitFor());
        if (zone === 'recycling' || zone === 'dispatch') await scanned(page, c.department.code);
        await scanned(page, UNKNOWN_BARCODE); // refused: the service's reason, in the page's language
        await check(page, `station-${zone}`, lang);
      }
      await open(page, `/provenance/${used}`, (p) => p.getByTestId('provenance-record').waitFor());
      await check(page, 'provenance', lang);
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('the quality monitor’s desk', async () => {
    problems = [];
    const page = await session(c.monitor);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      await open(page, '/monitoring', (p) => p.getByTestId('bi-card').getByTestId('bi-wait').first().waitFor());
      await check(page, 'monitoring', lang);
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('the head nurse’s pages: home, board, recalls, a recall, the catalog, users, the workload report', async () => {
    problems = [];
    const page = await session(head);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      await open(page, '/', (p) => p.getByTestId('tile-board').waitFor());
      await check(page, 'home-head-nurse', lang);
      await open(page, '/board', (p) => p.getByTestId('board-recall').nth(1).waitFor());
      await check(page, 'board', lang);
      await open(page, '/recalls', (p) => p.getByTestId('recall-row').nth(1).waitFor());
      await check(page, 'recalls', lang);
      // The form to open a recall, sent empty: its own messages.
      await page.getByTestId('open-recall').click();
      await page.getByTestId('recall-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      await check(page, 'recalls-open-form', lang);
      await open(page, `/recalls/${manualRecallId}`, (p) => p.getByTestId('recall-follow-up').waitFor());
      await check(page, 'recall', lang);
      // Closing asks first (a dialog with the service's buttons in the page's language).
      await page.getByTestId('close-recall').click();
      await page.getByTestId('close-note').waitFor();
      await check(page, 'recall-close-dialog', lang);
      await page.keyboard.press('Escape');
      await page.getByTestId('close-note').waitFor({ state: 'detached' });
      for (const kind of CATALOG) {
        await open(page, `/catalog/${kind}`, (p) => p.locator('tr[data-row-key]').first().waitFor());
        // The catalog is where both names are entered: each row shows its Chinese and its English name, as stored.
        await check(page, `catalog-${kind}`, lang, { values: bothNames });
      }
      await open(page, '/users', (p) => p.locator("tr[data-row-key]").first().waitFor());
      await check(page, 'users', lang);
      // A new user's dialog, sent empty: antd's validation messages and the dialog's buttons.
      await page.getByTestId('new').click();
      await page.getByTestId('form-submit').click();
      await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
      await check(page, 'users-new-dialog', lang);
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal').waitFor({ state: 'detached' });
      await open(page, '/reports/workload', (p) => p.locator("tr[data-row-key]").first().waitFor());
      await check(page, 'report-workload', lang);
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('the department’s pages, on a station PC and on a tablet: its packs, the recall, provenance', async () => {
    problems = [];
    const page = await session(c.departmentUser);
    for (const lang of LANGUAGES) {
      await switchTo(page, lang);
      await open(page, '/', (p) => p.getByTestId('tile-department').waitFor());
      await check(page, 'home-department', lang);
      await open(page, '/department', (p) => p.getByTestId('recalled').waitFor());
      await scan(page, UNKNOWN_BARCODE); // refused: the service's reason, in the page's language
      await page.locator('[data-testid="result"][data-outcome="error"]').waitFor();
      await check(page, 'department', lang, { tablet: true });
      await open(page, `/provenance/${used}`, (p) => p.getByTestId('provenance-record').waitFor());
      await check(page, 'provenance-department', lang, { tablet: true });
    }
    await page.context().close();
    expect(problems).toEqual([]);
  }, 600_000);

  it('a nurse is offered none of the head nurse’s or administrator’s pages and cannot open them by address; a department user gets only its own two', async () => {
    const headPages = ['/board', '/recalls', `/recalls/${manualRecallId}`, '/catalog', ...CATALOG.map((k) => `/catalog/${k}`), '/users', '/reports/workload'];
    const nurse = await session(c.nurse);
    await nurse.goto('/');
    await nurse.getByTestId('tile-provenance').waitFor();
    expect(await tiles(nurse)).toEqual(['tile-station-recycling', 'tile-station-cleaning', 'tile-station-packing', 'tile-station-loading', 'tile-station-storage', 'tile-station-dispatch', 'tile-provenance']);
    for (const path of [...headPages, '/monitoring', '/department']) await forbidden(nurse, path);
    await nurse.context().close();

    const dept = await session(c.departmentUser);
    await dept.goto('/');
    await dept.getByTestId('tile-provenance').waitFor();
    expect(await tiles(dept)).toEqual(['tile-department', 'tile-provenance']);
    for (const path of [...headPages, '/monitoring', ...ZONES.map((z) => `/station/${z}`)]) await forbidden(dept, path);
    await dept.context().close();
  }, 600_000);

  const tiles = (page: Page) => page.locator('[data-testid^="tile-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
  /** The page refuses, says why, and shows none of its content (nor asks the service for it). */
  async function forbidden(page: Page, path: string) {
    const asked: string[] = [];
    const listen = (r: { url(): string }) => asked.push(new URL(r.url()).pathname);
    page.on('request', listen);
    await page.goto(path);
    await page.getByTestId('forbidden').waitFor();
    page.off('request', listen);
    expect({ path, text: await page.getByTestId('forbidden').textContent() }).toEqual({ path, text: expect.stringContaining('您的角色无权访问此页面') });
    expect({ path, asked: asked.filter((p) => p.startsWith('/api/') && p !== '/api/auth/me') }).toEqual({ path, asked: [] });
  }
});
