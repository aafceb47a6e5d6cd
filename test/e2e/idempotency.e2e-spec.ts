import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate, createUser, type TestUser } from '../support/factories.js';
import { simulateOutage } from '../support/outage.js';

/**
 * A station that lost the answer to a scan (Wi-Fi drop, timeout) sends it again with the same
 * Idempotency-Key: it gets the first answer back and nothing is written twice.
 */
describe('Idempotency-Key on station scans', () => {
  let t: TestApp;
  let c: ChainDriver;
  let templateId: string;

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    templateId = (await createTemplate(t)).id;
  });
  afterAll(() => t.close());

  /** Packs sterilized and released, not yet in storage. */
  async function releasedPacks(n: number): Promise<string[]> {
    const sets: string[] = [];
    for (let i = 0; i < n; i++) sets.push((await createSet(t, { templateId, homeDepartmentId: c.department.id })).assetCode);
    const barcodes = await c.packedMany(sets);
    await c.sterilize(barcodes);
    return barcodes;
  }

  function post(path: string, body: object, key: string | null, user: TestUser = c.nurse) {
    const req = t.http().post(path).set(bearer(user.token)).set('X-Station', 'STORE-1');
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body);
  }
  const store = (code: string, key: string | null, user?: TestUser) => post('/api/storage/scan', { code, location: 'B-02' }, key, user);
  const dispatch = (code: string, key: string | null) => post('/api/dispatch/scan', { code, departmentId: c.department.id }, key);

  /** The pack's state and its history, counted by event type. */
  async function history(barcode: string): Promise<{ state: string; events: Record<string, number>; total: number }> {
    const [pack] = await t.ds.query(`SELECT id, state FROM packs WHERE barcode = $1`, [barcode]);
    const rows: { type: string; n: number }[] = await t.ds.query(
      `SELECT type, count(*)::int AS n FROM pack_events WHERE pack_id = $1 GROUP BY type`,
      [pack.id],
    );
    return { state: pack.state, events: Object.fromEntries(rows.map((r) => [r.type, r.n])), total: rows.reduce((s, r) => s + r.n, 0) };
  }

  const answerOf = (r: Response) => ({ status: r.status, body: r.body });

  it('a retried scan gets the first answer again, marked as replayed, and writes nothing twice', async () => {
    const [code] = await releasedPacks(1);
    const key = randomUUID();
    const first = await store(code, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ outcome: 'stored', pack: { barcode: code, state: 'stored' } });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const after = await history(code);
    expect(after.events.store).toBe(1);

    for (let retry = 0; retry < 3; retry++) {
      const again = await store(code, key);
      expect(answerOf(again)).toEqual(answerOf(first));
      expect(again.headers['idempotent-replayed']).toBe('true');
    }
    expect(await history(code)).toEqual(after);

    // Without the key the same scan is a new request, refused because the pack is already stored.
    const fresh = await store(code, null);
    expect(fresh.status).toBe(409);
    expect(fresh.body.code).toBe('PACK_WRONG_STATE');
    expect(await history(code)).toEqual(after);
  });

  it('a retried refused scan gets the same refusal, even once the pack could go', async () => {
    const [code] = await releasedPacks(1);
    const key = randomUUID();
    const before = await history(code);
    const first = await dispatch(code, key);
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('NOT_IN_STORAGE');

    const again = await dispatch(code, key);
    expect(answerOf(again)).toEqual(answerOf(first));
    expect(await history(code)).toEqual(before);

    // The pack is stored meanwhile: the retry still answers what the first request got, and dispatches nothing.
    await c.store(code);
    const stored = await history(code);
    const late = await dispatch(code, key);
    expect(answerOf(late)).toEqual(answerOf(first));
    expect(await history(code)).toEqual(stored);

    // A new scan (new key) is a new request and goes through.
    const next = await dispatch(code, randomUUID());
    expect(next.status).toBe(200);
    expect((await history(code)).events.dispatch).toBe(1);
  });

  it('the same key on another route is refused with 422 IDEMPOTENCY_KEY_REUSED and does nothing', async () => {
    const [code] = await releasedPacks(1);
    const key = randomUUID();
    expect((await store(code, key)).status).toBe(200);
    const stored = await history(code);

    const reused = await dispatch(code, key);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await history(code)).toEqual(stored);
    // The first route still replays its own answer.
    const replay = await store(code, key);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('the same key on the same route with another body (another pack) is refused, never answered with the first pack', async () => {
    const [a, b] = await releasedPacks(2);
    const key = randomUUID();
    expect((await store(a, key)).status).toBe(200);
    const beforeB = await history(b);

    const other = await store(b, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.body.message).toEqual(expect.any(String));
    expect(await history(b)).toEqual(beforeB);
    // With a key of its own the second pack is stored.
    expect((await store(b, randomUUID())).body).toMatchObject({ outcome: 'stored', pack: { barcode: b } });
  });

  it('a replayed refusal is marked as replayed too', async () => {
    const [code] = await releasedPacks(1);
    const key = randomUUID();
    const first = await dispatch(code, key);
    expect(first.status).toBe(409);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await dispatch(code, key);
    expect(answerOf(again)).toEqual(answerOf(first));
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('the same key on another load (another path) is refused too', async () => {
    const set = await createSet(t, { templateId, homeDepartmentId: c.department.id });
    const [code] = await c.packedMany([set.assetCode]);
    const own = await c.withNewSterilizer(); // both loads stay open
    const [loadA, loadB] = [await own.openLoad(), await own.openLoad()];
    const key = randomUUID();
    expect((await post(`/api/loads/${loadA.id}/packs`, { code }, key)).status).toBe(200);
    const other = await post(`/api/loads/${loadB.id}/packs`, { code }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const items: { load_id: string }[] = await t.ds.query(
      `SELECT li.load_id FROM load_items li JOIN packs p ON p.id = li.pack_id WHERE p.barcode = $1`,
      [code],
    );
    expect(items).toEqual([{ load_id: loadA.id }]);
  });

  it('two identical requests with the same key sent at once write once and get equal answers', async () => {
    const ROUNDS = 10;
    const codes = await releasedPacks(ROUNDS);
    for (const [round, code] of codes.entries()) {
      const key = randomUUID();
      const [a, b] = await Promise.all([store(code, key), store(code, key)]);
      expect({ round, answer: answerOf(a) }).toEqual({ round, answer: answerOf(b) });
      expect(a.status).toBe(200);
      // Exactly one of them ran; the other is the replay of its answer.
      expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].sort()).toEqual(['true', undefined]);
      expect({ round, ...(await history(code)) }).toMatchObject({ round, state: 'stored', events: { store: 1 } });
    }
  });

  it('keys belong to their user: another nurse may use the same key for her own scan', async () => {
    const [x, y] = await releasedPacks(2);
    const other = await createUser(t, 'nurse');
    const key = randomUUID();
    const mine = await store(x, key);
    const hers = await store(y, key, other);
    expect(mine.status).toBe(200);
    expect(hers.status).toBe(200);
    expect(hers.headers['idempotent-replayed']).toBeUndefined();
    expect(hers.body.pack.barcode).toBe(y);
    expect((await history(x)).events.store).toBe(1);
    expect((await history(y)).events.store).toBe(1);
    const [ev] = await t.ds.query(
      `SELECT e.actor_id FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'store'`,
      [y],
    );
    expect(ev.actor_id).toBe(other.user.id);
  });

  it.each([
    ['longer than 100 characters', 'k'.repeat(101)],
    ['with a space', 'scan 0001'],
    ['with a tab', 'scan\t0001'],
  ])('a malformed key (%s) is refused with 400 before anything is written', async (_what, key) => {
    const [code] = await releasedPacks(1);
    const before = await history(code);
    const res = await store(code, key);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.details)).toContain('Idempotency-Key');
    expect(await history(code)).toEqual(before);
    // Nothing was kept either: the scan goes through once sent properly.
    expect((await store(code, randomUUID())).status).toBe(200);
  });
});

