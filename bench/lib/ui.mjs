// Section 8: the stations in the browser (issue 12, "Speed"). The built pages (dist/web) as a
// station PC gets them from the service: what the bundle weighs, how long a station's first page
// takes until its scan field is ready, and how long a scan takes from the Enter key to its answer
// on screen — measured inside the page (performance.now(), a MutationObserver on the result
// panel), so the driver's round trips to the browser are not in the figures.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expectOk, login, SetupError } from './http.mjs';
import { summary } from './stats.mjs';

/** What dist/web holds, by kind (js, css, html, font, other): files, raw and gzip bytes; the JS chunks, largest first. */
export function bundleSize(webDir) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ file: path.slice(webDir.length + 1), raw: statSync(path).size, path });
    }
  };
  walk(webDir);
  const kindOf = (f) =>
    /\.m?js$/.test(f) ? 'js' : f.endsWith('.css') ? 'css' : f.endsWith('.html') ? 'html' : /\.(woff2?|ttf|otf)$/.test(f) ? 'font' : 'other';
  const kinds = {};
  for (const f of files) {
    f.kind = kindOf(f.file);
    // Fonts (woff2) are compressed already: gzip is only worth knowing for text.
    f.gzip = f.kind === 'font' ? f.raw : gzipSync(readFileSync(f.path)).length;
    const k = (kinds[f.kind] ??= { files: 0, raw: 0, gzip: 0 });
    k.files++;
    k.raw += f.raw;
    k.gzip += f.gzip;
  }
  const chunks = files
    .filter((f) => f.kind === 'js')
    .sort((a, b) => b.raw - a.raw)
    .map(({ file, raw, gzip }) => ({ file, raw, gzip }));
  return { kinds, chunks, largestChunk: chunks[0] ?? null };
}

/**
 * Installed in every page before its own scripts (playwright's addInitScript): signs the page in
 * the way the app keeps its token (sessionStorage), and records in the page's own clock when the
 * scan field first has the focus and the station is ready, when Enter goes down in the field, and
 * when the result panel shows the armed scan's answer (DOM changed, then the frame after it painted).
 */
function pageProbe(token) {
  if (token && !sessionStorage.getItem('cssd.token')) sessionStorage.setItem('cssd.token', token);
  const b = (window.__uiBench = { focusAt: null, readyAt: null, apiCalls: 0, armed: null, wait: null });
  // The page's requests to the service still open: the station is ready once those open when the
  // scan field takes the focus (who is signed in, the catalogs scanned codes are looked up in) are answered.
  const open = new Set();
  const fetch = window.fetch;
  window.fetch = (...args) => {
    const p = fetch.apply(window, args);
    if (String(args[0]?.url ?? args[0]).includes('/api/')) {
      b.apiCalls++;
      open.add(p);
      const done = () => open.delete(p);
      p.then(done, done);
    }
    return p;
  };
  const isScan = (el) => !!el && el.nodeType === 1 && !!el.closest('[data-testid="scan"]');
  document.addEventListener(
    'focusin',
    (e) => {
      if (b.focusAt !== null || !isScan(e.target)) return;
      b.focusAt = performance.now();
      const calls = b.apiCalls;
      Promise.allSettled([...open]).then(() => {
        b.readyAt = performance.now();
        b.apiCallsAtReady = calls;
      });
    },
    true,
  );
  const isConfirm = (el) => !!el && el.nodeType === 1 && !!el.closest('[data-testid="count-confirm"]');
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Enter' || !b.armed) return;
      if (b.armed.enterAt === null && isScan(e.target)) b.armed.enterAt = performance.now();
      // Recycling: the nurse's last Enter is the one that confirms the count (the set's code scanned again).
      else if (b.armed.enterAt !== null && b.armed.confirmAt === null && isConfirm(e.target)) b.armed.confirmAt = performance.now();
    },
    true,
  );
  // The panel's first line reads "<outcome> · <code>[ · <error code>]" (web/src/components/ResultPanel.tsx).
  const shown = () => {
    const el = document.querySelector('[data-testid="result"][data-outcome]');
    if (!el) return null;
    const parts = (el.firstElementChild?.textContent ?? '').split(' · ');
    return {
      code: parts[1],
      outcome: el.getAttribute('data-outcome'),
      errorCode: parts[2] ?? null,
      message: el.querySelector('[data-testid="result-message"]')?.textContent ?? '',
    };
  };
  const check = () => {
    const a = b.armed;
    if (!a || a.enterAt === null || a.domAt !== null) return;
    const r = shown();
    if (!r || r.code !== a.code) return;
    a.domAt = performance.now();
    Object.assign(a, r);
    // The scan's request, as the page's resource timing saw it (the buffer is cleared at each arm).
    const req = performance
      .getEntriesByType('resource')
      .filter((x) => x.initiatorType === 'fetch' && x.name.includes('/api/'))
      .pop();
    if (req) {
      a.requestStart = req.startTime;
      a.requestEnd = req.responseEnd;
    }
    // rAF runs just before the frame is painted; a message posted from it arrives after the paint.
    requestAnimationFrame(() => {
      a.frameAt = performance.now();
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        a.paintedAt = performance.now();
        a.resolve();
      };
      ch.port2.postMessage(null);
    });
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  b.arm = (code) => {
    performance.clearResourceTimings();
    let resolve;
    b.wait = new Promise((r) => (resolve = r));
    b.armed = {
      code,
      enterAt: null,
      confirmAt: null,
      domAt: null,
      frameAt: null,
      paintedAt: null,
      requestStart: null,
      requestEnd: null,
      resolve,
    };
  };
}

