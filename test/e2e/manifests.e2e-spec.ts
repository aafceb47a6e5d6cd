import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { expectOk } from '../support/expect.js';
import { createDepartment, createUser, type TestUser } from '../support/factories.js';
import { dispatchAgainst, get, inStorage, post, refusedUnchanged, templateWithSets, type Manifest } from '../support/requisitions.js';

/**
 * Issue 16, delivery and collection manifests (seed 15.4, 11.3): each delivery round (the
 * dispatch scans to a department until the CSSD closes it) has a manifest of what left; the
 * department confirms receipt by counting — a count that matches receives the packs (their
 * receipt step, as a scan of each label does), a difference is recorded with its note, not lost,
 * with who signed and when. Collection rounds record what was picked up from the department and
 * by whom, and are signed the same way. A department sees its own manifests only.
 */
describe('delivery and collection manifests', () => {
  let t: TestApp;
  let c: ChainDriver;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    other = await createUser(t, 'department', { departmentId: (await createDepartment(t)).id });
  }, 120_000);
  // A ward (and a CSSD team) of its own for each test: its manifests hold what the test scanned, nothing else.
  beforeEach(async () => {
    c = await ChainDriver.create(t);
  });
  afterAll(() => t.close());

  const manifest = async (id: string, token = c.nurse.token) => expectOk(await get(t, `/api/rounds/${id}`, token)) as Manifest;
  const close = async (id: string) => expectOk(await post(t, `/api/rounds/${id}/close`, {}, c.nurse.token)) as Manifest;
  const sign = (id: string, lines: object[], token = c.departmentUser.token, lang = 'zh-CN') =>
    post(t, `/api/department/rounds/${id}/sign`, { lines }, token, lang);
  const packState = async (barcode: string) => (await t.ds.query(`SELECT state FROM packs WHERE barcode = $1`, [barcode]))[0].state;

  it('every dispatch goes on the department’s open delivery manifest; closed, it is final and the next dispatch opens another', async () => {
    const a = await templateWithSets(c, 3);
    const [p1, p2, p3] = await inStorage(c, a.sets);
    const first = await dispatchAgainst(c, p1);
    const second = await dispatchAgainst(c, p2);
    expect(second.round).toEqual(first.round);
    expect(first.round.code).toMatch(/^SD\d{8}$/);
    const open = expectOk(
      await get(t, `/api/rounds?departmentId=${c.department.id}&kind=delivery&status=open`, c.nurse.token),
    ) as Manifest[];
    expect(open.map((r) => r.id)).toEqual([first.round.id]);

    const closed = await close(first.round.id);
    expect(closed).toMatchObject({ status: 'closed', items: 2, closedAt: expect.any(String) });
    expect(closed.lines).toEqual([expect.objectContaining({ templateId: a.id, expected: 2, counted: null })]);
    expect(closed.packs.map((p) => p.barcode)).toEqual([p1, p2]);
    await refusedUnchanged(t, () => post(t, `/api/rounds/${first.round.id}/close`, {}, c.nurse.token), 409, 'ROUND_CLOSED');

    const third = await dispatchAgainst(c, p3);
    expect(third.round.id).not.toBe(first.round.id);
    expect((await manifest(first.round.id)).items).toBe(2);
    // Where the pack went, and on which manifest, is on its history.
    const [event] = await t.ds.query(
      `SELECT e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'dispatch'`,
      [p1],
    );
    expect(event.data.manifest).toBe(first.round.code);
  }, 120_000);

  it('stations dispatching to a department at the same moment open one manifest, not one each', async () => {
    const a = await templateWithSets(c, 8);
    const packs = await inStorage(c, a.sets);
    for (let round = 0; round < 4; round++) {
      const answers = await Promise.all(packs.slice(2 * round, 2 * round + 2).map((p) => dispatchAgainst(c, p)));
      expect({ round, same: answers[0].round.id === answers[1].round.id }).toEqual({ round, same: true });
      expect((await manifest(answers[0].round.id)).items).toBe(2);
      await close(answers[0].round.id);
    }
  }, 120_000);

  it('the department signs a closed manifest by counting: a matching count confirms the receipt of its packs, who and when', async () => {
    const a = await templateWithSets(c, 2);
    const packs = await inStorage(c, a.sets);
    let round = '';
    for (const p of packs) round = (await dispatchAgainst(c, p)).round.id;
    await refusedUnchanged(t, () => sign(round, [{ templateId: a.id, counted: 2 }]), 409, 'ROUND_OPEN');
    await close(round);

    const signed = expectOk(await sign(round, [{ templateId: a.id, counted: 2 }])) as Manifest;
    expect(signed).toMatchObject({ status: 'signed', signedByName: 'Test department', signedAt: expect.any(String) });
    expect(signed.lines).toEqual([expect.objectContaining({ templateId: a.id, expected: 2, counted: 2, difference: 0, note: null })]);
    for (const p of packs) expect(await packState(p)).toBe('received');
    const [event] = await t.ds.query(
      `SELECT e.actor_id, e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'receive'`,
      [packs[0]],
    );
    expect(event).toEqual({ actor_id: c.departmentUser.user.id, data: expect.objectContaining({ roundId: round }) });
    await refusedUnchanged(t, () => sign(round, [{ templateId: a.id, counted: 2 }]), 409, 'ROUND_SIGNED');
  }, 120_000);

  it('a difference is recorded with its note, not lost; the packs of that template wait to be received one by one', async () => {
    const a = await templateWithSets(c, 2);
    const b = await templateWithSets(c, 1, { nameZh: '缝合包', nameEn: 'Suture set' });
    const [a1, a2] = await inStorage(c, a.sets);
    const [b1] = await inStorage(c, b.sets);
    let round = '';
    for (const p of [a1, a2, b1]) round = (await dispatchAgainst(c, p)).round.id;
    await close(round);

    const noNote = await refusedUnchanged(
      t,
      () =>
        sign(
          round,
          [
            { templateId: a.id, counted: 1 },
            { templateId: b.id, counted: 1 },
          ],
          c.departmentUser.token,
          'en',
        ),
      422,
      'ROUND_COUNT_NOTE_REQUIRED',
    );
    expect(noNote.message).toBe(`${a.code} Dressing set: counted 1, the manifest says 2: note what happened`);
    const missing = await refusedUnchanged(t, () => sign(round, [{ templateId: a.id, counted: 2 }]), 422, 'ROUND_COUNT_MISSING');
    expect(missing.message).toContain(`${b.code} 缝合包`);
    await refusedUnchanged(
      t,
      () =>
        sign(round, [
          { templateId: a.id, counted: 2 },
          { templateId: b.id, counted: 1 },
          { templateId: b.id, counted: 1 },
        ]),
      422,
      'ROUND_COUNT_DUPLICATE',
    );
    await refusedUnchanged(
      t,
      () =>
        sign(round, [
          { templateId: a.id, counted: 2 },
          { templateId: b.id, counted: 1 },
          { templateId: '00000000-0000-4000-8000-000000000000', counted: 1, note: '多一包' },
        ]),
      404,
      'TEMPLATE_NOT_FOUND',
    );
    await refusedUnchanged(t, () => sign(round, [{ templateId: a.id, counted: -1 }]), 400, 'VALIDATION_FAILED');

    const signed = expectOk(
      await sign(round, [
        { templateId: a.id, counted: 1, note: '少 1 包，送货人员称在下一趟补送' },
        { templateId: b.id, counted: 1 },
      ]),
    ) as Manifest;
    expect(signed.status).toBe('signed_with_difference');
    // The CSSD reads the same difference on its side.
    const atCssd = await manifest(round);
    expect(atCssd.status).toBe('signed_with_difference');
    expect(atCssd.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ templateId: a.id, expected: 2, counted: 1, difference: -1, note: '少 1 包，送货人员称在下一趟补送' }),
        expect.objectContaining({ templateId: b.id, expected: 1, counted: 1, difference: 0, note: null }),
      ]),
    );
    expect(await packState(b1)).toBe('received');
    expect([await packState(a1), await packState(a2)]).toEqual(['dispatched', 'dispatched']);
    await c.receive(a1);
    expect(await packState(a1)).toBe('received');
    const signedList = expectOk(await get(t, `/api/rounds?departmentId=${c.department.id}&status=signed`, c.nurse.token)) as Manifest[];
    expect(signedList.map((r) => r.id)).toEqual([round]);
  }, 120_000);

  it('collection rounds: what was picked up from the department and by whom, signed by the department', async () => {
    const a = await templateWithSets(c, 3);
    const [p1] = await inStorage(c, [a.sets[0]]);
    await dispatchAgainst(c, p1);
    // Bringing the set into storage collected it once already: that round is closed first.
    const openRound = async () =>
      (expectOk(await get(t, `/api/rounds?departmentId=${c.department.id}&kind=collection&status=open`, c.nurse.token)) as Manifest[])[0];
    await close((await openRound()).id);
    await c.recycle(a.sets[0], { handedOverBy: '病房护士李' });
    await c.recycle(a.sets[1], { handedOverBy: '病房护士王' });
    const open = await openRound();
    const round = await manifest(open.id);
    expect(round).toMatchObject({ kind: 'collection', code: expect.stringMatching(/^HS\d{8}$/), status: 'open' });
    expect(round.packs).toEqual([
      expect.objectContaining({
        barcode: p1,
        setAssetCode: a.sets[0],
        handedOverBy: '病房护士李',
        actorName: 'Test nurse',
        state: 'collected',
      }),
      expect.objectContaining({ barcode: null, setAssetCode: a.sets[1], handedOverBy: '病房护士王', actorName: 'Test nurse' }),
    ]);
    await close(open.id);
    const expected = (await manifest(open.id)).lines.map((l) => ({ templateId: l.templateId, counted: l.expected }));
    const signed = expectOk(await sign(open.id, expected)) as Manifest;
    expect(signed).toMatchObject({ status: 'signed', signedByName: 'Test department' });
    // A new collection after the closing opens the next round.
    await c.recycle(a.sets[2], { handedOverBy: '病房护士李' });
    expect((await openRound()).id).not.toBe(open.id);
  }, 120_000);

  it('a department sees and signs its own manifests only', async () => {
    const a = await templateWithSets(c, 1);
    const [p1] = await inStorage(c, a.sets);
    const { round } = await dispatchAgainst(c, p1);
    await close(round.id);
    const theirs = (expectOk(await get(t, '/api/department/rounds?kind=delivery', other.token)) as Manifest[]).map((r) => r.id);
    expect(theirs).not.toContain(round.id);
    expect((expectOk(await get(t, '/api/department/rounds?kind=delivery', c.departmentUser.token)) as Manifest[]).map((r) => r.id)).toEqual(
      [round.id],
    );
    await refusedUnchanged(t, () => get(t, `/api/department/rounds/${round.id}`, other.token), 404, 'ROUND_NOT_FOUND');
    await refusedUnchanged(t, () => sign(round.id, [{ templateId: a.id, counted: 1 }], other.token), 404, 'ROUND_NOT_FOUND');
    expect(await packState(p1)).toBe('dispatched');
    await refusedUnchanged(t, () => post(t, `/api/rounds/${round.id}/close`, {}, c.departmentUser.token), 403, 'FORBIDDEN_ROLE');
  }, 120_000);
});
