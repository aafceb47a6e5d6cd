#!/usr/bin/env node
// A station's first page, two builds compared in alternating runs (A B B A A B …) in one sitting,
// on one data set: on a shared, busy machine wall times drift from minute to minute, so a
// before/after pair measured apart says little; interleaved, both builds see the same drift.
//
//   node bench/first-page-ab.mjs --a /tmp/old [--b .] [--runs 10] [--zone recycling] [--network lan|none] [--trace dir]
//
// --a / --b: directories holding a built `dist/` (dist/src/main.js and dist/web), e.g. a copy of
// this repository's dist/ taken before a change, with node_modules and package.json beside it
// (`cp -r dist /tmp/old/ && cp package.json /tmp/old/ && ln -s "$PWD/node_modules" /tmp/old/`).
// The data set is the newest `npm run bench:data` summary (embedded PostgreSQL); build A's
// service starts it, build B's connects to it. Each run is bench/lib/ui.mjs `firstPageRun`, the
// bench's own: a fresh browser context, the page cold, then warm.
// --trace: one more cold run per build with a Chromium performance trace written to that folder
// (open it in the DevTools' Performance panel), and the page's main-thread time by activity printed.
// --screenshots: the page of each build once ready, as PNG in that folder (to see that both look the same).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { embeddedUrl, generatedDataSet, newestDataFile } from './lib/data.mjs';
import { HttpClient, login } from './lib/http.mjs';
import { freePort, Service } from './lib/service.mjs';
import { summary } from './lib/stats.mjs';
import { browserCpu, firstPageRun, LAN } from './lib/ui.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string', default: REPO },
    runs: { type: 'string', default: '10' },
    zone: { type: 'string', default: 'recycling' },
    network: { type: 'string', default: 'lan' },
    trace: { type: 'string' },
    screenshots: { type: 'string' },
    data: { type: 'string' },
  },
});
if (!args.a) {
  console.error(
    'usage: node bench/first-page-ab.mjs --a <dir with the old dist/> [--b <dir>] [--runs n] [--zone z] [--network lan|none] [--trace dir]',
  );
  process.exit(2);
}
const log = (m) => process.stderr.write(`${m}\n`);
const runs = Number(args.runs);
const network = args.network === 'none' ? null : LAN;

const ds = generatedDataSet(REPO, args.data ?? newestDataFile(join(REPO, 'bench', 'results')));
if (ds.mode !== 'embedded') throw new Error('this comparison runs on an embedded data set (`npm run bench:data`)');
const pgPort = ds.pgPort ?? (await freePort());
const common = { CSSD_BI_OVERDUE_POLICY: 'warn' };
const a = new Service({
  repo: resolve(args.a),
  env: { ...common, CSSD_DATA_DIR: ds.dataDir, CSSD_EMBEDDED_PG_PORT: String(pgPort) },
  port: await freePort(),
  dataDir: ds.dataDir,
});
const services = [];
let browser = null;
try {
  await a.start();
  services.push(a);
  const b = new Service({
    repo: resolve(args.b),
    env: {
      ...common,
      DATABASE_URL: embeddedUrl(ds.dataDir, pgPort),
      JWT_SECRET: readFileSync(join(ds.dataDir, 'jwt-secret'), 'utf8').trim(),
      CSSD_ALLOW_SUPERUSER: 'true',
    },
    port: await freePort(),
    dataDir: null,
  });
  await b.start();
  services.push(b);
  const nurse = ds.summary.users.find((u) => u.role === 'nurse');
  const client = new HttpClient(a.base);
  const token = await login(client, nurse.username, nurse.password);
  client.close();

  const { launchChromium, stationContextOptions } = await import('../test/browser/chromium.mjs');
  browser = await launchChromium();
  const opts = { contextOptions: stationContextOptions, cpu: await browserCpu(browser), network };
  const builds = { A: a, B: b };
  const samples = { A: [], B: [] };
  // One unmeasured page each: the service's first answers (its caches, PostgreSQL's) warm for both.
  for (const k of ['A', 'B']) await firstPageRun(browser, builds[k].base, token, args.zone, opts);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const k of order) {
      const r = await firstPageRun(browser, builds[k].base, token, args.zone, opts);
      samples[k].push(r);
      log(
        `  run ${i + 1} ${k}: cold ready ${r.cold.readyMs.toFixed(0)} ms (focus ${r.cold.focusMs.toFixed(0)}, CPU ${r.cold.browserCpuMs?.toFixed(0)}), warm ready ${r.warm.readyMs.toFixed(0)} ms`,
      );
    }
  }
  const of = (k, which, field) => summary(samples[k].map((r) => r[which][field]).filter((v) => v !== null));
  const rows = [];
  for (const which of ['cold', 'warm'])
    for (const field of ['readyMs', 'focusMs', 'domContentLoadedMs', 'browserCpuMs', 'transferBytes', 'requests']) {
      const [sa, sb] = [of('A', which, field), of('B', which, field)];
      rows.push({ which, field, A: sa, B: sb, ratioP50: sa.p50 ? sb.p50 / sa.p50 : null });
    }
  console.log(
    `first page of /station/${args.zone}, ${runs} alternating runs per build, network: ${network ? network.name : 'none (same machine)'}`,
  );
  console.log('| page | measure | A p50 / p95 | B p50 / p95 | B / A (p50) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.which} | ${r.field} | ${r.A.p50} / ${r.A.p95} | ${r.B.p50} / ${r.B.p95} | ${r.ratioP50?.toFixed(2) ?? '—'} |`);

  if (args.screenshots) {
    mkdirSync(args.screenshots, { recursive: true });
    for (const k of ['A', 'B']) {
      const context = await browser.newContext(stationContextOptions(builds[k].base));
      await context.addInitScript((t) => sessionStorage.setItem('cssd.token', t), token);
      const page = await context.newPage();
      await page.goto(`/station/${args.zone}`);
      await page.waitForFunction(() => !!document.activeElement?.closest('[data-testid="scan"]'), null, { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: join(args.screenshots, `station-${args.zone}-${k}.png`), fullPage: true });
      await context.close();
    }
  }
  if (args.trace) {
    mkdirSync(args.trace, { recursive: true });
    for (const k of ['A', 'B']) {
      const file = join(args.trace, `first-page-${k}.json`);
      await tracedRun(browser, builds[k].base, token, args.zone, stationContextOptions, file);
      log(`trace of build ${k}: ${file}`);
      console.log(`\nbuild ${k}, the page's main thread from navigation to focus: CPU time by activity (ms):`);
      for (const [name, ms] of mainThreadBreakdown(JSON.parse(readFileSync(file, 'utf8'))))
        console.log(`  ${name.padEnd(28)} ${ms.toFixed(1)}`);
    }
  }
} finally {
  await browser?.close();
  for (const s of services.reverse()) await s.stop();
}