/**
 * CPU time used so far by all of the browser's processes, in ms (null if the browser does not tell).
 * Unlike wall time it hardly grows when other work on the machine delays the browser.
 */
export async function browserCpu(browser) {
  const cdp = await browser.newBrowserCDPSession();
  return async () => {
    try {
      return (await cdp.send('SystemInfo.getProcessInfo')).processInfo.reduce((a, p) => a + p.cpuTime, 0) * 1000;
    } catch {
      return null;
    }
  };
}

/** A station PC on a hospital LAN, as Chromium's network emulation makes it: 100 Mbit/s each way, 2 ms round trip. */
export const LAN = { name: '100 Mbit/s, 2 ms round trip', latency: 2, bytesPerSecond: 100e6 / 8 };

async function stationPage(browser, baseUrl, token, contextOptions) {
  const context = await browser.newContext(contextOptions(baseUrl));
  await context.addInitScript(pageProbe, token);
  const page = await context.newPage();
  return { context, page };
}

/**
 * One station's first page in a fresh browser context (empty cache), then the same page again
 * in that context (warm cache). Ready = the scan field has the focus and the station's start-up
 * requests (who is signed in, the catalogs that scanned codes are looked up in) have answered.
 */
export async function firstPageRun(browser, baseUrl, token, zone, { contextOptions, cpu, network = null }) {
  const { context, page } = await stationPage(browser, baseUrl, token, contextOptions);
  try {
    // Bytes on the wire from the DevTools protocol: the page's resource timing reports 0 for them here.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (network)
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: network.latency,
        downloadThroughput: network.bytesPerSecond,
        uploadThroughput: network.bytesPerSecond,
      });
    let wire = { requests: 0, bytes: 0, cached: 0 };
    cdp.on('Network.requestServedFromCache', () => wire.cached++);
    cdp.on('Network.loadingFinished', (e) => {
      wire.requests++;
      wire.bytes += e.encodedDataLength;
    });
    const once = async () => {
      wire = { requests: 0, bytes: 0, cached: 0 };
      const cpuBefore = await cpu();
      await page.goto(`/station/${zone}`, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__uiBench?.readyAt != null, null, { timeout: 60_000 });
      await page.waitForLoadState('networkidle', { timeout: 30_000 }); // the fonts the page asked for, for the byte count
      const timing = await page.evaluate(() => {
        const b = window.__uiBench;
        return {
          focusMs: b.focusAt,
          readyMs: b.readyAt,
          apiCalls: b.apiCallsAtReady,
          domContentLoadedMs: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
        };
      });
      const cpuAfter = await cpu();
      return {
        ...timing,
        browserCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
        requests: wire.requests,
        fromCache: wire.cached,
        transferBytes: wire.bytes,
      };
    };
    const cold = await once();
    const warm = await once();
    return { cold, warm };
  } finally {
    await context.close();
  }
}

