#!/usr/bin/env node
// The largest recall a head nurse can open: a manual recall of one sterilizer's whole history,
// against the service started as `npm start` starts it (heap cap included), on the generated
// bench data in bench/.data. Prints its time, size, and the service's peak RSS.
//   npm run build && node bench/big-recall.mjs [sterilizer code, default S1]
// It CHANGES the bench database (every pack of that sterilizer is recalled): regenerate after
// with `npm run bench:data -- --preset hospital --reset`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BENCH_PASSWORD } from './data/generate.mjs';
import { freePort } from './lib/service.mjs';
const d = JSON.parse(readFileSync('bench/results/data-hospital.json', 'utf8'));
const code = process.argv[2] ?? 'S1';
const sterilizer = d.sterilizers.find((s) => s.code === code);
if (!sterilizer) throw new Error(`no sterilizer ${code} in bench/results/data-hospital.json`);
const startScript = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start;
const nodeOptions = (/^node\s+(.*?)\s*dist\/src\/main\.js$/.exec(startScript)?.[1] ?? '').split(/\s+/).filter(Boolean);
const port = await freePort();
const child = spawn(process.execPath, [...nodeOptions, 'dist/src/main.js'], {
  env: {
    ...process.env,
    CSSD_DATA_DIR: 'bench/.data',
    CSSD_EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(port),
    NODE_ENV: 'production',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
child.stdout.on('data', (c) => (out += c));
child.stderr.on('data', (c) => (out += c));
const base = `http://127.0.0.1:${port}/api`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 300));
}
const login = await (
  await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-head-1', password: BENCH_PASSWORD }),
  })
).json();
const t0 = performance.now();
const res = await fetch(`${base}/recalls`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
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
const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
console.log({
  nodeOptions,
  status: res.status,
  ms: Math.round(ms),
  total: j.total,
  items: j.items?.length,
  followUp: j.followUp?.length,
  answerKB: Math.round(body.length / 1024),
  peakRssMB: Math.round(hwm / 1024),
  alive: child.exitCode === null,
});
child.kill('SIGINT');
await new Promise((r) => child.on('exit', r));
if (!j.total) console.log(out.slice(-2000));
