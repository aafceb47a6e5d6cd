import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../../src/database/data-source.js';
import { recallScopeQuery, type RecallScope } from '../../src/recall/recall-scope.js';
import { uniq } from '../support/factories.js';
import { migrateTestDatabase, testDatabaseUrl } from '../support/test-db.js';

/**
 * §4.4, issue 4: the recall scope is computed by one function (recallScopeQuery). Property:
 * over random histories of loads, packs and BI results on 2–3 sterilizers, the packs it selects
 * equal a brute-force oracle written over the same history in TypeScript — every time.
 *
 * Each run writes its history into the real test database inside a transaction that is rolled
 * back afterwards (fresh sterilizers every run, nothing left behind), and runs the function's
 * SQL through the same connection.
 *
 * Oracle (domain.md §4.4): "since the last passing BI" = every pack of the sterilizer's loads
 * that ran (started) with a cycle number above the last load, before the failed one when it is
 * given, whose BI passed (none: the whole history); with the CDC switch, implant packs only.
 * Manual scopes: packs of the given loads that ran; of the sterilizer's loads whose run (start to
 * unloading, or still running) overlaps [from, to) (issue 19 item 10); the given packs whose load ran.
 *
 * BIs are generated on loads that ran only: a BI read on a load that never ran is a separate
 * reported defect (it becomes the anchor), not part of this property.
 */

interface GenLoad {
  gap: number;
  started: boolean;
  failedRun: boolean;
  /** Minutes from start to unloading; null: still running (unless the run failed). */
  run: number | null;
  packs: boolean[]; // implant flags
  bi: 'passed' | 'failed' | 'pending' | null;
}

interface Load {
  id: string;
  sterilizer: number;
  cycleNo: number;
  started: boolean;
  startedAt: Date | null;
  completedAt: Date | null;
  status: string;
  bi: GenLoad['bi'];
}
interface Pack {
  id: string;
  loadId: string | null;
  implant: boolean;
}
interface History {
  sterilizerIds: string[];
  loads: Load[];
  packs: Pack[];
}

const genLoad: fc.Arbitrary<GenLoad> = fc.record({
  gap: fc.integer({ min: 1, max: 3 }),
  started: fc.constantFrom(true, true, true, true, false),
  failedRun: fc.constantFrom(false, false, false, true),
  run: fc.constantFrom(0, 1, 3, null),
  packs: fc.array(fc.boolean(), { maxLength: 3 }),
  bi: fc.constantFrom(null, null, 'passed', 'passed', 'failed', 'pending'),
});
const genHistory = fc.array(fc.array(genLoad, { minLength: 1, maxLength: 10 }), { minLength: 2, maxLength: 3 });
const genQuery = fc.record({
  target: fc.nat(),
  failedPick: fc.option(fc.nat(), { nil: undefined }),
  pastTheEnd: fc.boolean(),
  implantsOnly: fc.boolean(),
  loadPicks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  packPicks: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
  range: fc.tuple(fc.nat(), fc.nat()),
  loosePacks: fc.integer({ min: 0, max: 2 }),
});

const BASE = Date.UTC(2026, 0, 5, 0, 0, 0);

/** Turns the generated shape into concrete rows (ids, cycle numbers, start times). */
function buildHistory(gen: GenLoad[][], loosePacks: number): History {
  const sterilizerIds = gen.map(() => randomUUID());
  const loads: Load[] = [];
  const packs: Pack[] = [];
  gen.forEach((list, s) => {
    let cycle = 0;
    list.forEach((g, i) => {
      cycle += g.gap;
      const id = randomUUID();
      const startedAt = g.started ? new Date(BASE + (s * 1000 + i) * 60_000) : null;
      const running = g.started && !g.failedRun && g.run === null;
      const status = g.started ? (g.failedRun ? 'failed' : running ? 'running' : 'completed') : g.failedRun ? 'cancelled' : 'open';
      const completedAt = startedAt && !running ? new Date(startedAt.getTime() + (g.run ?? 0) * 60_000) : null;
      loads.push({ id, sterilizer: s, cycleNo: cycle, started: g.started, startedAt, completedAt, status, bi: g.started ? g.bi : null });
      for (const implant of g.packs) packs.push({ id: randomUUID(), loadId: id, implant });
    });
  });
  for (let i = 0; i < loosePacks; i++) packs.push({ id: randomUUID(), loadId: null, implant: i % 2 === 0 });
  return { sterilizerIds, loads, packs };
}

