#!/usr/bin/env node
// The reports' exports of issue 15 (see docs/scaling.md, "Exports (this session)"):
//
//   node bench/exports.mjs writers [--runs N] [--only pdf|xlsx] [--scale F] [--dist DIR] [--doc register|sterilizer|recall]
//     The pure writers in this process (dist/src/reports/*, or DIR/src/reports/*), on synthetic
//     documents of regional size: a regional month's sterilization register (3,500 cycles, 10
//     sterilizers), 8,000 cycles, one sterilizer's month (800 cycles) and a recall report (3,000
//     packs, ~1,400 patients, 250 loads). Independent of any data set: what the PDF and XLSX
//     writing costs. Prints each run's time, the median and the median CPU time of the process
//     (user + system: less sensitive to a machine shared with others).
//
//   node bench/exports.mjs ab --dist DIR [--runs N] [--only pdf|xlsx] [--doc …]
//     The same documents written by this build and by DIR's (a baseline: `cp -r dist scratch/base-dist`
//     before building a change), runs interleaved in one process; medians and the CPU-time ratio.
//
//   node bench/exports.mjs compare --dist DIR [--scale F]
//     This build's PDFs against DIR's: the same pages, the same text on each (PDF.js), the same
//     pixels on the first two pages and the last. Exits 1 when they differ.
//
//   node bench/exports.mjs service [sterilizer code, default S1] [--recall ID] [--sections register,sterilizer,recall]
//       [--runs N, default 2]
//     Against the service started as `npm start` starts it on the generated data in bench/.data
//     (`npm run bench:data -- --preset hospital --reset`): the register of the data set's last full
//     month, S1's record over that month, and the data set's largest recall, each as JSON, XLSX and
//     PDF. Read only.
//
// All need `npm run build` first. Run with `nice -n 10` on a shared machine.
import { readFileSync } from 'node:fs';

const mode = process.argv[2] ?? 'writers';
const arg = (name, dflt) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A small deterministic generator, so that every run lays out the same documents. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周丽', '吴军', '徐婷', '孙超'];
const PROGRAMS = [
  { code: 'P134', nameZh: '134℃ 标准程序', nameEn: '134 °C standard' },
  { code: 'P121', nameZh: '121℃ 织物程序', nameEn: '121 °C textiles' },
  { code: 'PIMP', nameZh: '134℃ 植入物程序', nameEn: '134 °C implants' },
  { code: 'PH2O2', nameZh: '过氧化氢低温程序', nameEn: 'H2O2 low temperature' },
];
const DEPARTMENTS = [
  ['OR', '手术室', 'Operating rooms'],
  ['ICU', '重症医学科', 'Intensive care'],
  ['ER', '急诊科', 'Emergency'],
  ['BURN', '烧伤科', 'Burns'],
  ['ORTH', '骨科', 'Orthopaedics'],
  ['GYN', '妇产科', 'Obstetrics & gynaecology'],
  ['DENT', '口腔科', 'Dentistry'],
  ['ENT', '耳鼻喉科', 'ENT'],
].map(([code, nameZh, nameEn]) => ({ code, nameZh, nameEn }));
const SETS = [
  ['T-APP', '阑尾切除器械包'],
  ['T-LAP', '腹腔镜器械包'],
  ['T-ORTH', '骨科基础器械包'],
  ['T-CS', '剖宫产器械包'],
  ['T-DRESS', '换药包'],
  ['T-SUT', '缝合包'],
  ['T-TRACH', '气管切开包'],
  ['T-IMP', '骨科植入物器械包'],
].map(([code, nameZh]) => ({ code, nameZh, nameEn: code }));

