import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runArchive, type ArchiveOptions } from '../../src/archive/archive.js';
import { monthsBefore } from '../../src/archive/retention.js';
import type { LedgerDb } from '../../src/ledger-seal/ledger-store.js';
import { pgLedger } from '../../src/ledger-seal/pg-ledger.js';
import { createScratchDatabase } from '../support/test-db.js';
import { TestClock } from '../support/app.js';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { addMonths } from '../../src/reports/quality-indicators.js';
import { catchUpTallies, TALLY_SQL } from '../../src/reports/day-tallies.js';
import { DayTalliesService } from '../../src/reports/day-tallies.service.js';
import { dataSourceDb } from '../../src/database/settled.js';
import pg from 'pg';
import { createTestApp, type TestApp } from '../support/app.js';
import { expiryProbe } from '../support/expiry-counters.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';

/**
 * "Expired in storage" read from the counters per expiry day (issue 15), attacked with what a CSSD's
 * data does: a withdrawn release (issue 18) put back on the shelf, a pack leaving the shelf in the
 * last millisecond of its expiry day or the first of the next, catch-ups one event at a time. Every
 * figure is counted by hand from the history built here, in months no other file uses (the clock is
 * years ahead), and checked against the API before and after catch-ups; the tallies' 'expiry'
 * counters are checked against a recount of report_pack_shelf done here in TypeScript.
 */
const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

