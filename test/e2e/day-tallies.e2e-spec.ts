import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { catchUpTallies, TALLY_SQL, type TallyDb } from '../../src/reports/day-tallies.js';
import { DayTalliesService } from '../../src/reports/day-tallies.service.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { revertMigrations, runMigrations } from '../../src/database/migrate.js';
import { dataSourceDb } from '../../src/database/settled.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { ReportExpiryTallies1795783000000 as ExpiryCounters } from '../../migrations/1795783000000-ReportExpiryTallies.js';
import { createScratchDatabase } from '../support/test-db.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { expectOk } from '../support/expect.js';

/**
 * The reports' day tallies (issue 15) from the side of whoever did not write them: the reports must
 * say what they would say computed live from pack_events, at every moment, whatever order things
 * happen in — a transaction holding a smaller event id that commits after a larger one, two
 * catch-ups at once (two service instances), a catch-up in the middle of a pack's life (stored
 * tallied; dispatched, recalled or its expiry shortened live), a clock months ahead then behind
 * (a late event on a day the tallies already hold), an operator who changed CSSD_TIMEZONE.
 *
 * Every figure is counted by hand from the history built here, in months of the file's own (its
 * clock starts after every other file's data) and for a department, nurse and templates of its own.
 */
const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type SliceDay = { date: string; collected: number; dispatched: number };
type Ind = { numerator: number; denominator: number; rate: number | null };
type SliceMonth = {
  month: string;
  collected: number;
  dispatched: number;
  shortCollections: Ind & { missing: number; damaged: number };
  turnaround: Ind;
};
type IndicatorMonth = {
  month: string;
  hospital: Record<string, Ind>;
  departments: ({ department: { id: string } } & Record<string, Ind>)[];
};

/** What a test learns of, or holds up in, a catch-up's run on a client (viaClient). */
interface RunHooks {
  /** Its high-water mark was taken. */
  marked?: () => void;
  /** Before it opens a chunk's transaction. */
  beforeChunk?: () => Promise<void>;
  /** Its chunk's transaction is open. */
  inChunk?: () => void;
  /** Its chunk's counts are written, not committed yet. */
  afterCounts?: () => Promise<void>;
}

