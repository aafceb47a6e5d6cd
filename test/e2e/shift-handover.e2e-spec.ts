import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { randomUUID } from 'node:crypto';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { binaryBody, expectOk, expectRefused } from '../support/expect.js';
import { bearer, createUser, freeHandoverDay, rowCounts, type TestUser, uniq } from '../support/factories.js';

const TABLES = ['shift_handovers', 'shift_handover_checklists', 'shift_handover_signatures', 'shift_handover_corrections'];
const ALL_DONE = ['water', 'power', 'gas', 'steam', 'cleaned'].map((item) => ({ item, done: true }));

interface Handover {
  id: string;
  day: string;
  status: string;
  notes: string;
  entryId: string;
  authorId: string;
  snapshot: {
    loads: { loadId: string; sterilizerCode: string; cycleNo: number; status: string }[];
    bisIncubating: unknown[];
    recalls: unknown[];
    equipment: { code: string; openFaults: number }[];
    correctiveActions: unknown[];
    [k: string]: unknown;
  };
  checklist: { items: { item: string; done: boolean; reason: string | null }[] } | null;
  outgoing: { signerId: string; recordedBy: string } | null;
  incoming: { signerId: string; recordedBy: string } | null;
  corrections: { id: string; correctsId: string; reason: string }[];
}

/**
 * Issue 17, the shift handover (seed 17, 2.1, 11.6): the outgoing nurse drafts the note of a day,
 * shift and zone (the system's open items copied in as she saw them), records the end-of-shift
 * checklist, signs out with her badge + PIN; the incoming nurse — another person — signs in with
 * hers. Every refusal answers its code and writes nothing.
 */
