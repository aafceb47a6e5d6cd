import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createUser, recallClosing, rowCounts, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Issue 18, "gaps in the record": a set collected from a ward without `unused` was recorded as used
 * with no patient, and the collecting department was never compared with the one the pack was sent
 * to — a recall then listed a "used" pack with nobody to follow up. Now such a pack is flagged "use
 * not recorded" (state `use_unrecorded`, through the pack ledger) until the department it was sent
 * to completes it; a collection from another department is recorded with both departments and
 * shown to the head nurse; a recall lists the unrecorded packs apart.
 */
describe('use not recorded, and collection from another department (issue 18)', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const stateOf = async (barcode: string) =>
    (await t.ds.query(`SELECT state, patient_id, operation_id FROM packs WHERE barcode = $1`, [barcode]))[0];
  const eventsOf = (barcode: string, types: string[]) =>
    t.ds.query(
      `SELECT e.type, e.from_state, e.to_state, e.actor_id, e.station, e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = ANY($2::text[]) ORDER BY e.id`,
      [barcode, types],
    );
  const board = async () => expectOk(await t.http().get('/api/board').set(bearer(head.token)));
  const departmentPacks = async (user: TestUser, state?: string) =>
    (
      expectOk(
        await t
          .http()
          .get(`/api/department/packs${state ? `?state=${state}` : ''}`)
          .set(bearer(user.token)),
      ) as { barcode: string; state: string }[]
    ).map((p) => p.barcode);
  const complete = (user: TestUser, outcome: 'used' | 'unused', body: object, lang = 'zh-CN') =>
    t
      .http()
      .post(`/api/department/use-not-recorded/${outcome}`)
      .set(bearer(user.token))
      .set('X-Station', 'WEB-WARD')
      .set('Accept-Language', lang)
      .send(body);

  /** A set dispatched to the driver's department (received there when asked): its asset code and pack barcode. */
  const dispatched = async (c: ChainDriver, receive = true) => {
    const asset = await c.newSet();
    const barcode = await c.readyInStorage(asset);
    await c.dispatch(barcode);
    if (receive) await c.receive(barcode);
    return { asset, barcode };
  };

  it('a set collected with no use recorded and no "unused" is flagged, not used: its department sees it, the board lists it', async () => {
    const c = await ChainDriver.create(t);
    const { asset, barcode } = await dispatched(c);

    const answer = await c.recycle(asset);
    expect(answer).toMatchObject({
      outcome: 'collected',
      pack: { state: 'collected', cycleNo: 2 },
      closedPack: { barcode, state: 'use_unrecorded' },
      warnings: [],
    });
    expect(answer.summary.en).toContain('no use recorded');
    expect(await stateOf(barcode)).toEqual({ state: 'use_unrecorded', patient_id: null, operation_id: null });
    // Written by the pack ledger as a step of the state machine; never a "use".
    expect(await eventsOf(barcode, ['use', 'use_not_recorded'])).toEqual([
      {
        type: 'use_not_recorded',
        from_state: 'received',
        to_state: 'use_unrecorded',
        actor_id: c.nurse.user.id,
        station: 'TEST-1',
        data: { dispatchedToDepartmentId: c.department.id, collectedFromDepartmentId: c.department.id },
      },
    ]);

    // The department it was sent to sees it to complete; another department does not.
    expect(await departmentPacks(c.departmentUser, 'use_unrecorded')).toEqual([barcode]);
    const otherWard = await createUser(t, 'department', { departmentId: (await createDepartment(t)).id });
    expect(await departmentPacks(otherWard)).not.toContain(barcode);
    // The head nurse's board lists it, with the department that is asked.
    const listed = (await board()).useNotRecorded;
    expect(listed.total).toBeGreaterThanOrEqual(1);
    expect(listed.packs).toContainEqual(
      expect.objectContaining({
        barcode,
        departmentCode: c.department.code,
        departmentNameEn: 'Test department',
        collectedAt: expect.any(String),
      }),
    );

    // A pack on its way (not yet received) is flagged the same way; "unused" still returns it.
    const onItsWay = await dispatched(c, false);
    expect(await c.recycle(onItsWay.asset)).toMatchObject({ closedPack: { barcode: onItsWay.barcode, state: 'use_unrecorded' } });
    const unused = await dispatched(c);
    expect(await c.recycle(unused.asset, { unused: true })).toMatchObject({ closedPack: { barcode: unused.barcode, state: 'returned' } });
    // A use recorded at the bedside stays what it was: nothing is flagged.
    const usedHere = await dispatched(c);
    await c.use(usedHere.barcode, 'ZY2026-31');
    expect(await c.recycle(usedHere.asset)).toMatchObject({ closedPack: { barcode: usedHere.barcode, state: 'used' } });
    expect(await eventsOf(usedHere.barcode, ['use_not_recorded'])).toEqual([]);
  });

  it('the department completes it — the patient it was used on, or "not used" — with who and when; the flag closes', async () => {
    const c = await ChainDriver.create(t);
    const a = await dispatched(c);
    const b = await dispatched(c);
    await c.recycle(a.asset);
    await c.recycle(b.asset);

    const used = expectOk(await complete(c.departmentUser, 'used', { code: a.barcode, patientId: 'ZY2026-0815', operationId: 'OP-7' }));
    expect(used).toMatchObject({ outcome: 'used', pack: { barcode: a.barcode, state: 'used' } });
    expect(await stateOf(a.barcode)).toEqual({ state: 'used', patient_id: 'ZY2026-0815', operation_id: 'OP-7' });
    const [done] = await t.ds.query(
      `SELECT e.type, e.from_state, e.to_state, e.actor_id, e.station, e.data, e.at FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'complete_use'`,
      [a.barcode],
    );
    expect(done).toMatchObject({
      from_state: 'use_unrecorded',
      to_state: 'used',
      actor_id: c.departmentUser.user.id,
      station: 'WEB-WARD',
      data: { patientId: 'ZY2026-0815', operationId: 'OP-7' },
      at: expect.any(Date),
    });
    // Provenance shows the use as completed, by whom; and the collection that flagged it.
    const trace = expectOk(await t.http().get(`/api/trace/packs/${a.barcode}`).set(bearer(c.departmentUser.token)));
    expect(trace.use).toMatchObject({ patientId: 'ZY2026-0815', operationId: 'OP-7', by: { id: c.departmentUser.user.id } });
    expect(trace.events.map((e: { type: string }) => e.type).slice(-2)).toEqual(['use_not_recorded', 'complete_use']);

    expect(expectOk(await complete(c.departmentUser, 'unused', { code: b.barcode }, 'en'))).toMatchObject({
      outcome: 'returned',
      summary: { en: expect.stringContaining('not used') },
    });
    expect((await stateOf(b.barcode)).state).toBe('returned');
    expect(await eventsOf(b.barcode, ['complete_unused'])).toEqual([
      expect.objectContaining({ from_state: 'use_unrecorded', to_state: 'returned', actor_id: c.departmentUser.user.id }),
    ]);

    // Off the department's list and the board.
    expect(await departmentPacks(c.departmentUser, 'use_unrecorded')).toEqual([]);
    const listed = (await board()).useNotRecorded.packs.map((p: { barcode: string }) => p.barcode);
    expect(listed).not.toContain(a.barcode);
    expect(listed).not.toContain(b.barcode);
    // Completed once: a second completion is refused by the state machine, naming where the pack is.
    expectRefused(await complete(c.departmentUser, 'unused', { code: a.barcode }), 409, 'PACK_WRONG_STATE');
  });

  it('another department, a pack still in use, or a use without a patient or operation: refused in both languages, nothing written', async () => {
    const c = await ChainDriver.create(t);
    const flagged = await dispatched(c);
    await c.recycle(flagged.asset);
    const inUse = await dispatched(c);
    const otherWard = await createUser(t, 'department', { departmentId: (await createDepartment(t)).id });
    const before = await rowCounts(t, ['pack_events', 'packs', 'recall_items']);

    for (const lang of ['zh-CN', 'en']) {
      for (const outcome of ['used', 'unused'] as const) {
        const ids = outcome === 'used' ? { patientId: 'ZY1' } : {};
        const wrong = expectRefused(await complete(otherWard, outcome, { code: flagged.barcode, ...ids }, lang), 409, 'PACK_NOT_SENT_HERE');
        expect(wrong.message).toContain(lang === 'en' ? 'not sent to your department' : '不是发往本科室');
        // Without a word of whose it is.
        expect(JSON.stringify(wrong)).not.toContain(c.department.code);
        expectRefused(await complete(c.departmentUser, outcome, { code: inUse.barcode, ...ids }, lang), 409, 'PACK_WRONG_STATE');
      }
      // A use names its patient or operation; "not used" names none.
      expectRefused(await complete(c.departmentUser, 'used', { code: flagged.barcode }, lang), 400, 'VALIDATION_FAILED');
      expectRefused(
        await complete(c.departmentUser, 'unused', { code: flagged.barcode, patientId: 'ZY1' }, lang),
        400,
        'VALIDATION_FAILED',
      );
    }
    // The CSSD's staff do not complete a department's record.
    expectRefused(
      await c.post('/api/department/use-not-recorded/used', { code: flagged.barcode, patientId: 'ZY1' }),
      403,
      'FORBIDDEN_ROLE',
    );
    expect(await rowCounts(t, ['pack_events', 'packs', 'recall_items'])).toEqual(before);
    expect(await stateOf(flagged.barcode)).toEqual({ state: 'use_unrecorded', patient_id: null, operation_id: null });
  });

  it('a collection from another department than the one the pack was sent to keeps both, warns the station and reaches the board; each department still sees only its own packs', async () => {
    const c = await ChainDriver.create(t);
    const { asset, barcode } = await dispatched(c);
    const elsewhere = await createDepartment(t, { nameZh: '骨科病房', nameEn: 'Orthopaedic ward' });
    const elsewhereUser = await createUser(t, 'department', { departmentId: elsewhere.id });

    const answer = expectOk(await c.post('/api/recycling/scan', { code: asset, departmentId: elsewhere.id, ...c.handover() }));
    expect(answer.closedPack).toEqual({ barcode, state: 'use_unrecorded' });
    expect(answer.warnings).toEqual([
      {
        code: 'COLLECTED_FROM_OTHER_DEPARTMENT',
        zh: expect.stringContaining('骨科病房'),
        en: expect.stringContaining(
          `was sent to Test department (${c.department.code}) but collected from Orthopaedic ward (${elsewhere.code})`,
        ),
        details: { barcode, dispatchedToDepartmentId: c.department.id, collectedFromDepartmentId: elsewhere.id },
      },
    ]);
    // Both departments are kept on the pack's history; it stays the dispatched-to department's.
    expect(await eventsOf(barcode, ['use_not_recorded', 'collected_elsewhere'])).toEqual([
      expect.objectContaining({
        type: 'use_not_recorded',
        data: { dispatchedToDepartmentId: c.department.id, collectedFromDepartmentId: elsewhere.id },
      }),
      expect.objectContaining({
        type: 'collected_elsewhere',
        from_state: 'use_unrecorded',
        to_state: 'use_unrecorded',
        actor_id: c.nurse.user.id,
        data: {
          collectedFromDepartmentId: elsewhere.id,
          collectedFromDepartmentCode: elsewhere.code,
          collectedFromDepartmentNameZh: '骨科病房',
          collectedFromDepartmentNameEn: 'Orthopaedic ward',
          dispatchedToDepartmentId: c.department.id,
          dispatchedToDepartmentCode: c.department.code,
          dispatchedToDepartmentNameZh: '测试科室',
          dispatchedToDepartmentNameEn: 'Test department',
        },
      }),
    ]);
    expect(await departmentPacks(c.departmentUser, 'use_unrecorded')).toEqual([barcode]);
    expect(await departmentPacks(elsewhereUser)).toEqual([]);
    // The collecting department cannot complete it: it is not its pack.
    expectRefused(await complete(elsewhereUser, 'unused', { code: barcode }), 409, 'PACK_NOT_SENT_HERE');

    expect((await board()).collectedElsewhere.packs).toContainEqual(
      expect.objectContaining({
        barcode,
        collectedFromDepartmentCode: elsewhere.code,
        dispatchedToDepartmentCode: c.department.code,
        collectedFromDepartmentNameZh: '骨科病房',
        collectedAt: expect.any(String),
      }),
    );

    // Collected from the department it was sent to: no warning, nothing recorded.
    const home = await dispatched(c);
    expect((await c.recycle(home.asset)).warnings).toEqual([]);
    expect(await eventsOf(home.barcode, ['collected_elsewhere'])).toEqual([]);
  });

  it('a recall lists a pack that came back with no use recorded apart — ask the department — and its patient joins the follow-up once completed', async () => {
    const c = await ChainDriver.create(t);
    const [x, y, z] = await c.storedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
    const assets: { barcode: string; asset: string }[] = await t.ds.query(
      `SELECT p.barcode, s.asset_code AS asset FROM packs p JOIN instrument_sets s ON s.id = p.set_id WHERE p.barcode = ANY($1::text[])`,
      [[x, y, z]],
    );
    const assetOf = (b: string) => assets.find((r) => r.barcode === b)!.asset;
    for (const b of [x, y, z]) {
      await c.dispatch(b);
      await c.receive(b);
    }
    await c.use(x, 'ZY-FOLLOW-1');
    await c.recycle(assetOf(x));
    await c.recycle(assetOf(y));
    await c.recycle(assetOf(z));

    const recall = expectOk(
      await t
        .http()
        .post('/api/recalls')
        .set(bearer(head.token))
        .send({ trigger: 'manual', reason: '手工召回：包装批次可疑', barcodes: [x, y, z] }),
    );
    const view = async () => expectOk(await t.http().get(`/api/recalls/${recall.id}`).set(bearer(head.token)));
    let r = await view();
    expect(r.counts).toEqual({ not_found: 0, pulled: 0, returned: 0, used: 1, use_not_recorded: 2, out_of_circulation: 0 });
    expect(r.followUp.map((i: { barcode: string }) => i.barcode)).toEqual([x]);
    expect(r.followUp[0]).toMatchObject({ patient_id: 'ZY-FOLLOW-1' });
    expect(r.useNotRecorded.map((i: { barcode: string }) => i.barcode).sort()).toEqual([y, z].sort());
    expect(r.useNotRecorded[0]).toMatchObject({
      disposition: 'use_not_recorded',
      department_code: c.department.code,
      patient_id: null,
      current_state: 'use_unrecorded',
    });
    // The pack is not moved by the recall (it is back at the CSSD); its department is told to complete it.
    expect((await stateOf(y)).state).toBe('use_unrecorded');
    const [notice] = expectOk(
      await t.http().get('/api/department/notices').set(bearer(c.departmentUser.token)).set('Accept-Language', 'en'),
    ).filter((n: { recallId: string }) => n.recallId === recall.id);
    expect(notice.messageEn).toContain('2 came back with no use recorded');
    expect(notice.messageZh).toContain('2 个回收时未记录使用');
    const deptRecalls = expectOk(await t.http().get('/api/department/recalls').set(bearer(c.departmentUser.token)));
    expect(
      deptRecalls
        .filter((i: { recall_id: string }) => i.recall_id === recall.id)
        .map((i: { barcode: string; disposition: string }) => [i.barcode, i.disposition])
        .sort(),
    ).toEqual(
      [
        [x, 'used'],
        [y, 'use_not_recorded'],
        [z, 'use_not_recorded'],
      ].sort(),
    );

    // Completed: y was used on a patient (now followed up), z was not used (out of circulation).
    expectOk(await complete(c.departmentUser, 'used', { code: y, patientId: 'ZY-FOLLOW-2' }));
    expectOk(await complete(c.departmentUser, 'unused', { code: z }));
    r = await view();
    expect(r.counts).toEqual({ not_found: 0, pulled: 0, returned: 0, used: 2, use_not_recorded: 0, out_of_circulation: 1 });
    expect(r.followUp.map((i: { barcode: string; patient_id: string }) => [i.barcode, i.patient_id]).sort()).toEqual(
      [
        [x, 'ZY-FOLLOW-1'],
        [y, 'ZY-FOLLOW-2'],
      ].sort(),
    );
    expect(r.useNotRecorded).toEqual([]);
    const [item] = await t.ds.query(
      `SELECT ri.accounted_by, ri.accounted_at FROM recall_items ri JOIN packs p ON p.id = ri.pack_id WHERE ri.recall_id = $1 AND p.barcode = $2`,
      [recall.id, z],
    );
    expect(item).toEqual({ accounted_by: c.departmentUser.user.id, accounted_at: expect.any(Date) });
    expectOk(await t.http().post(`/api/recalls/${recall.id}/close`).set(bearer(head.token)).send(recallClosing(0)));
  });
});