/** A month of register lines (the shape registerLine() answers), sterilizer by sterilizer. */
function registerGroups(sterilizers, cyclesPerSterilizer, seed = 1) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const start = Date.parse('2026-11-01T00:00:00+08:00');
  const groups = [];
  for (let s = 0; s < sterilizers; s++) {
    const sterilizer = { id: `s${s}`, code: `S${s + 1}`, nameZh: `${s + 1}号脉动真空灭菌器`, nameEn: `Pre-vacuum steriliser ${s + 1}` };
    const cycles = [];
    for (let i = 0; i < cyclesPerSterilizer; i++) {
      const startedAt = start + i * Math.floor((30 * 86_400_000) / cyclesPerSterilizer) + Math.floor(r() * 600_000);
      const bowieDick = i % 27 === 0;
      const failed = r() < 0.01;
      const pending = r() < 0.02;
      const released = !failed && !pending && !bowieDick;
      const biTotal = r() < 0.3 ? 1 : 0;
      cycles.push({
        kind: bowieDick ? 'bowie_dick' : 'sterilization',
        cycleNo: 1000 + i,
        program: bowieDick ? null : pick(PROGRAMS),
        emptyChamber: !bowieDick && r() < 0.01,
        startedAt: new Date(startedAt).toISOString(),
        completedAt: new Date(startedAt + 45 * 60_000 + Math.floor(r() * 600_000)).toISOString(),
        physical: {
          tempMinC: 134 + Math.round(r() * 10) / 10,
          tempMaxC: 136 + Math.round(r() * 10) / 10,
          pressureMinKpa: 200 + Math.round(r() * 100) / 10,
          pressureMaxKpa: 210 + Math.round(r() * 100) / 10,
          holdMinutes: 4 + Math.round(r() * 10) / 10,
          passed: !failed,
        },
        operator: pick(PEOPLE),
        loadingCheck: bowieDick ? null : { passed: true, by: pick(PEOPLE), secondBy: r() < 0.5 ? pick(PEOPLE) : null },
        packs: bowieDick ? 0 : 5 + Math.floor(r() * 40),
        chemicalPassed: bowieDick ? null : !failed,
        bd: bowieDick ? { passed: true, cycleNo: 1000 + i } : { passed: true, cycleNo: 1000 + i - (i % 27) },
        bis: { total: biTotal, passed: biTotal && !pending ? 1 : 0, failed: 0, pending: biTotal && pending ? 1 : 0, invalid: 0 },
        released: released ? { by: [pick(PEOPLE), pick(PEOPLE)], at: new Date(startedAt + 60 * 60_000).toISOString() } : null,
        notReleased: failed
          ? { zh: '物理监测不合格', en: 'physical record out of limits' }
          : pending
            ? { zh: '等待生物监测结果', en: 'waiting for its biological indicator' }
            : null,
      });
    }
    groups.push({ sterilizer, cycles });
  }
  return groups;
}