describe('shift handover: drafted with the system’s snapshot, checked, signed out and signed in by two people', () => {
  let t: TestApp;
  let c: ChainDriver;
  let outgoing: TestUser;
  let incoming: TestUser;
  let head: TestUser;
  /** A past day of its own (other suites share the database and its slots). */
  let day: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone);
    c = await (await ChainDriver.create(t)).withNewSterilizer();
    [outgoing, incoming] = [c.nurse, c.nurse2];
    head = await createUser(t, 'head_nurse', { badge: true });
    day = await freeHandoverDay(t, 2000);
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, token = outgoing.token) =>
    t.http().post(path).set(bearer(token)).set('Accept-Language', 'zh-CN').send(body);
  const get = (path: string, token = outgoing.token) => t.http().get(path).set(bearer(token));
  const badge = (u: TestUser, pin = u.pin) => ({ signer: { badgeCode: u.user.badgeCode, pin } });
  async function refusedUnchanged(send: () => Promise<Response>, status: number, code: string) {
    const before = await rowCounts(t, TABLES);
    const body = expectRefused(await send(), status, code);
    expect(await rowCounts(t, TABLES)).toEqual(before);
    return body;
  }

  it('walks draft → checklist → sign out → sign in, refusing each rule broken; the snapshot shows the load the test opened', async () => {
    const load = await c.openLoad();
    const h: Handover = expectOk(
      await post('/api/shift-handovers', { day, shift: 'early', zone: 'packing', notes: '2 号灭菌器门封条磨损' }),
    );
    expect(h).toMatchObject({
      status: 'draft',
      day,
      notes: '2 号灭菌器门封条磨损',
      authorId: outgoing.user.id,
      checklist: null,
      outgoing: null,
    });
    expect(h.snapshot.loads).toContainEqual(
      expect.objectContaining({ loadId: load.id, sterilizerCode: c.sterilizer.sterilizer.code, cycleNo: load.cycleNo, status: 'open' }),
    );
    const path = `/api/shift-handovers/${h.id}`;

    // One open handover per day, shift and zone (another nurse, too); another zone is another slot.
    await refusedUnchanged(
      () => post('/api/shift-handovers', { day, shift: 'early', zone: 'packing' }, incoming.token),
      409,
      'SHIFT_HANDOVER_SLOT_OPEN',
    );
    expectOk(await post('/api/shift-handovers', { day, shift: 'early', zone: 'sterile_storage' }, incoming.token));

    // No signature before the checklist; the checklist answers every item, and a reason for one not done.
    await refusedUnchanged(() => post(`${path}/sign-out`, badge(outgoing)), 409, 'SHIFT_HANDOVER_CHECKLIST_MISSING');
    const incomplete = await refusedUnchanged(
      () => post(`${path}/checklist`, { items: ALL_DONE.filter((i) => i.item !== 'steam') }),
      422,
      'SHIFT_HANDOVER_CHECKLIST_INCOMPLETE',
    );
    expect(incomplete.message).toContain('蒸汽已关闭');
    await refusedUnchanged(
      () => post(`${path}/checklist`, { items: [...ALL_DONE, { item: 'water', done: true }] }),
      422,
      'SHIFT_HANDOVER_CHECKLIST_INCOMPLETE',
    );
    const noReason = ALL_DONE.map((i) => (i.item === 'gas' ? { item: 'gas', done: false, reason: '  ' } : i));
    const reason = await refusedUnchanged(() => post(`${path}/checklist`, { items: noReason }), 422, 'SHIFT_HANDOVER_REASON_REQUIRED');
    expect(reason.message).toBe('“气已关闭”未完成：请填写原因');
    await refusedUnchanged(() => post(`${path}/checklist`, { items: [{ item: 'water', done: 'yes' }] }), 400, 'VALIDATION_FAILED');
    const withGasOn = ALL_DONE.map((i) => (i.item === 'gas' ? { item: 'gas', done: false, reason: '夜班继续使用低温灭菌器' } : i));
    const checked: Handover = expectOk(await post(`${path}/checklist`, { items: withGasOn }));
    expect(checked.checklist!.items).toContainEqual({ item: 'gas', done: false, reason: '夜班继续使用低温灭菌器' });

    // Signing out: the author's own badge + PIN — not another's, not without the PIN, not a wrong PIN.
    await refusedUnchanged(() => post(`${path}/sign-out`, { signer: { badgeCode: outgoing.user.badgeCode } }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(() => post(`${path}/sign-out`, {}), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(() => post(`${path}/sign-out`, badge(outgoing, '999999')), 422, 'SECOND_PERSON_INVALID');
    await refusedUnchanged(() => post(`${path}/sign-out`, badge(incoming)), 403, 'SHIFT_HANDOVER_NOT_AUTHOR');
    await refusedUnchanged(() => post(`${path}/sign-in`, badge(incoming)), 409, 'SHIFT_HANDOVER_NOT_SIGNED_OUT');
    const out: Handover = expectOk(await post(`${path}/sign-out`, badge(outgoing)));
    expect(out).toMatchObject({
      status: 'signed_out',
      outgoing: { signerId: outgoing.user.id, recordedBy: outgoing.user.id },
      incoming: null,
    });
    await refusedUnchanged(() => post(`${path}/sign-out`, badge(outgoing)), 409, 'SHIFT_HANDOVER_SIGNED_OUT');
    await refusedUnchanged(() => post(`${path}/checklist`, { items: ALL_DONE }), 409, 'SHIFT_HANDOVER_SIGNED_OUT');

    // Signing in: another person — the same nurse twice is refused, at her station or at the next one's.
    await refusedUnchanged(() => post(`${path}/sign-in`, badge(outgoing)), 422, 'SHIFT_HANDOVER_SAME_PERSON');
    await refusedUnchanged(() => post(`${path}/sign-in`, badge(outgoing), incoming.token), 422, 'SHIFT_HANDOVER_SAME_PERSON');
    await refusedUnchanged(() => post(`${path}/sign-in`, { signer: { badgeCode: incoming.user.badgeCode } }), 400, 'VALIDATION_FAILED');
    const closed: Handover = expectOk(await post(`${path}/sign-in`, badge(incoming), incoming.token));
    expect(closed).toMatchObject({ status: 'closed', incoming: { signerId: incoming.user.id, recordedBy: incoming.user.id } });
    await refusedUnchanged(() => post(`${path}/sign-in`, badge(head)), 409, 'SHIFT_HANDOVER_CLOSED');

    // The snapshot stays what the outgoing nurse saw: the load is still listed after it moved on.
    expect((await get(path)).body.snapshot).toEqual(h.snapshot);
    // Closed, the slot is free again.
    expectOk(await post('/api/shift-handovers', { day, shift: 'early', zone: 'packing' }, head.token));
  });

  it('snapshots what concerns the zone: loads, BIs and sterilizer/sealer problems in packing & sterilization, washer-side machines in decontamination; recalls and actions everywhere', async () => {
    const load = await c.openLoad();
    /** A machine of `kind` taken out of use by a fault (none of the chain's: its loads still run). */
    const faulty = async (kind: string) => {
      const code = uniq('EQ');
      const m = expectOk(
        await post(
          '/api/equipment',
          {
            code,
            kind,
            nameZh: '测试设备',
            nameEn: 'Test machine',
            responsibleUserId: outgoing.user.id,
            lastServiceOn: localDate(t.clock.instant(), t.config.timezone),
          },
          head.token,
        ),
      ) as { id: string };
      expectOk(await post(`/api/equipment/${m.id}/faults`, { description: '报警 alarm', outOfUse: true }));
      return code;
    };
    const [sealer, dryer, water] = [await faulty('sealer'), await faulty('drying_cabinet'), await faulty('water_treatment')];
    const slotDay = await freeHandoverDay(t, 3000);
    const draft = async (zone: string) =>
      (expectOk(await post('/api/shift-handovers', { day: slotDay, shift: 'middle', zone })) as Handover).snapshot;
    const [packing, decontamination, storage] = [await draft('packing'), await draft('decontamination'), await draft('sterile_storage')];
    const codes = (x: Handover['snapshot']) => x.equipment.map((e) => e.code);

    expect(packing.loads.map((l) => l.loadId)).toContain(load.id);
    expect(codes(packing)).toContain(sealer);
    expect(codes(packing)).not.toContain(dryer);
    expect(codes(packing)).not.toContain(water);

    expect(decontamination.loads).toEqual([]);
    expect(decontamination.bisIncubating).toEqual([]);
    expect(codes(decontamination)).toEqual(expect.arrayContaining([dryer, water]));
    expect(codes(decontamination)).not.toContain(sealer);

    expect(storage).toMatchObject({ loads: [], bisIncubating: [], equipment: [] });
    // Recalls and corrective actions concern every zone: the same in each.
    for (const x of [decontamination, storage]) {
      expect(x.recalls).toEqual(packing.recalls);
      expect(x.correctiveActions).toEqual(packing.correctiveActions);
    }
  });

  it('corrects a signed note only by a new entry naming the entry in force, with the reason', async () => {
    const h: Handover = expectOk(
      await post('/api/shift-handovers', { day, shift: 'night', zone: 'decontamination', notes: '清洗机 1 号报警' }),
    );
    const path = `/api/shift-handovers/${h.id}`;
    const fix = { correctsId: h.id, notes: '清洗机 2 号报警，已报修', reason: '机器编号写错' };
    await refusedUnchanged(() => post(`${path}/corrections`, fix), 409, 'SHIFT_HANDOVER_NOT_SIGNED_OUT');
    expectOk(await post(`${path}/checklist`, { items: ALL_DONE }));
    expectOk(await post(`${path}/sign-out`, badge(outgoing)));

    await refusedUnchanged(() => post(`${path}/corrections`, { ...fix, reason: ' ' }), 400, 'VALIDATION_FAILED');
    const first: Handover = expectOk(await post(`${path}/corrections`, fix, incoming.token));
    expect(first).toMatchObject({ notes: '清洗机 2 号报警，已报修', status: 'signed_out' });
    expect(first.corrections).toEqual([expect.objectContaining({ correctsId: h.id, reason: '机器编号写错' })]);
    expect(first.entryId).toBe(first.corrections[0].id);
    // The note itself was corrected: a correction names the latest entry.
    await refusedUnchanged(() => post(`${path}/corrections`, fix), 409, 'SHIFT_HANDOVER_ENTRY_ALREADY_CORRECTED');
    await refusedUnchanged(() => post(`${path}/corrections`, { ...fix, correctsId: randomUUID() }), 404, 'SHIFT_HANDOVER_ENTRY_NOT_FOUND');
    const second: Handover = expectOk(
      await post(`${path}/corrections`, { ...fix, correctsId: first.entryId, notes: '已修复', reason: '补记' }),
    );
    expect(second.notes).toBe('已修复');
    expect(second.corrections.map((x) => x.correctsId)).toEqual([h.id, first.entryId]);
    await refusedUnchanged(
      () => post(`${path}/corrections`, { ...fix, correctsId: first.entryId }),
      409,
      'SHIFT_HANDOVER_ENTRY_ALREADY_CORRECTED',
    );

    // The database itself keeps the history: no update, no delete.
    await expect(t.ds.query(`UPDATE shift_handovers SET notes = 'x' WHERE id = $1`, [h.id])).rejects.toThrow();
    await expect(t.ds.query(`DELETE FROM shift_handover_corrections WHERE handover_id = $1`, [h.id])).rejects.toThrow();
  });

  it('refuses a day after today, a malformed body, departments and the administrator', async () => {
    const tomorrow = addLocalDays(localDate(t.clock.instant(), t.config.timezone), 1);
    await refusedUnchanged(
      () => post('/api/shift-handovers', { day: tomorrow, shift: 'early', zone: 'packing' }),
      422,
      'SHIFT_HANDOVER_DAY_IN_FUTURE',
    );
    await refusedUnchanged(() => post('/api/shift-handovers', { day, shift: 'lunch', zone: 'packing' }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(
      () => post('/api/shift-handovers', { day: '2026-02-30', shift: 'early', zone: 'packing' }),
      400,
      'VALIDATION_FAILED',
    );
    await refusedUnchanged(() => post('/api/shift-handovers', { day, shift: 'early', zone: 'ward' }), 400, 'VALIDATION_FAILED');
    for (const role of ['department', 'admin'] as const) {
      const who = await createUser(t, role);
      await refusedUnchanged(
        () => post('/api/shift-handovers', { day, shift: 'middle', zone: 'packing' }, who.token),
        403,
        'FORBIDDEN_ROLE',
      );
      expectRefused(await get(`/api/shift-handovers?date=${day}`, who.token), 403, 'FORBIDDEN_ROLE');
    }
    expectRefused(await get(`/api/shift-handovers/${randomUUID()}`), 404, 'SHIFT_HANDOVER_NOT_FOUND');
  });

  it('lists the register of a period, as JSON, XLSX and PDF', async () => {
    // A day of this test's own: one handover closed, one corrected, one still a draft.
    const own = addLocalDays(day, -1);
    const closed: Handover = expectOk(
      await post('/api/shift-handovers', { day: own, shift: 'middle', zone: 'packing', notes: '交接正常' }),
    );
    expectOk(await post(`/api/shift-handovers/${closed.id}/checklist`, { items: ALL_DONE }));
    expectOk(await post(`/api/shift-handovers/${closed.id}/sign-out`, badge(outgoing)));
    expectOk(await post(`/api/shift-handovers/${closed.id}/sign-in`, badge(incoming)));
    const corrected: Handover = expectOk(
      await post('/api/shift-handovers', { day: own, shift: 'night', zone: 'decontamination', notes: '原记录' }),
    );
    expectOk(await post(`/api/shift-handovers/${corrected.id}/checklist`, { items: ALL_DONE }));
    expectOk(await post(`/api/shift-handovers/${corrected.id}/sign-out`, badge(outgoing)));
    expectOk(await post(`/api/shift-handovers/${corrected.id}/corrections`, { correctsId: corrected.id, notes: '已修复', reason: '补记' }));
    expectOk(await post('/api/shift-handovers', { day: own, shift: 'early', zone: 'sterile_storage' }));

    const reg = expectOk(await get(`/api/shift-handovers?date=${own}`, head.token)) as { from: string; handovers: Handover[] };
    expect(reg.from).toBe(own);
    expect(reg.handovers.map((h) => [h.status, h.notes])).toEqual([
      ['signed_out', '已修复'],
      ['closed', '交接正常'],
      ['draft', ''],
    ]);
    const zone = expectOk(await get(`/api/shift-handovers?date=${own}&zone=decontamination`)) as { handovers: Handover[] };
    expect(zone.handovers.map((h) => h.id)).toEqual([corrected.id]);
    expectRefused(await get(`/api/shift-handovers?from=${day}&to=${addLocalDays(day, 200)}`), 400, 'REPORT_PERIOD_TOO_LONG');
    for (const [format, type, magic] of [
      ['xlsx', 'spreadsheetml', 'PK'],
      ['pdf', 'application/pdf', '%PDF'],
    ] as const) {
      const res = await get(`/api/shift-handovers?date=${own}&format=${format}`).buffer(true).parse(binaryBody);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      expect((res.body as Buffer).subarray(0, magic.length).toString()).toBe(magic);
    }
  });
});