export function summarizeFirstPages(runs) {
  const of = (which) => ({
    ready: summary(runs.map((r) => r[which].readyMs)),
    focus: summary(runs.map((r) => r[which].focusMs)),
    transferBytes: summary(runs.map((r) => r[which].transferBytes)),
    requests: summary(runs.map((r) => r[which].requests)),
    fromCache: summary(runs.map((r) => r[which].fromCache)),
    browserCpu: summary(runs.map((r) => r[which].browserCpuMs).filter((v) => v !== null)),
  });
  return { runs: runs.length, cold: of('cold'), warm: of('warm') };
}

/**
 * Fresh instrument sets to recycle from the browser: recycling a set that is not in circulation
 * always succeeds and makes its new pack, so each is one valid scan (the data set's own sets are
 * mid-chain, and a scan repeated is refused). Made through the API, as a head nurse would.
 */
export async function prepareBrowserScans(client, { users, runTag, count }) {
  const head = users.find((u) => u.role === 'head_nurse');
  const nurse = users.find((u) => u.role === 'nurse');
  if (!head || !nurse) throw new SetupError('the data set has no head_nurse or no nurse account');
  const headToken = await login(client, head.username, head.password);
  const auth = { token: headToken };
  const department = expectOk(await client.get('/api/departments', auth), 'GET /api/departments').find((d) => d.active);
  if (!department) throw new SetupError('no active department');
  const templates = expectOk(await client.get('/api/set-templates', auth), 'GET /api/set-templates').filter(
    (t) => t.active && !t.critical && !t.implant && !t.dressing,
  );
  if (templates.length === 0) throw new SetupError('no active non-critical, non-implant set template');
  const codes = Array.from({ length: count }, (_, i) => `BENCH-UI-${runTag}-${String(i + 1).padStart(4, '0')}`);
  for (let i = 0; i < codes.length; i += 16) {
    await Promise.all(
      codes.slice(i, i + 16).map(async (assetCode, j) => {
        const templateId = templates[(i + j) % templates.length].id;
        expectOk(
          await client.post('/api/instrument-sets', { assetCode, templateId, homeDepartmentId: department.id }, auth),
          `POST /api/instrument-sets ${assetCode}`,
        );
      }),
    );
  }
  return { token: await login(client, nurse.username, nurse.password), nurse: nurse.username, department, codes };
}

/** A recycling station in the browser with the department scanned, ready for sets. */
export async function openScanStation(browser, baseUrl, prep, { contextOptions, cpu }) {
  const { context, page } = await stationPage(browser, baseUrl, prep.token, contextOptions);
  await page.goto('/station/recycling');
  await page.waitForFunction(() => window.__uiBench?.readyAt != null, null, { timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 30_000 });
  // Recycling asks who handed the sets over, once per round, and counts each set against its
  // template in a dialog: the bench confirms the count as found complete (Enter → result then
  // includes the template look-up and that confirmation, done at once).
  await page.getByTestId('handover').fill('Bench ward nurse');
  await page.getByTestId('handover').press('Enter');
  const station = { context, page, cpu, scan: (code) => scanOnce(page, code, { countDialog: true }) };
  const first = await scanOnce(page, prep.department.code);
  if (first.outcome !== 'ok')
    throw new SetupError(
      `the recycling page did not take the department's code ${prep.department.code}: ${first.outcome} ${first.errorCode ?? ''} ${first.message ?? ''}`,
    );
  return station;
}

