#!/usr/bin/env node
// The largest recall a head nurse can open: a manual recall of one sterilizer's whole history,
// against the service started as `npm start` starts it (heap cap included), on the generated
// bench data in bench/.data. Prints its time, size, and the service's peak RSS.
//   npm run build && node bench/big-recall.mjs [sterilizer code, default S1]
// It CHANGES the bench database (every pack of that sterilizer is recalled): regenerate after
// with `npm run bench:data -- --preset hospital --reset`.
import { readFileSync } from 'node:fs';
import { startOnBenchData } from './lib/npm-start.mjs';
const d = JSON.parse(readFileSync('bench/results/data-hospital.json', 'utf8'));
const code = process.argv[2] ?? 'S1';
const sterilizer = d.sterilizers.find((s) => s.code === code);
if (!sterilizer) throw new Error(`no sterilizer ${code} in bench/results/data-hospital.json`);
const service = await startOnBenchData();
const { base, child, nodeOptions } = service;
const t0 = performance.now();
const res = await fetch(`${base}/recalls`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${service.token}` },
  body: JSON.stringify({
    trigger: 'manual',
    reason: `BENCHMARK whole history of ${code}`,
    sterilizerIds: [sterilizer.id],
    from: '2000-01-01T00:00:00Z',
    to: '2100-01-01T00:00:00Z',
  }),
});
const body = await res.text();
const ms = performance.now() - t0;
const j = JSON.parse(body);
console.log({
  nodeOptions,
  status: res.status,
  ms: Math.round(ms),
  total: j.total,
  items: j.items?.length,
  followUp: j.followUp?.length,
  answerKB: Math.round(body.length / 1024),
  peakRssMB: service.peakRssMb(),
  alive: child.exitCode === null,
});
await service.stop();
if (!j.total) console.log(service.output().slice(-2000));
