import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { runArchive, verifyArchive, type ArchiveOptions, type ArchiveOutcome } from '../../src/archive/archive.js';
import { describeOutcome } from '../../src/archive/archive-command.js';
import { monthsBefore } from '../../src/archive/retention.js';
import { pgLedger } from '../../src/ledger-seal/pg-ledger.js';
import { createTestApp, TestClock, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { expectOk } from '../support/expect.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';
import { ensureServiceBuilt, REPO } from '../support/service-process.js';
import { asSuperuserOn, createScratchDatabase } from '../support/test-db.js';

interface Verify {
  ok: boolean;
  sealedRows: number;
  archivedRows: number;
  unsealedRows: number;
  firstBreak?: { table: string; rowId: string; batch: string | null; kind: string };
}

/** The tables an archival may touch, and those it must never touch. */
const COUNTED = [
  'washer_cycles',
  'pack_events',
  'packs',
  'sterilizer_loads',
  'load_items',
  'load_checks',
  'bd_tests',
  'bi_tests',
  'emergency_releases',
  'voided_labels',
  'recalls',
  'recall_items',
  'round_items',
  'archive_runs',
  'ledger_archive_marks',
  'audit_log',
];

/**
 * Issue 15 "Retention" (§4.5): `npm run archive` exports and removes cleaning records older than
 * six months and sterilization records older than three years, refuses younger cut-offs and
 * records still needed, and leaves the tamper-evident record verifiable — and still able to find
 * an edit, a deletion or an insertion among the rows that remain.
 *
 * History built through the API with the service's clock moved back: a pack's whole life
 * 3 years + 1 day ago (A) and 2 years ago (B); a washer run and a manual clean 7 months ago
 * (C, M) and 5 months ago (E, N), each pack used the same day; a set washed 7 months ago still
 * in storage (K); and a pack used 3 years + 1 day ago whose load a recall opened today names (R).
 * On a database of its own: the archival removes rows, and verify checks everything in it.
 */
describe('archival of old records (retention)', () => {
  let t: TestApp;
  let ownerUrl: string;
  let head: TestUser;
  let c: ChainDriver;
  const out = mkdtempSync(join(tmpdir(), 'cssd-archive-test-'));
  const today = localDate(new Date(), 'Asia/Shanghai');
  const day = {
    old: addLocalDays(monthsBefore(today, 36), -1),
    twoYears: monthsBefore(today, 24),
    sevenMonths: monthsBefore(today, 7),
    fiveMonths: monthsBefore(today, 5),
  };
  const cut = { cleaning: monthsBefore(today, 6), sterilization: monthsBefore(today, 36) };
  type Life = { set: string; barcode: string; packId: string; loadId: string; cycleId: string | null };
  /** L: a loaner tray received, washed and handed back to its lender 3 years + 1 day ago (issue 16; no load, no barcode). */
  const life: Record<'A' | 'R' | 'L' | 'B' | 'C' | 'M' | 'K' | 'E' | 'N', Life> = {} as never;
  let gapId: string;

  /** `work` on a connection as the tables' owner (as the operator's commands connect). */
  async function withOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  const owner = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    withOwner(async (client) => (await client.query(sql, params)).rows as T[]);

  const asSuperuser = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => asSuperuserOn<T>(ownerUrl, sql, params);

  /** An export checked against the record, as `npm run archive -- --verify <dir>` does. */
  const verifyExport = (dir: string) => withOwner((client) => verifyArchive(pgLedger(client), dir));

  /** The rows of an export file. */
  const lines = (dir: string, file: string) =>
    readFileSync(join(dir, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  /** The archival as `npm run archive` runs it (as the owner), on the service's clock. */
  const archive = (opts: Pick<ArchiveOptions, 'kind' | 'before'> & Partial<ArchiveOptions>): Promise<ArchiveOutcome> =>
    withOwner((client) =>
      runArchive(
        { db: pgLedger(client), clock: t.clock, timezone: t.config.timezone, osUser: 'cssd-ops', host: 'test-host', database: 'scratch' },
        { mode: 'plan', keepBlocked: false, ...opts },
      ),
    );

  async function verify(): Promise<Verify> {
    const res = await t.http().get('/api/audit/verify').set(bearer(head.token));
    expect(res.status).toBe(200);
    return res.body as Verify;
  }

  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        COUNTED.map(async (table) => [table, Number((await owner<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`))[0].n)]),
      ),
    ) as Record<string, number>;

  /** A set's whole cycle on `date`: recycled, cleaned (washer or by hand), packed, sterilized, stored, and (unless kept) used. */
  async function lifeOn(date: string, opts: { manual?: boolean; stored?: boolean } = {}): Promise<Life> {
    t.clock.set(new Date(startOfLocalDay(date, t.config.timezone).getTime() + 8 * 3_600_000));
    const set = await c.newSet();
    await c.recycle(set);
    if (opts.manual)
      expectOk(
        await c.post('/api/cleaning/manual', {
          code: set,
          agent: '多酶清洗剂',
          concentration: '1:200',
          temperatureC: 35,
          minutes: 10,
          passed: true,
        }),
      );
    else await c.wash([set]);
    const [{ washer_cycle_id: cycleId }] = await owner<{ washer_cycle_id: string | null }>(
      `SELECT p.washer_cycle_id FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1`,
      [set],
    );
    const barcode = await c.pack(set);
    const load = await c.sterilize([barcode]);
    await c.store(barcode);
    if (!opts.stored) {
      await c.dispatch(barcode);
      await c.receive(barcode);
      await c.use(barcode);
    }
    const [{ id: packId }] = await owner<{ id: string }>(`SELECT id FROM packs WHERE barcode = $1`, [barcode]);
    return { set, barcode, packId, loadId: load.id as string, cycleId };
  }

  const eventIds = (packId: string, types?: string[]) =>
    owner<{ id: string }>(`SELECT id::text FROM pack_events WHERE pack_id = $1 AND ($2::text[] IS NULL OR type = ANY($2)) ORDER BY id`, [
      packId,
      types ?? null,
    ]).then((r) => r.map((x) => x.id));

  beforeAll(async () => {
    ownerUrl = await createScratchDatabase('archival');
    const clock = new TestClock();
    clock.set(new Date(startOfLocalDay(day.old, 'Asia/Shanghai').getTime() + 7 * 3_600_000));
    t = await createTestApp({}, { ownerUrl, clock });
    c = await ChainDriver.create(t);
    life.A = await lifeOn(day.old);
    life.R = await lifeOn(day.old);
    // A loaner tray received, cleaned and handed back to its lender the same day (issue 16): its return names the pack.
    const tray = await c.loanerTray('ARCH');
    await c.wash([tray.trayCode]);
    await c.returnLoanerTray(tray.id);
    const [loaner] = await owner<{ id: string; washer_cycle_id: string }>(
      `SELECT p.id, p.washer_cycle_id FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1`,
      [tray.trayCode],
    );
    life.L = { set: tray.trayCode, barcode: '', packId: loaner.id, loadId: '', cycleId: loaner.washer_cycle_id };
    t.clock.set(new Date(startOfLocalDay(day.twoYears, t.config.timezone).getTime() + 7 * 3_600_000));
    // A scan that rolls back leaves its id unused for good: a gap inside the range sealed later.
    const client = new pg.Client({ connectionString: ownerUrl });
    await client.connect();
    await client.query('BEGIN');
    [{ id: gapId }] = (
      await client.query(
        `INSERT INTO pack_events (pack_id, at, type, from_state, to_state, actor_id, station, data)
         SELECT pack_id, $1, type, from_state, to_state, actor_id, station, data FROM pack_events ORDER BY id DESC LIMIT 1 RETURNING id::text`,
        [t.clock.instant()],
      )
    ).rows;
    await client.query('ROLLBACK');
    await client.end();
    life.B = await lifeOn(day.twoYears);
    life.C = await lifeOn(day.sevenMonths);
    life.M = await lifeOn(day.sevenMonths, { manual: true });
    life.K = await lifeOn(day.sevenMonths, { stored: true });
    life.E = await lifeOn(day.fiveMonths);
    life.N = await lifeOn(day.fiveMonths, { manual: true });
    // Today: the head nurse opens a recall of R's load (its pack was used: listed for follow-up), still open.
    t.clock.set(new Date());
    head = await createUser(t, 'head_nurse');
    expectOk(
      await t
        .http()
        .post('/api/recalls')
        .set(bearer(head.token))
        .set('X-Station', 'RECALL-1')
        .send({ trigger: 'manual', reason: '感染聚集调查，追溯该锅次', loadIds: [life.R.loadId] }),
    );
  }, 600_000);
  afterAll(async () => {
    await t?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('builds the history it archives: a verifiable record over years of records', async () => {
    expect(Object.values(life).every((l) => l.packId)).toBe(true);
    expect(life.M.cycleId).toBeNull();
    expect(new Set([life.A, life.R, life.B, life.C, life.K, life.E].map((l) => l.cycleId)).size).toBe(6);
    expect(await verify()).toMatchObject({ ok: true, archivedRows: 0, unsealedRows: 0 });
  });

  it('refuses a cut-off younger than the retention period, by the service’s clock in the hospital’s zone, and changes nothing', async () => {
    const before = await counts();
    for (const [kind, young, latest] of [
      ['cleaning', monthsBefore(today, 5), cut.cleaning],
      ['cleaning', addLocalDays(cut.cleaning, 1), cut.cleaning],
      ['sterilization', monthsBefore(today, 24), cut.sterilization],
      ['sterilization', addLocalDays(cut.sterilization, 1), cut.sterilization],
    ] as const) {
      const o = await archive({ kind, before: young, mode: 'confirm', out: join(out, 'never') });
      expect({ status: o.status, exitCode: o.exitCode, code: o.code }).toEqual({
        status: 'refused',
        exitCode: 2,
        code: 'ARCHIVE_CUT_OFF_TOO_RECENT',
      });
      expect(o.message!.en).toContain(`the cut-off may be ${latest} at the latest, not ${young}`);
      expect(o.message!.zh).toContain(`截止日期最晚为 ${latest}`);
    }
    expect((await archive({ kind: 'cleaning', before: '2023-02-30' })).code).toBe('ARCHIVE_DATE_INVALID');
    expect(existsSync(join(out, 'never'))).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('refuses records a younger one still needs, saying what blocks each, and removes nothing', async () => {
    const before = await counts();
    const o = await archive({ kind: 'cleaning', before: cut.cleaning, mode: 'confirm', out: join(out, 'blocked') });
    expect({ status: o.status, exitCode: o.exitCode, code: o.code }).toEqual({ status: 'blocked', exitCode: 3, code: 'ARCHIVE_BLOCKED' });
    expect(
      o.blocked
        .map((b) => ({ key: b.key, reason: b.reason, subject: b.subject, state: b.subjectState }))
        .sort((a, b) => a.reason.localeCompare(b.reason)),
    ).toEqual([
      { key: life.R.cycleId, reason: 'pack_in_open_recall', subject: life.R.barcode, state: 'used' },
      { key: life.K.cycleId, reason: 'pack_not_ended', subject: life.K.barcode, state: 'stored' },
    ]);
    const text = describeOutcome(
      o,
      { kind: 'cleaning', before: cut.cleaning, mode: 'confirm', keepBlocked: false },
      t.config.timezone,
    ).join('\n');
    expect(text).toContain(`pack ${life.K.barcode} had not ended its life before the cut-off (now stored)`);
    expect(text).toContain(`包 ${life.R.barcode} 在尚未关闭的召回中`);
    expect(text).toContain('nothing was removed');
    expect(existsSync(join(out, 'blocked'))).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('a dry run reports exactly what would go, and changes nothing', async () => {
    const before = await counts();
    const o = await archive({ kind: 'cleaning', before: cut.cleaning, mode: 'dry-run', keepBlocked: true });
    expect({ status: o.status, exitCode: o.exitCode }).toEqual({ status: 'planned', exitCode: 0 });
    // The washer runs of A, L, B and C with their two events each, and M's manual clean; K's and R's kept.
    expect(o.rows).toEqual({ pack_events: 9, 'packs.washer_cycle_id': 4, washer_cycles: 4 });
    expect(o.blocked).toHaveLength(2);
    expect(describeOutcome(o, { kind: 'cleaning', before: cut.cleaning, mode: 'dry-run', keepBlocked: true }, 'Asia/Shanghai')).toContain(
      'Dry run: nothing was exported or removed',
    );
    // Without --confirm the plan only, too.
    expect((await archive({ kind: 'cleaning', before: cut.cleaning, keepBlocked: true })).status).toBe('planned');
    expect(await counts()).toEqual(before);
    expect(await owner(`SELECT 1 FROM archive_plan`)).toEqual([]);
  });

  describe('cleaning records before the cut-off', () => {
    const dir = () => join(out, 'cleaning');
    let outcome: ArchiveOutcome;
    let before: Record<string, number>;
    let gone: { events: string[]; cycles: string[] };

    beforeAll(async () => {
      gone = {
        events: [
          ...(await eventIds(life.A.packId, ['start_wash', 'wash_passed'])),
          ...(await eventIds(life.L.packId, ['start_wash', 'wash_passed'])),
          ...(await eventIds(life.B.packId, ['start_wash', 'wash_passed'])),
          ...(await eventIds(life.C.packId, ['start_wash', 'wash_passed'])),
          ...(await eventIds(life.M.packId, ['manual_clean'])),
        ],
        cycles: [life.A.cycleId!, life.L.cycleId!, life.B.cycleId!, life.C.cycleId!],
      };
      before = await counts();
      outcome = await archive({ kind: 'cleaning', before: cut.cleaning, mode: 'confirm', keepBlocked: true, out: dir(), by: '王护士长' });
    }, 120_000);

    it('removes exactly the old washer runs and manual cleans, and clears the packs’ pointers to them', async () => {
      expect({ status: outcome.status, exitCode: outcome.exitCode }).toEqual({ status: 'archived', exitCode: 0 });
      expect(gone.events).toHaveLength(9);
      expect(await owner(`SELECT id FROM pack_events WHERE id = ANY($1::bigint[])`, [gone.events])).toEqual([]);
      expect(await owner(`SELECT id FROM washer_cycles WHERE id = ANY($1::uuid[])`, [gone.cycles])).toEqual([]);
      // What is younger, or still needed, stays: K's and R's runs, E's run, N's manual clean.
      const kept = await owner<{ id: string }>(`SELECT id FROM washer_cycles WHERE id = ANY($1::uuid[]) ORDER BY id`, [
        [life.K.cycleId, life.R.cycleId, life.E.cycleId],
      ]);
      expect(kept).toHaveLength(3);
      expect(await eventIds(life.N.packId, ['manual_clean'])).toHaveLength(1);
      expect(await eventIds(life.K.packId, ['start_wash', 'wash_passed'])).toHaveLength(2);
      const after = await counts();
      expect(after).toEqual({
        ...before,
        pack_events: before.pack_events - 9,
        washer_cycles: before.washer_cycles - 4,
        archive_runs: before.archive_runs + 1,
        ledger_archive_marks: after.ledger_archive_marks,
        audit_log: before.audit_log + 1,
      });
      expect(after.ledger_archive_marks).toBeGreaterThan(before.ledger_archive_marks);
      // The packs (sterilization records, kept 3 years) stay, their pointer to the archived run cleared.
      const packs = await owner<{ id: string; washer_cycle_id: string | null; state: string }>(
        `SELECT id, washer_cycle_id, state FROM packs WHERE id = ANY($1::uuid[]) ORDER BY id`,
        [[life.A.packId, life.B.packId, life.C.packId, life.L.packId]],
      );
      expect(packs.map((p) => [p.washer_cycle_id, p.state]).sort()).toEqual([
        [null, 'lender_returned'],
        [null, 'used'],
        [null, 'used'],
        [null, 'used'],
      ]);
      expect(await owner(`SELECT 1 FROM archive_plan`)).toEqual([]);
    });

    it('wrote the export first: the rows as they were, per table, with a manifest of counts and SHA-256s', async () => {
      expect(readdirSync(dir()).sort()).toEqual([
        'manifest.json',
        'pack_events.jsonl',
        'packs.washer_cycle_id.jsonl',
        'washer_cycles.jsonl',
      ]);
      const manifestText = readFileSync(join(dir(), 'manifest.json'));
      expect(createHash('sha256').update(manifestText).digest('hex')).toBe(outcome.manifestSha256);
      const manifest = JSON.parse(manifestText.toString());
      expect(manifest).toMatchObject({ kind: 'cleaning', before: cut.cleaning, performedBy: '王护士长', osUser: 'cssd-ops', kept: 2 });
      for (const f of manifest.files) {
        const text = readFileSync(join(dir(), f.file));
        expect(createHash('sha256').update(text).digest('hex')).toBe(f.sha256);
        expect(text.toString().trim().split('\n')).toHaveLength(f.rows);
      }
      expect(
        lines(dir(), 'pack_events.jsonl')
          .map((e) => String(e.id))
          .sort(),
      ).toEqual([...gone.events].sort());
      const manual = lines(dir(), 'pack_events.jsonl').find((e) => e.type === 'manual_clean');
      expect(manual).toMatchObject({ pack_id: life.M.packId, data: { agent: '多酶清洗剂', concentration: '1:200', result: 'passed' } });
      const cycles = lines(dir(), 'washer_cycles.jsonl');
      expect(cycles.map((w) => w.id).sort()).toEqual([...gone.cycles].sort());
      expect(cycles.every((w) => w.status === 'passed' && w.a0 === 3000 && w.completed_by)).toBe(true);
      // Written in key order: the packs' old pointers, to put back beside the export if ever needed.
      expect(lines(dir(), 'packs.washer_cycle_id.jsonl')).toEqual(
        [life.A, life.L, life.B, life.C].map((l) => ({ id: l.packId, washer_cycle_id: l.cycleId })).sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
    });

    it('records who archived what, when, and the manifest’s hash — append-only, in the audit log too', async () => {
      const [run] = await owner<Record<string, unknown>>(`SELECT * FROM archive_runs WHERE id = $1`, [outcome.runId]);
      expect(run).toMatchObject({
        kind: 'cleaning',
        performed_by: '王护士长',
        os_user: 'cssd-ops',
        host: 'test-host',
        manifest_sha256: outcome.manifestSha256,
        row_counts: { pack_events: 9, 'packs.washer_cycle_id': 4, washer_cycles: 4 },
        kept_count: 2,
        out_dir: dir(),
      });
      await expect(owner(`UPDATE archive_runs SET performed_by = 'x' WHERE id = $1`, [outcome.runId])).rejects.toThrow(/append-only/);
      await expect(owner(`DELETE FROM ledger_archive_marks`)).rejects.toThrow(/append-only/);
      const res = await t.http().get('/api/audit').query({ entityType: 'archive_run' }).set(bearer(head.token));
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          action: 'archive',
          entityId: outcome.runId,
          actor: null,
          after: expect.objectContaining({ kind: 'cleaning', performedBy: '王护士长', manifestSha256: outcome.manifestSha256 }),
        }),
      ]);
    });

    it('leaves the tamper-evident record verifiable, every removed row accounted for by a mark', async () => {
      const v = await verify();
      expect(v).toMatchObject({ ok: true, archivedRows: 9 + 4, unsealedRows: 0 });
      expect(v.firstBreak).toBeUndefined();
    });

    it('checks the export against the record later (--verify), and finds an export changed since', async () => {
      expect(await verifyExport(dir())).toMatchObject({ ok: true, exitCode: 0, runId: outcome.runId, problems: [] });
      const forged = join(out, 'cleaning-forged');
      cpSync(dir(), forged, { recursive: true });
      const file = join(forged, 'washer_cycles.jsonl');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"a0": 3000', '"a0": 3600'));
      const found = await verifyExport(forged);
      expect(found.ok).toBe(false);
      expect(found.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^washer_cycles.jsonl line 1: id \S+ differs from the record's digest$/),
          "washer_cycles.jsonl: SHA-256 differs from the manifest's",
        ]),
      );
    });

    it('a second run with the same cut-off is a no-op', async () => {
      const before2 = await counts();
      const o = await archive({
        kind: 'cleaning',
        before: cut.cleaning,
        mode: 'confirm',
        keepBlocked: true,
        out: join(out, 'cleaning-again'),
      });
      expect({ status: o.status, exitCode: o.exitCode, rows: o.rows, kept: o.blocked.length }).toEqual({
        status: 'nothing',
        exitCode: 0,
        rows: {},
        kept: 2,
      });
      expect(existsSync(join(out, 'cleaning-again'))).toBe(false);
      expect(await counts()).toEqual(before2);
    });
  });

  describe('sterilization records before the cut-off', () => {
    const dir = () => join(out, 'sterilization');
    let outcome: ArchiveOutcome;
    let before: Record<string, number>;
    let aEvents: string[];
    /** A's lines on the manifests (collected, dispatched; issue 16): they go with it. */
    let aItems: { id: string }[];
    /** The head nurse's workload of the oldest day, per stage: A's, R's and the loaner tray's steps. */
    let oldDay: Record<string, number>;
    const oldDayFigures = async () => {
      const res = await t.http().get(`/api/reports/workload-breakdown?date=${day.old}`).set(bearer(head.token));
      expect(res.status).toBe(200);
      return res.body.perDay[0].byStage as Record<string, number>;
    };

    beforeAll(async () => {
      aEvents = await eventIds(life.A.packId);
      aItems = await owner<{ id: string }>(`SELECT id FROM round_items WHERE pack_id = $1`, [life.A.packId]);
      expect(aItems).toHaveLength(2);
      before = await counts();
      oldDay = await oldDayFigures();
      // Day tallies counted in another zone than the hospital's: the pack events to go are not in
      // them, so removing them would take them out of the reports — refused, nothing removed.
      await owner(`UPDATE report_tally_state SET timezone = 'UTC' WHERE id = 1`);
      const untallied = await archive({ kind: 'sterilization', before: cut.sterilization, mode: 'confirm', keepBlocked: true, out: dir() });
      expect({ status: untallied.status, exitCode: untallied.exitCode, code: untallied.code, en: untallied.message?.en }).toEqual({
        status: 'failed',
        exitCode: 1,
        code: 'ARCHIVE_TALLIES_BEHIND',
        en: expect.stringContaining('they count days in another time zone'),
      });
      expect(untallied.message?.zh).toContain('统计按另一时区计日');
      expect(await counts()).toEqual(before);
      await owner(`UPDATE report_tally_state SET timezone = $1 WHERE id = 1`, [t.config.timezone]);
      const refusedWhole = await archive({ kind: 'sterilization', before: cut.sterilization, mode: 'confirm', out: dir() });
      expect({ status: refusedWhole.status, blocked: refusedWhole.blocked.map((b) => [b.table, b.key, b.reason]).sort() }).toEqual({
        status: 'blocked',
        blocked: [
          ['packs', life.R.packId, 'in_recall'],
          ['packs', life.L.packId, 'in_loaner_return'],
          ['sterilizer_loads', life.R.loadId, 'in_recall'],
        ].sort(),
      });
      expect(await counts()).toEqual(before);
      outcome = await archive({ kind: 'sterilization', before: cut.sterilization, mode: 'confirm', keepBlocked: true, out: dir() });
    }, 120_000);

    it('removes the load, its B-D run and its records, and the pack whose whole life ended before the cut-off', async () => {
      expect({ status: outcome.status, exitCode: outcome.exitCode }).toEqual({ status: 'archived', exitCode: 0 });
      const loads = await owner<{ id: string; kind: string }>(`SELECT id, kind FROM sterilizer_loads WHERE opened_at < $1 ORDER BY kind`, [
        startOfLocalDay(cut.sterilization, t.config.timezone),
      ]);
      // R's load stays (the open recall names it), with the day's B-D run gone.
      expect(loads).toEqual([{ id: life.R.loadId, kind: 'load' }]);
      expect(await owner(`SELECT id FROM packs WHERE id = $1`, [life.A.packId])).toEqual([]);
      expect(await owner(`SELECT id FROM pack_events WHERE pack_id = $1`, [life.A.packId])).toEqual([]);
      expect(await owner(`SELECT id FROM load_items WHERE load_id = $1`, [life.A.loadId])).toEqual([]);
      expect(await owner(`SELECT id FROM load_checks WHERE load_id = $1`, [life.A.loadId])).toEqual([]);
      expect(await owner(`SELECT id FROM bd_tests WHERE tested_at < $1`, [startOfLocalDay(cut.sterilization, t.config.timezone)])).toEqual(
        [],
      );
      // Two years old: kept whole.
      expect(await owner(`SELECT state FROM packs WHERE id = $1`, [life.B.packId])).toEqual([{ state: 'used' }]);
      expect(await owner(`SELECT id FROM sterilizer_loads WHERE id = $1`, [life.B.loadId])).toHaveLength(1);
      expect(outcome.rows).toEqual({
        pack_events: aEvents.length,
        round_items: aItems.length,
        load_items: 1,
        load_checks: 1,
        bd_tests: 1,
        packs: 1,
        sterilizer_loads: 2,
      });
      const after = await counts();
      expect(after).toEqual({
        ...before,
        pack_events: before.pack_events - aEvents.length,
        round_items: before.round_items - aItems.length,
        packs: before.packs - 1,
        sterilizer_loads: before.sterilizer_loads - 2,
        load_items: before.load_items - 1,
        load_checks: before.load_checks - 1,
        bd_tests: before.bd_tests - 1,
        archive_runs: before.archive_runs + 1,
        ledger_archive_marks: after.ledger_archive_marks,
        audit_log: before.audit_log + 1,
      });
    });

    it('leaves the reports’ counts of the archived days as they were (the day tallies took the events in first)', async () => {
      expect(oldDay).toEqual(expect.objectContaining({ recycling: 3, packing: 2, dispatch: 2 }));
      expect(await oldDayFigures()).toEqual(oldDay);
    });

    it('exported them: the pack’s whole history, the load as it was released', async () => {
      expect(
        lines(dir(), 'pack_events.jsonl')
          .map((e) => String(e.id))
          .sort(),
      ).toEqual([...aEvents].sort());
      expect(lines(dir(), 'pack_events.jsonl').map((e) => e.type)).toEqual(
        expect.arrayContaining(['recycle', 'pack', 'load', 'dispatch', 'use']),
      );
      expect(lines(dir(), 'packs.jsonl')).toEqual([expect.objectContaining({ id: life.A.packId, barcode: life.A.barcode, state: 'used' })]);
      // Its lines on the collection and the delivery manifest, as they were.
      expect(
        lines(dir(), 'round_items.jsonl')
          .map((i) => i.id)
          .sort(),
      ).toEqual(aItems.map((i) => i.id).sort());
      expect(
        lines(dir(), 'sterilizer_loads.jsonl')
          .map((l) => [l.kind, l.release])
          .sort(),
      ).toEqual([
        ['bowie_dick', 'released'],
        ['load', 'released'],
      ]);
      expect(await verifyExport(dir())).toMatchObject({ ok: true, problems: [] });
    });

    it('a second run is a no-op', async () => {
      const before2 = await counts();
      const o = await archive({
        kind: 'sterilization',
        before: cut.sterilization,
        mode: 'confirm',
        keepBlocked: true,
        out: join(out, 'st-again'),
      });
      expect({ status: o.status, rows: o.rows, kept: o.blocked.length }).toEqual({ status: 'nothing', rows: {}, kept: 3 });
      expect(await counts()).toEqual(before2);
    });
  });

  describe('after both archivals, the record still finds tampering among the rows that remain', () => {
    let first: Verify;
    beforeAll(async () => {
      first = await verify();
    });

    it('verifies whole', () => {
      expect(first).toMatchObject({ ok: true, unsealedRows: 0 });
      expect(first.archivedRows).toBeGreaterThan(10);
    });

    it('finds a remaining pack event edited in place', async () => {
      const [e] = await eventIds(life.B.packId, ['store']);
      await asSuperuser(`UPDATE pack_events SET station = 'FORGED' WHERE id = $1`, [e]);
      expect((await verify()).firstBreak).toMatchObject({ table: 'pack_events', rowId: e, kind: 'edited' });
      await asSuperuser(`UPDATE pack_events SET station = 'TEST-1' WHERE id = $1`, [e]);
      expect(await verify()).toEqual(first);
    });

    /** A row as its jsonb text, to put it back exactly (timestamps to the microsecond). */
    const rowText = async (id: string) =>
      (await owner<{ j: string }>(`SELECT to_jsonb(e)::text AS j FROM pack_events e WHERE id = $1`, [id]))[0].j;
    const putBack = (j: string) =>
      asSuperuser(`INSERT INTO pack_events OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(NULL::pack_events, $1::jsonb)`, [j]);
    /** A remaining event in a sealed batch some of whose rows were archived, and that batch. */
    async function inArchivedBatch(type: string) {
      const [e] = await eventIds(life.B.packId, [type]);
      const [{ batch }] = await owner<{ batch: string }>(
        `SELECT s.batch::text FROM ledger_seals s WHERE s.table_name = 'pack_events' AND $1 = ANY(s.row_ids)`,
        [e],
      );
      const marks = await owner<{ id: string }>(
        `SELECT id::text FROM ledger_archive_marks WHERE table_name = 'pack_events' AND batch = $1`,
        [batch],
      );
      expect(marks).not.toEqual([]);
      return { e, batch, mark: marks[0].id };
    }

    it('finds a remaining pack event deleted, though rows of its batch were archived', async () => {
      const { e } = await inArchivedBatch('dispatch');
      const row = await rowText(e);
      await asSuperuser(`DELETE FROM pack_events WHERE id = $1`, [e]);
      expect((await verify()).firstBreak).toMatchObject({ table: 'pack_events', rowId: e, kind: 'deleted' });
      await putBack(row);
      expect(await verify()).toEqual(first);
    });

    it('finds a deletion hidden by an archive mark edited to name the row (the marks are sealed too)', async () => {
      const { e, batch, mark } = await inArchivedBatch('receive');
      const row = await rowText(e);
      const [was] = await owner<{ row_keys: string[]; digests: Buffer }>(
        `SELECT row_keys, digests FROM ledger_archive_marks WHERE id = $1`,
        [mark],
      );
      await asSuperuser(`DELETE FROM pack_events WHERE id = $1`, [e]);
      // The row's sealed digest, added to the mark of its batch: the batch alone now reads as archived.
      await asSuperuser(
        `UPDATE ledger_archive_marks m SET row_keys = m.row_keys || $2::varchar, digests = m.digests || (
           SELECT substring(s.row_digests FROM (array_position(s.row_ids, $2::bigint) - 1) * 32 + 1 FOR 32) FROM ledger_seals s WHERE s.batch = $3::bigint)
         WHERE m.id = $1`,
        [mark, e, batch],
      );
      expect((await verify()).firstBreak).toMatchObject({ table: 'ledger_archive_marks', rowId: mark, kind: 'edited' });
      await asSuperuser(`UPDATE ledger_archive_marks SET row_keys = $2, digests = $3 WHERE id = $1`, [mark, was.row_keys, was.digests]);
      await putBack(row);
      expect(await verify()).toEqual(first);
    });

    it('finds a back-dated event inserted into the sealed range, and an archived row put back altered', async () => {
      const [use] = await asSuperuser<Record<string, unknown>>(`SELECT * FROM pack_events WHERE pack_id = $1 AND type = 'use'`, [
        life.B.packId,
      ]);
      const insert = (id: string, station: string) =>
        asSuperuser(
          `INSERT INTO pack_events (id, pack_id, at, type, from_state, to_state, actor_id, station, data)
           OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, 'use', 'received', 'used', $4, $5, '{}')`,
          [id, use.pack_id, use.at, use.actor_id, station],
        );
      await insert(gapId, 'FORGED');
      expect((await verify()).firstBreak).toMatchObject({ table: 'pack_events', rowId: gapId, kind: 'inserted' });
      await asSuperuser(`DELETE FROM pack_events WHERE id = $1`, [gapId]);
      expect(await verify()).toEqual(first);
      // An archived event's id, with other content: not the row the mark names.
      const [archived] = await owner<{ k: string }>(
        `SELECT row_keys[1] AS k FROM ledger_archive_marks WHERE table_name = 'pack_events' LIMIT 1`,
      );
      await insert(archived.k, 'FORGED');
      expect((await verify()).firstBreak).toMatchObject({ table: 'pack_events', rowId: archived.k, kind: 'edited' });
      await asSuperuser(`DELETE FROM pack_events WHERE id = $1`, [archived.k]);
      expect(await verify()).toEqual(first);
    });

    it('outside an archival, even the owner naming an earlier run cannot delete history', async () => {
      const [run] = await owner<{ id: string }>(`SELECT id FROM archive_runs LIMIT 1`);
      const client = new pg.Client({ connectionString: ownerUrl });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('cssd.archive_run', $1, true)`, [run.id]);
        await expect(client.query(`DELETE FROM pack_events WHERE pack_id = $1`, [life.B.packId])).rejects.toThrow(
          'DELETE on pack_events is not allowed: history is append-only',
        );
        await client.query('ROLLBACK');
      } finally {
        await client.end();
      }
      expect(await verify()).toEqual(first);
    });
  });

  it('as the operator runs it: `npm run archive` refuses a young cut-off (exit 2) and dry-runs (exit 0)', () => {
    ensureServiceBuilt();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(REPO, 'dist/src/archive/archive-cli.js'), ...args], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: ownerUrl, CSSD_MIGRATION_DATABASE_URL: '', JWT_SECRET: 'x'.repeat(32) },
      });
    const young = run('--kind', 'cleaning', '--before', monthsBefore(today, 1), '--dry-run');
    expect({ status: young.status, stderr: young.stderr }).toEqual({
      status: 2,
      stderr: expect.stringContaining(`Refused: cleaning records are kept at least 6 months`),
    });
    const dry = run('--kind', 'sterilization', '--before', cut.sterilization, '--dry-run', '--keep-blocked');
    expect({ status: dry.status, stdout: dry.stdout }).toEqual({ status: 0, stdout: expect.stringContaining('nothing to archive') });
    const usage = run('--kind', 'laundry', '--before', cut.sterilization);
    expect(usage.status).toBe(2);
  }, 300_000);
});