/** Types the code and Enter as a keyboard-wedge scanner does, and reads what the page measured. */
async function scanOnce(page, code, { countDialog = false, timeoutMs = 15_000 } = {}) {
  await page
    .waitForFunction(() => !!document.activeElement?.closest('[data-testid="scan"]'), null, { timeout: 5_000 })
    .catch(async (e) => {
      const where = await page.evaluate(() => {
        const a = document.activeElement;
        return `${a?.tagName ?? 'none'}[${a?.getAttribute('data-testid') ?? a?.className ?? ''}] dialogs: ${document.querySelectorAll('.ant-modal-wrap').length}; result: ${document.querySelector('[data-testid="result-message"]')?.textContent ?? '—'}`;
      });
      throw new Error(`the scan field did not have the focus before scanning ${code} (focus on ${where}): ${e.message}`);
    });
  await page.evaluate((c) => window.__uiBench.arm(c), code);
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  if (countDialog) {
    // The nurse scans the set's code again in the count dialog (its confirm field has the focus).
    const confirm = page.getByTestId('count-confirm');
    const shown = await confirm.waitFor({ timeout: timeoutMs }).then(
      () => true,
      () => false,
    ); // no dialog: the answer (a refusal) came first
    if (shown) {
      // The nurse scans once the dialog is there and its confirm field has the focus.
      await page.waitForFunction(() => !!document.activeElement?.closest('[data-testid="count-confirm"]'), null, { timeout: timeoutMs });
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
    }
  }
  const a = await page.evaluate(
    (ms) =>
      Promise.race([window.__uiBench.wait.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]).then((answered) => {
        const { resolve: _, ...m } = window.__uiBench.armed;
        return { ...m, answered };
      }),
    timeoutMs,
  );
  return {
    code,
    answered: a.answered,
    outcome: a.outcome ?? null,
    errorCode: a.errorCode ?? null,
    message: a.message ?? null,
    // Timed from the nurse's last Enter: at recycling the one that confirms the count (the set's
    // code scanned again in the dialog), elsewhere the scan's own. The whole scan, from the first
    // Enter (template look-up, the dialog, the confirmation), is kept apart.
    domMs: a.answered ? a.domAt - (a.confirmAt ?? a.enterAt) : null,
    paintedMs: a.answered ? a.paintedAt - (a.confirmAt ?? a.enterAt) : null,
    wholeMs: a.answered ? a.paintedAt - a.enterAt : null,
    // Enter → the request leaves; the request itself (network + service) as the page timed it.
    beforeRequestMs: a.answered && a.requestStart !== null ? a.requestStart - (a.confirmAt ?? a.enterAt) : null,
    requestMs: a.answered && a.requestStart !== null ? a.requestEnd - a.requestStart : null,
  };
}

/** Scans `codes` one after another until they run out or `shouldStop()`; samples as scanOnce gives them. */
export async function scanSeries(station, codes, { shouldStop = () => false } = {}) {
  const samples = [];
  const cpu0 = await station.cpu();
  while (codes.length && !shouldStop()) samples.push(await station.scan(codes.shift()));
  const cpu1 = await station.cpu();
  // The browser's CPU per scan: the typing, the Enter, the request and drawing the answer.
  samples.browserCpuMs = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
  return samples;
}

export function summarizeScans(samples) {
  const answered = samples.filter((s) => s.answered);
  const refused = {};
  for (const s of answered.filter((x) => x.outcome === 'error'))
    refused[s.errorCode ?? s.message] = (refused[s.errorCode ?? s.message] ?? 0) + 1;
  return {
    scans: samples.length,
    browserCpuPerScanMs: samples.length && samples.browserCpuMs != null ? samples.browserCpuMs / samples.length : null,
    unanswered: samples.length - answered.length,
    refused: answered.length - answered.filter((s) => s.outcome !== 'error').length,
    refusedBy: refused,
    painted: summary(answered.map((s) => s.paintedMs)),
    whole: summary(answered.map((s) => s.wholeMs)),
    dom: summary(answered.map((s) => s.domMs)),
    beforeRequest: summary(answered.filter((s) => s.beforeRequestMs !== null).map((s) => s.beforeRequestMs)),
    request: summary(answered.filter((s) => s.requestMs !== null).map((s) => s.requestMs)),
  };
}