/** One cold page with a Chromium trace (the DevTools' Performance panel categories). */
async function tracedRun(browser, base, token, zone, contextOptions, file) {
  const context = await browser.newContext(contextOptions(base));
  try {
    await context.addInitScript((t) => {
      if (!sessionStorage.getItem('cssd.token')) sessionStorage.setItem('cssd.token', t);
      document.addEventListener(
        'focusin',
        (e) => {
          if (e.target?.closest?.('[data-testid="scan"]') && !window.__focused) {
            window.__focused = performance.now();
            performance.mark('scan-focused');
          }
        },
        true,
      );
    }, token);
    const page = await context.newPage();
    if (network) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: network.latency,
        downloadThroughput: network.bytesPerSecond,
        uploadThroughput: network.bytesPerSecond,
      });
    }
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
        'v8.execute',
        'disabled-by-default-v8.cpu_profiler',
        'loading',
      ],
    });
    await page.goto(`/station/${zone}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__focused != null, null, { timeout: 60_000 });
    await page.waitForLoadState('networkidle', { timeout: 30_000 });
    writeFileSync(file, await browser.stopTracing());
  } finally {
    await context.close();
  }
}

/**
 * The renderer's main thread between the navigation's start and the scan field's focus: the
 * self time of the timeline's events, grouped as the DevTools' summary groups them.
 */
function mainThreadBreakdown(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find(
    (e) =>
      e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'scan-focused'),
  );
  if (!main) return [['(renderer main thread not found)', 0]];
  const mark = events.find((e) => e.pid === main.pid && e.name === 'scan-focused');
  const nav = events.find((e) => e.pid === main.pid && (e.name === 'navigationStart' || e.name === 'markAsMainFrame')) ?? { ts: 0 };
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.ts >= nav.ts && e.ts <= mark.ts)
    .sort((x, y) => x.ts - y.ts || y.dur - x.dur);
  const group = (n) =>
    /^(ParseHTML)$/.test(n)
      ? 'parse HTML'
      : /^(EvaluateScript|v8\.evaluateModule|v8\.run|FunctionCall|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks|v8\.callFunction|V8\.Execute)$/.test(
            n,
          )
        ? 'scripting'
        : /^(v8\.compile|v8\.compileModule|V8\.CompileCode|v8\.parseOnBackground|V8\.ScriptCompiler|CacheScript|v8\.produceModuleCache)$/.test(
              n,
            )
          ? 'compile'
          : /^(MajorGC|MinorGC|V8\.GCScavenger|V8\.GCCompactor|BlinkGC\.AtomicPhase)$/.test(n)
            ? 'garbage collection'
            : /^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|ScheduleStyleRecalculation)$/.test(n)
              ? 'style'
              : /^(Layout|UpdateLayerTree|PrePaint|Layerize)$/.test(n)
                ? 'layout'
                : /^(Paint|PaintImage|Commit|CompositeLayers|RasterTask|Decode)/.test(n)
                  ? 'paint'
                  : null;
  // Self time: a grouped event's time less its grouped children's (events nest by time). The
  // thread's CPU time (tdur) where the trace has it: on a busy machine the wall time of an event
  // includes the time the thread waited for a core.
  const totals = new Map();
  const stack = [];
  for (const e of onMain) {
    const g = group(e.name);
    if (!g) continue;
    const cpu = (e.tdur ?? e.dur) / 1000;
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) totals.set(parent.g, totals.get(parent.g) - cpu);
    totals.set(g, (totals.get(g) ?? 0) + cpu);
    stack.push({ ts: e.ts, dur: e.dur, g });
  }
  const wall = (mark.ts - nav.ts) / 1000;
  const busy = [...totals.values()].reduce((s, v) => s + v, 0);
  return [...[...totals.entries()].sort((x, y) => y[1] - x[1]), ['(busy, total CPU)', busy], ['(navigation → focus, wall)', wall]];
}
