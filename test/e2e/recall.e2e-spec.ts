import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localDate } from '../../src/common/clock.js';
import { packBarcode } from '../../src/kernel/barcode.js';
import { createTestApp, type TestApp, testNow } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import {
  bearer,
  createDepartment,
  createSterilizer,
  createTemplate,
  createUser,
  type TestUser,
  recallClosing,
} from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';
import { queryAsOwner } from '../support/test-db.js';

/**
 * Recall over HTTP on the real PostgreSQL (docs/domain.md §4.4, issue 4): a positive BI recalls
 * every pack since the last passing BI wherever it is; chemical failures, infection clusters
 * and manual recalls; accounting for every pack; departments told (list and webhook); a BI
 * failure racing dispatches. Each test builds its own sterilizers, departments and people.
 *
 * Apps with other policies are separate describe blocks, each opened after the previous one
 * closed: passport keeps one global 'jwt' strategy, bound to the app created last.
 */

const HOSPITAL_TZ = 'Asia/Shanghai';
const today = () => localDate(testNow(), HOSPITAL_TZ);
function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const sorted = <T>(xs: T[]) => [...xs].sort();

interface RecallItemView {
  barcode: string;
  pack_id: string;
  current_state: string;
  state_at_recall: string;
  disposition: string;
  patient_id: string | null;
  department_code: string | null;
  sterilizer_code: string;
  cycle_no: number;
  implant: boolean;
}

// ---------------------------------------------------------------------------------------------
// History written straight into the tables (fast): loads that ran, with packs in various places.

type SeedState = 'sterilizing' | 'stored' | 'dispatched' | 'received' | 'used';
interface PackSpec {
  state: SeedState;
  departmentId?: string;
  patientId?: string;
  implant?: boolean;
}
interface SeededPack {
  id: string;
  barcode: string;
  cycleNo: number;
  state: SeedState;
  departmentId: string | null;
  patientId: string | null;
}
interface SeededLoad {
  id: string;
  cycleNo: number;
  startedAt: Date;
  packs: SeededPack[];
}

async function seedLoad(
  t: TestApp,
  sterilizer: { id: string; programId: string },
  cycleNo: number,
  opts: { startedAt: Date; actorId: string; templateId: string; packs: PackSpec[]; completedAt?: Date | null },
): Promise<SeededLoad> {
  const day = localDate(opts.startedAt, HOSPITAL_TZ);
  // Unloaded when it started unless told otherwise; `completedAt: null` is a load still running.
  const completedAt = opts.completedAt === undefined ? opts.startedAt : opts.completedAt;
  const running = completedAt === null;
  // Already run and unloaded: only the owner may write a load that starts out so.
  const [load] = await queryAsOwner<{ id: string }>(
    `INSERT INTO sterilizer_loads (sterilizer_id, cycle_no, program_id, status, release, opened_by, opened_at, started_by, started_at, sterilization_date, completed_at, physical_passed, chemical_passed, contains_implant)
     VALUES ($1, $2, $3, $8, $9, $4, $5, $4, $5, $6, $10, $11, $11, $7) RETURNING id`,
    [
      sterilizer.id,
      cycleNo,
      sterilizer.programId,
      opts.actorId,
      opts.startedAt,
      day,
      opts.packs.some((p) => p.implant),
      running ? 'running' : 'completed',
      running ? 'pending' : 'released',
      completedAt,
      running ? null : true,
    ],
  );
  const packs: SeededPack[] = [];
  for (const spec of opts.packs) {
    const [{ n }] = await t.ds.query(`SELECT nextval('pack_barcode_seq') AS n`);
    const barcode = packBarcode(BigInt(n));
    const departmentId = spec.state === 'stored' || spec.state === 'sterilizing' ? null : (spec.departmentId ?? null);
    const [pack] = await t.ds.query(
      `INSERT INTO packs (barcode, template_id, state, implant, packaging_material, load_id, sterilization_date, expiry_date, outside_indicator_passed, department_id, packed_by, checked_by, patient_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'crepe_nonwoven', $5, $6, $7, true, $8, $9, $9, $10, $11, $11) RETURNING id`,
      [
        barcode,
        opts.templateId,
        spec.state,
        spec.implant ?? false,
        load.id,
        day,
        shiftDate(today(), 150),
        departmentId,
        opts.actorId,
        spec.state === 'used' ? (spec.patientId ?? null) : null,
        opts.startedAt,
      ],
    );
    await t.ds.query(`INSERT INTO load_items (load_id, pack_id, action, actor_id, at) VALUES ($1, $2, 'add', $3, $4)`, [
      load.id,
      pack.id,
      opts.actorId,
      opts.startedAt,
    ]);
    // As the department's use scan records it: the ids on the pack and on its `use` event.
    if (spec.state === 'used') {
      await t.ds.query(
        `INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, station, data, at) VALUES ($1, 'use', 'received', 'used', $2, 'SEED', $3::jsonb, $4)`,
        [pack.id, opts.actorId, JSON.stringify({ patientId: spec.patientId ?? null, operationId: null }), t.clock.instant()],
      );
    }
    packs.push({
      id: pack.id,
      barcode,
      cycleNo,
      state: spec.state,
      departmentId,
      patientId: spec.state === 'used' ? (spec.patientId ?? null) : null,
    });
  }
  return { id: load.id, cycleNo, startedAt: opts.startedAt, packs };
}

async function seedBi(t: TestApp, sterilizerId: string, load: SeededLoad, result: 'passed' | 'failed' | 'pending', actorId: string) {
  const read = result === 'pending' ? null : new Date(load.startedAt.getTime() + 3600 * 1000);
  const [bi] = await t.ds.query(
    `INSERT INTO bi_tests (sterilizer_id, load_id, lot, placed_at, placed_by, result, read_at, result_recorded_at, read_by, readout_minutes, recorded_at) VALUES ($1, $2, 'SEED-LOT', $3, $4, $5, $6, $6, $7, 20, $3) RETURNING id`,
    [sterilizerId, load.id, load.startedAt, actorId, result, read, read ? actorId : null],
  );
  return bi.id as string;
}

const asSterilizer = (d: ChainDriver) => ({ id: d.sterilizer.sterilizer.id, programId: d.sterilizer.program.id });

// ---------------------------------------------------------------------------------------------

