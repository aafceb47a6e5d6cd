import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.js';
import { launchChromium, stationContextOptions } from './chromium.mjs';

/**
 * A real Chromium (shipped inside the @sparticuz/chromium npm package: no download, no apt)
 * driven by playwright-core, against the real service listening on a free port.
 */
export interface BrowserHarness {
  browser: Browser;
  baseUrl: string;
  newPage(opts?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(t: TestApp): Promise<BrowserHarness> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const browser = await launchChromium();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    browser,
    baseUrl,
    async newPage({ width = 1366, height = 768 } = {}) {
      const context = await browser.newContext(stationContextOptions(baseUrl, { width, height }));
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

/**
 * Screenshots are test artifacts (git-ignored), under test-artifacts/screenshots, written when
 * CSSD_SCREENSHOTS=1: a full-page PNG costs the suite time and nothing checks it.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.CSSD_SCREENSHOTS !== '1') return;
  mkdirSync('test-artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: `test-artifacts/screenshots/${name}.png`, fullPage: true });
}

/** Types what a keyboard-wedge scanner types into the focused field: the code, then Enter. */
/**
 * Waits until the station's scan field has the focus back (after Enter in another field): it
 * comes back a task later, and a scan typed before that would land in the other field.
 */
export async function scanFieldFocused(page: Page): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'scan');
}

export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 2 });
  await page.keyboard.press('Enter');
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('me').waitFor();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** An accessibility check of the page as it is now (axe-core): the serious and critical violations, by rule. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as a <script> tag: the pages' CSP (script-src 'self') stays on.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ') })))`,
  )) as {
    id: string;
    impact: string;
    nodes: number;
    target: string;
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes}×, e.g. ${v.target})`);
}

export type Language = 'zh-CN' | 'en';

/**
 * Latin terms that Chinese CSSD documents write as they are (WS 310 writes "B-D 试验", "PCD",
 * "A0 值"; units and file formats): allowed inside the Chinese pages' own text, nothing else is.
 */
const LATIN_IN_CHINESE = [
  'B-D',
  'PCD',
  'PIN',
  'GTIN',
  'SMS',
  'CSV',
  'PDF',
  'Tyvek',
  'kPa',
  'kg',
  'mg/L',
  'cm',
  'uS/cm',
  'cfu/m3',
  'cfu/mL',
  '%RH',
];
/** Longest first: 'cm' taken out of 'uS/cm' first would leave 'uS'. */
const LATIN_TERMS_LONGEST_FIRST = [...LATIN_IN_CHINESE].sort((x, y) => y.length - x.length);
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const LATIN_WORD = /[A-Za-z]{2,}/;
/** The service's machine-readable error codes (PACK_WRONG_STATE), shown small beside its message: codes, not words. */
const ERROR_CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

/**
 * The values of `data` that occur in `text`: each value filed under its last four characters, then
 * one pass over the text's end positions (a barcode's digits vary at its end, so the buckets stay
 * small), instead of searching the text once per value.
 */
function valuesIn(text: string, data: readonly string[]): string[] {
  const K = 4;
  const bySuffix = new Map<string, string[]>();
  const found = new Set<string>();
  for (const v of new Set(data)) {
    if (!v) continue;
    if (v.length < K) {
      if (text.includes(v)) found.add(v);
      continue;
    }
    const key = v.slice(-K);
    const list = bySuffix.get(key);
    if (list) list.push(v);
    else bySuffix.set(key, [v]);
  }
  for (let end = K; end <= text.length; end++) {
    const candidates = bySuffix.get(text.slice(end - K, end));
    if (candidates) for (const v of candidates) if (v.length <= end && text.startsWith(v, end - v.length)) found.add(v);
  }
  return [...found];
}

/**
 * The page's own visible strings that are in the other language: every visible text (and
 * placeholder) in the document — dialogs, pop-ups and antd's own texts included — once the
 * data values it shows (codes, barcodes, people's names, what a person typed: `data`) are taken
 * out. A part that declares its own language (`lang`, as the language switch does) is not the
 * page's text. Under 简体中文 no English word is left; under English no CJK character.
 */
export async function otherLanguageText(page: Page, lang: Language, data: readonly string[]): Promise<string[]> {
  const { declared, texts } = await page.evaluate((language) => {
    const out: string[] = [];
    const visible = (el: Element) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    const ownLanguage = (el: Element) => (el.closest('[lang]')?.getAttribute('lang') ?? language) === language;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = (n.textContent ?? '').trim();
      if (!el || !text || el.closest('script, style, noscript') || !ownLanguage(el) || !visible(el)) continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll('[placeholder]'))
      if (visible(el) && ownLanguage(el)) out.push(el.getAttribute('placeholder') ?? '');
    return { declared: document.documentElement.lang, texts: out };
  }, lang);
  if (declared !== lang) return [`<html lang="${declared}">`];
  // Only the values this page shows: the shared database holds thousands (every barcode, user and
  // lot of the run), and splitting every text node by each of them took minutes per page.
  const values = valuesIn(texts.join('\n'), data).sort((a, b) => b.length - a.length);
  const wrong: string[] = [];
  for (const text of texts) {
    let rest = text;
    for (const v of values) if (rest.includes(v)) rest = rest.split(v).join(' ');
    rest = rest.replace(ERROR_CODE, ' ');
    if (lang === 'zh-CN') {
      for (const term of LATIN_TERMS_LONGEST_FIRST) rest = rest.split(term).join(' ');
      if (LATIN_WORD.test(rest)) wrong.push(text);
    } else if (CJK.test(rest)) wrong.push(text);
  }
  return [...new Set(wrong)];
}

/**
 * The page as it is, read in English and then in 简体中文 (switched with the header's button, as a
 * person does): its serious accessibility problems and its strings in the other language (`data`:
 * the values it shows as stored), each prefixed with `name` and the language; a screenshot of each
 * (`<name>-<lang>`).
 */
export async function problemsInEachLanguage(page: Page, name: string, data: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const lang of ['en', 'zh-CN'] as Language[]) {
    if ((await page.evaluate(() => document.documentElement.lang)) !== lang) await page.getByTestId('language').click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    for (const p of await accessibilityProblems(page)) problems.push(`${name} ${lang}: axe ${p}`);
    for (const s of await otherLanguageText(page, lang, data)) problems.push(`${name} ${lang}: "${s}"`);
    await screenshot(page, `${name}-${lang}`);
  }
  return problems;
}
