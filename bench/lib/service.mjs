// Starts the built service (`node dist/src/main.js`) as its own process, times its start-up,
// reads its memory and CPU from /proc, and stops it — with the embedded PostgreSQL it runs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { HttpClient } from './http.mjs';
import { sleep } from './stats.mjs';

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export class Service {
  /**
   * @param {object} o
   * @param {string} o.repo the repository root (cwd of the service)
   * @param {Record<string,string>} o.env environment for the service (merged onto process.env minus DATABASE_URL etc.)
   * @param {number} o.port HTTP port
   * @param {string|null} o.dataDir embedded mode: the data directory (to find its postmaster if it must be killed)
   * @param {string[]} [o.nodeArgs] e.g. ['--cpu-prof', '--cpu-prof-dir=…']
   */
  constructor({ repo, env, port, dataDir, nodeArgs = [] }) {
    this.repo = repo;
    this.env = env;
    this.port = port;
    this.dataDir = dataDir;
    this.nodeArgs = nodeArgs;
    this.base = `http://127.0.0.1:${port}`;
    this.log = [];
    this.child = null;
    this.exited = null;
  }

  /** Spawns the service and waits until GET /api/health answers ok: { ms, selfReportedMs }. */
  async start({ timeoutMs = 120_000 } = {}) {
    const env = { ...process.env };
    for (const k of Object.keys(env))
      if (k === 'DATABASE_URL' || k === 'JWT_SECRET' || k.startsWith('CSSD_') || k === 'PORT' || k === 'NODE_OPTIONS') delete env[k];
    Object.assign(env, this.env, { PORT: String(this.port), NODE_ENV: 'production' });
    const t0 = performance.now();
    this.child = spawn(process.execPath, [...this.nodeArgs, 'dist/src/main.js'], {
      cwd: this.repo,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.log.push(line.replace(/\x1b\[[0-9;]*m/g, ''));
        if (this.log.length > 300) this.log.shift();
      }
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.exitPromise = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve((this.exited = { code, signal }))));

    const client = new HttpClient(this.base, { sockets: 1 });
    try {
      while (performance.now() - t0 < timeoutMs) {
        if (this.exited) throw new Error(`the service exited during start-up (${JSON.stringify(this.exited)}):\n${this.tail(25)}`);
        const res = await client.get('/api/health', { timeoutMs: 2000 });
        if (res.status === 200 && res.body?.status === 'ok') {
          const ms = performance.now() - t0;
          const m = this.log.map((l) => /started in (\d+) ms/.exec(l)).find(Boolean);
          return { ms, selfReportedMs: m ? Number(m[1]) : null };
        }
        await sleep(res.status === 0 ? 25 : 50);
      }
      throw new Error(`the service did not answer GET /api/health within ${timeoutMs / 1000} s:\n${this.tail(25)}`);
    } finally {
      client.close();
    }
  }

  tail(n = 20) {
    return this.log
      .slice(-n)
      .map((l) => `    | ${l}`)
      .join('\n');
  }

  get pid() {
    return this.child?.pid ?? null;
  }

  /** Peak resident set size of the service process so far (VmHWM), in MB. */
  peakRssMb() {
    return procStatusKb(this.pid, 'VmHWM') / 1024;
  }

  rssMb() {
    return procStatusKb(this.pid, 'VmRSS') / 1024;
  }

  /** Stops the service (SIGTERM: it closes Nest and its embedded PostgreSQL); kills what is left after a grace period. */
  async stop({ graceMs = 30_000 } = {}) {
    if (!this.child || this.exited) {
      this.killOrphanPostmaster();
      return this.exited;
    }
    this.child.kill('SIGTERM');
    const done = await Promise.race([this.exitPromise, sleep(graceMs).then(() => null)]);
    if (!done) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
    this.killOrphanPostmaster();
    return this.exited;
  }

  /** Embedded mode: if the service died without stopping its PostgreSQL, stop that postmaster (fast shutdown). */
  killOrphanPostmaster() {
    if (!this.dataDir) return;
    const pidFile = join(this.dataDir, 'pg', 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 1) return;
    try {
      process.kill(pid, 0);
    } catch {
      return; // not running: a stale pid file
    }
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* gone meanwhile */
    }
  }
}