describe('Idempotency-Key across a crash: every key resolves, nothing doubles', () => {
  let t: TestApp;
  let c: ChainDriver;
  let templateId: string;
  let db: ReturnType<typeof simulateOutage>;

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    templateId = (await createTemplate(t)).id;
    db = simulateOutage(t);
  });
  afterAll(() => t.close());

  async function releasedPack(): Promise<string> {
    const set = await createSet(t, { templateId, homeDepartmentId: c.department.id });
    const [code] = await c.packedMany([set.assetCode]);
    await c.sterilize([code]);
    return code;
  }
  const store = (code: string, key: string) =>
    t.http().post('/api/storage/scan').set(bearer(c.nurse.token)).set('Idempotency-Key', key).send({ code, location: 'B-02' });
  async function stores(barcode: string): Promise<{ state: string; stores: number }> {
    const [row] = await t.ds.query(
      `SELECT p.state, (SELECT count(*)::int FROM pack_events e WHERE e.pack_id = p.id AND e.type = 'store') AS stores FROM packs p WHERE p.barcode = $1`,
      [barcode],
    );
    return row;
  }

  it('the database lost before the work committed: the retry runs afresh and stores the pack once', async () => {
    const code = await releasedPack();
    const key = randomUUID();
    db.atTransaction();
    const first = await store(code, key);
    db.restore();
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('DATABASE_UNAVAILABLE');
    expect(await stores(code)).toEqual({ state: 'released', stores: 0 });

    const retry = await store(code, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ outcome: 'stored', pack: { barcode: code, state: 'stored' } });
    expect(await stores(code)).toEqual({ state: 'stored', stores: 1 });
    // And from now on the key replays that answer.
    const again = await store(code, key);
    expect({ status: again.status, body: again.body }).toEqual({ status: retry.status, body: retry.body });
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('the database lost just after the work committed: the retry gets the answer of that work, nothing is stored twice', async () => {
    const code = await releasedPack();
    const key = randomUUID();
    db.afterCommit();
    const first = await store(code, key);
    db.restore();
    expect(first.status).toBe(503);
    expect(await stores(code)).toEqual({ state: 'stored', stores: 1 });

    const retry = await store(code, key);
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toMatchObject({ outcome: 'stored', pack: { barcode: code, state: 'stored' } });
    expect(await stores(code)).toEqual({ state: 'stored', stores: 1 });
  });

  it('a transaction killed mid-way by PostgreSQL (pg_terminate_backend) leaves nothing: the retry stores the pack once', async () => {
    const code = await releasedPack();
    const key = randomUUID();
    // Another session holds the pack, so the scan stops inside its transaction, where it is killed.
    const holder = t.ds.createQueryRunner();
    await holder.startTransaction();
    let first: Response;
    try {
      await holder.query(`SELECT 1 FROM packs WHERE barcode = $1 FOR UPDATE`, [code]);
      const [{ pid: holderPid }] = await holder.query(`SELECT pg_backend_pid() AS pid`);
      const pending = store(code, key).then((r) => r);
      let victim: number | undefined;
      for (let i = 0; i < 200 && victim === undefined; i++) {
        await new Promise((r) => setTimeout(r, 25));
        // (from another session: pg_stat_activity is read once per transaction)
        const [row] = await t.ds.query(
          `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> $1`,
          [holderPid],
        );
        victim = row?.pid;
      }
      expect(victim).toEqual(expect.any(Number));
      await holder.query(`SELECT pg_terminate_backend($1)`, [victim]);
      first = await pending;
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('DATABASE_UNAVAILABLE');
    expect(await stores(code)).toEqual({ state: 'released', stores: 0 });

    const retry = await store(code, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ outcome: 'stored' });
    expect(await stores(code)).toEqual({ state: 'stored', stores: 1 });
  });

  it('a claim an earlier crashed request left without an answer does not block the key: the retry runs', async () => {
    const code = await releasedPack();
    const key = randomUUID();
    // As the earlier scheme left it when its process died: claimed, no answer, no work.
    await t.ds.query(
      `INSERT INTO idempotency_records (actor_id, key, route, request_hash, created_at) VALUES ($1, $2, 'POST /api/storage/scan', NULL, $3::timestamptz - interval '10 minutes')`,
      [c.nurse.user.id, key, t.clock.instant()],
    );
    const retry = await store(code, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ outcome: 'stored' });
    expect(await stores(code)).toEqual({ state: 'stored', stores: 1 });
  });
});