/** A recall report (the shape recallReport() answers) of `packs` packs. */
function recallData(packs, seed = 2) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const opened = Date.parse('2026-11-20T09:00:00+08:00');
  const dispositions = ['not_found', 'pulled', 'returned', 'used', 'use_not_recorded', 'out_of_circulation'];
  const counts = Object.fromEntries(dispositions.map((d) => [d, 0]));
  const loads = [];
  for (let i = 0; i < Math.ceil(packs / 12); i++)
    loads.push({
      sterilizer: { code: 'S1', nameZh: '1号脉动真空灭菌器' },
      cycleNo: 5000 + i,
      program: pick(PROGRAMS),
      startedAt: new Date(opened - (i + 1) * 3_600_000).toISOString(),
      completedAt: new Date(opened - (i + 1) * 3_600_000 + 2_700_000).toISOString(),
      packs: 12,
      counts: Object.fromEntries(dispositions.map((d) => [d, Math.floor(r() * 4)])),
    });
  const items = [];
  for (let i = 0; i < packs; i++) {
    const disposition = r() < 0.35 ? 'used' : pick(dispositions);
    counts[disposition]++;
    const l = loads[Math.floor(i / 12)];
    items.push({
      barcode: `P2026${String(100000 + i).padStart(8, '0')}`,
      set: pick(SETS),
      sterilizerCode: 'S1',
      cycleNo: l.cycleNo,
      stateAtRecallName: pick([
        { zh: '已发放', en: 'dispatched' },
        { zh: '库存', en: 'in storage' },
        { zh: '已使用', en: 'used' },
      ]),
      department: pick(DEPARTMENTS),
      disposition,
      accountedAt: new Date(opened + i * 60_000).toISOString(),
      accountedBy: pick(PEOPLE),
      station: `WS-${1 + Math.floor(r() * 9)}`,
      patientId: disposition === 'used' ? `MRN${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : null,
      operationId: disposition === 'used' ? `OP${Math.floor(r() * 1e6)}` : null,
      usedAt: new Date(opened - i * 90_000).toISOString(),
    });
  }
  const timeline = [
    {
      at: new Date(opened).toISOString(),
      text: { zh: `发起召回：${packs} 个包`, en: `Recall opened: ${packs} pack(s)` },
      department: null,
      barcode: null,
      by: '张伟',
      station: null,
    },
    ...items.map((p) => ({
      at: p.accountedAt,
      text: { zh: `登记：${p.disposition}`, en: `Accounted for as ${p.disposition}` },
      department: p.department,
      barcode: p.barcode,
      by: p.accountedBy,
      station: p.station,
    })),
  ];
  return {
    number: 'RC-20261120-0001',
    status: 'closed',
    triggerName: { zh: '生物监测阳性', en: 'positive BI' },
    reason: { zh: '生物监测阳性', en: 'positive biological indicator' },
    department: null,
    triggeredBy: {
      kind: 'bi',
      sterilizerCode: 'S1',
      cycleNo: 5000,
      lot: 'BI-2611',
      product: null,
      readAt: new Date(opened).toISOString(),
      readBy: '王芳',
    },
    sterilizers: [
      {
        code: 'S1',
        nameZh: '1号脉动真空灭菌器',
        window: {
          lastPassingBi: null,
          sinceLastPassingBi: true,
          firstCycleNo: 5000,
          lastCycleNo: 5000 + loads.length,
          loads: loads.length,
          firstStartedAt: loads.at(-1).startedAt,
          lastStartedAt: loads[0].startedAt,
        },
      },
    ],
    opened: { at: new Date(opened).toISOString(), by: '张伟' },
    closed: { at: new Date(opened + 86_400_000).toISOString(), by: '王芳' },
    hoursToClose: 24,
    total: packs,
    counts,
    closing: {
      cause: '灭菌器门封老化',
      reprocessedCount: 10,
      discardedCount: 2,
      reportedTo: '医院感染管理科',
      reportedAt: new Date(opened).toISOString(),
      conclusion: '已更换门封，复测合格',
    },
    timeline,
    loads,
    packs: items,
    followUp: items
      .filter((p) => p.disposition === 'used')
      .map((p) => ({
        patientId: p.patientId,
        operationId: p.operationId,
        department: p.department,
        usedAt: p.usedAt,
        usedBy: p.accountedBy,
        barcode: p.barcode,
        set: p.set,
        sterilizerCode: 'S1',
        cycleNo: p.cycleNo,
      })),
    hospital: '示范医院 Demo Hospital',
    timezone: 'Asia/Shanghai',
  };
}

/** The synthetic documents, and the writers of a build (dist, or --dist DIR). */
async function documents(distDir, scale) {
  // --dist DIR: another build's writers (a copy of dist/ kept as the baseline), for a same-sitting ratio.
  const dist = new URL(`../${distDir}/src/reports/`, import.meta.url);
  const { reportPdf } = await import(new URL('report-pdf.js', dist));
  const { reportXlsx } = await import(new URL('report-xlsx.js', dist));
  const { registerDocument } = await import(new URL('register-export.js', dist));
  const { recallReportDocument } = await import(new URL('recall-report.js', dist));
  const meta = { hospital: '示范医院 Demo Hospital', timezone: 'Asia/Shanghai', period: '2026-11-01 — 2026-11-30' };
  const docs = [
    // A regional month: the hospital preset's month is 862 cycles in 932 kB of JSON, the regional
    // month's 3.8 MB (docs/scaling.md), so about 3,500 cycles; and 8,000, the brief's upper figure.
    ['register, regional month (10 × 350 cycles)', registerDocument(registerGroups(10, Math.round(350 * scale)), meta)],
    ['register, 8,000 cycles (10 × 800)', registerDocument(registerGroups(10, Math.round(800 * scale)), meta)],
    ['sterilizer month (1 × 800 cycles)', registerDocument(registerGroups(1, Math.round(800 * scale)), meta)],
    ['recall report (3,000 packs)', recallReportDocument(recallData(Math.round(3000 * scale)))],
  ];
  return { reportPdf, reportXlsx, docs };
}

/**
 * node bench/exports.mjs compare --dist DIR [--scale F]: the PDFs of this build and of DIR's, read
 * back by PDF.js (as the tests read them): the same pages, page by page the same text, and the
 * first two pages and the last of each drawn the same at 200 dpi, pixel for pixel.
 */
async function compare() {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const text = async (pdf) => {
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
    const pages = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
    }
    await doc.destroy();
    return pages;
  };
  // The first two pages and the last drawn by PDF.js on @napi-rs/canvas (as test/support/pdf.ts draws them): the same pixels?
  const pixels = async (pdf, pages) => {
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
    const out = [];
    for (const i of new Set([1, 2, doc.numPages])) {
      const page = await doc.getPage(i);
      const viewport = page.getViewport({ scale: 200 / 72 });
      const { canvas, context } = doc.canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      await page.render({ canvasContext: context, viewport, canvas }).promise;
      out.push(context.getImageData(0, 0, canvas.width, canvas.height).data);
    }
    await doc.destroy();
    return out;
  };
  const scale = Number(arg('--scale', 0.1));
  const mine = await documents('dist', scale);
  const theirs = await documents(arg('--dist', 'scratch/base-dist'), scale);
  const now = new Date('2026-12-02T10:00:00Z');
  let same = true;
  for (let d = 0; d < mine.docs.length; d++) {
    const [name, doc] = mine.docs[d];
    const [a, b] = [await text(await mine.reportPdf(doc, now)), await text(await theirs.reportPdf(theirs.docs[d][1], now))];
    const differing = a.map((p, i) => (p === b[i] ? null : i + 1)).filter((i) => i !== null);
    const [pa, pb] = [await pixels(await mine.reportPdf(doc, now), 2), await pixels(await theirs.reportPdf(theirs.docs[d][1], now), 2)];
    // Pixels (channels) of another value.
    const pixelsOff = pa.map((p, i) => p.reduce((n, v, j) => n + (v !== pb[i][j] ? 1 : 0), 0));
    console.log({
      document: name,
      pages: [a.length, b.length],
      charsOnPage1: a[0]?.length,
      pagesWithOtherText: differing.slice(0, 10),
      pixelsOff,
    });
    if (pixelsOff.some((n) => n > 0)) same = false;
    if (a.length !== b.length || differing.length) {
      same = false;
      const i = (differing[0] ?? 1) - 1;
      console.log({ this: a[i]?.slice(0, 400), other: b[i]?.slice(0, 400) });
    }
  }
  console.log(same ? 'same pages, same text, same pixels' : 'DIFFERENT');
  if (!same) process.exitCode = 1;
}

/**
 * node bench/exports.mjs ab --dist DIR [--runs N] [--only pdf|xlsx] [--doc …]: this build's writers
 * and DIR's (the baseline) in one process, their runs interleaved (base, this, base, this…), so
 * that a machine shared with other work slows both alike: medians of wall and CPU time, and the
 * ratio this / base.
 */
async function ab() {
  const runs = Number(arg('--runs', 3));
  const scale = Number(arg('--scale', 1));
  const only = arg('--only', null);
  const base = await documents(arg('--dist', 'scratch/base-dist'), scale);
  const mine = await documents('dist', scale);
  const now = new Date('2026-12-02T10:00:00Z');
  for (const w of [base, mine]) {
    await w.reportPdf(w.docs[3][1], now);
    await w.reportXlsx(w.docs[3][1], now);
  }
  const out = [];
  for (let d = 0; d < mine.docs.length; d++) {
    const name = mine.docs[d][0];
    if (arg('--doc', null) && !name.startsWith(arg('--doc', null))) continue;
    for (const format of ['xlsx', 'pdf']) {
      if (only && only !== format) continue;
      const t = { base: [], mine: [] };
      const c = { base: [], mine: [] };
      for (let i = 0; i < runs; i++)
        for (const [k, w] of [
          ['base', base],
          ['mine', mine],
        ]) {
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          await (format === 'pdf' ? w.reportPdf : w.reportXlsx)(w.docs[d][1], now);
          t[k].push(Math.round(performance.now() - t0));
          const cu = process.cpuUsage(c0);
          c[k].push(Math.round((cu.user + cu.system) / 1000));
        }
      const row = {
        document: name,
        format,
        baseMs: median(t.base),
        thisMs: median(t.mine),
        baseCpuMs: median(c.base),
        thisCpuMs: median(c.mine),
        ratioCpu: +(median(c.mine) / median(c.base)).toFixed(3),
      };
      out.push(row);
      console.log(row);
    }
  }
  console.table(out);
}

async function writers() {
  const runs = Number(arg('--runs', 3));
  const scale = Number(arg('--scale', 1));
  const only = arg('--only', null);
  const { reportPdf, reportXlsx, docs } = await documents(arg('--dist', 'dist'), scale);
  const now = new Date('2026-12-02T10:00:00Z');
  // Warm-up: the first PDF loads pdfkit and decompresses the font's slices (process-wide, once).
  await reportPdf(docs[3][1], now);
  await reportXlsx(docs[3][1], now);
  const out = [];
  for (const [name, doc] of docs) {
    if (arg('--doc', null) && !name.startsWith(arg('--doc', null))) continue;
    const rows = doc.sheets.reduce((a, s) => a + s.rows.length, 0);
    for (const [format, write] of [
      ['xlsx', reportXlsx],
      ['pdf', reportPdf],
    ]) {
      if (only && only !== format) continue;
      const times = [];
      const cpu = [];
      let size = 0;
      let pages;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const body = await write(doc, now);
        times.push(Math.round(performance.now() - t0));
        const c = process.cpuUsage(c0);
        cpu.push(Math.round((c.user + c.system) / 1000));
        size = body.length;
        if (format === 'pdf') pages = pdfPages(body);
      }
      out.push({
        document: name,
        rows,
        format,
        runsMs: times.join(' / '),
        medianMs: median(times),
        cpuMs: median(cpu),
        kB: Math.round(size / 1024),
        pages,
      });
      console.log(out.at(-1));
    }
  }
  console.table(out);
}

/** The page count a PDF declares (its page tree's /Count). */
function pdfPages(body) {
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(body.toString('latin1')) ?? /\/Count (\d+)/.exec(body.toString('latin1'));
  return m ? Number(m[1]) : null;
}

async function service() {
  const { startOnBenchData } = await import('./lib/npm-start.mjs');
  const d = JSON.parse(readFileSync('bench/results/data-hospital.json', 'utf8'));
  const code = process.argv.slice(3).find((a, i, all) => /^[A-Za-z]/.test(a) && !all[i - 1]?.startsWith('--')) ?? 'S1';
  const sterilizer = d.sterilizers.find((s) => s.code === code);
  if (!sterilizer) throw new Error(`no sterilizer ${code} in bench/results/data-hospital.json`);
  const today = d.params?.today ?? d.today;
  // The last full month before the data set's today.
  const [y, m] = today.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 2, 1));
  const last = new Date(Date.UTC(y, m - 1, 0));
  const month = first.toISOString().slice(0, 7);
  const [from, to] = [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
  const runs = Number(arg('--runs', 2));
  const svc = await startOnBenchData();
  const auth = { authorization: `Bearer ${svc.token}` };
  const rows = [];
  async function time(what, path, init = {}) {
    const t0 = performance.now();
    const res = await fetch(`${svc.base}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
    const body = Buffer.from(await res.arrayBuffer());
    rows.push({ what, status: res.status, ms: Math.round(performance.now() - t0), kB: Math.round(body.length / 1024) });
    if (res.status >= 400) rows.at(-1).what += ` — ${body.toString().slice(0, 160)}`;
    console.log(rows.at(-1));
    if (res.status >= 500) console.log(svc.output().slice(-3000));
    return body;
  }
  const sections = (arg('--sections', 'register,sterilizer,recall') ?? '').split(',');
  try {
    const register = `/reports/sterilization-register?from=${from}&to=${to}`;
    // Twice each: the first JSON warms the database's cache and the service's code.
    if (sections.includes('register'))
      for (let i = 0; i < runs; i++) {
        const body = await time(`register ${from} — ${to} (JSON)`, register);
        if (i === 0) {
          const j = JSON.parse(body.toString());
          rows.at(-1).what += ` — ${(j.sterilizers ?? []).reduce((a, s) => a + (s.cycles?.length ?? 0), 0)} cycles`;
        }
      }
    if (sections.includes('register')) for (let i = 0; i < runs; i++) await time(`register ${month} (XLSX)`, `${register}&format=xlsx`);
    if (sections.includes('register')) for (let i = 0; i < runs; i++) await time(`register ${month} (PDF)`, `${register}&format=pdf`);
    if (sections.includes('sterilizer'))
      for (let i = 0; i < runs; i++)
        await time(`sterilizer ${code} record ${month} (XLSX)`, `/reports/sterilizers/${sterilizer.id}/record?month=${month}&format=xlsx`);
    if (sections.includes('sterilizer'))
      for (let i = 0; i < runs; i++)
        await time(`sterilizer ${code} record ${month} (PDF)`, `/reports/sterilizers/${sterilizer.id}/record?month=${month}`);
    // --recall ID: the report of a recall an earlier run opened (the same packs, for a before/after ratio).
    // The data set's largest recall (read only: opening one now fails when the generator's events
    // run ahead of this machine's clock, as a recall cannot date its events before a pack's latest).
    let recall = { id: arg('--recall', null) };
    if (sections.includes('recall') && !recall.id) {
      const { default: pg } = await import('pg');
      const { embeddedUrl } = await import('./lib/data.mjs');
      const db = new pg.Client({ connectionString: embeddedUrl('bench/.data', svc.pgPort) });
      await db.connect();
      [recall] = (
        await db.query(`SELECT recall_id AS id, count(*)::int AS packs FROM recall_items GROUP BY 1 ORDER BY 2 DESC LIMIT 1`)
      ).rows;
      await db.end();
      console.log(`recall ${recall.id}: ${recall.packs} packs`);
    }
    if (sections.includes('recall'))
      for (let i = 0; i < runs; i++) {
        const body = await time('recall report (JSON)', `/reports/recalls/${recall.id}`);
        if (i === 0) rows.at(-1).what += ` — ${JSON.parse(body.toString()).total} packs`;
      }
    if (sections.includes('recall'))
      for (let i = 0; i < runs; i++) await time('recall report (XLSX)', `/reports/recalls/${recall.id}?format=xlsx`);
    if (sections.includes('recall'))
      for (let i = 0; i < runs; i++) await time('recall report (PDF)', `/reports/recalls/${recall.id}?format=pdf`);
  } finally {
    console.table(rows);
    console.log({ peakRssMB: svc.child.exitCode === null ? svc.peakRssMb() : null });
    await svc.stop();
  }
}

if (mode === 'writers') await writers();
else if (mode === 'service') await service();
else if (mode === 'compare') await compare();
else if (mode === 'ab') await ab();
else throw new Error(`unknown mode ${mode}: writers | service | compare | ab`);
