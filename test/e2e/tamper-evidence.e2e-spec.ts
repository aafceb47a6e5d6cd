import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { JOURNALED, NOT_COVERED, SEALED_BY_ID } from '../../src/ledger-seal/covered-tables.js';
import { seal } from '../../src/ledger-seal/ledger-store.js';
import { dataSourceDb } from '../../src/database/settled.js';
import { reportDefect } from '../support/defects.js';
import { approvedVisit } from '../support/visitors.js';
import { asSuperuserOn, createScratchDatabase, testDatabaseUrl } from '../support/test-db.js';

interface Verify {
  ok: boolean;
  sealedRows: number;
  batches: number;
  unsealedRows: number;
  headHash: string | null;
  firstBreak?: { table: string; rowId: string; batch: string | null; kind: string };
}

/**
 * Issue 15, the tamper-evident record (§4.5): history built through the API is sealed; then a
 * superuser — who can switch the append-only triggers off — edits, deletes, inserts (back-dated,
 * into a sealed range) and swaps rows with raw SQL, and each is found, naming the place. Each
 * change is put back before the next, and the record verifies whole again.
 *
 * On a database of its own: verify checks everything in it, and other test files rewrite history
 * in the shared one on purpose (rewriteHistoryAsOwner).
 */
describe('tamper-evident history', () => {
  let t: TestApp;
  let ownerUrl: string;
  let head: TestUser;
  let c: ChainDriver;
  /** Pack event ids in the sealed range, of different kinds. */
  let events: { id: string; type: string }[];
  /** An id inside the sealed range that no row ever kept (a rolled-back insert took it). */
  let gapId: string;
  let loadId: string;

  /** Raw SQL as the owner with the triggers off (session_replication_role = replica), as a superuser could. */
  const asSuperuser = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => asSuperuserOn<T>(ownerUrl, sql, params);

  async function verify(): Promise<Verify> {
    const res = await t.http().get('/api/audit/verify').set(bearer(head.token));
    expect(res.status).toBe(200);
    return res.body as Verify;
  }

  beforeAll(async () => {
    ownerUrl = await createScratchDatabase('tamper');
    t = await createTestApp({}, { ownerUrl });
    t.clock.nextMorning(t.config.timezone);
    head = await createUser(t, 'head_nurse');
    c = await ChainDriver.create(t);
    const barcodes = await c.packedMany([await c.newSet(), await c.newSet()]);
    // A scan that rolls back leaves its id unused for good: a gap the sealed range spans.
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    await client.query('BEGIN');
    const [gap] = (
      await client.query(
        `INSERT INTO pack_events (pack_id, at, type, from_state, to_state, actor_id, station, data)
         SELECT pack_id, at, type, from_state, to_state, actor_id, station, data FROM pack_events ORDER BY id DESC LIMIT 1 RETURNING id::text`,
      )
    ).rows;
    await client.query('ROLLBACK');
    await client.end();
    gapId = gap.id;
    await c.sterilize(barcodes);
    for (const b of barcodes) await c.store(b);
    // Sealed three rows to a batch: the chain runs past batch 9, where numbers ordered as text would not (10 < 9).
    const sealed = await seal(dataSourceDb(t.ds), { now: t.clock.instant(), batchRows: 3 });
    expect(sealed.batches).toBeGreaterThan(12);
    events = await asSuperuser<{ id: string; type: string }>(`SELECT id::text, type FROM pack_events e ORDER BY e.id`);
    [{ loadId }] = await asSuperuser<{ loadId: string }>(`SELECT DISTINCT load_id::text AS "loadId" FROM load_items`);
  }, 120_000);
  afterAll(() => t?.close());

  it('verifies a clean history whole: every row of the covered tables sealed', async () => {
    const first = await verify();
    const counts = await asSuperuser<{ t: string; n: string }>(
      `SELECT 'pack_events' AS t, count(*)::text AS n FROM pack_events UNION ALL SELECT 'load_items', count(*)::text FROM load_items
       UNION ALL SELECT 'load_checks', count(*)::text FROM load_checks UNION ALL SELECT 'audit_log', count(*)::text FROM audit_log
       UNION ALL SELECT 'webhook_deliveries', count(*)::text FROM webhook_deliveries UNION ALL SELECT 'ledger_journal', count(*)::text FROM ledger_journal`,
    );
    const total = counts.reduce((s, r) => s + Number(r.n), 0);
    // Three rows a batch from beforeAll's seal, then the rows written since (the head nurse's account's journal line) in one more.
    const batchesOf3 = counts.reduce((s, r) => s + Math.ceil(Number(r.n) / 3), 0);
    expect(first).toMatchObject({ ok: true, sealedRows: total, unsealedRows: 0 });
    expect(first.batches).toBeGreaterThanOrEqual(batchesOf3);
    expect(first.batches).toBeLessThanOrEqual(batchesOf3 + 2);
    expect(first.firstBreak).toBeUndefined();
    expect(first.headHash).toMatch(/^[0-9a-f]{64}$/);
    // Two packs' recycle → wash → pack → load → sterilize → store: far more than the events used below.
    expect(events.length).toBeGreaterThanOrEqual(10);
    expect(BigInt(gapId)).toBeLessThan(BigInt(events[events.length - 1].id));
    // Sealing again with nothing new adds nothing and changes nothing.
    expect(await verify()).toEqual(first);
  });

  it('finds a pack event edited in place, and names it', async () => {
    const e = events[2];
    const [{ station }] = await asSuperuser<{ station: string }>(`SELECT station FROM pack_events WHERE id = $1`, [e.id]);
    await asSuperuser(`UPDATE pack_events SET station = 'FORGED' WHERE id = $1`, [e.id]);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toMatchObject({ table: 'pack_events', rowId: e.id, kind: 'edited' });
    expect(v.firstBreak!.batch).toMatch(/^\d+$/);
    await asSuperuser(`UPDATE pack_events SET station = $2 WHERE id = $1`, [e.id, station]);
    expect((await verify()).ok).toBe(true);
  });

  it('finds a pack event deleted', async () => {
    const e = events[4];
    const [saved] = await asSuperuser<{ row: object }>(`SELECT to_jsonb(e) AS row FROM pack_events e WHERE id = $1`, [e.id]);
    await asSuperuser(`DELETE FROM pack_events WHERE id = $1`, [e.id]);
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBreak: { table: 'pack_events', rowId: e.id, kind: 'deleted' } });
    await asSuperuser(`INSERT INTO pack_events OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(null::pack_events, $1)`, [
      saved.row,
    ]);
    expect((await verify()).ok).toBe(true);
  });

  it('finds a back-dated event inserted into the sealed range', async () => {
    await asSuperuser(
      `INSERT INTO pack_events (id, pack_id, at, type, from_state, to_state, actor_id, station, data) OVERRIDING SYSTEM VALUE
       SELECT $1, pack_id, '2020-01-01T00:00:00Z', type, from_state, to_state, actor_id, station, data FROM pack_events WHERE id = $2`,
      [gapId, events[0].id],
    );
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBreak: { table: 'pack_events', rowId: gapId, kind: 'inserted' } });
    await asSuperuser(`DELETE FROM pack_events WHERE id = $1`, [gapId]);
    expect((await verify()).ok).toBe(true);
  });

  it('finds two events swapped (reordered), naming the earlier', async () => {
    const a = events.find((e) => e.type !== events[1].type && BigInt(e.id) > BigInt(events[1].id))!;
    const b = events[1];
    const swap = () =>
      asSuperuser(
        `UPDATE pack_events SET id = -1 WHERE id = $1; UPDATE pack_events SET id = $1 WHERE id = $2; UPDATE pack_events SET id = $2 WHERE id = -1`
          .replace(/\$1/g, a.id)
          .replace(/\$2/g, b.id),
      );
    await swap();
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBreak: { table: 'pack_events', rowId: b.id, kind: 'reordered' } });
    await swap();
    expect((await verify()).ok).toBe(true);
  });

  it('finds a load record edited, a user made an administrator, and a monitoring result deleted behind the triggers', async () => {
    const [{ cycleNo }] = await asSuperuser<{ cycleNo: string }>(`SELECT cycle_no::text AS "cycleNo" FROM sterilizer_loads WHERE id = $1`, [
      loadId,
    ]);
    await asSuperuser(`UPDATE sterilizer_loads SET cycle_no = cycle_no + 100 WHERE id = $1`, [loadId]);
    expect(await verify()).toMatchObject({ ok: false, firstBreak: { table: 'sterilizer_loads', rowId: loadId, kind: 'edited' } });
    await asSuperuser(`UPDATE sterilizer_loads SET cycle_no = $2 WHERE id = $1`, [loadId, cycleNo]);
    expect((await verify()).ok).toBe(true);

    await asSuperuser(`UPDATE users SET role = 'admin' WHERE id = $1`, [c.nurse.user.id]);
    expect(await verify()).toMatchObject({ ok: false, firstBreak: { table: 'users', rowId: c.nurse.user.id, kind: 'edited' } });
    await asSuperuser(`UPDATE users SET role = 'nurse' WHERE id = $1`, [c.nurse.user.id]);
    expect((await verify()).ok).toBe(true);

    const [bd] = await asSuperuser<{ id: string; row: object }>(`SELECT id::text, to_jsonb(b) AS row FROM bd_tests b LIMIT 1`);
    await asSuperuser(`DELETE FROM bd_tests WHERE id = $1`, [bd.id]);
    expect(await verify()).toMatchObject({ ok: false, firstBreak: { table: 'bd_tests', rowId: bd.id, kind: 'deleted' } });
    await asSuperuser(`INSERT INTO bd_tests SELECT * FROM jsonb_populate_record(null::bd_tests, $1)`, [bd.row]);
    expect((await verify()).ok).toBe(true);
  });

  it('covers every table of the database: each one sealed by id, journaled by its trigger, or left out on purpose', async () => {
    const tables = await asSuperuser<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const listed = new Set<string>([...SEALED_BY_ID, ...Object.keys(JOURNALED), ...NOT_COVERED]);
    expect(tables.map((r) => r.name).filter((n) => !listed.has(n))).toEqual([]);
    const triggers = await asSuperuser<{ table: string }>(
      `SELECT c.relname AS table FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_proc p ON p.oid = g.tgfoid
        WHERE p.proname = 'cssd_ledger_journal' AND NOT g.tgisinternal`,
    );
    const journaled = new Set(triggers.map((r) => r.table));
    expect(Object.keys(JOURNALED).filter((n) => !journaled.has(n))).toEqual([]);
  });

  it("finds a register's row edited or deleted behind the triggers: a visit approved, a defect reported (issue 17)", async () => {
    const visit = await approvedVisit(t, c.nurse.token, head.token, { unit: '市卫生监督所' });
    const defect = await reportDefect(t, c.nurse.token);
    expect((await verify()).ok).toBe(true);

    // The visiting unit rewritten after the fact.
    await asSuperuser(`UPDATE visit_requests SET unit = '某公司' WHERE id = $1`, [visit.entryId]);
    expect(await verify()).toMatchObject({ ok: false, firstBreak: { table: 'visit_requests', rowId: visit.entryId, kind: 'edited' } });
    await asSuperuser(`UPDATE visit_requests SET unit = '市卫生监督所' WHERE id = $1`, [visit.entryId]);
    expect((await verify()).ok).toBe(true);

    // The approval removed.
    const [decision] = await asSuperuser<{ id: string; row: object }>(
      `SELECT id::text, to_jsonb(d) AS row FROM visit_decisions d WHERE visit_id = $1`,
      [visit.id],
    );
    await asSuperuser(`DELETE FROM visit_decisions WHERE id = $1`, [decision.id]);
    expect(await verify()).toMatchObject({ ok: false, firstBreak: { table: 'visit_decisions', rowId: decision.id, kind: 'deleted' } });
    await asSuperuser(`INSERT INTO visit_decisions SELECT * FROM jsonb_populate_record(null::visit_decisions, $1)`, [decision.row]);
    expect((await verify()).ok).toBe(true);

    // The defect's description softened.
    const [{ description }] = await asSuperuser<{ description: string }>(`SELECT description FROM defects WHERE id = $1`, [defect.entryId]);
    await asSuperuser(`UPDATE defects SET description = '一切正常' WHERE id = $1`, [defect.entryId]);
    expect(await verify()).toMatchObject({ ok: false, firstBreak: { table: 'defects', rowId: defect.entryId, kind: 'edited' } });
    await asSuperuser(`UPDATE defects SET description = $2 WHERE id = $1`, [defect.entryId, description]);
    expect((await verify()).ok).toBe(true);
  });

  it('finds a seal rewritten', async () => {
    const [s] = await asSuperuser<{ batch: string; hash: Buffer }>(`SELECT batch::text, hash FROM ledger_seals ORDER BY batch LIMIT 1`);
    await asSuperuser(`UPDATE ledger_seals SET hash = $2 WHERE batch = $1`, [s.batch, Buffer.alloc(32, 7)]);
    expect(await verify()).toMatchObject({ ok: false, firstBreak: { table: 'ledger_seals', rowId: s.batch, kind: 'edited' } });
    await asSuperuser(`UPDATE ledger_seals SET hash = $2 WHERE batch = $1`, [s.batch, s.hash]);
    expect((await verify()).ok).toBe(true);
  });

  it('is for the head nurse and the administrator only', async () => {
    const nurse = await createUser(t, 'nurse');
    expect((await t.http().get('/api/audit/verify').set(bearer(nurse.token))).status).toBe(403);
    const admin = await createUser(t, 'admin');
    expect((await t.http().get('/api/audit/verify').set(bearer(admin.token))).status).toBe(200);
  });
});

