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

/** Screenshots are test artifacts (git-ignored), under test-artifacts/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: `test-artifacts/screenshots/${name}.png`, fullPage: true });
}

/** Types what a keyboard-wedge scanner types into the focused field: the code, then Enter. */
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
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0] && v.nodes[0].target.join(' ') })))`)) as {
    id: string;
    impact: string;
    nodes: number;
    target: string;
  }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes}×, e.g. ${v.target})`);
}