describe('expired in storage: counters per expiry day under real CSSD data', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let base: string;

  const at = (m: string, day: number, hour: number) =>
    new Date(startOfLocalDay(`${m}-${String(day).padStart(2, '0')}`, TZ).getTime() + hour * HOUR);
  const { expired, caughtUp, expiryOf, expectCountersMatchShelf } = expiryProbe(() => ({ t, head }), TZ);

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    base = localDate(t.clock.instant(), TZ).slice(0, 7);
    t.clock.set(at(addMonths(base, 40), 1, 8));
    await caughtUp();
  });
  afterAll(() => t.close());

  it('takes a pack off the shelf in the last second of its expiry day, not at 00:00 the next, through catch-ups one event at a time', async () => {
    const month = addMonths(base, 44);
    t.clock.set(at(month, 10, 8));
    const sets = [await c.newSet({ packagingMaterial: 'cotton' }), await c.newSet({ packagingMaterial: 'cotton' })];
    const [a, b, kept] = await c.storedMany([...sets, await c.newSet({ packagingMaterial: 'cotton' })]);
    const expiry = await expiryOf([a, b, kept]);
    const em = expiry.slice(0, 7);
    const ends = startOfLocalDay(addLocalDays(expiry, 1), TZ);
    // a: dispatched in the last second of its expiry day (Shanghai). The test clock runs on (each reading
    // at least 1 ms later), so the step's instant is read back rather than assumed.
    t.clock.set(new Date(ends.getTime() - 500));
    await c.dispatch(a);
    const [{ at: dispatchedAt }] = await t.ds.query(
      `SELECT e.at FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'dispatch'`,
      [a],
    );
    expect(ends.getTime() - (dispatchedAt as Date).getTime()).toBeGreaterThan(0);
    expect(ends.getTime() - (dispatchedAt as Date).getTime()).toBeLessThanOrEqual(500);
    // b: recalled at local midnight, the first instant of the next day — it was on the shelf when its day ended.
    t.clock.set(ends);
    const recall = await t
      .http()
      .post('/api/recalls')
      .set(bearer(head.token))
      .send({ trigger: 'manual', reason: '手工召回：包装批次可疑', barcodes: [b] });
    expect(recall.status).toBe(201);
    // At 00:00 the day is over: b and kept expired on the shelf; a had left it.
    expect({ atMidnight: await expired(em) }).toEqual({ atMidnight: [2, 3] });
    // Seconds before, the day is not over: nothing counted expired yet.
    t.clock.set(new Date(ends.getTime() - 5000));
    expect({ before: await expired(em) }).toEqual({ before: [0, 3] });
    t.clock.set(new Date(ends.getTime() + HOUR));
    // Catch-ups one event at a time: the store and the leaving of a pack in different chunks.
    let steps = 0;
    for (let i = 0; i < 400; i++) {
      const r = await catchUpTallies(dataSourceDb(t.ds), { timezone: TZ, now: t.clock.instant(), maxEvents: 1 });
      expect(r.skipped).toBeUndefined();
      if (r.ids === 0) break;
      steps++;
      expect({ through: r.throughId, figures: await expired(em) }).toEqual({ through: r.throughId, figures: [2, 3] });
    }
    // The three packs' lives are dozens of events: the loop took them in one by one.
    expect(steps).toBeGreaterThan(20);
    await expectCountersMatchShelf();
  });

  it('never skips a dispatch whose transaction got its xid after another’s but its event id before', async () => {
    // Two cotton packs stored on the 5th, in the tallies. Expiry 14 days later.
    const month = addMonths(base, 47);
    t.clock.set(at(month, 5, 8));
    const [a, b] = await c.storedMany([await c.newSet({ packagingMaterial: 'cotton' }), await c.newSet({ packagingMaterial: 'cotton' })]);
    const expiry = await expiryOf([a, b]);
    const em = expiry.slice(0, 7);
    await caughtUp();
    // The 6th: two stations dispatch a and b at once, written as the ledger's move does (the pack's row, then its event).
    t.clock.set(at(month, 6, 8));
    const s1 = new pg.Client({ connectionString: t.config.databaseUrl });
    const s2 = new pg.Client({ connectionString: t.config.databaseUrl });
    await s1.connect();
    await s2.connect();
    try {
      const move = async (s: pg.Client, barcode: string) => {
        const r = await s.query<{ id: string }>(
          `UPDATE packs SET state = 'dispatched', department_id = $2, updated_at = $3 WHERE barcode = $1 AND state = 'stored' RETURNING id`,
          [barcode, c.department.id, t.clock.instant()],
        );
        expect(r.rowCount).toBe(1);
        return r.rows[0].id;
      };
      const event = async (s: pg.Client, packId: string) =>
        (
          await s.query<{ id: string }>(
            `INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, station, data, at)
             VALUES ($1, 'dispatch', 'stored', 'dispatched', $2, 'TEST-X', $3::jsonb, $4) RETURNING id::text`,
            [packId, c.nurse.user.id, JSON.stringify({ departmentId: c.department.id }), t.clock.instant()],
          )
        ).rows[0].id;
      // Station 2 begins first (its transaction id is the smaller), station 1 next; station 1 takes the
      // smaller event id; station 2 commits; station 1 is still running.
      await s2.query('BEGIN');
      const bId = await move(s2, b);
      await s1.query('BEGIN');
      const aId = await move(s1, a);
      const heldId = await event(s1, aId);
      const laterId = await event(s2, bId);
      expect(BigInt(laterId)).toBeGreaterThan(BigInt(heldId));
      await s2.query('COMMIT');
      // A catch-up now must not move past the held id (it waits, then says so, or stops below it).
      const r = await catchUpTallies(dataSourceDb(t.ds), { timezone: TZ, now: t.clock.instant(), settleMs: 300 });
      const through = BigInt(r.throughId);
      await s1.query('COMMIT');
      await caughtUp();
      // By hand: both dispatched the day after storage, long before their expiry: 0 expired of 2.
      t.clock.set(startOfLocalDay(addLocalDays(expiry, 2), TZ));
      expect({ skippedHeld: through >= BigInt(heldId), figures: await expired(em) }).toEqual({ skippedHeld: false, figures: [0, 2] });
      await expectCountersMatchShelf();
    } finally {
      await s1.end();
      await s2.end();
    }
  });
});

/**
 * The archival catches the tallies up first and refuses when it cannot (ARCHIVE_TALLIES_BEHIND): here
 * a station's dispatch is in flight (its transaction open, its event id taken) at the moment the
 * archival's catch-up takes its mark — the catch-up cannot settle, the archival removes nothing; once
 * the station commits, the archival goes through and the expiry figures of the archived pack stay.
 */