describe('Idempotency records are kept for CSSD_IDEMPOTENCY_RETENTION_HOURS, then purged', () => {
  let t: TestApp;
  let c: ChainDriver;
  beforeAll(async () => {
    t = await createTestApp({ CSSD_IDEMPOTENCY_RETENTION_HOURS: '1' });
    c = await ChainDriver.create(t);
  });
  afterAll(() => t.close());

  const keyedWrite = (key = randomUUID()) =>
    t
      .http()
      .post('/api/storage/scan')
      .set(bearer(c.nurse.token))
      .set('Idempotency-Key', key)
      .send({ code: 'P00000000000', location: 'B-02' });

  it('a keyed write purges records older than the retention and keeps younger ones', async () => {
    const [old, young] = [randomUUID(), randomUUID()];
    await t.ds.query(
      `INSERT INTO idempotency_records (actor_id, key, route, status, body, created_at) VALUES
         ($1, $2, 'POST /api/storage/scan', 200, '{}', $4::timestamptz - interval '2 hours'), ($1, $3, 'POST /api/storage/scan', 200, '{}', $4::timestamptz - interval '30 minutes')`,
      [c.nurse.user.id, old, young, t.clock.instant()],
    );
    const res = await keyedWrite();
    expect(res.status).toBeLessThan(500);
    const keys: { key: string }[] = await t.ds.query(`SELECT key FROM idempotency_records WHERE key = ANY($1)`, [[old, young]]);
    expect(keys.map((k) => k.key)).toEqual([young]);
  });

  it('ages records on the service clock, not the database server time: moved past the retention, the next keyed write purges', async () => {
    const key = randomUUID();
    const first = await keyedWrite(key);
    expect(first.status).toBeLessThan(500);
    const [row] = await t.ds.query(`SELECT created_at FROM idempotency_records WHERE actor_id = $1 AND key = $2`, [c.nurse.user.id, key]);
    expect(row).toBeDefined();
    t.clock.advance(61 * 60_000);
    expect((await keyedWrite()).status).toBeLessThan(500);
    expect(await t.ds.query(`SELECT key FROM idempotency_records WHERE actor_id = $1 AND key = $2`, [c.nurse.user.id, key])).toEqual([]);
  });
});
