#!/usr/bin/env node
// The recall report and the printable records (issue 15) on the generated bench data in
// bench/.data, against the service started as `npm start` starts it (heap cap included): an
// infection-cluster recall of one sterilizer (everything since its last passing BI), its report as
// JSON, XLSX and PDF; a used pack's record; a load's record; the sterilizer's record over a month
// and over a year. Prints each time, size and the service's peak RSS.
//   npm run build && node bench/records.mjs [sterilizer code, default S1] [--whole-history | --days N]
// --whole-history: the recall is the sterilizer's whole history instead (bench/big-recall.mjs's),
// beyond what one report holds (RECALL_REPORT_MAX_PACKS); --days N: its last N days.
// It CHANGES the bench database (the recall takes that sterilizer's recent packs out of
// circulation): regenerate after with `npm run bench:data -- --preset hospital --reset`.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { embeddedUrl } from './lib/data.mjs';
import { startOnBenchData } from './lib/npm-start.mjs';

const d = JSON.parse(readFileSync('bench/results/data-hospital.json', 'utf8'));
const days = process.argv.includes('--days') ? Number(process.argv[process.argv.indexOf('--days') + 1]) : null;
const wholeHistory = process.argv.includes('--whole-history') || days !== null;
const code = process.argv.slice(2).find((a) => /^[A-Za-z]/.test(a) && !a.startsWith('--')) ?? 'S1';
const sterilizer = d.sterilizers.find((s) => s.code === code);
if (!sterilizer) throw new Error(`no sterilizer ${code} in bench/results/data-hospital.json`);
const service = await startOnBenchData();
const { base, child } = service;
const auth = { authorization: `Bearer ${service.token}` };
const rows = [];
async function time(what, path, init = {}) {
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
    const body = Buffer.from(await res.arrayBuffer());
    const ms = Math.round(performance.now() - t0);
    rows.push({ what, status: res.status, ms, kB: Math.round(body.length / 1024) });
    if (res.status >= 400) rows.at(-1).what += ` — ${body.toString().slice(0, 160)}`;
    console.log(rows.at(-1));
    return { res, body };
  } catch (e) {
    rows.push({ what, status: `${e.cause?.code ?? e.message}`, ms: Math.round(performance.now() - t0), kB: 0 });
    console.log(rows.at(-1), { serviceAlive: child.exitCode === null, serviceOutput: service.output().slice(-1500) });
    return { res: null, body: Buffer.alloc(0) };
  }
}

const opened = await time(
  days !== null
    ? `POST /recalls (the sterilizer’s last ${days} days)`
    : wholeHistory
      ? 'POST /recalls (the sterilizer’s whole history)'
      : 'POST /recalls (infection cluster since the last passing BI)',
  '/recalls',
  {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      wholeHistory
        ? {
            trigger: 'manual',
            reason: `BENCHMARK 基准测试 whole history of ${code}`,
            sterilizerIds: [sterilizer.id],
            from:
              days === null ? '2000-01-01T00:00:00Z' : new Date(Date.parse(`${d.today}T00:00:00+08:00`) - days * 86_400_000).toISOString(),
            to: '2100-01-01T00:00:00Z',
          }
        : { trigger: 'infection_cluster', reason: `BENCHMARK 基准测试 records of ${code}`, sterilizerIds: [sterilizer.id] },
    ),
  },
);
const recall = JSON.parse(opened.body.toString());
const report = await time('GET /reports/recalls/:id (JSON)', `/reports/recalls/${recall.id}`);
const r = JSON.parse(report.body.toString());
rows.at(-1).what += ` — ${r.total} packs, ${r.loads?.length} loads, ${r.followUp?.length} patients, ${r.timeline?.length} steps`;
await time('GET /reports/recalls/:id?format=xlsx', `/reports/recalls/${recall.id}?format=xlsx`);
await time('GET /reports/recalls/:id?format=pdf', `/reports/recalls/${recall.id}?format=pdf`);

// A used pack of the data set and its load, read from the database the service runs on.
const db = new pg.Client({ connectionString: embeddedUrl('bench/.data', service.pgPort) });
await db.connect();
const [used] = (
  await db.query(`SELECT barcode, load_id FROM packs WHERE state = 'used' AND load_id IS NOT NULL ORDER BY barcode DESC LIMIT 1`)
).rows;
await db.end();
await time('GET /reports/packs/:barcode/record (PDF)', `/reports/packs/${used.barcode}/record`);
await time('GET /reports/loads/:id/record (PDF)', `/reports/loads/${used.load_id}/record`);
const today = d.params?.today ?? d.today ?? new Date().toISOString().slice(0, 10);
const month = today.slice(0, 7);
await time(`GET /reports/sterilizers/:id/record?month=${month} (PDF)`, `/reports/sterilizers/${sterilizer.id}/record?month=${month}`);
const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
const [y, m, dd] = yearAgo.split('-').map(Number);
const from = new Date(Date.UTC(y, m - 1, dd + 1)).toISOString().slice(0, 10);
await time(
  `GET /reports/sterilizers/:id/record?from=${from}&to=${today} (XLSX)`,
  `/reports/sterilizers/${sterilizer.id}/record?from=${from}&to=${today}&format=xlsx`,
);
await time(
  `GET /reports/sterilizers/:id/record?from=${from}&to=${today} (PDF)`,
  `/reports/sterilizers/${sterilizer.id}/record?from=${from}&to=${today}`,
);

console.table(rows);
const alive = child.exitCode === null;
console.log({ nodeOptions: service.nodeOptions, peakRssMB: alive ? service.peakRssMb() : null, alive });
await service.stop();
if (!alive) console.log(service.output().slice(-3000));