describe('archival while a station’s transaction is still open (issue 15)', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let ownerUrl: string;
  const out = mkdtempSync(join(tmpdir(), 'cssd-expiry-break-'));
  const today = localDate(new Date(), TZ);
  const old = addLocalDays(monthsBefore(today, 36), -1);
  const cut = monthsBefore(today, 36);

  beforeAll(async () => {
    ownerUrl = await createScratchDatabase('expirybreak');
    const clock = new TestClock();
    clock.set(new Date(startOfLocalDay(old, TZ).getTime() + 7 * HOUR));
    t = await createTestApp({}, { ownerUrl, clock });
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('refuses and removes nothing while the catch-up cannot settle, then archives with the expiry figures kept', async () => {
    expect(t.config.timezone).toBe(TZ);
    // 3 years + 1 day ago: a pack stored and used the same day (dispatched long before its expiry).
    const [used] = await c.storedMany([await c.newSet()]);
    await c.dispatch(used);
    await c.receive(used);
    await c.use(used);
    const expiry = await expiryOf([used]);
    const em = expiry.slice(0, 7);
    // Today: a pack stored, about to be dispatched.
    t.clock.set(new Date());
    const [fresh] = await c.storedMany([await c.newSet()]);
    const indicator = () => expiryProbe(() => ({ t, head }), TZ).expired(em);
    // By hand: stored before its expiry day ended (1); it left the shelf the same day (0 expired).
    expect(await indicator()).toEqual([0, 1]);
    const rows = async () => {
      const [r] = await t.ds.query(
        `SELECT (SELECT count(*) FROM packs)::int AS packs, (SELECT count(*) FROM pack_events)::int AS events,
                (SELECT count(*) FROM archive_runs)::int AS runs`,
      );
      return r as { packs: number; events: number; runs: number };
    };
    const before = await rows();
    // The old pack's steps are not in the tallies yet: the archival's catch-up has them to take in.
    const [{ behind }] = await t.ds.query(
      `SELECT (SELECT max(id) FROM pack_events) > (SELECT through_id FROM report_tally_state WHERE id = 1) AS behind`,
    );
    expect(behind).toBe(true);

    // The station's dispatch of the fresh pack, begun when the archival's catch-up starts.
    const station = new pg.Client({ connectionString: t.config.databaseUrl });
    await station.connect();
    let held = false;
    const hold = async () => {
      held = true;
      await station.query('BEGIN');
      const moved = await station.query<{ id: string }>(
        `UPDATE packs SET state = 'dispatched', department_id = $2, updated_at = $3 WHERE barcode = $1 AND state = 'stored' RETURNING id`,
        [fresh, c.department.id, t.clock.instant()],
      );
      expect(moved.rowCount).toBe(1);
      await station.query(
        `INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, station, data, at)
         VALUES ($1, 'dispatch', 'stored', 'dispatched', $2, 'TEST-2', $3::jsonb, $4)`,
        [moved.rows[0].id, c.nurse.user.id, JSON.stringify({ departmentId: c.department.id }), t.clock.instant()],
      );
    };
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      const db = pgLedger(owner);
      const watched: LedgerDb = {
        query: async (sql, params) => {
          if (sql === TALLY_SQL.state && !held) await hold();
          return db.query(sql, params);
        },
        transaction: db.transaction,
      };
      const archive = (opts: Partial<ArchiveOptions>) =>
        runArchive(
          { db: watched, clock: t.clock, timezone: TZ, osUser: 'cssd-ops', host: 'test-host', database: 'scratch', settleMs: 300 },
          { kind: 'sterilization', before: cut, mode: 'confirm', keepBlocked: true, ...opts },
        );
      const refused = await archive({ out: join(out, 'first') });
      expect({ status: refused.status, code: refused.code, en: refused.message?.en }).toEqual({
        status: 'failed',
        code: 'ARCHIVE_TALLIES_BEHIND',
        en: expect.stringContaining('an older transaction is still running'),
      });
      expect(await rows()).toEqual(before);
      expect(await indicator()).toEqual([0, 1]);

      await station.query('COMMIT');
      const done = await archive({ out: join(out, 'second') });
      expect({ status: done.status, packs: done.rows.packs }).toEqual({ status: 'archived', packs: 1 });
      const after = await rows();
      expect({ packs: after.packs, runs: after.runs }).toEqual({ packs: before.packs - 1, runs: before.runs + 1 });
      // The archived pack's figures stay, read from the counters.
      expect(await indicator()).toEqual([0, 1]);
      await caughtUp();
      expect(await indicator()).toEqual([0, 1]);
    } finally {
      await owner.end();
      await station.end();
    }
  });

  const caughtUp = async () => {
    const r = await t.app.get(DayTalliesService).catchUp();
    expect(r.skipped).toBeUndefined();
  };
  const expiryOf = async (barcodes: string[]): Promise<string> => {
    const rows = await t.ds.query(`SELECT DISTINCT to_char(expiry_date, 'YYYY-MM-DD') AS expiry FROM packs WHERE barcode = ANY($1)`, [
      barcodes,
    ]);
    expect(rows).toHaveLength(1);
    return rows[0].expiry as string;
  };
});