/** A catch-up's connection on a client of its own: what a second instance of the service is. */
function viaClient(client: pg.Client, hooks: RunHooks = {}): TallyDb {
  const query = async <T>(sql: string, params?: unknown[]) => {
    const rows = (await client.query(sql, params)).rows as T[];
    if (sql === TALLY_SQL.mark) hooks.marked?.();
    return rows;
  };
  return {
    query,
    transaction: async (work) => {
      await hooks.beforeChunk?.();
      await client.query('BEGIN');
      hooks.inChunk?.();
      try {
        const out = await work({
          query: async <T>(sql: string, params?: unknown[]) => {
            const rows = await query<T>(sql, params);
            if (sql === TALLY_SQL.addDays) await hooks.afterCounts?.();
            return rows;
          },
        });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    },
  };
}

/** A promise and the function that settles it. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire = () => undefined as void;
  const promise = new Promise<void>((r) => (fire = r));
  return { promise, fire };
}

/** Shared by the describe blocks: what the first one built. */
let departmentId: string;
let month: string;
let headToken: string;
/** A department of the second block's own, and the UTC day it collected a set on (at 22:00 UTC). */
let otherDepartmentId: string;
let otherDay: string;
const clients: pg.Client[] = [];

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

async function tallyState(t: TestApp): Promise<{ through_id: string; timezone: string | null }> {
  const [s] = await t.ds.query(`SELECT through_id::text AS through_id, timezone FROM report_tally_state WHERE id = 1`);
  return s;
}

/**
 * The first three blocks share a database of their own: their counters are hospital-wide (the expiry
 * indicator, the tally state's zone) and their shelf counts assume storage within its limits — on the
 * shared database a file started meanwhile writes after this one's clock (a storage reading out of
 * its limits shortened these packs at receipt on one run).
 */
let sharedUrl: string;
beforeAll(async () => {
  sharedUrl = await createScratchDatabase('tallies_shared');
}, 120_000);

afterAll(async () => {
  for (const c of clients) await c.end().catch(() => undefined);
});

describe('day tallies: exact at every moment, whatever the order (issue 15)', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let base: string;
  let t0: Date;

  const tallies = () => t.app.get(DayTalliesService);
  const at = (m: string, day: number, hour: number) =>
    new Date(startOfLocalDay(`${m}-${String(day).padStart(2, '0')}`, TZ).getTime() + hour * HOUR);
  const get = async (path: string) => {
    const res = await t.http().get(path).set(bearer(head.token));
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body;
  };
  const slice = async (from: string, to = from) =>
    (await get(`/api/reports/department-slice?from=${from}&to=${to}&departmentId=${c.department.id}`)) as {
      months: SliceMonth[];
      days: SliceDay[];
    };
  const dayOf = (s: { days: SliceDay[] }, date: string) => s.days.find((d) => d.date === date)!;
  const indicators = async (from: string, to = from) =>
    (await get(`/api/reports/quality-indicators?from=${from}&to=${to}`)).months as IndicatorMonth[];
  /** The nurse's and the template's counts by stage on a hospital day (workload breakdown). */
  const breakdown = async (query: string) => {
    const body = await get(`/api/reports/workload-breakdown${query}`);
    const nurse = body.perPerson.find((p: { user: { id: string } | null }) => p.user?.id === c.nurse.user.id);
    return { nurse: (nurse?.byStage ?? {}) as Record<string, number>, body };
  };
  /** The tallied counter of this department on a day (report_day_tallies), to see nothing is counted twice. */
  const tallied = async (dim: string, day: string) => {
    const [r] = await t.ds.query(
      `SELECT coalesce(sum(n), 0)::int AS n, coalesce(sum(short), 0)::int AS short, coalesce(sum(missing), 0)::int AS missing,
              coalesce(sum(damaged), 0)::int AS damaged
         FROM report_day_tallies WHERE dim = $1 AND key = $2 AND day = $3::date`,
      [dim, c.department.id, day],
    );
    return r as { n: number; short: number; missing: number; damaged: number };
  };
  const caughtUp = async () => {
    const r = await tallies().catchUp();
    expect(r.skipped).toBeUndefined();
    return r;
  };

  beforeAll(async () => {
    t = await createTestApp({}, { ownerUrl: sharedUrl });
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    headToken = head.token;
    departmentId = c.department.id;
    base = localDate(t.clock.instant(), TZ).slice(0, 7);
    month = addMonths(base, 6);
    t0 = at(month, 1, 8);
    t.clock.set(t0);
    // What the fixtures wrote: in, so the runs below take in this block's events only.
    await caughtUp();
  });
  afterAll(() => t.close());

  let barcodes: string[];

  it('never skips an event whose transaction took a smaller id and commits after a larger one, and counts it once', async () => {
    // Day 1: three sets collected, washed, packed, sterilized, stored — all in the tallies.
    barcodes = await c.storedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
    await caughtUp();
    const before = await tallyState(t);

    // Day 2, 10:00 (26 h after collection): a station's dispatch of pack 0 is in flight — its
    // transaction took its event id and has not committed (written as the ledger's move does) …
    t.clock.set(new Date(t0.getTime() + 26 * HOUR));
    const inFlight = await connect(t.config.databaseUrl);
    await inFlight.query('BEGIN');
    const moved = await inFlight.query<{ id: string }>(
      `UPDATE packs SET state = 'dispatched', department_id = $2, updated_at = $3 WHERE barcode = $1 AND state = 'stored' RETURNING id`,
      [barcodes[0], c.department.id, t.clock.instant()],
    );
    expect(moved.rowCount).toBe(1);
    const [{ id: held }] = (
      await inFlight.query<{ id: string }>(
        `INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, station, data, at)
         VALUES ($1, 'dispatch', 'stored', 'dispatched', $2, 'TEST-2', $3::jsonb, $4) RETURNING id::text`,
        [moved.rows[0].id, c.nurse.user.id, JSON.stringify({ departmentId: c.department.id }), t.clock.instant()],
      )
    ).rows;
    // … while another station dispatches pack 1: a larger id, committed.
    await c.dispatch(barcodes[1]);
    const [{ later }] = await t.ds.query(`SELECT max(id)::text AS later FROM pack_events`);
    expect(BigInt(later)).toBeGreaterThan(BigInt(held));

    // A catch-up now must not move past the held id: it waits, then says so.
    const impatient = await catchUpTallies(dataSourceDb(t.ds), { timezone: TZ, now: t.clock.instant(), settleMs: 300 });
    expect(impatient).toEqual({ throughId: before.through_id, ids: 0, skipped: 'unsettled' });
    expect(BigInt((await tallyState(t)).through_id)).toBeLessThan(BigInt(held));
    // Meanwhile the reports count what has committed: one pack dispatched on day 2.
    const day2 = addLocalDays(`${month}-01`, 1);
    expect(dayOf(await slice(month), day2)).toEqual({ date: day2, collected: 0, dispatched: 1 });

    // The service's catch-up starts while the station's transaction still runs; it commits 300 ms later.
    const pending = tallies().catchUp();
    await sleep(300);
    await inFlight.query('COMMIT');
    const done = await pending;
    expect(done.skipped).toBeUndefined();
    expect(BigInt(done.throughId)).toBeGreaterThanOrEqual(BigInt(later));

    // Both dispatches counted, once each: in the tallies and in every report.
    expect((await tallied('dispatched_to', day2)).n).toBe(2);
    const s = await slice(month);
    expect(dayOf(s, `${month}-01`)).toEqual({ date: `${month}-01`, collected: 3, dispatched: 0 });
    expect(dayOf(s, day2)).toEqual({ date: day2, collected: 0, dispatched: 2 });
    expect(s.months[0].dispatched).toBe(2);
    expect(s.months[0].turnaround.numerator).toBeCloseTo(26 + 26, 1);
    expect((await breakdown(`?date=${day2}`)).nurse.dispatch).toBe(2);
    // A further catch-up finds nothing new of it.
    await caughtUp();
    expect((await tallied('dispatched_to', day2)).n).toBe(2);
    expect(dayOf(await slice(month), day2).dispatched).toBe(2);
  });

  it('takes in each event once when two instances and the service catch up at the same time', async () => {
    // Day 4 at 06:00 (22:00 UTC of day 3): three sets collected, one short of an instrument.
    t.clock.set(at(month, 4, 6));
    const three = { contents: [{ nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 3 }] };
    const short = await c.newSet(three);
    await c.recycle(short, { missing: [{ line: 1, quantity: 1 }] });
    await c.recycle(await c.newSet());
    await c.recycle(await c.newSet());
    // And pack 2 dispatched on day 4 at 10:00 (02:00 UTC): 74 h after its collection.
    t.clock.set(new Date(t0.getTime() + 74 * HOUR));
    await c.dispatch(barcodes[2]);
    const before = await tallyState(t);

    // Two instances start together (both take the same high-water mark); the first is slow: its
    // chunk's counts are written and it has not committed when the second opens its chunk.
    const [a, b] = [await connect(t.config.databaseUrl), await connect(t.config.databaseUrl)];
    const bMarked = signal();
    const bInChunk = signal();
    const opts = { timezone: TZ, now: t.clock.instant() };
    const slow = catchUpTallies(
      viaClient(a, {
        beforeChunk: () => bMarked.promise,
        afterCounts: async () => {
          await Promise.race([bInChunk.promise, sleep(5000)]);
          await sleep(300);
        },
      }),
      opts,
    );
    const second = catchUpTallies(viaClient(b, { marked: bMarked.fire, inChunk: bInChunk.fire }), opts);
    const [ranSlow, ranSecond] = await Promise.all([slow, second]);
    expect(ranSlow.skipped).toBeUndefined();
    expect(ranSecond.skipped).toBeUndefined();
    // Between them, every id once: the second found the first's chunk taken in.
    expect(ranSlow.ids + ranSecond.ids).toBe(Number(BigInt(ranSecond.throughId) - BigInt(before.through_id)));
    expect(await tallied('collected_from', `${month}-04`)).toEqual({ n: 3, short: 1, missing: 1, damaged: 0 });
    expect((await tallied('dispatched_to', `${month}-04`)).n).toBe(1);
    // And any number of them chunk by chunk, with the service's own runs: a fourth set collected at 11:00 (03:00 UTC).
    t.clock.advance(HOUR);
    await c.recycle(await c.newSet());
    const [x, y] = [await connect(t.config.databaseUrl), await connect(t.config.databaseUrl)];
    const runs = await Promise.all([
      catchUpTallies(viaClient(x), { ...opts, chunk: 1 }),
      catchUpTallies(viaClient(y), { ...opts, chunk: 1 }),
      tallies().catchUp(),
      tallies().catchUp(),
    ]);
    for (const r of runs) expect(r.skipped).toBeUndefined();

    const day4 = `${month}-04`;
    expect(await tallied('collected_from', day4)).toEqual({ n: 4, short: 1, missing: 1, damaged: 0 });
    expect((await tallied('dispatched_to', day4)).n).toBe(1);
    const s = await slice(month);
    expect(dayOf(s, day4)).toEqual({ date: day4, collected: 4, dispatched: 1 });
    expect(s.months[0]).toMatchObject({ collected: 7, dispatched: 3 });
    expect(s.months[0].shortCollections).toMatchObject({ numerator: 1, denominator: 7, missing: 1, damaged: 0 });
    expect(s.months[0].turnaround.numerator).toBeCloseTo(26 + 26 + 74, 1);
    const ours = (await indicators(month))[0].departments.find((d) => d.department.id === c.department.id)!;
    expect(ours.shortCollections).toMatchObject({ numerator: 1, denominator: 7 });
    expect(ours.turnaround.denominator).toBe(3);
    expect(ours.turnaround.numerator).toBeCloseTo(26 + 26 + 74, 1);
    expect((await breakdown(`?date=${day4}`)).nurse).toMatchObject({ recycling: 4, dispatch: 1 });
  });

  it('reads a report in one snapshot: a catch-up committing between its statements is seen whole or not at all', async () => {
    // Day 6: two sets collected from a department of this test's own, not tallied yet.
    t.clock.set(at(month, 6, 8));
    const other = await ChainDriver.create(t);
    await other.recycle(await other.newSet());
    await other.recycle(await other.newSet());
    const day6 = `${month}-06`;
    // Each report transaction, once it has read the tallies' position, waits for a whole catch-up
    // (another instance's) to run and commit before it reads the counts.
    const x = await connect(t.config.databaseUrl);
    let ran: Awaited<ReturnType<typeof catchUpTallies>> | null = null;
    let midway: (() => Promise<void>) | null = async () => {
      ran = await catchUpTallies(viaClient(x), { timezone: TZ, now: t.clock.instant() });
    };
    const manager = t.ds.manager as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
    const transaction = manager.transaction;
    manager.transaction = (...args: unknown[]) => {
      const i = args.findIndex((a) => typeof a === 'function');
      const run = args[i] as (m: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => Promise<unknown>;
      const wrapped = [...args];
      wrapped[i] = (m: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => {
        const query = m.query.bind(m);
        m.query = async (sql: string, params?: unknown[]) => {
          const rows = await query(sql, params);
          if (sql === TALLY_SQL.state && midway) {
            const work = midway;
            midway = null;
            await work();
          }
          return rows;
        };
        return run(m);
      };
      return transaction.apply(manager, wrapped);
    };
    let res;
    try {
      res = await t
        .http()
        .get(`/api/reports/department-slice?from=${month}&to=${month}&departmentId=${other.department.id}`)
        .set(bearer(head.token));
    } finally {
      manager.transaction = transaction;
    }
    expect(res.status).toBe(200);
    // The catch-up did run in the middle of the report and took the two in …
    expect(ran).toMatchObject({ ids: expect.any(Number) });
    expect(ran!.skipped).toBeUndefined();
    expect(ran!.ids).toBeGreaterThan(0);
    const [{ n }] = await t.ds.query(
      `SELECT coalesce(sum(n), 0)::int AS n FROM report_day_tallies WHERE dim = 'collected_from' AND key = $1`,
      [other.department.id],
    );
    expect(n).toBe(2);
    // … and the report counted each once.
    expect((res.body.days as SliceDay[]).find((d) => d.date === day6)).toEqual({ date: day6, collected: 2, dispatched: 0 });
    expect(res.body.months[0]).toMatchObject({ collected: 2, dispatched: 0 });
  });

  it('stays exact while three stations collect and three catch-ups run at the same time', async () => {
    // Day 8: 24 sets collected from a department of this test's own by three stations at once,
    // while two other instances and the service catch up in a loop and a reader reads its day.
    t.clock.set(at(month, 8, 8));
    const day8 = `${month}-08`;
    const other = await ChainDriver.create(t);
    const sets: string[] = [];
    for (let i = 0; i < 24; i++) sets.push(await other.newSet());
    let started = 0;
    let finished = 0;
    let stop = false;
    const station = async (mine: string[]) => {
      for (const set of mine) {
        started++;
        await other.recycle(set);
        finished++;
      }
    };
    const collected = async () => {
      const res = await t
        .http()
        .get(`/api/reports/department-slice?from=${month}&to=${month}&departmentId=${other.department.id}`)
        .set(bearer(head.token));
      expect(res.status).toBe(200);
      return (res.body.days as SliceDay[]).find((d) => d.date === day8)!.collected;
    };
    const runs: Awaited<ReturnType<typeof catchUpTallies>>[] = [];
    const catchingUp = async (db: TallyDb | null) => {
      while (!stop) {
        const opts = { timezone: TZ, now: t.clock.instant(), chunk: 2, settleMs: 2000 };
        runs.push(db ? await catchUpTallies(db, opts) : await tallies().catchUp());
        await sleep(10);
      }
    };
    // Every reading lies between what had committed when it was asked and what had started when it answered.
    const outside: string[] = [];
    let readings = 0;
    const reading = async () => {
      while (!stop) {
        const low = finished;
        const n = await collected();
        const high = started;
        readings++;
        if (n < low || n > high) outside.push(`${low} <= ${n} <= ${high}`);
      }
    };
    const loops = [
      catchingUp(viaClient(await connect(t.config.databaseUrl))),
      catchingUp(viaClient(await connect(t.config.databaseUrl))),
      catchingUp(null),
      reading(),
    ];
    await Promise.all([station(sets.slice(0, 8)), station(sets.slice(8, 16)), station(sets.slice(16))]);
    stop = true;
    await Promise.all(loops);
    expect(outside).toEqual([]);
    expect(readings).toBeGreaterThan(0);
    expect(runs.some((r) => r.ids > 0)).toBe(true);
    await caughtUp();
    const [{ n }] = await t.ds.query(
      `SELECT coalesce(sum(n), 0)::int AS n FROM report_day_tallies WHERE dim = 'collected_from' AND key = $1 AND day = $2::date`,
      [other.department.id, day8],
    );
    expect(n).toBe(24);
    expect(await collected()).toBe(24);
  });

  it('counts the shelf exactly when a pack’s store is tallied and its dispatch, recall and shortened expiry are live', async () => {
    // Another month of the file's own: four cotton packs sterilized and stored on the 20th — 14
    // days' shelf life, so they expire in the next month; 7 days once storage leaves its limits, so
    // in this one. Only packs counted here have these expiry months (the block's clock is ahead of all).
    const m2 = addMonths(month, 3);
    const m3 = addMonths(m2, 1);
    t.clock.set(at(m2, 20, 8));
    const cotton = async () => c.newSet({ packagingMaterial: 'cotton' });
    const [dispatched, kept, shortened, recalled] = await c.storedMany([await cotton(), await cotton(), await cotton(), await cotton()]);
    const e14 = addLocalDays(`${m2}-20`, 14);
    const e7 = addLocalDays(`${m2}-20`, 7);
    expect([e14.slice(0, 7), e7.slice(0, 7)]).toEqual([m3, m2]);
    // Their store steps are in the tallies.
    await caughtUp();

    // The 21st: one dispatched, one recalled (read live).
    t.clock.set(at(m2, 21, 8));
    await c.dispatch(dispatched);
    expect(
      (
        await t
          .http()
          .post('/api/recalls')
          .set(bearer(head.token))
          .send({ trigger: 'manual', reason: '手工召回：包装批次可疑', barcodes: [recalled] })
      ).status,
    ).toBe(201);
    const [{ state }] = await t.ds.query(`SELECT state FROM packs WHERE barcode = $1`, [recalled]);
    expect(state).toBe('recalled');
    // The 22nd: storage out of its limits shortens the two cotton packs still in the CSSD (live); back within limits at once.
    t.clock.set(at(m2, 22, 8));
    expectOk(await c.post('/api/monitoring/readings', { kind: 'storage_temperature', value: 30 }, c.monitor.token));
    expectOk(await c.post('/api/monitoring/readings', { kind: 'storage_temperature', value: 20 }, c.monitor.token));
    expectOk(await c.post('/api/monitoring/readings', { kind: 'storage_humidity', value: 50 }, c.monitor.token));
    const expiries = await t.ds.query(
      `SELECT barcode, to_char(expiry_date, 'YYYY-MM-DD') AS expiry FROM packs WHERE barcode = ANY($1) ORDER BY barcode`,
      [[dispatched, kept, shortened, recalled]],
    );
    expect(Object.fromEntries(expiries.map((r: { barcode: string; expiry: string }) => [r.barcode, r.expiry]))).toEqual({
      [dispatched]: e14,
      [kept]: e7,
      [shortened]: e7,
      [recalled]: e14,
    });
    const expired = async () => {
      const [a, b] = await indicators(m2, m3);
      return { [a.month]: a.hospital.expiredInStorage, [b.month]: b.hospital.expiredInStorage };
    };
    // Before any expiry day is over: stored by their current expiry month, none expired yet.
    expect(await expired()).toEqual({
      [m2]: expect.objectContaining({ numerator: 0, denominator: 2 }),
      [m3]: expect.objectContaining({ numerator: 0, denominator: 2 }),
    });
    // After both expiry days: the two left on the shelf expired; the dispatched and the recalled did not.
    t.clock.set(at(m3, 20, 8));
    const after = {
      [m2]: expect.objectContaining({ numerator: 2, denominator: 2 }),
      [m3]: expect.objectContaining({ numerator: 0, denominator: 2 }),
    };
    expect(await expired()).toEqual(after);
    await caughtUp();
    expect(await expired()).toEqual(after);
    // The turnaround of the cotton pack: collected on the 20th at 08:00, dispatched on the 21st at 08:00.
    const ours = (await indicators(m2))[0].departments.find((d) => d.department.id === c.department.id)!;
    expect(ours.turnaround.denominator).toBe(1);
    expect(ours.turnaround.numerator).toBeCloseTo(24, 1);
  });

  it('counts a loaner tray handed back to its lender sterile (its operation cancelled) as off the shelf', async () => {
    // A month of this test's own: a loaner tray and a hospital set in rigid containers, stored the same hour.
    const m5 = addMonths(month, 5);
    t.clock.set(at(m5, 10, 8));
    const tray = await c.loanerTray('TALLY');
    await c.wash([tray.trayCode]);
    const trayPack = await c.pack(tray.trayCode);
    const [kept] = await c.storedMany([await c.newSet({ packagingMaterial: 'rigid_container' })]);
    await c.sterilize([trayPack]);
    await c.store(trayPack);
    const rows = await t.ds.query(`SELECT DISTINCT to_char(expiry_date, 'YYYY-MM-DD') AS expiry FROM packs WHERE barcode = ANY($1)`, [
      [trayPack, kept],
    ]);
    expect(rows).toHaveLength(1);
    const expiry: string = rows[0].expiry;
    // Both stored, in the tallies.
    await caughtUp();
    // The next day the operation is cancelled: the tray goes back to its lender sterile (read live).
    t.clock.set(at(m5, 11, 8));
    await c.returnLoanerTray(tray.id);
    // After the expiry day: the hospital's set expired on the shelf; the tray had left it.
    t.clock.set(startOfLocalDay(addLocalDays(expiry, 2), TZ));
    const expired = async () => (await indicators(expiry.slice(0, 7)))[0].hospital.expiredInStorage;
    expect(await expired()).toEqual(expect.objectContaining({ numerator: 1, denominator: 2 }));
    await caughtUp();
    expect(await expired()).toEqual(expect.objectContaining({ numerator: 1, denominator: 2 }));
  });

  it('never closes a day: events dated months behind the tallies, and a period ending today', async () => {
    // Another file's clock, behind everything above: a day the tallies already hold days after.
    const mb = addMonths(base, 2);
    const today = `${mb}-10`;
    t.clock.set(at(mb, 10, 8));
    const three = { contents: [{ nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 3 }] };
    const short = await c.newSet(three);
    await c.recycle(short, { damaged: [{ line: 1, quantity: 2 }] });
    await c.recycle(await c.newSet());
    const expectDay = async (collected: number) => {
      const s = await slice(mb);
      expect(dayOf(s, today)).toEqual({ date: today, collected, dispatched: 0 });
      expect(s.months[0].shortCollections).toMatchObject({ numerator: 1, denominator: collected, missing: 0, damaged: 2 });
      expect((await breakdown(`?date=${today}`)).nurse.recycling).toBe(collected);
      // A period ending today, from the month's first day.
      const range = await breakdown(`?from=${mb}-01&to=${today}`);
      expect(range.nurse.recycling).toBe(collected);
      const ours = (await indicators(mb))[0].departments.find((d) => d.department.id === c.department.id)!;
      expect(ours.shortCollections).toMatchObject({ numerator: 1, denominator: collected, damaged: 2 });
    };
    await expectDay(2);
    await caughtUp();
    expect(await tallied('collected_from', today)).toEqual({ n: 2, short: 1, missing: 0, damaged: 2 });
    await expectDay(2);
    // Later the same day, after the catch-up: one more, read live on top of the tallied two.
    t.clock.set(at(mb, 10, 15));
    await c.recycle(await c.newSet());
    await expectDay(3);
    await caughtUp();
    expect(await tallied('collected_from', today)).toEqual({ n: 3, short: 1, missing: 0, damaged: 2 });
    await expectDay(3);
    // The months ahead are as they were.
    const s = await slice(month);
    expect(s.months[0]).toMatchObject({ collected: 7, dispatched: 3 });
  });

  it('gives nothing for a period before any of it, and the same figures once all is tallied', async () => {
    // A month before the department's first event (all of whose events are far below the tallied id).
    const empty = await slice(addMonths(base, 1));
    expect(empty.months[0]).toMatchObject({ collected: 0, dispatched: 0 });
    expect(empty.days.every((d) => d.collected === 0 && d.dispatched === 0)).toBe(true);
    // The first month, wholly in the tallies now.
    const s = await slice(month);
    expect(dayOf(s, `${month}-01`).collected).toBe(3);
    expect(dayOf(s, `${month}-04`)).toEqual({ date: `${month}-04`, collected: 4, dispatched: 1 });
    // Seen in UTC (below), day 4's 06:00 collections belong to day 3.
    expect(dayOf(s, `${month}-03`)).toEqual({ date: `${month}-03`, collected: 0, dispatched: 0 });
    expect((await tallyState(t)).timezone).toBe(TZ);
  });
});

/**
 * An operator changed CSSD_TIMEZONE (the tallies count Asia/Shanghai days): the reports read every
 * event live in the new zone — exact — and the catch-up writes nothing, until the zone is set back.
 */
describe('day tallies counted in another time zone than the service’s', () => {
  let t: TestApp;
  let fingerprint: unknown;
  let other: ChainDriver;

  const print = async () =>
    (
      await t.ds.query(
        `SELECT s.through_id::text AS through_id, s.timezone, s.updated_at, x.rows, x.n
           FROM report_tally_state s, (SELECT count(*)::int AS rows, coalesce(sum(n), 0)::int AS n FROM report_day_tallies) x WHERE s.id = 1`,
      )
    )[0];
  const slice = async (dept: string, from: string) => {
    const res = await t.http().get(`/api/reports/department-slice?from=${from}&to=${from}&departmentId=${dept}`).set(bearer(headToken));
    expect(res.status).toBe(200);
    return res.body as { timezone: string; months: SliceMonth[]; days: SliceDay[] };
  };

  beforeAll(async () => {
    t = await createTestApp({ CSSD_TIMEZONE: 'UTC' }, { ownerUrl: sharedUrl });
    expect((await print()).timezone).toBe(TZ);
    fingerprint = await print();
    other = await ChainDriver.create(t);
    otherDepartmentId = other.department.id;
    // 22:00 UTC: 06:00 of the next day in Shanghai.
    otherDay = localDate(t.clock.instant(), 'UTC');
    t.clock.set(new Date(startOfLocalDay(otherDay, 'UTC').getTime() + 22 * HOUR));
    await other.recycle(await other.newSet());
  });
  afterAll(() => t.close());

  it('reads every event live in the service’s zone: the tallied Shanghai days are not reused', async () => {
    const s = await slice(departmentId, month);
    expect(s.timezone).toBe('UTC');
    const day = (d: number) => s.days.find((x) => x.date === `${month}-${String(d).padStart(2, '0')}`);
    // Collected at 08:00 Shanghai (00:00 UTC) on the 1st; the 06:00 collections of the 4th are on the
    // 3rd in UTC, its 11:00 one and 10:00 dispatch on the 4th.
    expect(day(1)).toEqual({ date: `${month}-01`, collected: 3, dispatched: 0 });
    expect(day(2)).toEqual({ date: `${month}-02`, collected: 0, dispatched: 2 });
    expect(day(3)).toEqual({ date: `${month}-03`, collected: 3, dispatched: 0 });
    expect(day(4)).toEqual({ date: `${month}-04`, collected: 1, dispatched: 1 });
    expect(s.months[0]).toMatchObject({ collected: 7, dispatched: 3 });
    const fresh = await slice(other.department.id, otherDay.slice(0, 7));
    expect(fresh.days.find((x) => x.date === otherDay)).toEqual({ date: otherDay, collected: 1, dispatched: 0 });
  });

  it('catches up nothing (skipped: timezone) and leaves the tallies as they were', async () => {
    expect(await t.app.get(DayTalliesService).catchUp()).toEqual({
      throughId: (fingerprint as { through_id: string }).through_id,
      ids: 0,
      skipped: 'timezone',
    });
    expect(await print()).toEqual(fingerprint);
  });
});

describe('day tallies back in the hospital’s zone', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('takes in what was written meanwhile and counts it in Shanghai days', async () => {
    t = await createTestApp({}, { ownerUrl: sharedUrl });
    const r = await t.app.get(DayTalliesService).catchUp();
    expect(r.skipped).toBeUndefined();
    expect(r.ids).toBeGreaterThan(0);
    const res = await t
      .http()
      .get(`/api/reports/department-slice?from=${month}&to=${month}&departmentId=${departmentId}`)
      .set(bearer(headToken));
    expect(res.status).toBe(200);
    const days = res.body.days as SliceDay[];
    expect(days.find((d) => d.date === `${month}-04`)).toEqual({ date: `${month}-04`, collected: 4, dispatched: 1 });
    expect(days.find((d) => d.date === `${month}-03`)).toEqual({ date: `${month}-03`, collected: 0, dispatched: 0 });
    // The set collected at 22:00 UTC while the zone was UTC: 06:00 of the next day in Shanghai.
    const next = addLocalDays(otherDay, 1);
    const other = await t
      .http()
      .get(`/api/reports/department-slice?from=${next.slice(0, 7)}&to=${next.slice(0, 7)}&departmentId=${otherDepartmentId}`)
      .set(bearer(headToken));
    expect(other.status).toBe(200);
    expect((other.body.days as SliceDay[]).filter((d) => d.collected > 0)).toEqual([{ date: next, collected: 1, dispatched: 0 }]);
  });
});

/**
 * An installation never caught up (the migration's state: through id 0, no zone): the reports read
 * everything live; then a catch-up that stops after any one id (a timed run's limit, a crash) —
 * the reports are the same hand-counted figures at every id it may stop at.
 */
describe('day tallies of an installation never caught up, taken in one id at a time', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  beforeAll(async () => {
    ownerUrl = await createScratchDatabase('tallies');
    t = await createTestApp({}, { ownerUrl });
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
  }, 120_000);
  afterAll(() => t?.close());

  let ownerUrl: string;
  /**
   * The expiry counters (dim 'expiry') as the tallies hold them, and as counted here from the shelf
   * rows themselves: stored before the expiry day ended in Shanghai, and still on the shelf then.
   */
  const expiryCounters = async () => {
    const held = await t.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, n FROM report_day_tallies WHERE dim = 'expiry' AND n <> 0 ORDER BY 1, 2`,
    );
    const counted = await t.ds.query(
      `SELECT to_char(expiry_date, 'YYYY-MM-DD') AS day, kind, count(*)::int AS n
         FROM (SELECT expiry_date, 'stored' AS kind FROM report_pack_shelf
                WHERE stored_at < (expiry_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
               UNION ALL
               SELECT expiry_date, 'on_shelf' FROM report_pack_shelf
                WHERE stored_at < (expiry_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
                  AND (left_at IS NULL OR left_at >= (expiry_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) x
        GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    return { held, counted };
  };

  it('gives the same figures before the first catch-up and after each id taken in', async () => {
    expect(await tallyState(t)).toEqual({ through_id: '0', timezone: null });
    t.clock.nextMorning(TZ);
    const day = localDate(t.clock.instant(), TZ);
    // Two sets, one critical (its packing co-signed by a second nurse, §5).
    const [s1, s2] = [await c.newSet({ critical: true }), await c.newSet()];
    const collectedAt = t.clock.instant();
    const barcodes = await c.storedMany([s1, s2]);
    // Dispatched 5 hours after its collection.
    t.clock.set(new Date(collectedAt.getTime() + 5 * HOUR));
    await c.dispatch(barcodes[0]);
    // Both packs expire the same day; once it is over, the one never dispatched has expired on the shelf.
    const [{ expiry }] = await t.ds.query(
      `SELECT DISTINCT to_char(expiry_date, 'YYYY-MM-DD') AS expiry FROM packs WHERE barcode = ANY($1)`,
      [barcodes],
    );
    t.clock.set(startOfLocalDay(addLocalDays(expiry, 2), TZ));

    const expectFigures = async (when: string) => {
      const s = await t
        .http()
        .get(`/api/reports/department-slice?from=${day.slice(0, 7)}&to=${day.slice(0, 7)}&departmentId=${c.department.id}`)
        .set(bearer(head.token));
      const b = await t.http().get(`/api/reports/workload-breakdown?date=${day}`).set(bearer(head.token));
      const person = (id: string) => b.body.perPerson.find((p: { user: { id: string } | null }) => p.user?.id === id);
      const nurse = person(c.nurse.user.id);
      const q = await t
        .http()
        .get(`/api/reports/quality-indicators?from=${expiry.slice(0, 7)}&to=${expiry.slice(0, 7)}`)
        .set(bearer(head.token));
      const expired = (q.body.months as IndicatorMonth[])[0].hospital.expiredInStorage;
      expect({
        when,
        // Co-signed as second person: the critical set's packing (nurse 2), both packs' unloading (the monitor).
        coSigned: [person(c.nurse2.user.id)?.coSigned, person(c.monitor.user.id)?.coSigned],
        day: (s.body.days as SliceDay[]).find((d) => d.date === day),
        turnaround: Math.round((s.body.months[0] as SliceMonth).turnaround.numerator * 10) / 10,
        nurse: nurse.byStage,
        perDay: b.body.perDay[0].byStage,
        expired: [expired.numerator, expired.denominator],
      }).toEqual({
        when,
        coSigned: [1, 2],
        day: { date: day, collected: 2, dispatched: 1 },
        turnaround: 5,
        nurse: { recycling: 2, cleaning: 2, packing: 2, sterilization: 6, storage: 2, dispatch: 1 },
        perDay: { recycling: 2, cleaning: 2, packing: 2, sterilization: 6, storage: 2, dispatch: 1 },
        expired: [1, 2],
      });
      const counters = await expiryCounters();
      expect({ when, held: counters.held }).toEqual({ when, held: counters.counted });
    };
    await expectFigures('never caught up');
    const [{ last }] = await t.ds.query(`SELECT max(id)::text AS last FROM pack_events`);
    const db = dataSourceDb(t.ds);
    for (let through = 0n; through < BigInt(last);) {
      const r = await catchUpTallies(db, { timezone: TZ, now: t.clock.instant(), maxEvents: 1 });
      expect(r).toEqual({ throughId: String(through + 1n), ids: 1 });
      through = BigInt(r.throughId);
      await expectFigures(`through ${through}`);
    }
    expect(await tallyState(t)).toEqual({ through_id: last, timezone: TZ });
    expect((await expiryCounters()).held).toEqual([
      { day: expiry, kind: 'on_shelf', n: 1 },
      { day: expiry, kind: 'stored', n: 2 },
    ]);

    // An installation caught up before the expiry counters existed: the migration that brings them
    // counts them from the shelf rows already there (taken back, they are gone; applied, they are back).
    const since = MIGRATIONS.map((m) => m.name).slice(MIGRATIONS.findIndex((m) => m.name === ExpiryCounters.name));
    expect(await revertMigrations(ownerUrl, since.length)).toBe(since.length);
    expect((await expiryCounters()).held).toEqual([]);
    expect(await runMigrations(ownerUrl)).toEqual(since);
    await expectFigures('migrated after the catch-up');

    // The previous version did not count a loaner tray handed back to its lender sterile as off the
    // shelf: its row, as that version left it, is mended by the migration.
    const tray = await c.loanerTray('MEND', {
      operation: '膝关节置换术',
      lines: [{ nameZh: '胫骨导向器', nameEn: 'Tibial guide', specification: '', quantity: 1, implant: false }],
    });
    await c.wash([tray.trayCode]);
    const trayPack = await c.pack(tray.trayCode);
    await c.sterilize([trayPack]);
    await c.store(trayPack);
    t.clock.set(new Date(t.clock.instant().getTime() + 24 * HOUR));
    await c.returnLoanerTray(tray.id);
    const [{ at: returnedAt }] = await t.ds.query(
      `SELECT e.at FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'return_to_lender'`,
      [trayPack],
    );
    expect((await catchUpTallies(db, { timezone: TZ, now: t.clock.instant() })).skipped).toBeUndefined();
    const shelfRow = () =>
      t.ds.query(`SELECT s.left_at FROM report_pack_shelf s JOIN packs p ON p.id = s.pack_id WHERE p.barcode = $1`, [trayPack]);
    expect(await shelfRow()).toEqual([{ left_at: returnedAt }]);
    await t.ds.query(`UPDATE report_pack_shelf s SET left_at = NULL FROM packs p WHERE p.id = s.pack_id AND p.barcode = $1`, [trayPack]);
    expect(await revertMigrations(ownerUrl, since.length)).toBe(since.length);
    expect(await runMigrations(ownerUrl)).toEqual(since);
    expect(await shelfRow()).toEqual([{ left_at: returnedAt }]);
    const counters = await expiryCounters();
    expect(counters.held).toEqual(counters.counted);
    expect(counters.held).toContainEqual(expect.objectContaining({ kind: 'stored', n: 1 }));
  });
});