type Row = string; // `${pack_id}|${load_id}`
const row = (p: Pack) => `${p.id}|${p.loadId}`;

/** The brute-force oracle: straight from the rule, one pack at a time. */
function oracle(h: History, scope: RecallScope): Row[] {
  const loadOf = new Map(h.loads.map((l) => [l.id, l]));
  const out: Row[] = [];
  for (const p of h.packs) {
    const l = p.loadId ? loadOf.get(p.loadId) : undefined;
    if (!l || !l.started) continue;
    let selected = false;
    switch (scope.kind) {
      case 'since_last_passing_bi': {
        const s = h.sterilizerIds.indexOf(scope.sterilizerId);
        if (l.sterilizer !== s) break;
        let anchor = 0;
        for (const other of h.loads) {
          if (other.sterilizer !== s || other.bi !== 'passed') continue;
          if (scope.failedCycleNo !== undefined && other.cycleNo >= scope.failedCycleNo) continue;
          anchor = Math.max(anchor, other.cycleNo);
        }
        selected = l.cycleNo > anchor && (!scope.implantsOnly || p.implant);
        break;
      }
      case 'loads':
        selected = scope.loadIds.includes(l.id);
        break;
      case 'time_range':
        selected =
          h.sterilizerIds[l.sterilizer] === scope.sterilizerId &&
          l.startedAt!.getTime() < scope.to.getTime() &&
          (l.completedAt === null || l.completedAt.getTime() >= scope.from.getTime());
        break;
      case 'packs':
        selected = scope.packIds.includes(p.id);
        break;
    }
    if (selected) out.push(row(p));
  }
  return out.sort();
}

