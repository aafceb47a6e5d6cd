import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { expectOk } from '../support/expect.js';
import { createDepartment, createTemplate, createUser, type TestUser } from '../support/factories.js';
import {
  dispatchAgainst,
  get,
  inStorage,
  post,
  refusedUnchanged,
  requisition,
  templateWithSets,
  type Requisition,
} from '../support/requisitions.js';

/**
 * Issue 16, requisitions (seed 15.1): a department asks for packs (templates, quantities, urgency,
 * note; who and when); the CSSD fulfils them by dispatch scans — each dispatched pack of a
 * requested template counts, partial fulfilment stays open, a pack beyond the quantity is
 * dispatched but does not count (amber); the department sees the status and cancels what is not
 * yet fulfilled; the CSSD refuses with a reason. A department sees and acts on its own only; every
 * refusal leaves the database as it was.
 */
describe('requisitions', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let other: { id: string; user: TestUser };

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    const d = await createDepartment(t, { nameZh: '心内科', nameEn: 'Cardiology' });
    other = { id: d.id, user: await createUser(t, 'department', { departmentId: d.id }) };
  }, 120_000);
  afterAll(() => t.close());

  const detail = async (id: string, token = c.departmentUser.token) =>
    expectOk(await get(t, `/api/department/requisitions/${id}`, token)) as Requisition;
  const openAtCssd = async () => (expectOk(await get(t, '/api/requisitions', c.nurse.token)) as Requisition[]).map((r) => r.id);

  it('a department asks for packs: who, when, how urgently, a note; the CSSD sees it open, urgent first, by its barcode too', async () => {
    const a = await templateWithSets(c, 0);
    const b = await templateWithSets(c, 0, { nameZh: '缝合包', nameEn: 'Suture set' });
    const routine = await requisition(c, [{ templateId: a.id, quantity: 2 }], { note: '明日手术 3 台' });
    const urgent = await requisition(c, [{ templateId: b.id, quantity: 1 }], { urgency: 'urgent' });
    expect(routine).toMatchObject({
      code: expect.stringMatching(/^RQ\d{8}$/),
      status: 'open',
      urgency: 'routine',
      note: '明日手术 3 台',
      requestedByName: 'Test department',
      lines: [{ templateId: a.id, templateCode: a.code, quantity: 2, fulfilled: 0 }],
    });
    const open = await openAtCssd();
    expect(open).toEqual(expect.arrayContaining([routine.id, urgent.id]));
    expect(open.indexOf(urgent.id)).toBeLessThan(open.indexOf(routine.id));
    const scanned = expectOk(await get(t, `/api/requisitions?code=${routine.code}`, c.nurse.token)) as Requisition[];
    expect(scanned.map((r) => r.id)).toEqual([routine.id]);
    expect(expectOk(await get(t, `/api/requisitions?code=P00000000017`, c.nurse.token))).toEqual([]);
  });

  it('each dispatched pack of a requested template counts against it; partial fulfilment stays open until every line is full', async () => {
    const a = await templateWithSets(c, 2);
    const b = await templateWithSets(c, 1, { nameZh: '缝合包', nameEn: 'Suture set' });
    const [a1, a2] = await inStorage(c, a.sets);
    const [b1] = await inStorage(c, b.sets);
    const r = await requisition(c, [
      { templateId: a.id, quantity: 2 },
      { templateId: b.id, quantity: 1 },
    ]);

    const first = await dispatchAgainst(c, a1, r.id);
    expect(first.requisition).toMatchObject({ id: r.id, code: r.code, status: 'partial', counted: true });
    expect(first.warnings).toEqual([]);
    expect(first.pack).toMatchObject({ state: 'dispatched', departmentId: c.department.id });
    expect((await detail(r.id)).status).toBe('partial');
    expect(await openAtCssd()).toContain(r.id);

    await dispatchAgainst(c, b1, r.id);
    const last = await dispatchAgainst(c, a2, r.id);
    expect(last.requisition).toMatchObject({ status: 'fulfilled', counted: true });
    const done = await detail(r.id);
    expect(done.status).toBe('fulfilled');
    expect(done.lines.map((l) => [l.templateId, l.quantity, l.fulfilled])).toEqual(
      expect.arrayContaining([
        [a.id, 2, 2],
        [b.id, 1, 1],
      ]),
    );
    expect(done.packs.map((p) => p.barcode).sort()).toEqual([a1, a2, b1].sort());
    expect(await openAtCssd()).not.toContain(r.id);
  }, 120_000);

  it('a pack beyond the requested quantity, or of a template not requested, is dispatched but does not count, with an amber warning', async () => {
    const a = await templateWithSets(c, 2);
    const x = await templateWithSets(c, 1, { nameZh: '腰穿包', nameEn: 'Lumbar puncture set' });
    const [a1, a2] = await inStorage(c, a.sets);
    const [x1] = await inStorage(c, x.sets);
    const r = await requisition(c, [{ templateId: a.id, quantity: 1 }]);
    await dispatchAgainst(c, a1, r.id);

    const beyond = await dispatchAgainst(c, a2, r.id);
    expect(beyond.pack.state).toBe('dispatched');
    expect(beyond.requisition).toMatchObject({ status: 'fulfilled', counted: false });
    expect(beyond.warnings.map((w) => w.code)).toEqual(['REQUISITION_QUANTITY_REACHED']);
    expect(beyond.warnings[0].zh).toContain('不计入');
    expect(beyond.warnings[0].en).toContain('does not count');

    const r2 = await requisition(c, [{ templateId: a.id, quantity: 1 }]);
    const notAsked = await dispatchAgainst(c, x1, r2.id);
    expect(notAsked.pack.state).toBe('dispatched');
    expect(notAsked.requisition).toMatchObject({ status: 'open', counted: false });
    expect(notAsked.warnings.map((w) => w.code)).toEqual(['REQUISITION_TEMPLATE_NOT_REQUESTED']);
    expect((await detail(r.id)).packs.map((p) => p.barcode)).toEqual([a1]);
    expect((await detail(r2.id)).packs).toEqual([]);
  }, 120_000);

  it('two stations dispatching at once against a line of one: one pack counts, the other is sent with the warning', async () => {
    // Truly parallel pairs, repeated: the requisition's row is locked while a scan counts against it.
    const ROUNDS = 8;
    const a = await templateWithSets(c, 2 * ROUNDS);
    const packs = await inStorage(c, a.sets);
    for (let round = 0; round < ROUNDS; round++) {
      const r = await requisition(c, [{ templateId: a.id, quantity: 1 }]);
      const answers = await Promise.all(packs.slice(2 * round, 2 * round + 2).map((code) => dispatchAgainst(c, code, r.id)));
      expect({ round, counted: answers.map((x) => x.requisition!.counted).sort() }).toEqual({ round, counted: [false, true] });
      expect(answers.flatMap((x) => x.warnings.map((w) => w.code))).toEqual(['REQUISITION_QUANTITY_REACHED']);
      const done = await detail(r.id);
      expect({ round, status: done.status, fulfilled: done.lines[0].fulfilled, packs: done.packs.length }).toEqual({
        round,
        status: 'fulfilled',
        fulfilled: 1,
        packs: 1,
      });
    }
  }, 180_000);

  it('the department cancels what is not yet fulfilled: what was sent stays counted, nothing more is sent against it, once', async () => {
    const a = await templateWithSets(c, 2);
    const [a1, a2] = await inStorage(c, a.sets);
    const r = await requisition(c, [{ templateId: a.id, quantity: 2 }]);
    await dispatchAgainst(c, a1, r.id);
    const cancelled = expectOk(
      await post(t, `/api/department/requisitions/${r.id}/cancel`, { reason: '手术取消' }, c.departmentUser.token),
    ) as Requisition;
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      closure: 'cancelled',
      closureReason: '手术取消',
      closedByName: 'Test department',
    });
    expect(cancelled.lines[0].fulfilled).toBe(1);
    expect(await openAtCssd()).not.toContain(r.id);

    const refused = await refusedUnchanged(
      t,
      () => post(t, '/api/dispatch/scan', { code: a2, departmentId: c.department.id, requisitionId: r.id }, c.nurse.token, 'en'),
      409,
      'REQUISITION_CLOSED',
    );
    expect(refused.message).toBe(`Requisition ${r.code} is cancelled: nothing more can be done with it`);
    const [pack] = await t.ds.query(`SELECT state FROM packs WHERE barcode = $1`, [a2]);
    expect(pack.state).toBe('stored');
    await refusedUnchanged(
      t,
      () => post(t, `/api/department/requisitions/${r.id}/cancel`, {}, c.departmentUser.token),
      409,
      'REQUISITION_CLOSED',
    );
  }, 120_000);

  it('the CSSD refuses a requisition with its reason, which the department reads; a fulfilled one is not refused', async () => {
    const a = await templateWithSets(c, 1);
    const r = await requisition(c, [{ templateId: a.id, quantity: 1 }]);
    const noReason = await refusedUnchanged(
      t,
      () => post(t, `/api/requisitions/${r.id}/refuse`, {}, c.nurse.token),
      400,
      'VALIDATION_FAILED',
    );
    expect(noReason.message).toContain('reason');
    await refusedUnchanged(
      t,
      () => post(t, `/api/requisitions/${r.id}/refuse`, { reason: '   ' }, c.nurse.token),
      400,
      'VALIDATION_FAILED',
    );
    await refusedUnchanged(
      t,
      () => post(t, `/api/requisitions/${r.id}/refuse`, { reason: '无此包' }, c.departmentUser.token),
      403,
      'FORBIDDEN_ROLE',
    );
    const refused = expectOk(await post(t, `/api/requisitions/${r.id}/refuse`, { reason: '该包已停用，请申领替代包' }, head.token));
    expect(refused).toMatchObject({ status: 'refused', closureReason: '该包已停用，请申领替代包', closedByName: 'Test head_nurse' });
    expect(await detail(r.id)).toMatchObject({ status: 'refused', closureReason: '该包已停用，请申领替代包' });

    const [a1] = await inStorage(c, a.sets);
    const full = await requisition(c, [{ templateId: a.id, quantity: 1 }]);
    await dispatchAgainst(c, a1, full.id);
    await refusedUnchanged(
      t,
      () => post(t, `/api/requisitions/${full.id}/refuse`, { reason: '重复申领' }, c.nurse.token),
      409,
      'REQUISITION_CLOSED',
    );
  }, 120_000);

  it('a department sees and acts on its own requisitions only; a requisition is not worked through for another department', async () => {
    const a = await templateWithSets(c, 1);
    const [a1] = await inStorage(c, a.sets);
    const mine = await requisition(c, [{ templateId: a.id, quantity: 1 }]);
    const theirs = await requisition(c, [{ templateId: a.id, quantity: 1 }], {}, other.user.token);
    const listed = (expectOk(await get(t, '/api/department/requisitions?status=all', c.departmentUser.token)) as Requisition[]).map(
      (r) => r.id,
    );
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
    await refusedUnchanged(
      t,
      () => get(t, `/api/department/requisitions/${theirs.id}`, c.departmentUser.token),
      404,
      'REQUISITION_NOT_FOUND',
    );
    await refusedUnchanged(
      t,
      () => post(t, `/api/department/requisitions/${theirs.id}/cancel`, {}, c.departmentUser.token),
      404,
      'REQUISITION_NOT_FOUND',
    );
    expect((await detail(theirs.id, other.user.token)).status).toBe('open');

    const wrong = await refusedUnchanged(
      t,
      () => post(t, '/api/dispatch/scan', { code: a1, departmentId: c.department.id, requisitionId: theirs.id }, c.nurse.token),
      422,
      'REQUISITION_WRONG_DEPARTMENT',
    );
    expect(wrong.message).toContain('心内科');
    await refusedUnchanged(
      t,
      () =>
        post(
          t,
          '/api/dispatch/scan',
          { code: a1, departmentId: c.department.id, requisitionId: '00000000-0000-4000-8000-000000000000' },
          c.nurse.token,
        ),
      404,
      'REQUISITION_NOT_FOUND',
    );
    // A CSSD nurse reads every department's.
    const atCssd = expectOk(await get(t, `/api/requisitions?departmentId=${other.id}`, c.nurse.token)) as Requisition[];
    expect(atCssd.map((r) => r.id)).toContain(theirs.id);
  }, 120_000);

  it('refuses a bad requisition with its code in both languages, writing nothing', async () => {
    const a = await templateWithSets(c, 0);
    const ask =
      (body: object, lang = 'zh-CN') =>
      () =>
        post(t, '/api/department/requisitions', body, c.departmentUser.token, lang);
    const line = { templateId: a.id, quantity: 1 };
    const zh = await refusedUnchanged(t, ask({ lines: [line, line], urgency: 'routine' }), 422, 'REQUISITION_DUPLICATE_TEMPLATE');
    const en = await refusedUnchanged(t, ask({ lines: [line, line], urgency: 'routine' }, 'en'), 422, 'REQUISITION_DUPLICATE_TEMPLATE');
    expect(zh.message).toBe(`同一器械包在申领单中出现了两次：${a.code} 换药包`);
    expect(en.message).toBe(`A set appears twice on the requisition: ${a.code} Dressing set`);
    const unknown = { templateId: '00000000-0000-4000-8000-000000000000', quantity: 1 };
    await refusedUnchanged(t, ask({ lines: [unknown], urgency: 'routine' }), 404, 'TEMPLATE_NOT_FOUND');
    const retired = await createTemplate(t, { active: false });
    await refusedUnchanged(t, ask({ lines: [{ templateId: retired.id, quantity: 1 }], urgency: 'routine' }), 422, 'INACTIVE_REFERENCE');
    for (const body of [
      { lines: [], urgency: 'routine' },
      { lines: [{ ...line, quantity: 0 }], urgency: 'routine' },
      { lines: [{ ...line, quantity: 201 }], urgency: 'routine' },
      { lines: [{ ...line, quantity: 1.5 }], urgency: 'routine' },
      { lines: [line], urgency: 'asap' },
      { lines: [line] },
      { lines: [line], urgency: 'routine', note: 'x'.repeat(201) },
    ])
      await refusedUnchanged(t, ask(body), 400, 'VALIDATION_FAILED');
  });
});