describe('the sealing timer', () => {
  let t: TestApp;
  let ownerUrl: string;
  afterAll(() => t?.close());

  it('seals what the service wrote without anyone asking (CSSD_LEDGER_SEAL_SECONDS)', async () => {
    ownerUrl = await createScratchDatabase('sealtimer');
    t = await createTestApp({ CSSD_LEDGER_SEAL_SECONDS: '1' }, { ownerUrl });
    // The migrations' reference rows are journaled: there is something to seal from the start.
    const sealed = async () => Number((await t.ds.query(`SELECT coalesce(sum(cardinality(row_ids)), 0)::int AS n FROM ledger_seals`))[0].n);
    const [{ n: journal }] = await t.ds.query(`SELECT count(*)::int AS n FROM ledger_journal`);
    expect(journal).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    while ((await sealed()) < journal && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await sealed()).toBe(journal);
  }, 60_000);
});

/**
 * The sealer waits for the transactions running when it looked (an id they took below the mark would
 * otherwise look inserted into a sealed range later) — but only for those that can write here: a long
 * transaction in another database on the same server (a bulk load, another service) held the
 * cluster's oldest transaction back, and nothing was sealed for as long as it ran (2026-12-02).
 */
describe('sealing waits for the transactions of its own database only', () => {
  let t: TestApp;
  let ownerUrl: string;
  const clients: pg.Client[] = [];
  const connect = async (url: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  };
  const ledger = () => dataSourceDb(t.ds);
  const copyOfNewestEvent = `INSERT INTO pack_events (pack_id, at, type, from_state, to_state, actor_id, station, data)
      SELECT pack_id, at, type, from_state, to_state, actor_id, station, data FROM pack_events ORDER BY id DESC LIMIT 1 RETURNING id::text`;

  beforeAll(async () => {
    ownerUrl = await createScratchDatabase('settle');
    t = await createTestApp({}, { ownerUrl });
    const c = await ChainDriver.create(t);
    await c.packedMany([await c.newSet()]);
    expect((await seal(ledger(), { now: t.clock.instant() })).settled).toBe(true);
  }, 120_000);
  afterAll(async () => {
    for (const client of clients) await client.end().catch(() => undefined);
    await t?.close();
  });

  it('does not seal past an id a transaction of its database still holds, and seals once it ended', async () => {
    const inFlight = await connect(ownerUrl);
    await inFlight.query('BEGIN');
    const [{ id: held }] = (await inFlight.query<{ id: string }>(copyOfNewestEvent)).rows;
    const [{ id: later }] = (await (await connect(ownerUrl)).query<{ id: string }>(copyOfNewestEvent)).rows;
    expect(BigInt(later)).toBeGreaterThan(BigInt(held));

    expect(await seal(ledger(), { now: t.clock.instant(), settleMs: 300 })).toEqual({ batches: 0, rows: 0, settled: false });
    await inFlight.query('ROLLBACK');
    const after = await seal(ledger(), { now: t.clock.instant(), settleMs: 300 });
    expect(after.settled).toBe(true);
    const [{ sealed }] = await t.ds.query(
      `SELECT bool_or($1::bigint = ANY(row_ids)) AS sealed FROM ledger_seals WHERE table_name = 'pack_events'`,
      [later],
    );
    expect(sealed).toBe(true);
  });

  it('seals while a transaction in another database of the server runs on', async () => {
    const elsewhere = await connect(testDatabaseUrl());
    await elsewhere.query('BEGIN');
    await elsewhere.query('SELECT pg_current_xact_id()'); // holds a transaction id, as a bulk load does
    const [{ id }] = (await (await connect(ownerUrl)).query<{ id: string }>(copyOfNewestEvent)).rows;
    const result = await seal(ledger(), { now: t.clock.instant(), settleMs: 300 });
    await elsewhere.query('ROLLBACK');
    expect(result.settled).toBe(true);
    expect(result.rows).toBeGreaterThan(0);
    const [{ sealed }] = await t.ds.query(
      `SELECT bool_or($1::bigint = ANY(row_ids)) AS sealed FROM ledger_seals WHERE table_name = 'pack_events'`,
      [id],
    );
    expect(sealed).toBe(true);
  });
});