/** Waits until the embedded postmaster of `dataDir` is gone (after a stop). */
export async function waitPostmasterGone(dataDir, timeoutMs = 20_000) {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  const t0 = Date.now();
  while (existsSync(pidFile) && Date.now() - t0 < timeoutMs) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
}

function procStatusKb(pid, field) {
  if (!pid) return null;
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

// ---- CPU accounting from /proc (Linux only; null elsewhere) ----

const TICKS = 100; // USER_HZ: 100 on every Linux this runs on

function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // after "pid (comm) ": state=0 ppid=1 … utime=11 stime=12
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / TICKS, sys: Number(f[12]) / TICKS };
  } catch {
    return null;
  }
}

/** CPU seconds used so far by `pid`, by its descendants (embedded PostgreSQL), and by the whole machine. */
export function cpuSnapshot(pid) {
  const out = { service: null, children: null, machineBusy: null, machineTotal: null, at: performance.now() };
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const v = cpu.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    out.machineBusy = (total - idle) / TICKS;
    out.machineTotal = total / TICKS;
  } catch {
    return out;
  }
  if (!pid) return out;
  try {
    // Write-type system calls of the service (HTTP answers, PostgreSQL queries): round trips.
    out.serviceWrites = Number(/^syscw:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
  } catch {
    out.serviceWrites = null;
  }
  try {
    // The service's main thread: how often it gave the CPU up (waiting) or had it taken (preempted).
    const st = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
    out.voluntarySwitches = Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(st)?.[1]);
    out.preemptions = Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(st)?.[1]);
  } catch {
    /* not Linux */
  }
  const me = procStat(pid);
  out.service = me?.cpu ?? null;
  out.serviceSys = me?.sys ?? null;
  const kids = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (st) kids.set(Number(name), st);
  }
  const inTree = (p) => {
    for (let guard = 0; p > 1 && guard < 50; guard++) {
      const st = kids.get(p);
      if (!st) return false;
      if (st.ppid === pid) return true;
      p = st.ppid;
    }
    return false;
  };
  let sum = 0;
  for (const [p, st] of kids) if (p !== pid && inTree(p)) sum += st.cpu;
  out.children = sum;
  return out;
}

/** Shares of one CPU (100 % = one core busy) between two snapshots. */
export function cpuShares(a, b, clientCpuSeconds) {
  const secs = (b.at - a.at) / 1000;
  if (!secs || a.machineBusy === null) return null;
  const pct = (x, y) => (x === null || y === null ? null : Math.round(((y - x) / secs) * 100));
  const out = {
    seconds: secs,
    servicePct: pct(a.service, b.service),
    // Of which in the kernel (system calls: sockets to PostgreSQL and to the HTTP clients).
    serviceSysPct: pct(a.serviceSys ?? null, b.serviceSys ?? null),
    embeddedPgPct: pct(a.children, b.children),
    benchClientPct: clientCpuSeconds === undefined ? null : Math.round((clientCpuSeconds / secs) * 100),
    machineBusyPct: pct(a.machineBusy, b.machineBusy),
    serviceWriteSyscalls: Number.isFinite(a.serviceWrites) && Number.isFinite(b.serviceWrites) ? b.serviceWrites - a.serviceWrites : null,
    mainThreadPreemptionsPerSecond:
      Number.isFinite(a.preemptions) && Number.isFinite(b.preemptions) ? Math.round((b.preemptions - a.preemptions) / secs) : null,
    mainThreadWaitsPerSecond:
      Number.isFinite(a.voluntarySwitches) && Number.isFinite(b.voluntarySwitches)
        ? Math.round((b.voluntarySwitches - a.voluntarySwitches) / secs)
        : null,
  };
  // What neither the service, its PostgreSQL nor this client used: other work on the machine
  // (with an external DATABASE_URL server, that server's backends are counted here too).
  out.otherPct = [out.servicePct, out.embeddedPgPct, out.benchClientPct, out.machineBusyPct].some((v) => v === null)
    ? null
    : Math.max(0, out.machineBusyPct - out.servicePct - out.embeddedPgPct - out.benchClientPct);
  return out;
}
