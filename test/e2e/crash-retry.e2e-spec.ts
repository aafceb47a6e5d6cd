import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { runMigrations } from '../../src/database/migrate.js';
import { withCredentials } from '../../src/database/roles.js';
import { uniq } from '../support/factories.js';
import { ensureServiceBuilt, freePort, KillablePostgres, ServiceProcess } from '../support/service-process.js';
import { insertTemplate } from '../support/test-db.js';

interface Answer {
  status: number;
  body: unknown;
  replayed: boolean;
}
interface Scan {
  key: string;
  code: string;
  first: Answer | null;
}

const JWT_SECRET = 'crash-retry-secret-0123456789abcdefghijklmnop';
const SETS_PER_KILL = 150;
const CONCURRENCY = 12;
/** Scans acknowledged before the kill: the rest are in flight or not yet sent when it comes. */
const KILL_AFTER = 50;
/** A retry that meets an outage (503) or the claim of a request still running (409) tries again, this long at most. */
const RESOLVE_WITHIN_MS = 20_000;

/**
 * Issue 13 §1 from outside, as the bench does it: the built service (`node dist/src/main.js`)
 * on a PostgreSQL of its own, scans fired concurrently with Idempotency-Keys, then kill -9 of
 * the service — and, separately, of PostgreSQL's postmaster — while scans are in flight. After
 * the restart every key is retried: it answers its first answer again (the scan was
 * acknowledged) or a success (done now, or done before the kill without anyone hearing) —
 * never a 409 for ever — and every scan is recorded exactly once.
 */