describe('recall (default policy: everything since the last passing BI)', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    expect(t.config.policy).toEqual({ biOverdue: 'warn', steamBiRecallsImplantsOnly: false, chemicalRecallScope: 'since_last_bi' });
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const get = (path: string, token: string) => t.http().get(path).set(bearer(token));
  const openRecall = (body: object, token = head.token) =>
    t.http().post('/api/recalls').set(bearer(token)).set('X-Station', 'RECALL-1').send(body);
  const recallView = async (id: string, token = head.token) => expectOk(await get(`/api/recalls/${id}`, token));
  const barcodesOf = (items: { barcode: string }[]) => sorted(items.map((i) => i.barcode));
  const statesOf = async (barcodes: string[]): Promise<Record<string, string>> => {
    const rows: { barcode: string; state: string }[] = await t.ds.query(
      `SELECT barcode, state FROM packs WHERE barcode = ANY($1::text[])`,
      [barcodes],
    );
    return Object.fromEntries(rows.map((r) => [r.barcode, r.state]));
  };

  it('S2 passes a BI on cycle 30 and fails on 37 while 38–39 ran: the recall is every pack of S2 31–39 wherever it is, nothing of S1 or S2 ≤ 30; departments told; S2 blocked; accounted for and closed', async () => {
    const s1 = await ChainDriver.create(t);
    const s2 = await ChainDriver.create(t);
    const deptA = s2.department;
    const userA = s2.departmentUser;
    const deptB = await createDepartment(t);
    const userB = await createUser(t, 'department', { departmentId: deptB.id });
    const template = await createTemplate(t);
    const actorId = s2.nurse.user.id;

    // History: cycles 1–36 on both sterilizers, two packs each, in storage, out at departments, used.
    const rotation = (code: string, cycle: number, i: number): PackSpec => {
      const k = (cycle * 2 + i) % 5;
      if (k === 0) return { state: 'stored' };
      if (k === 1) return { state: 'dispatched', departmentId: deptA.id };
      if (k === 2) return { state: 'received', departmentId: deptB.id };
      return { state: 'used', departmentId: k === 3 ? deptA.id : deptB.id, patientId: `ZY-${code}-${cycle}-${i}` };
    };
    const base = testNow().getTime() - 40 * 3600 * 1000;
    const loads1: SeededLoad[] = [];
    const loads2: SeededLoad[] = [];
    for (let cycle = 1; cycle <= 36; cycle++) {
      const startedAt = new Date(base + cycle * 3600 * 1000);
      loads1[cycle] = await seedLoad(t, asSterilizer(s1), cycle, {
        startedAt,
        actorId,
        templateId: template.id,
        packs: [rotation('S1', cycle, 0), rotation('S1', cycle, 1)],
      });
      // S2's cycle 36 is today's B-D, recorded below: an empty-chamber cycle that takes its number (issue 18).
      if (cycle <= 35)
        loads2[cycle] = await seedLoad(t, asSterilizer(s2), cycle, {
          startedAt,
          actorId,
          templateId: template.id,
          packs: [rotation('S2', cycle, 0), rotation('S2', cycle, 1)],
        });
    }
    // Earlier passing BIs on S2, and a later one on S1 (a higher anchor on the other sterilizer).
    await seedBi(t, s2.sterilizer.sterilizer.id, loads2[10], 'passed', actorId);
    await seedBi(t, s2.sterilizer.sterilizer.id, loads2[20], 'passed', actorId);
    await seedBi(t, s1.sterilizer.sterilizer.id, loads1[34], 'passed', actorId);
    // The BI of S2 cycle 30 (placed before that run), read through the API: negative.
    const bi30 = await seedBi(t, s2.sterilizer.sterilizer.id, loads2[30], 'pending', actorId);
    expect((await s2.readBi(bi30, 'passed')).recall).toBeNull();
    expect((await s2.bd()).cycleNo).toBe(36);

    // Cycles 37–39 on S2 through the stations; the BI of 37 incubates while 38 and 39 run.
    const sets: string[] = [];
    for (let i = 0; i < 6; i++) sets.push(await s2.newSet());
    const [a37, b37, a38, b38, a39, b39] = await s2.packedMany(sets);
    const l37 = await s2.startLoad([a37, b37], { bis: [{}] });
    expect(l37.cycleNo).toBe(37);
    const bi37 = l37.bis[0];
    await s2.unload(l37.id);
    const l38 = await s2.startLoad([a38, b38]);
    await s2.unload(l38.id);
    const l39 = await s2.startLoad([a39, b39]);
    expect(l39.cycleNo).toBe(39);
    await s2.unload(l39.id);
    for (const p of [a37, b37, a38, b38, a39, b39]) await s2.store(p);
    await s2.dispatch(b37, deptA.id);
    await s2.dispatch(a38, deptA.id);
    await s2.receive(a38);
    await s2.use(a38, 'ZY-S2-38');
    await s2.dispatch(a39, deptB.id);
    expectOk(await s2.post('/api/department/receive', { code: a39 }, userB.token));
    // S1 runs a load through the stations too (after its B-D of the day).
    const [s1a, s1b] = await s1.packedMany([await s1.newSet(), await s1.newSet()]);
    const s1l37 = await s1.startLoad([s1a, s1b]);
    await s1.unload(s1l37.id);
    await s1.store(s1a);
    await s1.store(s1b);
    await s1.dispatch(s1b, deptA.id);

    const outOfScope = [
      ...loads1.slice(1).flatMap((l) => l.packs.map((p) => p.barcode)),
      s1a,
      s1b,
      ...loads2.slice(1, 31).flatMap((l) => l.packs.map((p) => p.barcode)),
    ];
    const outOfScopeBefore = await statesOf(outOfScope);

    // The positive BI opens the recall at once.
    const read = await s2.readBi(bi37.id, 'failed');
    expect(read.bi).toMatchObject({ id: bi37.id, result: 'failed' });
    expect(read.recall?.id).toEqual(expect.any(String));
    const recall = await recallView(read.recall.id);
    expect(recall).toMatchObject({ id: read.recall.id, trigger: 'bi_failed', status: 'open' });
    expect(recall.scope).toMatchObject({ failedCycleNo: 37 });

    // Exactly S2 cycles 31–39.
    const seededInScope = loads2.slice(31, 36).flatMap((l) => l.packs);
    const api = [
      { barcode: a37, state: 'stored', dept: null, patient: null },
      { barcode: b37, state: 'dispatched', dept: deptA.code, patient: null },
      { barcode: a38, state: 'used', dept: deptA.code, patient: 'ZY-S2-38' },
      { barcode: b38, state: 'stored', dept: null, patient: null },
      { barcode: a39, state: 'received', dept: deptB.code, patient: null },
      { barcode: b39, state: 'stored', dept: null, patient: null },
    ];
    const codeOf = (id: string | null) => (id === deptA.id ? deptA.code : id === deptB.id ? deptB.code : null);
    const expected = [
      ...seededInScope.map((p) => ({ barcode: p.barcode, state: p.state, dept: codeOf(p.departmentId), patient: p.patientId })),
      ...api,
    ];
    const items: RecallItemView[] = recall.items;
    expect(barcodesOf(items)).toEqual(sorted(expected.map((e) => e.barcode)));
    expect(recall.total).toBe(expected.length);
    expect(new Set(items.map((i) => i.sterilizer_code))).toEqual(new Set([s2.sterilizer.sterilizer.code]));
    expect(sorted([...new Set(items.map((i) => i.cycle_no))])).toEqual(sorted([31, 32, 33, 34, 35, 37, 38, 39])); // 36: the B-D, no packs
    expect(items.some((i) => outOfScope.includes(i.barcode))).toBe(false);

    // Where each pack was, its disposition, and the patients to follow up.
    const byBarcode = new Map(items.map((i) => [i.barcode, i]));
    for (const e of expected) {
      const item = byBarcode.get(e.barcode)!;
      expect({
        barcode: e.barcode,
        state_at_recall: item.state_at_recall,
        disposition: item.disposition,
        department_code: item.department_code,
        patient_id: item.patient_id,
        current_state: item.current_state,
      }).toEqual({
        barcode: e.barcode,
        state_at_recall: e.state,
        disposition: e.state === 'used' ? 'used' : 'not_found',
        department_code: e.dept,
        patient_id: e.state === 'used' ? e.patient : null,
        current_state: e.state === 'used' ? 'used' : 'recalled',
      });
    }
    const used = expected.filter((e) => e.state === 'used');
    expect(used.length).toBeGreaterThan(2);
    expect(sorted(recall.followUp.map((i: RecallItemView) => `${i.barcode}:${i.patient_id}`))).toEqual(
      sorted(used.map((e) => `${e.barcode}:${e.patient}`)),
    );
    expect(recall.counts).toEqual({
      not_found: expected.length - used.length,
      pulled: 0,
      returned: 0,
      used: used.length,
      use_not_recorded: 0,
      out_of_circulation: 0,
    });

    // Nothing out of scope moved.
    expect(await statesOf(outOfScope)).toEqual(outOfScopeBefore);

    // Recalled packs are refused at dispatch, receipt and use.
    expectRefused(await s2.post('/api/dispatch/scan', { code: b38, departmentId: deptA.id }), 422, 'PACK_RECALLED');
    expectRefused(await s2.post('/api/department/receive', { code: b37 }, userA.token), 422, 'PACK_RECALLED');
    expectRefused(await s2.post('/api/department/use', { code: b37, patientId: 'ZY-NEXT' }, userA.token), 422, 'PACK_RECALLED');
    expectRefused(await s2.post('/api/department/use', { code: a39, patientId: 'ZY-NEXT' }, userB.token), 422, 'PACK_RECALLED');
    const seededDispatched = seededInScope.find((p) => p.state === 'dispatched' && p.departmentId === deptA.id)!;
    expectRefused(await s2.post('/api/department/receive', { code: seededDispatched.barcode }, userA.token), 422, 'PACK_RECALLED');

    // Each department holding packs sees its notice and its list at once.
    for (const [dept, user] of [
      [deptA, userA],
      [deptB, userB],
    ] as const) {
      const mine = sorted(expected.filter((e) => e.dept === dept.code).map((e) => e.barcode));
      expect(mine.length).toBeGreaterThan(0);
      const notices = expectOk(await get('/api/department/notices', user.token));
      const forRecall = notices.filter((n: { recallId: string }) => n.recallId === read.recall.id);
      expect(forRecall).toHaveLength(1);
      expect(forRecall[0].kind).toBe('recall');
      expect(sorted(forRecall[0].packs.map((p: { barcode: string }) => p.barcode))).toEqual(mine);
      const list = expectOk(await get('/api/department/recalls', user.token));
      expect(
        sorted(list.filter((r: { recall_id: string }) => r.recall_id === read.recall.id).map((r: { barcode: string }) => r.barcode)),
      ).toEqual(mine);
    }

    // S2 is blocked until a passing BI; S1 is not.
    expectRefused(
      await s2.post('/api/loads', { sterilizerId: s2.sterilizer.sterilizer.id, programId: s2.sterilizer.program.id }),
      422,
      'STERILIZER_BLOCKED_BY_BI',
    );
    const s1Load = expectOk(
      await s1.post('/api/loads', { sterilizerId: s1.sterilizer.sterilizer.id, programId: s1.sterilizer.program.id }),
    );
    expectOk(await s1.post(`/api/loads/${s1Load.id}/cancel`, {}));
    const clearing = await s2.emptyChamberBiRun();
    expect((await s2.readBi(clearing.bi.id, 'passed')).recall).toBeNull();
    const s2Load = expectOk(
      await s2.post('/api/loads', { sterilizerId: s2.sterilizer.sterilizer.id, programId: s2.sterilizer.program.id }),
    );
    expectOk(await s2.post(`/api/loads/${s2Load.id}/cancel`, {}));

    // Accounting: a pack of S1 is not part of it; closing waits for every pack.
    expectRefused(await s2.post(`/api/recalls/${read.recall.id}/scan`, { code: s1a }), 422, 'PACK_NOT_IN_RECALL');
    expectRefused(await t.http().post(`/api/recalls/${read.recall.id}/close`).set(bearer(s2.nurse.token)).send({}), 403, 'FORBIDDEN_ROLE');
    const toFind = expected.filter((e) => e.state !== 'used');
    for (const [i, e] of toFind.entries()) {
      if (i === toFind.length - 1) {
        const early = await t
          .http()
          .post(`/api/recalls/${read.recall.id}/close`)
          .set(bearer(head.token))
          .send(recallClosing(toFind.length));
        expectRefused(early, 409, 'RECALL_HAS_UNFOUND_PACKS');
      }
      const scan = expectOk(await s2.post(`/api/recalls/${read.recall.id}/scan`, { code: e.barcode }));
      expect({ barcode: e.barcode, disposition: scan.disposition, left: scan.notFoundLeft }).toEqual({
        barcode: e.barcode,
        disposition: e.state === 'stored' ? 'pulled' : 'returned',
        left: toFind.length - i - 1,
      });
    }
    // A used pack scanned stays "used" (its patient is followed up).
    expect(expectOk(await s2.post(`/api/recalls/${read.recall.id}/scan`, { code: a38 })).disposition).toBe('used');

    const closed = expectOk(
      await t
        .http()
        .post(`/api/recalls/${read.recall.id}/close`)
        .set(bearer(head.token))
        .send(recallClosing(toFind.length, { note: 'all accounted for' })),
    );
    expect(closed).toMatchObject({
      status: 'closed',
      closedBy: head.user.id,
      closeNote: 'all accounted for',
      reprocessedCount: toFind.length,
      discardedCount: 0,
    });
    const after = await recallView(read.recall.id);
    expect(after.counts).toEqual({
      not_found: 0,
      pulled: expected.filter((e) => e.state === 'stored').length,
      returned: expected.filter((e) => e.state === 'dispatched' || e.state === 'received').length,
      used: used.length,
      use_not_recorded: 0,
      out_of_circulation: 0,
    });
    expectRefused(await s2.post(`/api/recalls/${read.recall.id}/scan`, { code: a37 }), 409, 'RECALL_NOT_OPEN');
    expectRefused(
      await t.http().post(`/api/recalls/${read.recall.id}/close`).set(bearer(head.token)).send(recallClosing(toFind.length)),
      409,
      'RECALL_NOT_OPEN',
    );
    // A closed recall leaves the departments' lists.
    const listA = expectOk(await get('/api/department/recalls', userA.token));
    expect(listA.filter((r: { recall_id: string }) => r.recall_id === read.recall.id)).toEqual([]);
    const open = expectOk(await get('/api/recalls?status=open', head.token));
    expect(open.some((r: { id: string }) => r.id === read.recall.id)).toBe(false);
    // A recalled pack goes back through decontamination as a new cycle of its set.
    const again = await s2.recycle(a37);
    expect(again).toMatchObject({ outcome: 'collected', pack: { state: 'collected', cycleNo: 2 } });
    expect(await statesOf([a37])).toEqual({ [a37]: 'recalled' });
  });

  it('a department reports a failed inside indicator: a chemical recall of everything since the last passing BI on that sterilizer', async () => {
    const c = await ChainDriver.create(t);
    const sets: string[] = [];
    for (let i = 0; i < 7; i++) sets.push(await c.newSet());
    const [a1, b1, b2, c1, c2, d1, x1] = await c.packedMany(sets);
    await c.sterilizeWithPassingBi([a1, x1]);
    const l2 = await c.startLoad([b1, b2]);
    await c.unload(l2.id);
    const l3 = await c.startLoad([c1, c2]);
    await c.unload(l3.id);
    const l4 = await c.startLoad([d1]);
    await c.unload(l4.id);
    for (const p of [a1, x1, b1, b2, c1, c2, d1]) await c.store(p);
    await c.dispatch(b2);
    await c.dispatch(c1);
    await c.receive(c1);

    const report = expectOk(
      await c.post(
        '/api/department/problems',
        { code: c1, kind: 'inside_indicator_failed', note: 'indicator did not change' },
        c.departmentUser.token,
      ),
    );
    expect(report).toMatchObject({ outcome: 'problem', load: { id: l3.id, cycleNo: l3.cycleNo }, recallId: expect.any(String) });
    const recall = await recallView(report.recallId);
    expect(recall).toMatchObject({ trigger: 'chemical_failed', status: 'open' });
    expect(barcodesOf(recall.items)).toEqual(sorted([b1, b2, c1, c2, d1]));
    const byBarcode = new Map((recall.items as RecallItemView[]).map((i) => [i.barcode, i]));
    expect(byBarcode.get(c1)).toMatchObject({ state_at_recall: 'problem', current_state: 'problem' });
    expect(byBarcode.get(b2)).toMatchObject({
      state_at_recall: 'dispatched',
      disposition: 'not_found',
      department_code: c.department.code,
      current_state: 'recalled',
    });
    expect(byBarcode.get(d1)).toMatchObject({ disposition: 'not_found', current_state: 'recalled' });
    // Packs of the load with the last passing BI are untouched.
    expect(await statesOf([a1, x1])).toEqual({ [a1]: 'stored', [x1]: 'stored' });
    const notices = expectOk(await get('/api/department/notices', c.departmentUser.token));
    expect(
      notices
        .filter((n: { recallId: string }) => n.recallId === report.recallId)
        .map((n: { packs: { barcode: string }[] }) => n.packs.map((p) => p.barcode)),
    ).toEqual([[b2]]);

    // A problem other than the inside indicator opens no recall.
    await c.dispatch(a1);
    const wet = expectOk(await c.post('/api/department/problems', { code: a1, kind: 'wet' }, c.departmentUser.token));
    expect(wet.recallId).toBeNull();
    expect(await statesOf([x1])).toEqual({ [x1]: 'stored' });
  });

  it('a failed inside indicator found after the pack was used opens the recall, keeps the pack used and lists its patient for follow-up', async () => {
    const c = await ChainDriver.create(t);
    const [u1, s1] = await c.packedMany([await c.newSet(), await c.newSet()]);
    const l1 = await c.startLoad([u1, s1]);
    await c.unload(l1.id);
    for (const p of [u1, s1]) await c.store(p);
    await c.dispatch(u1);
    await c.receive(u1);
    expectOk(await c.post('/api/department/use', { code: u1, patientId: 'ZY-20261126-7', operationId: 'OP-88' }, c.departmentUser.token));

    const report = expectOk(
      await c.post(
        '/api/department/problems',
        { code: u1, kind: 'inside_indicator_failed', note: 'opened in theatre' },
        c.departmentUser.token,
      ),
    );
    expect(report).toMatchObject({
      outcome: 'problem_after_use',
      pack: { state: 'used' },
      load: { id: l1.id },
      recallId: expect.any(String),
    });
    expect(report.summary.en).toContain('follow up the patient');
    const recall = await recallView(report.recallId);
    expect(recall).toMatchObject({ trigger: 'chemical_failed' });
    expect(barcodesOf(recall.items)).toEqual(sorted([u1, s1]));
    expect(recall.followUp).toEqual([
      expect.objectContaining({ barcode: u1, disposition: 'used', patient_id: 'ZY-20261126-7', operation_id: 'OP-88' }),
    ]);
    expect(await statesOf([u1, s1])).toEqual({ [u1]: 'used', [s1]: 'recalled' });
    const [event] = await t.ds.query(
      `SELECT e.type, e.data->>'kind' AS kind FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 ORDER BY e.id DESC LIMIT 1`,
      [u1],
    );
    expect(event).toEqual({ type: 'problem_after_use', kind: 'inside_indicator_failed' });
  });

  describe('recalls opened by the head nurse', () => {
    /** A driver with loads L1 [p1], L2 [p2, p3], L3 [p4], all stored, p3 dispatched. */
    async function threeLoads() {
      const c = await ChainDriver.create(t);
      const [p1, p2, p3, p4] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet(), await c.newSet()]);
      const loads = [await c.startLoad([p1])];
      await c.unload(loads[0].id);
      loads.push(await c.startLoad([p2, p3]));
      await c.unload(loads[1].id);
      loads.push(await c.startLoad([p4]));
      await c.unload(loads[2].id);
      for (const p of [p1, p2, p3, p4]) await c.store(p);
      await c.dispatch(p3);
      return { c, loads, packs: [p1, p2, p3, p4] };
    }

    it('by loads', async () => {
      const { c, loads, packs } = await threeLoads();
      const [p1, p2, p3, p4] = packs;
      const recall = expectOk(
        await openRecall({ trigger: 'manual', reason: 'Steam supply contaminated', loadIds: [loads[1].id, loads[2].id] }),
      );
      expect(recall).toMatchObject({ trigger: 'manual', status: 'open', openedBy: head.user.id, total: 3 });
      expect(barcodesOf(recall.items)).toEqual(sorted([p2, p3, p4]));
      expect(recall.items.find((i: RecallItemView) => i.barcode === p3)).toMatchObject({
        disposition: 'not_found',
        department_code: c.department.code,
        state_at_recall: 'dispatched',
      });
      expect(await statesOf(packs)).toEqual({ [p1]: 'stored', [p2]: 'recalled', [p3]: 'recalled', [p4]: 'recalled' });
      const notices = expectOk(await get('/api/department/notices', c.departmentUser.token));
      expect(notices.map((n: { recallId: string; packs: { barcode: string }[] }) => [n.recallId, n.packs.map((p) => p.barcode)])).toEqual([
        [recall.id, [p3]],
      ]);
      // GET answers the same view.
      expect(barcodesOf((await recallView(recall.id, c.nurse.token)).items)).toEqual(sorted([p2, p3, p4]));
    });

    it('a recall is read a page at a time (with a disposition filter); counts and totals always cover all of it; bad paging is a 400', async () => {
      const { c, loads, packs } = await threeLoads();
      const recall = expectOk(
        await openRecall({ trigger: 'manual', reason: 'Steam supply contaminated', loadIds: loads.map((l) => l.id) }),
      );
      expect(recall.page).toEqual({ offset: 0, limit: 500, disposition: null, matching: 4 });
      const all: string[] = recall.items.map((i: RecallItemView) => i.barcode);
      expect(sorted(all)).toEqual(sorted(packs));
      // The first stored pack is pulled back: one pulled, three still to find.
      const stored = packs[0];
      expect(expectOk(await c.post(`/api/recalls/${recall.id}/scan`, { code: stored })).disposition).toBe('pulled');

      const first = await recallView(`${recall.id}?limit=3`, c.nurse.token);
      const rest = await recallView(`${recall.id}?limit=3&offset=3`, c.nurse.token);
      expect([...first.items, ...rest.items].map((i: RecallItemView) => i.barcode)).toEqual(all);
      expect(first.page).toEqual({ offset: 0, limit: 3, disposition: null, matching: 4 });
      expect(rest.items).toHaveLength(1);
      for (const view of [first, rest])
        expect(view).toMatchObject({
          total: 4,
          counts: { not_found: 3, pulled: 1, returned: 0, used: 0, use_not_recorded: 0, out_of_circulation: 0 },
        });

      const pulled = await recallView(`${recall.id}?disposition=pulled`, c.nurse.token);
      expect(pulled.items.map((i: RecallItemView) => i.barcode)).toEqual([stored]);
      expect(pulled.page).toMatchObject({ disposition: 'pulled', matching: 1 });
      expect((await recallView(`${recall.id}?disposition=not_found&offset=10`, c.nurse.token)).items).toEqual([]);

      for (const bad of ['limit=0', 'limit=2001', 'limit=abc', 'limit=1.5', 'offset=-1', 'offset=1e20', 'disposition=lost', 'page=2']) {
        expectRefused(await get(`/api/recalls/${recall.id}?${bad}`, c.nurse.token), 400, 'VALIDATION_FAILED');
      }
    });

    // Issue 19 item 10 changed this test: it pinned "the run started within [from, to)"; a load now
    // belongs to the range when any part of its run does, so L1, started before `from` and still in
    // the chamber at it, is in.
    it('by sterilizer and time range: every load whose run overlaps [from, to)', async () => {
      const { c, loads, packs } = await threeLoads();
      const [p1, p2, p3, p4] = packs;
      const started: { id: string; started_at: Date; completed_at: Date }[] = await t.ds.query(
        `SELECT id, started_at, completed_at FROM sterilizer_loads WHERE id = ANY($1::uuid[]) ORDER BY cycle_no`,
        [loads.map((l) => l.id)],
      );
      expect(new Date(started[0].completed_at).getTime()).toBeGreaterThan(new Date(started[0].started_at).getTime() + 1);
      const from = new Date(new Date(started[0].started_at).getTime() + 1).toISOString();
      const to = new Date(started[2].started_at).toISOString();
      const recall = expectOk(
        await openRecall({ trigger: 'manual', reason: 'Chart recorder fault', sterilizerIds: [c.sterilizer.sterilizer.id], from, to }),
      );
      expect(barcodesOf(recall.items)).toEqual(sorted([p1, p2, p3]));
      expect(recall.scope.scopes).toEqual([{ kind: 'time_range', sterilizerId: c.sterilizer.sterilizer.id, from, to }]);
      expect(await statesOf(packs)).toEqual({ [p1]: 'recalled', [p2]: 'recalled', [p3]: 'recalled', [p4]: 'stored' });

      const empty = await openRecall({
        trigger: 'manual',
        reason: 'Chart recorder fault',
        sterilizerIds: [c.sterilizer.sterilizer.id],
        from: '2000-01-01T00:00:00Z',
        to: '2000-01-02T00:00:00Z',
      });
      expectRefused(empty, 422, 'RECALL_SCOPE_EMPTY');
    });

    it('by time range: a load that started before `from` and ran into the window is in, and so is a load still running; loads that ended before or started at `to` are not', async () => {
      const s = await createSterilizer(t);
      const sterilizer = { id: s.sterilizer.id, programId: s.program.id };
      const template = await createTemplate(t);
      const dept = await createDepartment(t);
      const actorId = head.user.id;
      const t0 = testNow().getTime() - 10 * 3600_000;
      const at = (min: number) => new Date(t0 + min * 60_000);
      const seed = (cycle: number, start: number, end: number | null, packs: PackSpec[]) =>
        seedLoad(t, sterilizer, cycle, {
          startedAt: at(start),
          completedAt: end === null ? null : at(end),
          actorId,
          templateId: template.id,
          packs,
        });
      const before = await seed(1, -120, -60, [{ state: 'stored' }]);
      // The load of the report: started at t0, ran 45 minutes; the window opens at t0 + 15 min.
      const acrossFrom = await seed(2, 0, 45, [{ state: 'stored' }, { state: 'dispatched', departmentId: dept.id }]);
      const inside = await seed(3, 50, 90, [{ state: 'stored' }]);
      const atTo = await seed(4, 120, 165, [{ state: 'stored' }]);
      const [{ id: neverRan }] = await t.ds.query(
        `INSERT INTO sterilizer_loads (sterilizer_id, cycle_no, program_id, status, opened_by, opened_at) VALUES ($1, 5, $2, 'open', $3, $4) RETURNING id`,
        [sterilizer.id, sterilizer.programId, actorId, t.clock.instant()],
      );

      const recall = expectOk(
        await openRecall({
          trigger: 'manual',
          reason: 'Steam quality alarm',
          sterilizerIds: [s.sterilizer.id],
          from: at(15).toISOString(),
          to: at(120).toISOString(),
        }),
      );
      expect(sorted([...new Set((recall.items as RecallItemView[]).map((i) => i.cycle_no))])).toEqual([2, 3]);
      expect(barcodesOf(recall.items)).toEqual(sorted([...acrossFrom.packs, ...inside.packs].map((p) => p.barcode)));
      const outside = [...before.packs, ...atTo.packs].map((p) => p.barcode);
      expect(Object.values(await statesOf(outside))).toEqual(['stored', 'stored']);
      const notices = expectOk(await get('/api/department/notices', (await createUser(t, 'department', { departmentId: dept.id })).token));
      expect(notices.map((n: { packs: { barcode: string }[] }) => n.packs.map((p) => p.barcode))).toEqual([[acrossFrom.packs[1].barcode]]);
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM recall_items WHERE load_id = $1`, [neverRan]);
      expect(n).toBe(0);

      // A load still running (no unloading yet) that started before the window: in, whatever its start.
      const s2 = await createSterilizer(t);
      const running = await seedLoad(t, { id: s2.sterilizer.id, programId: s2.program.id }, 1, {
        startedAt: at(0),
        completedAt: null,
        actorId,
        templateId: template.id,
        packs: [{ state: 'sterilizing' }],
      });
      const second = expectOk(
        await openRecall({
          trigger: 'manual',
          reason: 'Steam quality alarm',
          sterilizerIds: [s2.sterilizer.id],
          from: at(60).toISOString(),
          to: at(120).toISOString(),
        }),
      );
      expect(second.items).toEqual([
        expect.objectContaining({
          barcode: running.packs[0].barcode,
          state_at_recall: 'sterilizing',
          disposition: 'not_found',
          current_state: 'recalled',
        }),
      ]);
    });

    it('by time range given as the hospital’s dates and local times (Asia/Shanghai), not UTC; from ≥ to and unreadable times are refused', async () => {
      expect(t.config.timezone).toBe(HOSPITAL_TZ);
      const s = await createSterilizer(t);
      const sterilizer = { id: s.sterilizer.id, programId: s.program.id };
      const template = await createTemplate(t);
      const actorId = head.user.id;
      const day = shiftDate(today(), -10);
      const next = shiftDate(day, 1);
      const local = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
      const seed = (cycle: number, start: Date, minutes: number) =>
        seedLoad(t, sterilizer, cycle, {
          startedAt: start,
          completedAt: new Date(start.getTime() + minutes * 60_000),
          actorId,
          templateId: template.id,
          packs: [{ state: 'stored' }],
        });
      await seed(1, local(shiftDate(day, -1), '23:00'), 40); // the evening before: out
      const morning = await seed(2, local(day, '07:00'), 40); // 07:00 on the day (23:00 UTC the day before): in
      const night = await seed(3, local(day, '23:30'), 50); // ran past midnight: in
      await seed(4, local(next, '07:00'), 40); // 07:00 the next day (before UTC midnight): out
      const cyclesOf = (recall: { items: RecallItemView[] }) => sorted([...new Set(recall.items.map((i) => String(i.cycle_no)))]);
      const body = (from: string, to: string) => ({
        trigger: 'manual',
        reason: 'Sterilizer log review',
        sterilizerIds: [s.sterilizer.id],
        from,
        to,
      });

      const wholeDay = expectOk(await openRecall(body(day, next)));
      expect(cyclesOf(wholeDay)).toEqual(['2', '3']);
      expect(wholeDay.scope.scopes[0]).toMatchObject({ from: local(day, '00:00').toISOString(), to: local(next, '00:00').toISOString() });
      expect(sorted(wholeDay.items.map((i: RecallItemView) => i.barcode))).toEqual(
        sorted([morning.packs[0].barcode, night.packs[0].barcode]),
      );

      // A date-time without a zone is the hospital's wall clock; with an offset or Z it is taken as is.
      expect(cyclesOf(expectOk(await openRecall(body(`${day}T06:30`, `${day}T07:10`))))).toEqual(['2']);
      expect(cyclesOf(expectOk(await openRecall(body(`${day}T07:30:00+08:00`, `${day}T23:00:00+08:00`))))).toEqual(['2']);
      expect(cyclesOf(expectOk(await openRecall(body(local(day, '23:50').toISOString(), local(next, '06:00').toISOString()))))).toEqual([
        '3',
      ]);

      const [{ n: recallsBefore }] = await t.ds.query(`SELECT count(*)::int AS n FROM recalls`);
      for (const [from, to] of [
        [day, day],
        [next, day],
        [`${day}T08:00`, `${day}T07:00`],
        [`${day}T08:00:00+08:00`, `${day}T00:00:00Z`],
      ]) {
        const res = await openRecall(body(from, to));
        expectRefused(res, 422, 'RECALL_TIME_RANGE_INVALID');
      }
      for (const [from, to] of [
        ['2026-W48', next],
        [`${day} 07:00`, next],
        [day, `${next}T24:00`],
        [day, '2026-02-30'],
        [`${day}T07`, next],
      ]) {
        expectRefused(await openRecall(body(from, to)), 400, 'VALIDATION_FAILED');
      }
      const [{ n: recallsAfter }] = await t.ds.query(`SELECT count(*)::int AS n FROM recalls`);
      expect(recallsAfter).toBe(recallsBefore);
    });

    it('by pack barcodes, across sterilizers; an unknown barcode is refused', async () => {
      const one = await threeLoads();
      const two = await threeLoads();
      const recall = expectOk(
        await openRecall({ trigger: 'manual', reason: 'Torn wrap reported on this batch', barcodes: [one.packs[0], two.packs[2]] }),
      );
      expect(barcodesOf(recall.items)).toEqual(sorted([one.packs[0], two.packs[2]]));
      expect(await statesOf([...one.packs, ...two.packs])).toEqual({
        [one.packs[0]]: 'recalled',
        [one.packs[1]]: 'stored',
        [one.packs[2]]: 'dispatched',
        [one.packs[3]]: 'stored',
        [two.packs[0]]: 'stored',
        [two.packs[1]]: 'stored',
        [two.packs[2]]: 'recalled',
        [two.packs[3]]: 'stored',
      });
      const never = packBarcode(9_999_999_998n);
      expectRefused(
        await openRecall({ trigger: 'manual', reason: 'Torn wrap reported on this batch', barcodes: [one.packs[1], never] }),
        404,
        'UNKNOWN_BARCODE',
      );
      expect(await statesOf([one.packs[1]])).toEqual({ [one.packs[1]]: 'stored' });
    });

    it('infection cluster over several sterilizers: everything since each one’s last passing BI', async () => {
      const drivers = [await ChainDriver.create(t), await ChainDriver.create(t), await ChainDriver.create(t)];
      const [sa, sb, sc] = drivers;
      // SA: anchor [x1], then [x2], [x3].  SB: [y1], anchor [y2], then [y3, y4].  SC: anchor [z1] only.
      const [x1, x2, x3] = await sa.packedMany([await sa.newSet(), await sa.newSet(), await sa.newSet()]);
      await sa.sterilizeWithPassingBi([x1]);
      await sa.sterilize([x2]);
      await sa.sterilize([x3]);
      const [y1, y2, y3, y4] = await sb.packedMany([await sb.newSet(), await sb.newSet(), await sb.newSet(), await sb.newSet()]);
      await sb.sterilize([y1]);
      await sb.sterilizeWithPassingBi([y2]);
      await sb.sterilize([y3, y4]);
      const [z1] = await sc.packedMany([await sc.newSet()]);
      await sc.sterilizeWithPassingBi([z1]);

      const body = {
        trigger: 'infection_cluster',
        reason: '3 surgical site infections, same week',
        sterilizerIds: [sc.sterilizer.sterilizer.id, sa.sterilizer.sterilizer.id, sb.sterilizer.sterilizer.id],
      };
      const recall = expectOk(await openRecall(body));
      expect(recall).toMatchObject({ trigger: 'infection_cluster', status: 'open' });
      expect(barcodesOf(recall.items)).toEqual(sorted([x2, x3, y3, y4]));
      expect(await statesOf([x1, y1, y2, z1])).toEqual({ [x1]: 'released', [y1]: 'released', [y2]: 'released', [z1]: 'released' });
    });

    it('refusals: no scope → RECALL_SCOPE_REQUIRED; only the head nurse opens or closes a recall', async () => {
      const { c, loads } = await threeLoads();
      const reason = 'Suspected process failure';
      expectRefused(await openRecall({ trigger: 'manual', reason }), 422, 'RECALL_SCOPE_REQUIRED');
      expectRefused(await openRecall({ trigger: 'infection_cluster', reason }), 422, 'RECALL_SCOPE_REQUIRED');
      expectRefused(
        await openRecall({ trigger: 'manual', reason, sterilizerIds: [c.sterilizer.sterilizer.id] }),
        422,
        'RECALL_SCOPE_REQUIRED',
      );
      expectRefused(
        await openRecall({ trigger: 'manual', reason, sterilizerIds: [c.sterilizer.sterilizer.id], from: testNow().toISOString() }),
        422,
        'RECALL_SCOPE_REQUIRED',
      );
      expectRefused(await openRecall({ trigger: 'manual', reason: 'x', loadIds: [loads[0].id] }), 400, 'VALIDATION_FAILED');
      expectRefused(await openRecall({ trigger: 'bi_failed', reason, loadIds: [loads[0].id] }), 400, 'VALIDATION_FAILED');
      for (const token of [c.nurse.token, c.monitor.token, c.departmentUser.token]) {
        expectRefused(await openRecall({ trigger: 'manual', reason, loadIds: [loads[0].id] }, token), 403, 'FORBIDDEN_ROLE');
      }
      const n: { n: number }[] = await t.ds.query(`SELECT count(*)::int AS n FROM recall_items WHERE load_id = ANY($1::uuid[])`, [
        loads.map((l) => l.id),
      ]);
      expect(n[0].n).toBe(0);
      expectRefused(await get('/api/department/notices', c.nurse.token), 403, 'FORBIDDEN_ROLE');
      expectRefused(await get(`/api/recalls/${loads[0].id}`, head.token), 404, 'RECALL_NOT_FOUND');
    });
  });

  it('a BI failure read while packs of that sterilizer are being dispatched: no pack in scope ends up dispatched without being listed (12 rounds)', async () => {
    const c = await ChainDriver.create(t);
    const template = await createTemplate(t);
    const actorId = c.nurse.user.id;
    const ROUNDS = 12;
    for (let round = 0; round < ROUNDS; round++) {
      const s = await createSterilizer(t);
      const sterilizer = { id: s.sterilizer.id, programId: s.program.id };
      const at = (h: number) => new Date(testNow().getTime() - (10 - h) * 3600 * 1000);
      const stored = (n: number): PackSpec[] => Array.from({ length: n }, () => ({ state: 'stored' }));
      const anchor = await seedLoad(t, sterilizer, 1, { startedAt: at(1), actorId, templateId: template.id, packs: stored(2) });
      await seedBi(t, sterilizer.id, anchor, 'passed', actorId);
      const failed = await seedLoad(t, sterilizer, 2, { startedAt: at(2), actorId, templateId: template.id, packs: stored(3) });
      const biId = await seedBi(t, sterilizer.id, failed, 'pending', actorId);
      const later = await seedLoad(t, sterilizer, 3, { startedAt: at(3), actorId, templateId: template.id, packs: stored(3) });
      const inScope = [...failed.packs, ...later.packs];
      const all = [...anchor.packs, ...inScope];

      const dispatches = all.map((p) => () => c.post('/api/dispatch/scan', { code: p.barcode, departmentId: c.department.id }));
      await c.positiveControlFor(biId);
      const readBi = () => c.post(`/api/monitoring/bi/${biId}/read`, { result: 'failed' }, c.monitor.token);
      const mid = round % (dispatches.length + 1);
      const calls = [...dispatches.slice(0, mid), readBi, ...dispatches.slice(mid)];
      const answers = await Promise.all(calls.map((f) => f()));
      const biAnswer = answers[mid];
      const dispatchAnswers = [...answers.slice(0, mid), ...answers.slice(mid + 1)];
      expect({ round, status: biAnswer.status }).toEqual({ round, status: 200 });
      const recallId: string = biAnswer.body.recall.id;

      const items: { pack_id: string; state_at_recall: string; department_id: string | null; disposition: string }[] = await t.ds.query(
        `SELECT pack_id, state_at_recall, department_id, disposition FROM recall_items WHERE recall_id = $1`,
        [recallId],
      );
      const itemOf = new Map(items.map((i) => [i.pack_id, i]));
      expect({ round, listed: sorted(items.map((i) => i.pack_id)) }).toEqual({ round, listed: sorted(inScope.map((p) => p.id)) });
      const states: { id: string; state: string; department_id: string | null }[] = await t.ds.query(
        `SELECT id, state, department_id FROM packs WHERE id = ANY($1::uuid[])`,
        [all.map((p) => p.id)],
      );
      const stateOf = new Map(states.map((r) => [r.id, r]));

      for (const [i, p] of all.entries()) {
        const res = dispatchAnswers[i];
        const scoped = inScope.includes(p);
        if (!scoped) {
          expect({ round, barcode: p.barcode, status: res.status, state: stateOf.get(p.id)!.state }).toEqual({
            round,
            barcode: p.barcode,
            status: 200,
            state: 'dispatched',
          });
          continue;
        }
        // Every pack of the scope is out of circulation now, whichever request won.
        expect({ round, barcode: p.barcode, state: stateOf.get(p.id)!.state }).toEqual({ round, barcode: p.barcode, state: 'recalled' });
        const item = itemOf.get(p.id)!;
        if (res.status === 200) {
          expect({ round, barcode: p.barcode, item }).toEqual({
            round,
            barcode: p.barcode,
            item: { pack_id: p.id, state_at_recall: 'dispatched', department_id: c.department.id, disposition: 'not_found' },
          });
        } else {
          expect({ round, barcode: p.barcode, status: res.status, code: res.body.code }).toEqual({
            round,
            barcode: p.barcode,
            status: 422,
            code: 'PACK_RECALLED',
          });
          expect({ round, barcode: p.barcode, item }).toEqual({
            round,
            barcode: p.barcode,
            item: { pack_id: p.id, state_at_recall: 'stored', department_id: null, disposition: 'not_found' },
          });
        }
      }
      // The department is told about exactly the scoped packs that reached it.
      const notices: { packs: { id: string }[] }[] = await t.ds.query(
        `SELECT packs FROM department_notices WHERE recall_id = $1 AND department_id = $2`,
        [recallId, c.department.id],
      );
      const told = notices.flatMap((n) => n.packs.map((p) => p.id));
      expect({ round, told: sorted(told) }).toEqual({
        round,
        told: sorted(inScope.filter((p) => itemOf.get(p.id)!.state_at_recall === 'dispatched').map((p) => p.id)),
      });
    }
  });
});

describe('recall with CSSD_RECALL_CHEMICAL_SCOPE=load', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CSSD_RECALL_CHEMICAL_SCOPE: 'load' });
  });
  afterAll(() => t.close());

  it('a failed inside indicator recalls only the pack’s own load', async () => {
    expect(t.config.policy.chemicalRecallScope).toBe('load');
    const c = await ChainDriver.create(t);
    const [a1, b1, c1, c2, d1] = await c.packedMany([
      await c.newSet(),
      await c.newSet(),
      await c.newSet(),
      await c.newSet(),
      await c.newSet(),
    ]);
    await c.sterilizeWithPassingBi([a1]);
    await c.sterilize([b1]);
    const l3 = await c.startLoad([c1, c2]);
    await c.unload(l3.id);
    await c.sterilize([d1]);
    for (const p of [a1, b1, c1, c2, d1]) await c.store(p);
    await c.dispatch(c1);
    await c.receive(c1);

    const report = expectOk(
      await c.post('/api/department/problems', { code: c1, kind: 'inside_indicator_failed' }, c.departmentUser.token),
    );
    const recall = expectOk(await t.http().get(`/api/recalls/${report.recallId}`).set(bearer(c.nurse.token)));
    expect(recall.trigger).toBe('chemical_failed');
    expect(sorted(recall.items.map((i: RecallItemView) => i.barcode))).toEqual(sorted([c1, c2]));
    const states: { barcode: string; state: string }[] = await t.ds.query(
      `SELECT barcode, state FROM packs WHERE barcode = ANY($1::text[]) ORDER BY barcode`,
      [[a1, b1, d1]],
    );
    expect(states.map((s) => s.state)).toEqual(['stored', 'stored', 'stored']);
  });
});

describe('recall with the CDC switch (CSSD_RECALL_STEAM_BI_IMPLANTS_ONLY=true)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CSSD_RECALL_STEAM_BI_IMPLANTS_ONLY: 'true' });
  });
  afterAll(() => t.close());

  it('a single positive steam BI recalls the implant packs only; the other packs since the anchor stay in circulation', async () => {
    expect(t.config.policy.steamBiRecallsImplantsOnly).toBe(true);
    const c = await ChainDriver.create(t);
    const [x, imp1, n1, n2, imp2] = await c.packedMany([
      await c.newSet(),
      await c.newSet({ implant: true }),
      await c.newSet(),
      await c.newSet(),
      await c.newSet({ implant: true }),
    ]);
    await c.sterilizeWithPassingBi([x]);
    const l2 = await c.startLoad([imp1, n1], { bis: [{}] });
    const bi2 = l2.bis[0];
    await c.unload(l2.id);
    const l3 = await c.startLoad([n2, imp2], { bis: [{}] });
    await c.unload(l3.id);
    for (const p of [x, n1, n2]) await c.store(p);

    const read = await c.readBi(bi2.id, 'failed');
    const recall = expectOk(await t.http().get(`/api/recalls/${read.recall.id}`).set(bearer(c.nurse.token)));
    expect(recall.scope).toMatchObject({ policy: 'cdc_steam_implants_only' });
    expect(sorted(recall.items.map((i: RecallItemView) => i.barcode))).toEqual(sorted([imp1, imp2]));
    expect(recall.items.every((i: RecallItemView) => i.implant && i.current_state === 'recalled')).toBe(true);
    // Non-implant packs of the failed load and of a later load are still dispatched.
    expect((await c.dispatch(n2)).outcome).toBe('dispatched');
    expect((await c.dispatch(n1)).outcome).toBe('dispatched');
    const states: { barcode: string; state: string }[] = await t.ds.query(
      `SELECT barcode, state FROM packs WHERE barcode = ANY($1::text[])`,
      [[x]],
    );
    expect(states.map((s) => s.state)).toEqual(['stored']);
  });

  it('the switch is for steam only: a positive plasma BI still recalls every pack since the last passing BI', async () => {
    const c = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
    const [p1, p2] = await c.packedMany([
      await c.newSet({ sterilizationMethod: 'h2o2_plasma' }),
      await c.newSet({ sterilizationMethod: 'h2o2_plasma', implant: true }),
    ]);
    const l1 = await c.startLoad([p1, p2], { bis: [{}] });
    const bi = l1.bis[0];
    await c.unload(l1.id);
    await c.store(p1);
    const read = await c.readBi(bi.id, 'failed');
    const recall = expectOk(await t.http().get(`/api/recalls/${read.recall.id}`).set(bearer(c.nurse.token)));
    expect(recall.scope).toMatchObject({ policy: 'since_last_passing_bi' });
    expect(sorted(recall.items.map((i: RecallItemView) => i.barcode))).toEqual(sorted([p1, p2]));
  });
});

describe('recall webhook (CSSD_RECALL_WEBHOOK_URL), retried with backoff', () => {
  let t: TestApp;
  let server: Server;
  const received: { body: Record<string, unknown>; answered: number }[] = [];
  beforeAll(async () => {
    let calls = 0;
    server = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        calls++;
        const answered = calls === 1 ? 500 : 200;
        received.push({ body: JSON.parse(raw), answered });
        res.writeHead(answered, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await createTestApp({ CSSD_RECALL_WEBHOOK_URL: `http://127.0.0.1:${port}/cssd/recalls`, CSSD_WEBHOOK_BACKOFF_MS: '50' });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('POSTs one JSON body per department; a 500 is retried and every attempt is recorded', async () => {
    const c = await ChainDriver.create(t);
    const head = await createUser(t, 'head_nurse');
    const [p1, p2, p3] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
    const load = await c.startLoad([p1, p2, p3]);
    await c.unload(load.id);
    for (const p of [p1, p2, p3]) await c.store(p);
    await c.dispatch(p1);
    await c.dispatch(p2);

    const recall = expectOk(
      await t
        .http()
        .post('/api/recalls')
        .set(bearer(head.token))
        .send({ trigger: 'manual', reason: 'Webhook delivery check', loadIds: [load.id] }),
    );
    const [notice] = await t.ds.query(`SELECT id FROM department_notices WHERE recall_id = $1 AND department_id = $2`, [
      recall.id,
      c.department.id,
    ]);
    expect(notice?.id).toEqual(expect.any(String));

    // Bounded wait for the background delivery (not a timing assertion): generous, as a CI machine
    // running two workers, PostgreSQL and a browser on two cores can take seconds for it.
    let deliveries: { attempt: number; delivered: boolean; http_status: number | null }[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      deliveries = await t.ds.query(
        `SELECT attempt, delivered, http_status FROM webhook_deliveries WHERE notice_id = $1 ORDER BY attempt`,
        [notice.id],
      );
      if (deliveries.some((d) => d.delivered)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(deliveries).toEqual([
      { attempt: 1, delivered: false, http_status: 500 },
      { attempt: 2, delivered: true, http_status: 200 },
    ]);
    expect(received.map((r) => r.answered)).toEqual([500, 200]);
    for (const r of received) {
      expect(r.body).toMatchObject({ event: 'recall', noticeId: notice.id, recallId: recall.id, departmentId: c.department.id });
      expect(sorted((r.body.packs as { barcode: string }[]).map((p) => p.barcode))).toEqual(sorted([p1, p2]));
    }
    // The department's list shows the same packs, whatever the webhook did.
    const list = expectOk(await t.http().get('/api/department/recalls').set(bearer(c.departmentUser.token)));
    expect(sorted(list.map((r: { barcode: string }) => r.barcode))).toEqual(sorted([p1, p2]));
  });
});
