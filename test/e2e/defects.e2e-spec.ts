import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { dayFrom, furtherAction, get, investigation, post, refusedUnchanged, reportDefect, type DefectDetail } from '../support/defects.js';
import { expectOk } from '../support/expect.js';
import { createUser, type TestUser } from '../support/factories.js';

/**
 * Issue 17, the defect register (seed 20, 7.8): a nurse reports; the head nurse records the cause,
 * the responsibility and a corrective and preventive action with its owner and due date (a
 * corrective action of seed 7.8); the owner records it done; the head nurse verifies it and only
 * then closes the case. Every step out of order is refused with its reason and writes nothing.
 */
describe('defect register: closed only after its action is recorded done and verified effective, by the head nurse', () => {
  let t: TestApp;
  let nurse: TestUser;
  let owner: TestUser;
  let head: TestUser;
  let monitor: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    [nurse, owner, head, monitor] = [
      await createUser(t, 'nurse'),
      await createUser(t, 'nurse'),
      await createUser(t, 'head_nurse'),
      await createUser(t, 'monitor'),
    ];
  });
  afterAll(() => t.close());

  const detail = async (id: string): Promise<DefectDetail> => expectOk(await get(t, nurse.token, `/api/defects/${id}`));

  it('walks reported → action open → action done → verified → closed, refusing every step out of order', async () => {
    const d = await reportDefect(t, nurse.token);
    expect(d).toMatchObject({ status: 'reported', reportedBy: nurse.user.id, entries: 1, investigation: null, actions: [], closure: null });
    const path = `/api/defects/${d.id}`;

    // Nothing to verify or close before the cause and an action are recorded.
    await refusedUnchanged(
      t,
      () => post(t, head.token, `${path}/verification`, { effective: true, note: '抽查合格' }),
      409,
      'DEFECT_NOT_INVESTIGATED',
    );
    await refusedUnchanged(t, () => post(t, head.token, `${path}/close`, { conclusion: '已整改' }), 409, 'DEFECT_NOT_INVESTIGATED');
    await refusedUnchanged(
      t,
      () => post(t, head.token, `${path}/actions`, furtherAction(t, owner.user.id)),
      409,
      'DEFECT_NOT_INVESTIGATED',
    );

    const investigated: DefectDetail = expectOk(await post(t, head.token, `${path}/investigation`, investigation(t, owner.user.id)));
    expect(investigated).toMatchObject({ status: 'action_open', openActionCount: 1, investigation: { cause: '装载过密，冷凝水未排尽' } });
    const [action] = investigated.actions;
    expect(action).toMatchObject({ seq: 1, ownerUserId: owner.user.id, dueDate: dayFrom(t, 7), overdue: false, done: null });
    await refusedUnchanged(
      t,
      () => post(t, head.token, `${path}/investigation`, investigation(t, owner.user.id)),
      409,
      'DEFECT_ALREADY_INVESTIGATED',
    );

    // The action is not done: neither verified nor closed.
    const open = await refusedUnchanged(
      t,
      () => post(t, head.token, `${path}/verification`, { effective: true, note: '抽查合格' }),
      409,
      'DEFECT_ACTIONS_OPEN',
    );
    expect(open.message).toBe('还有 1 项整改措施未完成，完成后才能验证');
    await refusedUnchanged(t, () => post(t, head.token, `${path}/close`, { conclusion: '已整改' }), 409, 'DEFECT_ACTIONS_OPEN');

    // Another nurse is not its owner; the owner records it done.
    const done = `${path}/actions/${action.id}/done`;
    await refusedUnchanged(t, () => post(t, nurse.token, done, { actionTaken: '已培训' }), 403, 'ACTION_NOT_OWNER');
    const afterDone: DefectDetail = expectOk(await post(t, owner.token, done, { actionTaken: '全科培训装载规范，考核合格' }));
    expect(afterDone.status).toBe('action_done');
    expect(afterDone.actions[0].done).toMatchObject({ actionTaken: '全科培训装载规范，考核合格', closedBy: owner.user.id });
    await refusedUnchanged(t, () => post(t, owner.token, done, { actionTaken: '再次登记' }), 409, 'CORRECTIVE_ACTION_CLOSED');

    // Done, but not verified: not closed.
    await refusedUnchanged(t, () => post(t, head.token, `${path}/close`, { conclusion: '已整改' }), 409, 'DEFECT_NOT_VERIFIED');
    const verified: DefectDetail = expectOk(
      await post(t, head.token, `${path}/verification`, { effective: true, note: '抽查 30 个包无湿包' }),
    );
    expect(verified).toMatchObject({ status: 'verified', verifications: [{ coversSeq: 1, effective: true, verifiedBy: head.user.id }] });
    await refusedUnchanged(
      t,
      () => post(t, head.token, `${path}/verification`, { effective: true, note: '再验证' }),
      409,
      'DEFECT_ALREADY_VERIFIED',
    );

    const closed: DefectDetail = expectOk(await post(t, head.token, `${path}/close`, { conclusion: '整改有效' }));
    expect(closed).toMatchObject({ status: 'closed', closure: { conclusion: '整改有效', closedBy: head.user.id } });
    // Closed: nothing more is recorded or corrected on it.
    await refusedUnchanged(t, () => post(t, head.token, `${path}/close`, { conclusion: '再次关闭' }), 409, 'DEFECT_CLOSED');
    await refusedUnchanged(t, () => post(t, head.token, `${path}/actions`, furtherAction(t, owner.user.id)), 409, 'DEFECT_CLOSED');
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, `${path}/corrections`, { ...closed, correctsId: closed.entryId, reason: '补充', zone: 'packing' }),
      400,
      'VALIDATION_FAILED',
    );
    const fix = {
      zone: 'packing',
      kind: 'wet_pack',
      description: '湿包',
      immediateRemedy: '重新处理',
      correctsId: closed.entryId,
      reason: '区域写错',
    };
    await refusedUnchanged(t, () => post(t, nurse.token, `${path}/corrections`, fix), 409, 'DEFECT_CLOSED');
  });

  it('an action found not effective needs a further one, done and verified, before the case closes', async () => {
    const d = await reportDefect(t, nurse.token, { kind: 'labelling_error', zone: 'packing', description: '标签灭菌日期错误' });
    const path = `/api/defects/${d.id}`;
    const first: DefectDetail = expectOk(await post(t, head.token, `${path}/investigation`, investigation(t, owner.user.id)));
    // The head nurse, or a quality monitor, may record an action done as well as its owner.
    expectOk(await post(t, monitor.token, `${path}/actions/${first.actions[0].id}/done`, { actionTaken: '更换标签打印模板' }));
    expect(
      (expectOk(await post(t, head.token, `${path}/verification`, { effective: false, note: '仍有错误标签' })) as DefectDetail).status,
    ).toBe('not_effective');
    await refusedUnchanged(t, () => post(t, head.token, `${path}/close`, { conclusion: '关闭' }), 409, 'DEFECT_NOT_EFFECTIVE');
    await refusedUnchanged(
      t,
      () => post(t, head.token, `${path}/verification`, { effective: true, note: '改判' }),
      409,
      'DEFECT_ALREADY_VERIFIED',
    );

    const second: DefectDetail = expectOk(await post(t, head.token, `${path}/actions`, furtherAction(t, head.user.id)));
    expect(second).toMatchObject({ status: 'action_open', openActionCount: 1 });
    expect(second.actions.map((a) => a.seq)).toEqual([1, 2]);
    await refusedUnchanged(t, () => post(t, head.token, `${path}/close`, { conclusion: '关闭' }), 409, 'DEFECT_ACTIONS_OPEN');
    expectOk(await post(t, head.token, `${path}/actions/${second.actions[1].id}/done`, { actionTaken: '已上线日期校验' }));
    await refusedUnchanged(t, () => post(t, head.token, `${path}/close`, { conclusion: '关闭' }), 409, 'DEFECT_NOT_VERIFIED');
    expectOk(await post(t, head.token, `${path}/verification`, { effective: true, note: '连续两周无错误标签' }));
    const closed: DefectDetail = expectOk(await post(t, head.token, `${path}/close`, { conclusion: '整改有效' }));
    expect(closed.verifications.map((v) => [v.coversSeq, v.effective])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('an action’s owner is an active nurse, head nurse or monitor, and its due date is not past', async () => {
    const d = await reportDefect(t, nurse.token);
    const path = `/api/defects/${d.id}/investigation`;
    const admin = await createUser(t, 'admin');
    const gone = await createUser(t, 'nurse', { active: false });
    for (const who of [admin, gone])
      await refusedUnchanged(t, () => post(t, head.token, path, investigation(t, who.user.id)), 422, 'ACTION_OWNER_INVALID');
    const past = await refusedUnchanged(
      t,
      () => post(t, head.token, path, investigation(t, owner.user.id, { dueDate: dayFrom(t, -1) }), 'en'),
      422,
      'ACTION_DUE_DATE_PAST',
    );
    expect(past.message).toBe(`The due date ${dayFrom(t, -1)} has passed (today is ${dayFrom(t, 0)})`);
    expectOk(await post(t, head.token, path, investigation(t, owner.user.id, { dueDate: dayFrom(t, 0) })));
  });

  it('an action past its due date is overdue: on the case, in the register, on the desk’s list and the head nurse’s board', async () => {
    const d = await reportDefect(t, nurse.token, { kind: 'lost_instrument', zone: 'recycling', description: '回收时丢失止血钳 1 把' });
    const withAction: DefectDetail = expectOk(
      await post(t, head.token, `/api/defects/${d.id}/investigation`, investigation(t, owner.user.id, { dueDate: dayFrom(t, 1) })),
    );
    const actionId = withAction.actions[0].correctiveActionId;
    t.clock.advance(2 * 24 * 3_600_000);
    const later = await detail(d.id);
    expect(later).toMatchObject({ status: 'action_open', overdue: true, actions: [{ overdue: true }] });
    const open: { id: string; overdue: boolean }[] = expectOk(await get(t, nurse.token, '/api/defects?status=open'));
    expect(open.find((x) => x.id === d.id)).toMatchObject({ overdue: true });

    const listed = (body: { id: string }[]) => body.find((a) => a.id === actionId);
    const expected = {
      source: 'defect',
      defectId: d.id,
      overdue: true,
      responsibleUserId: owner.user.id,
      findings: '重新培训装载规范',
      whatZh: expect.stringMatching(/^差错整改：器械丢失（回收），发生于 \d{4}-\d{2}-\d{2}$/),
      whatEn: expect.stringMatching(/^Defect action: Lost instrument \(Recycling\), occurred \d{4}-\d{2}-\d{2}$/),
      failedAt: d.occurredAt,
    };
    expect(listed(expectOk(await get(t, monitor.token, '/api/corrective-actions?status=open')))).toMatchObject(expected);
    const board = expectOk(await get(t, head.token, '/api/board'));
    expect(listed(board.openCorrectiveActions)).toMatchObject(expected);
  });

  it('who may do what: any of the CSSD reports; only the head nurse investigates, adds actions, verifies and closes; departments do none of it', async () => {
    const admin = await createUser(t, 'admin');
    const department = await createUser(t, 'department');
    for (const who of [nurse, head, monitor]) expect((await reportDefect(t, who.token)).reportedBy).toBe(who.user.id);
    for (const who of [admin, department])
      await refusedUnchanged(t, () => post(t, who.token, '/api/defects', { ...defectBody() }), 403, 'FORBIDDEN_ROLE');

    const d = await reportDefect(t, nurse.token);
    const path = `/api/defects/${d.id}`;
    for (const who of [nurse, monitor, admin, department]) {
      await refusedUnchanged(t, () => post(t, who.token, `${path}/investigation`, investigation(t, owner.user.id)), 403, 'FORBIDDEN_ROLE');
      await refusedUnchanged(t, () => post(t, who.token, `${path}/actions`, furtherAction(t, owner.user.id)), 403, 'FORBIDDEN_ROLE');
      await refusedUnchanged(t, () => post(t, who.token, `${path}/verification`, { effective: true, note: '合格' }), 403, 'FORBIDDEN_ROLE');
      await refusedUnchanged(t, () => post(t, who.token, `${path}/close`, { conclusion: '关闭' }), 403, 'FORBIDDEN_ROLE');
    }
    // The admin reads the register; a department does not.
    expectOk(await get(t, admin.token, path));
    expect((await get(t, department.token, path)).status).toBe(403);
    expect((await get(t, department.token, '/api/defects')).status).toBe(403);
  });

  it('an unknown case or action is a 404 with its reason', async () => {
    const none = '00000000-0000-4000-8000-000000000000';
    await refusedUnchanged(t, () => get(t, nurse.token, `/api/defects/${none}`), 404, 'DEFECT_NOT_FOUND');
    await refusedUnchanged(
      t,
      () => post(t, head.token, `/api/defects/${none}/investigation`, investigation(t, owner.user.id)),
      404,
      'DEFECT_NOT_FOUND',
    );
    const d = await reportDefect(t, nurse.token);
    await refusedUnchanged(
      t,
      () => post(t, head.token, `/api/defects/${d.id}/actions/${none}/done`, { actionTaken: '完成' }),
      404,
      'DEFECT_ACTION_NOT_FOUND',
    );
    await refusedUnchanged(
      t,
      () => post(t, nurse.token, '/api/defects', defectBody({ problemReportId: none })),
      404,
      'PROBLEM_REPORT_NOT_FOUND',
    );
  });
});

function defectBody(over: Record<string, unknown> = {}) {
  return { zone: 'packing', kind: 'wrong_contents', description: '包内器械错误', immediateRemedy: '更换器械包', ...over };
}