describe('retries across kill -9 of the service and of PostgreSQL (issue 13 §1)', () => {
  let db: KillablePostgres;
  let service: ServiceProcess;
  let owner: pg.Client;
  let token: string;
  let departmentId: string;
  let templateId: string;
  const figures: string[] = [];

  beforeAll(async () => {
    ensureServiceBuilt();
    db = await KillablePostgres.create();
    await runMigrations(db.url);
    const ds = await createDataSource(db.url, ENTITIES).initialize();
    try {
      templateId = await insertTemplate(ds, uniq('TPL'));
      [{ id: departmentId }] = await ds.query(
        `INSERT INTO departments (code, name_zh, name_en, created_at, updated_at) VALUES ($1, '骨科', 'Orthopaedics', $2, $2) RETURNING id`,
        [uniq('D'), new Date()],
      );
      const [nurse] = await ds.query(
        `INSERT INTO users (username, display_name, password_hash, role, created_at, updated_at) VALUES ('crash.nurse', 'Nurse', 'x', 'nurse', $1, $1) RETURNING id`,
        [new Date()],
      );
      token = new JwtService({ secret: JWT_SECRET }).sign({ sub: nurse.id, role: 'nurse' }, { expiresIn: 3600 });
    } finally {
      await ds.destroy();
    }
    owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    // As in production: migrations by the owner, the service as a runtime role it sets up.
    service = new ServiceProcess(
      {
        DATABASE_URL: withCredentials(db.url, 'cssd_crash_app', 'crash-app-runtime'),
        CSSD_MIGRATION_DATABASE_URL: db.url,
        JWT_SECRET,
        CSSD_DB_POOL_SIZE: '8',
        CSSD_DB_POOL_WAIT_MS: '3000',
      },
      await freePort(),
    );
    await service.start();
  }, 400_000);

  afterAll(async () => {
    await service?.stop();
    await owner?.end().catch(() => undefined);
    await db?.stop();
    console.log(`crash retry:\n  ${figures.join('\n  ')}`);
  }, 60_000);

  /** Sets never collected yet: a recycling scan of each starts its first cycle, a second one would be refused. */
  async function freshSets(n: number): Promise<string[]> {
    const codes = Array.from({ length: n }, () => uniq('SET'));
    await owner.query(
      `INSERT INTO instrument_sets (asset_code, template_id, home_department_id, created_at, updated_at) SELECT unnest($1::text[]), $2, $3, $4, $4`,
      [codes, templateId, departmentId, new Date()],
    );
    return codes;
  }

  async function send(scan: Scan): Promise<Answer | null> {
    try {
      const res = await fetch(`${service.base}/api/recycling/scan`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': scan.key,
          'X-Station': 'DECON-1',
          'Accept-Language': 'en',
        },
        body: JSON.stringify({ code: scan.code, departmentId, handedOverBy: 'Ward nurse Li' }),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') === 'true' };
    } catch {
      return null; // the connection died with the service, or no answer came: the station does not know
    }
  }

  /** Fires every scan, CONCURRENCY at a time; `kill` runs once KILL_AFTER of them were acknowledged. */
  async function fireAndKill(scans: Scan[], kill: () => Promise<void>): Promise<void> {
    let next = 0;
    let acknowledged = 0;
    let killing: Promise<void> | null = null;
    const worker = async () => {
      while (next < scans.length) {
        const scan = scans[next++];
        scan.first = await send(scan);
        if (scan.first?.status === 200 && ++acknowledged === KILL_AFTER) killing = kill();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // eslint-disable-next-line @typescript-eslint/await-thenable -- assigned inside the workers (TS narrows it to null here)
    await killing;
  }

  /** Retries a key until it has a final answer: an outage (503) or a request still holding the key (409 in progress) is not one. */
  async function resolve(scan: Scan): Promise<Answer> {
    const t0 = Date.now();
    for (;;) {
      const answer = await send(scan);
      const final = answer !== null && answer.status !== 503 && (answer.body as { code?: string }).code !== 'IDEMPOTENCY_IN_PROGRESS';
      if (final || Date.now() - t0 > RESOLVE_WITHIN_MS) return answer ?? { status: 0, body: null, replayed: false };
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Retries every key, then checks each answer and counts the recycling events per set. */
  async function retryEveryKey(scans: Scan[], what: string): Promise<void> {
    const retried: Answer[] = [];
    for (let i = 0; i < scans.length; i += CONCURRENCY) retried.push(...(await Promise.all(scans.slice(i, i + CONCURRENCY).map(resolve))));
    const problems: string[] = [];
    scans.forEach((scan, i) => {
      const again = retried[i];
      if (again.status !== 200)
        problems.push(`${scan.code}: first ${scan.first?.status ?? 'no answer'}, retry ${again.status} ${JSON.stringify(again.body)}`);
      else if (scan.first?.status === 200 && (!again.replayed || !isDeepStrictEqual(again.body, scan.first.body))) {
        problems.push(`${scan.code}: acknowledged, but the retry did not replay that answer: ${JSON.stringify(again.body)}`);
      }
    });
    expect(problems).toEqual([]);

    const { rows } = await owner.query(
      `SELECT s.asset_code, count(e.id)::int AS n
         FROM instrument_sets s LEFT JOIN packs p ON p.set_id = s.id LEFT JOIN pack_events e ON e.pack_id = p.id AND e.type = 'recycle'
        WHERE s.asset_code = ANY($1) GROUP BY s.asset_code`,
      [scans.map((s) => s.code)],
    );
    const notOnce = rows
      .filter((r: { n: number }) => r.n !== 1)
      .map((r: { asset_code: string; n: number }) => `${r.asset_code}: recorded ${r.n} times`);
    expect({ sets: rows.length, notOnce }).toEqual({ sets: scans.length, notOnce: [] });
    // No claim is left without an answer (one still provisional — the answer written with the
    // work, the process killed before it wrote the final one — is an answer that retries replay).
    const [{ open }] = (
      await owner.query(`SELECT count(*)::int AS open FROM idempotency_records WHERE key = ANY($1) AND status IS NULL`, [
        scans.map((s) => s.key),
      ])
    ).rows;
    expect(open).toBe(0);

    const acknowledged = scans.filter((s) => s.first?.status === 200).length;
    const unanswered = scans.filter((s) => s.first === null).length;
    const otherwise = scans.filter((s) => s.first !== null && s.first.status !== 200).map((s) => s.first!.status);
    figures.push(
      `${what}: ${acknowledged} scans acknowledged before the retry, ${unanswered} unanswered, ${otherwise.length} answered ${[...new Set(otherwise)].join('/') || '—'}; ` +
        `${scans.length} keys retried, all resolved (${retried.filter((a) => a.replayed).length} replayed, ${retried.filter((a) => !a.replayed).length} done afresh), each scan recorded once`,
    );
  }

  it('kill -9 of the service mid-scan: after the restart every key resolves and nothing is doubled', async () => {
    const scans: Scan[] = (await freshSets(SETS_PER_KILL)).map((code) => ({ key: randomUUID(), code, first: null }));
    await fireAndKill(scans, () => service.kill());
    expect(scans.filter((s) => s.first?.status === 200).length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(scans.some((s) => s.first === null)).toBe(true);
    await service.start();
    await retryEveryKey(scans, 'kill -9 of the service');
  }, 300_000);

  it('kill -9 of PostgreSQL mid-scan: once it is back every key resolves and nothing is doubled', async () => {
    const scans: Scan[] = (await freshSets(SETS_PER_KILL)).map((code) => ({ key: randomUUID(), code, first: null }));
    await owner.end();
    await fireAndKill(scans, () => db.kill());
    // The service stayed up and said so: the scans after the kill were told to retry (503).
    expect(scans.filter((s) => s.first?.status === 200).length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(scans.some((s) => s.first?.status === 503)).toBe(true);
    await db.start();
    owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    await retryEveryKey(scans, 'kill -9 of PostgreSQL');
  }, 300_000);
});
