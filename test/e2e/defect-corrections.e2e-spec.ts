import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { DEFECT_TABLES, defect, get, investigation, post, refusedUnchanged, reportDefect, type DefectDetail } from '../support/defects.js';
import { expectOk } from '../support/expect.js';
import { createUser, rowCounts, type TestUser } from '../support/factories.js';

/**
 * Issue 17, "for every register": entries are never changed or deleted — the database refuses it,
 * whoever connects as the service — and a correction is a new entry naming the one it corrects, with
 * the reason. Stated times are checked against the service's clock.
 */
describe('defect register: append-only, corrections, stated times', () => {
  let t: TestApp;
  let nurse: TestUser;
  let other: TestUser;
  let head: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    [nurse, other, head] = [await createUser(t, 'nurse'), await createUser(t, 'nurse'), await createUser(t, 'head_nurse')];
  });
  afterAll(() => t.close());

  const correction = (d: DefectDetail, over: Record<string, unknown> = {}) =>
    defect({ kind: 'wrong_contents', zone: 'packing', correctsId: d.entryId, reason: '类别录入错误', ...over });

  it('corrects the entry in force by a new entry of the same case, naming it, with the reason; the first stays as it was', async () => {
    const d = await reportDefect(t, nurse.token);
    const before = await rowCounts(t, ['defects']);
    const fixed: DefectDetail = expectOk(await post(t, nurse.token, `/api/defects/${d.id}/corrections`, correction(d)));
    expect(await rowCounts(t, ['defects'])).toEqual({ defects: before.defects + 1 });
    expect(fixed).toMatchObject({ id: d.id, kind: 'wrong_contents', zone: 'packing', entries: 2, reportedBy: nurse.user.id });
    expect(fixed.entryId).not.toBe(d.entryId);
    expect(fixed.history.map((e) => [e.kind, e.correctsId, e.reason])).toEqual([
      ['wet_pack', null, null],
      ['wrong_contents', d.entryId, '类别录入错误'],
    ]);

    // Only the entry in force is corrected; only by who recorded it or the head nurse; always with a reason.
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, `/api/defects/${d.id}/corrections`, correction(d)),
      409,
      'DEFECT_ENTRY_ALREADY_CORRECTED',
    );
    await refusedUnchanged(
      t,
      () => post(t, other.token, `/api/defects/${d.id}/corrections`, correction(fixed)),
      403,
      'DEFECT_NOT_REPORTER',
    );
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, `/api/defects/${d.id}/corrections`, correction(fixed, { reason: undefined })),
      400,
      'VALIDATION_FAILED',
    );
    const elsewhere = await reportDefect(t, nurse.token);
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, `/api/defects/${d.id}/corrections`, correction(fixed, { correctsId: elsewhere.entryId })),
      404,
      'DEFECT_NOT_FOUND',
    );
    const byHead: DefectDetail = expectOk(
      await post(t, head.token, `/api/defects/${d.id}/corrections`, correction(fixed, { kind: 'other', reason: '护士长复核' })),
    );
    expect(byHead.history.map((e) => [e.kind, e.reportedBy])).toEqual([
      ['wet_pack', nurse.user.id],
      ['wrong_contents', nurse.user.id],
      ['other', head.user.id],
    ]);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on every table of the register and the review', async () => {
    const d = await reportDefect(t, nurse.token);
    expectOk(await post(t, head.token, `/api/defects/${d.id}/investigation`, investigation(t, nurse.user.id)));
    const before = await rowCounts(t, DEFECT_TABLES);
    const rows = await t.ds.query(`SELECT kind, description FROM defects WHERE id = $1`, [d.id]);
    for (const [table, column] of [
      ['defects', 'description'],
      ['defect_investigations', 'cause'],
      ['defect_actions', 'corrective'],
      ['defect_verifications', 'note'],
      ['defect_closures', 'conclusion'],
      ['quality_reviews', 'minutes'],
      ['quality_review_decisions', 'decision'],
      ['quality_review_amendments', 'text'],
    ]) {
      // As the service connects: no UPDATE right, and the trigger whoever connects.
      await expect(t.ds.query(`UPDATE ${table} SET ${column} = 'x'`)).rejects.toThrow();
      await expect(t.ds.query(`DELETE FROM ${table}`)).rejects.toThrow();
      await expect(t.ds.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow();
    }
    expect(await rowCounts(t, DEFECT_TABLES)).toEqual(before);
    expect(await t.ds.query(`SELECT kind, description FROM defects WHERE id = $1`, [d.id])).toEqual(rows);
    const triggers: { table: string }[] = await t.ds.query(
      `SELECT DISTINCT c.relname AS table FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_proc p ON p.oid = g.tgfoid
        WHERE p.proname = 'cssd_forbid_change' AND NOT g.tgisinternal AND c.relname = ANY($1) ORDER BY 1`,
      [DEFECT_TABLES],
    );
    expect(triggers.map((r) => r.table)).toEqual([...DEFECT_TABLES].sort());
  });

  it('refuses a defect stated ten minutes ahead of the service’s clock; records an earlier time as stated, none as now', async () => {
    const ahead = new Date(t.clock.instant().getTime() + 10 * 60_000).toISOString();
    await refusedUnchanged(t, () => post(t, nurse.token, '/api/defects', defect({ occurredAt: ahead })), 422, 'STATED_TIME_IN_FUTURE');
    const d = await reportDefect(t, nurse.token);
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, `/api/defects/${d.id}/corrections`, defect({ occurredAt: ahead, correctsId: d.entryId, reason: '时间' })),
      422,
      'STATED_TIME_IN_FUTURE',
    );
    const earlier = new Date(t.clock.instant().getTime() - 3 * 3_600_000);
    expect((await reportDefect(t, nurse.token, { occurredAt: earlier.toISOString() })).occurredAt).toBe(earlier.toISOString());
    const sent = t.clock.instant().getTime();
    const now = await reportDefect(t, nurse.token);
    expect(Date.parse(now.occurredAt)).toBeGreaterThanOrEqual(sent);
    expect(Date.parse(now.occurredAt)).toBeLessThanOrEqual(t.clock.instant().getTime());
  });

  it('an action is not done before the defect happened, nor in the future', async () => {
    const happened = new Date(t.clock.instant().getTime() - 2 * 3_600_000);
    const d = await reportDefect(t, nurse.token, { occurredAt: happened.toISOString() });
    const withAction: DefectDetail = expectOk(
      await post(t, head.token, `/api/defects/${d.id}/investigation`, investigation(t, nurse.user.id)),
    );
    const done = `/api/defects/${d.id}/actions/${withAction.actions[0].id}/done`;
    const tooEarly = new Date(happened.getTime() - 60_000).toISOString();
    await refusedUnchanged(t, () => post(t, nurse.token, done, { actionTaken: '已整改', doneAt: tooEarly }), 422, 'STATED_TIME_TOO_EARLY');
    const ahead = new Date(t.clock.instant().getTime() + 10 * 60_000).toISOString();
    await refusedUnchanged(t, () => post(t, nurse.token, done, { actionTaken: '已整改', doneAt: ahead }), 422, 'STATED_TIME_IN_FUTURE');
    const at = new Date(happened.getTime() + 60_000).toISOString();
    const after: DefectDetail = expectOk(await post(t, nurse.token, done, { actionTaken: '已整改', doneAt: at }));
    expect(after.actions[0].done).toMatchObject({ doneAt: at, closedBy: nurse.user.id });
  });

  it('answers in the caller’s language', async () => {
    const d = await reportDefect(t, nurse.token);
    const en = await refusedUnchanged(
      t,
      () => post(t, head.token, `/api/defects/${d.id}/close`, { conclusion: '关闭' }, 'en'),
      409,
      'DEFECT_NOT_INVESTIGATED',
    );
    expect(en.message).toBe('Record the cause, the responsibility and the action first');
    const zh = await refusedUnchanged(t, () => get(t, nurse.token, `/api/defects/${d.id}/nope`), 404, 'ROUTE_NOT_FOUND');
    expect(zh.message).toBe('接口不存在');
  });
});
