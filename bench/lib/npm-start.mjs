import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BENCH_PASSWORD } from '../data/generate.mjs';
import { freePort } from './service.mjs';

/**
 * What `npm start` runs, read from package.json: `[VAR=value …] node <options> dist/src/main.js`.
 * The environment it sets (the malloc arenas) and the node options (the heap cap), so the bench
 * measures the service as a hospital starts it. Throws when the script has another shape.
 */
export function npmStartCommand(packageJson) {
  const script = JSON.parse(readFileSync(packageJson, 'utf8')).scripts.start;
  const m = /^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)node\s+(.*?)\s*dist\/src\/main\.js$/.exec(script);
  if (!m) throw new Error(`package.json's start script is not "[VAR=value …] node <options> dist/src/main.js": ${script}`);
  const env = Object.fromEntries(
    m[1]
      .split(/\s+/)
      .filter(Boolean)
      .map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
  );
  return { env, nodeOptions: m[2].split(/\s+/).filter(Boolean) };
}

/**
 * The service as `npm start` starts it (its node options: the heap cap included), on the generated
 * data in bench/.data, with a head nurse signed in: what bench/big-recall.mjs and bench/records.mjs
 * measure against. `output()` is what the service printed; `peakRssMb()` its peak resident memory.
 */
export async function startOnBenchData({ dataDir = 'bench/.data', username = 'bench-head-1' } = {}) {
  const { env: startEnv, nodeOptions } = npmStartCommand('package.json');
  const port = await freePort();
  const pgPort = await freePort();
  const child = spawn(process.execPath, [...nodeOptions, 'dist/src/main.js'], {
    env: {
      // A variable set for the bench wins over the start script's, as in run.mjs (to compare).
      ...startEnv,
      ...process.env,
      CSSD_DATA_DIR: dataDir,
      CSSD_EMBEDDED_PG_PORT: String(pgPort),
      PORT: String(port),
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const base = `http://127.0.0.1:${port}/api`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  const login = await (
    await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: BENCH_PASSWORD }),
    })
  ).json();
  return {
    base,
    child,
    pgPort,
    nodeOptions,
    token: login.accessToken,
    output: () => out,
    peakRssMb: () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024),
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
    },
  };
}