describe('recall scope: recallScopeQuery equals a brute-force oracle over random histories (property)', () => {
  let ds: DataSource;
  let templateId: string;
  const actorId = randomUUID();

  beforeAll(async () => {
    await migrateTestDatabase();
    ds = createDataSource(testDatabaseUrl());
    await ds.initialize();
    const [template] = await ds.query(
      `INSERT INTO set_templates (code, name_zh, name_en, packaging_material, sterilization_method) VALUES ($1, '性质测试包', 'Property set', 'crepe_nonwoven', 'steam_prevacuum') RETURNING id`,
      [uniq('TPL')],
    );
    templateId = template.id;
  });
  afterAll(() => ds?.destroy());

  async function insertHistory(qr: QueryRunner, h: History): Promise<void> {
    const programs = h.sterilizerIds.map(() => randomUUID());
    await qr.query(
      `INSERT INTO sterilizers (id, code, name_zh, name_en, type, annual_inspection_valid_until)
       SELECT x.id, x.code, '性质灭菌器', 'Property sterilizer', 'steam_prevacuum', '2099-12-31' FROM json_to_recordset($1::json) AS x(id uuid, code text)`,
      [JSON.stringify(h.sterilizerIds.map((id) => ({ id, code: uniq('PS') })))],
    );
    await qr.query(
      `INSERT INTO sterilizer_programs (id, sterilizer_id, code, name_zh, name_en, temp_min_c, temp_max_c, min_hold_min)
       SELECT x.id, x.sterilizer_id, 'P134', '134℃', '134 °C', 134, 137, 4 FROM json_to_recordset($1::json) AS x(id uuid, sterilizer_id uuid)`,
      [JSON.stringify(h.sterilizerIds.map((sid, i) => ({ id: programs[i], sterilizer_id: sid })))],
    );
    await qr.query(
      `INSERT INTO sterilizer_loads (id, sterilizer_id, cycle_no, program_id, status, release, opened_by, started_at, completed_at)
       SELECT x.id, x.sterilizer_id, x.cycle_no, x.program_id, x.status, x.release, $2, x.started_at, x.completed_at
         FROM json_to_recordset($1::json) AS x(id uuid, sterilizer_id uuid, cycle_no int, program_id uuid, status text, release text, started_at timestamptz, completed_at timestamptz)`,
      [
        JSON.stringify(
          h.loads.map((l) => ({
            id: l.id,
            sterilizer_id: h.sterilizerIds[l.sterilizer],
            cycle_no: l.cycleNo,
            program_id: programs[l.sterilizer],
            status: l.status,
            release: l.status === 'failed' ? 'failed' : l.status === 'completed' ? 'released' : 'pending',
            started_at: l.startedAt?.toISOString() ?? null,
            completed_at: l.completedAt?.toISOString() ?? null,
          })),
        ),
        actorId,
      ],
    );
    if (h.packs.length > 0) {
      await qr.query(
        `INSERT INTO packs (id, template_id, state, implant, load_id)
         SELECT x.id, $2, x.state, x.implant, x.load_id FROM json_to_recordset($1::json) AS x(id uuid, state text, implant boolean, load_id uuid)`,
        [
          JSON.stringify(
            h.packs.map((p) => {
              const l = h.loads.find((x) => x.id === p.loadId);
              const state = !l ? 'packed' : !l.started ? 'loaded' : l.status === 'failed' ? 'failed' : l.status === 'running' ? 'sterilizing' : 'stored';
              return { id: p.id, state, implant: p.implant, load_id: p.loadId };
            }),
          ),
          templateId,
        ],
      );
    }
    const withBi = h.loads.filter((l) => l.bi !== null);
    if (withBi.length > 0) {
      await qr.query(
        `INSERT INTO bi_tests (sterilizer_id, load_id, lot, placed_at, placed_by, result, read_at, read_by)
         SELECT x.sterilizer_id, x.load_id, 'PROP', x.placed_at, $2, x.result, CASE WHEN x.result = 'pending' THEN NULL ELSE x.placed_at + interval '1 day' END, CASE WHEN x.result = 'pending' THEN NULL ELSE $2::uuid END
           FROM json_to_recordset($1::json) AS x(sterilizer_id uuid, load_id uuid, placed_at timestamptz, result text)`,
        [JSON.stringify(withBi.map((l) => ({ sterilizer_id: h.sterilizerIds[l.sterilizer], load_id: l.id, placed_at: l.startedAt!.toISOString(), result: l.bi }))), actorId],
      );
    }
  }

  async function select(qr: QueryRunner, scope: RecallScope): Promise<Row[]> {
    const q = await recallScopeQuery(qr, scope);
    const rows: { pack_id: string; load_id: string }[] = await qr.query(q.sql, q.params);
    return rows.map((r) => `${r.pack_id}|${r.load_id}`).sort();
  }

  it('since the last passing BI (with and without a failed cycle, CDC switch on and off), by loads, by time range, by packs', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(genHistory, genQuery, async (gen, q) => {
        const h = buildHistory(gen, q.loosePacks);
        const target = q.target % h.sterilizerIds.length;
        const targetLoads = h.loads.filter((l) => l.sterilizer === target);
        const lastCycle = targetLoads[targetLoads.length - 1].cycleNo;
        const failedCycleNo = q.failedPick === undefined ? undefined : q.pastTheEnd ? lastCycle + 1 : targetLoads[q.failedPick % targetLoads.length].cycleNo;
        // Start and unloading times (and 30 s either side): the range's edges land on them exactly.
        const startTimes = h.loads.flatMap((l) => [l.startedAt, l.completedAt]).filter((d): d is Date => d !== null).map((d) => d.getTime());
        const pickTime = (n: number) => (startTimes.length === 0 ? BASE : startTimes[n % startTimes.length]) + ((n % 3) - 1) * 30_000;
        const [t1, t2] = [pickTime(q.range[0]), pickTime(q.range[1])].sort((a, b) => a - b);
        const allPacks = h.packs;

        const scopes: RecallScope[] = [
          { kind: 'since_last_passing_bi', sterilizerId: h.sterilizerIds[target], failedCycleNo, implantsOnly: q.implantsOnly },
          { kind: 'since_last_passing_bi', sterilizerId: h.sterilizerIds[target] },
          { kind: 'loads', loadIds: [...new Set(q.loadPicks.map((i) => h.loads[i % h.loads.length].id))] },
          { kind: 'time_range', sterilizerId: h.sterilizerIds[target], from: new Date(t1), to: new Date(t2) },
          { kind: 'packs', packIds: allPacks.length === 0 ? [randomUUID()] : [...new Set(q.packPicks.map((i) => allPacks[i % allPacks.length].id))] },
        ];

        const qr = ds.createQueryRunner();
        await qr.connect();
        await qr.startTransaction();
        try {
          await insertHistory(qr, h);
          for (const scope of scopes) {
            const expected = oracle(h, scope);
            if (expected.length > 0) nonEmpty++;
            const actual = await select(qr, scope);
            expect({ scope: scope.kind, actual }).toEqual({ scope: scope.kind, actual: expected });
          }
        } finally {
          await qr.rollbackTransaction();
          await qr.release();
        }
      }),
      { numRuns: 40 },
    );
    // The generator does reach non-trivial scopes (not a vacuous pass).
    expect(nonEmpty).toBeGreaterThan(40);
  });
});
