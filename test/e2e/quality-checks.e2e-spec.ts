import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate, startOfLocalDay } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

interface Task {
  code: string;
  status: string;
  periodStart: string;
  overdueSince: string | null;
  lastPassed: boolean | null;
}
interface Action {
  id: string;
  whatZh: string;
  whatEn: string;
  status: string;
  dueDate: string;
  overdue: boolean;
  taskCode: string | null;
  findings: string | null;
  responsibleUserId: string;
}

/**
 * Issue 18, "Daily monitoring has a schedule" (seed 7.2–7.8): each routine task is done, due or
 * overdue for the hospital's day or month by the service's clock; an overdue one shows on the
 * monitoring desk's schedule and the head nurse's board; a failed result opens a corrective action
 * (what, who, by when) that the head nurse or a monitor closes with what was done.
 */
describe('routine monitoring: schedule, random check, corrective actions', () => {
  let t: TestApp;
  let monitor: TestUser;
  let head: TestUser;
  let nurse: TestUser;
  let tz: string;
  /** The hospital day the test clock is on. */
  const today = () => localDate(t.clock.instant(), tz);
  /** Moves the service's clock to 09:00 of a hospital day (forward only). */
  const goTo = (day: string) => t.clock.set(new Date(startOfLocalDay(day, tz).getTime() + 9 * 3_600_000));
  /** The first of the month `n` months after the clock's. */
  const monthsAhead = (n: number) => {
    const [y, m] = today().split('-').map(Number);
    return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 10);
  };

  beforeAll(async () => {
    t = await createTestApp();
    tz = t.config.timezone;
    [monitor, head, nurse] = [await createUser(t, 'monitor'), await createUser(t, 'head_nurse'), await createUser(t, 'nurse')];
    // A month no other test file has written to: nothing of theirs covers its days.
    goTo(monthsAhead(2));
  });
  afterAll(() => t.close());

  const get = (path: string, token = monitor.token) => t.http().get(path).set(bearer(token));
  const post = (path: string, body: object, token = monitor.token) => t.http().post(path).set(bearer(token)).send(body);
  const reading = (kind: string, value: number, extra: object = {}) => post('/api/monitoring/readings', { kind, value, ...extra });
  const task = async (code: string, token = monitor.token): Promise<Task> =>
    (expectOk(await get('/api/quality-checks/schedule', token)).tasks as Task[]).find((x) => x.code === code)!;
  const boardOverdue = async (): Promise<Task[]> => expectOk(await get('/api/board', head.token)).monitoringOverdue;
  const openActions = async (token = monitor.token): Promise<Action[]> => expectOk(await get('/api/corrective-actions?status=open', token));
  const randomCheck = { checkedItems: ['indicator_tape', 'process_records'], sampleSize: 20, nonconforming: 0 };

  it('lists the default schedule: concentrations, conductivity and the random check daily; air and wash water monthly', async () => {
    const schedule = expectOk(await get('/api/quality-checks/schedule', nurse.token));
    expect(schedule.today).toBe(today());
    expect(
      (schedule.tasks as { code: string; frequency: string; readingKind: string | null }[]).map((x) => [
        x.code,
        x.frequency,
        x.readingKind,
      ]),
    ).toEqual([
      ['disinfectant_concentration', 'daily', 'disinfectant_concentration'],
      ['cleaning_agent_concentration', 'daily', 'cleaning_agent_concentration'],
      ['water_conductivity', 'daily', 'water_conductivity'],
      ['random_check', 'daily', null],
      ['air_colony_packing', 'monthly', 'air_colony_packing'],
      ['air_colony_sterile_storage', 'monthly', 'air_colony_sterile_storage'],
      ['wash_water_colony', 'monthly', 'wash_water_colony'],
    ]);
    expectRefused(await get('/api/quality-checks/schedule', (await createUser(t, 'department')).token), 403, 'FORBIDDEN_ROLE');
  });

  it('a day without the conductivity reading is overdue the next day, on the desk and on the board, until it is done', async () => {
    const d = today();
    expectOk(await reading('water_conductivity', 8));
    expect(await task('water_conductivity')).toMatchObject({ status: 'done', periodStart: d, lastPassed: true });

    goTo(addLocalDays(d, 1));
    expect(await task('water_conductivity')).toMatchObject({ status: 'due', overdueSince: null });
    expect((await boardOverdue()).map((x) => x.code)).not.toContain('water_conductivity');

    // The whole of that day went by without it.
    goTo(addLocalDays(d, 2));
    expect(await task('water_conductivity')).toMatchObject({ status: 'overdue', overdueSince: addLocalDays(d, 1) });
    expect((await boardOverdue()).find((x) => x.code === 'water_conductivity')).toMatchObject({
      status: 'overdue',
      overdueSince: addLocalDays(d, 1),
    });

    expectOk(await reading('water_conductivity', 9));
    expect(await task('water_conductivity')).toMatchObject({ status: 'done' });
    expect((await boardOverdue()).map((x) => x.code)).not.toContain('water_conductivity');
  });

  it('a missed day cannot be back-filled: a reading stated for it but entered the next morning is kept, and the day stays missed', async () => {
    const d = addLocalDays(today(), 10);
    goTo(d);
    expectOk(await reading('water_conductivity', 8));
    goTo(addLocalDays(d, 2)); // the day after d went by without it
    const lateDay = addLocalDays(d, 1);
    const late = expectOk(await reading('water_conductivity', 7, { measuredAt: `${lateDay}T10:00` }));
    expect(late.measuredAt).toBe(new Date(startOfLocalDay(lateDay, tz).getTime() + 10 * 3_600_000).toISOString());
    expect(await task('water_conductivity')).toMatchObject({ status: 'overdue', overdueSince: lateDay });
    // Entered within the grace after its day (a reading at 23:50 typed in after midnight), it counts.
    goTo(addLocalDays(d, 3));
    t.clock.set(new Date(startOfLocalDay(addLocalDays(d, 3), tz).getTime() + 60 * 60_000)); // 01:00
    expectOk(await reading('water_conductivity', 7, { measuredAt: `${addLocalDays(d, 2)}T23:50` }));
    expect(await task('water_conductivity')).toMatchObject({ status: 'due', overdueSince: null });
  });

  it('a monthly air reading done on the 3rd covers the month; the next month it is due, the month after overdue', async () => {
    const first = monthsAhead(1);
    goTo(addLocalDays(first, 2));
    expectOk(await reading('air_colony_packing', 120));
    goTo(addLocalDays(monthsAhead(1), -1)); // the last day of that month
    expect(await task('air_colony_packing')).toMatchObject({ status: 'done', periodStart: first });

    goTo(addLocalDays(monthsAhead(1), 1));
    expect(await task('air_colony_packing')).toMatchObject({ status: 'due' });
    const next = monthsAhead(0);
    goTo(addLocalDays(monthsAhead(1), 1));
    expect(await task('air_colony_packing')).toMatchObject({ status: 'overdue', overdueSince: next });
    expect((await boardOverdue()).map((x) => x.code)).toContain('air_colony_packing');
  });

  it('a reading out of its limits opens a corrective action — what, who, by when — shown on the desk and the board, overdue after its day', async () => {
    const before = await rowCounts(t, ['corrective_actions']);
    const ok = expectOk(await reading('water_conductivity', 12));
    expect(ok.correctiveActionId).toBeNull();
    expect(await rowCounts(t, ['corrective_actions'])).toEqual(before);

    const failed = expectOk(await reading('water_conductivity', 22.5));
    expect(failed).toMatchObject({ withinLimits: false, correctiveActionId: expect.any(String) });
    const action = (await openActions()).find((a) => a.id === failed.correctiveActionId)!;
    expect(action).toMatchObject({
      whatZh: '纯化水（终末漂洗水）电导率超出限值：22.5 uS/cm（限值 ≤ 15 uS/cm）',
      whatEn: 'Purified (final rinse) water conductivity out of limits: 22.5 uS/cm (limit ≤ 15 uS/cm)',
      taskCode: 'water_conductivity',
      responsibleUserId: monitor.user.id,
      dueDate: addLocalDays(today(), 1),
      overdue: false,
      status: 'open',
    });
    // The failed reading still did the day's task.
    expect(await task('water_conductivity')).toMatchObject({ status: 'done', lastPassed: false });
    expect((expectOk(await get('/api/board', head.token)).openCorrectiveActions as Action[]).some((a) => a.id === action.id)).toBe(true);

    // A disinfectant outside its product's range, a storage temperature (outside the schedule) too.
    const disinfectant = expectOk(await reading('disinfectant_concentration', 380, { limitMin: 450, limitMax: 550 }));
    expect((await openActions()).find((a) => a.id === disinfectant.correctiveActionId)).toMatchObject({
      whatEn: 'Disinfectant concentration (solution in use) out of limits: 380 mg/L (limit 450–550 mg/L)',
      taskCode: 'disinfectant_concentration',
    });
    try {
      const warm = expectOk(await reading('storage_temperature', 26));
      expect((await openActions()).find((a) => a.id === warm.correctiveActionId)).toMatchObject({
        whatEn: 'Sterile storage temperature out of limits: 26 °C (limit < 24 °C)',
        taskCode: null,
      });
    } finally {
      // Back in standard: the newest storage reading is the hospital's, and the files run after this
      // one on the same database print labels and start loads under it.
      expectOk(await reading('storage_temperature', 20));
    }

    goTo(addLocalDays(today(), 2));
    expect((await openActions()).find((a) => a.id === action.id)).toMatchObject({ overdue: true, status: 'open' });
    expect((expectOk(await get('/api/board', head.token)).openCorrectiveActions as Action[]).find((a) => a.id === action.id)).toMatchObject(
      { overdue: true },
    );
  });

  it('closing a corrective action needs what was done, a time that is not in the future nor before the failure, and the head nurse or a monitor; once', async () => {
    const failed = expectOk(await reading('cleaning_agent_concentration', 2, { limitMin: 4, limitMax: 6 }));
    const id = failed.correctiveActionId as string;
    const close = (body: object, token = head.token) => post(`/api/corrective-actions/${id}/close`, body, token);
    const done = { actionTaken: '按说明书重新配制清洗液，复测浓度 5 mg/L 合格' };

    const before = await rowCounts(t, ['corrective_action_closures']);
    expectRefused(await close(done, nurse.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await close({}), 400, 'VALIDATION_FAILED');
    expectRefused(await close({ actionTaken: '   ' }), 400, 'VALIDATION_FAILED');
    const future = expectRefused(
      await close({ ...done, doneAt: new Date(t.clock.instant().getTime() + 3_600_000).toISOString() }).set('Accept-Language', 'en'),
      422,
      'STATED_TIME_IN_FUTURE',
    );
    expect(future.message).toContain('doneAt');
    expectRefused(
      await close({ ...done, doneAt: new Date(new Date(failed.measuredAt).getTime() - 60_000).toISOString() }),
      422,
      'STATED_TIME_TOO_EARLY',
    );
    expect(await rowCounts(t, ['corrective_action_closures'])).toEqual(before);

    const closed = expectOk(await close(done));
    expect(closed).toMatchObject({
      id,
      status: 'closed',
      overdue: false,
      closure: { actionTaken: done.actionTaken, closedBy: head.user.id, closedByName: head.user.displayName },
    });
    expectRefused(await close(done, monitor.token), 409, 'CORRECTIVE_ACTION_CLOSED');
    expect((await openActions()).some((a) => a.id === id)).toBe(false);
    expect((expectOk(await get('/api/corrective-actions?status=closed')) as Action[]).some((a) => a.id === id)).toBe(true);
    // History: neither the action nor its closing can be rewritten.
    await expect(t.ds.query(`UPDATE corrective_action_closures SET action_taken = 'x' WHERE action_id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ds.query(`UPDATE corrective_actions SET due_date = due_date + 30 WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    expectRefused(
      await post('/api/corrective-actions/00000000-0000-4000-8000-000000000000/close', done),
      404,
      'CORRECTIVE_ACTION_NOT_FOUND',
    );

    // A monitor closes too, with the time it was done.
    const other = expectOk(await reading('wash_water_colony', 180));
    t.clock.advanceMinutes(30);
    const doneAt = new Date(t.clock.instant().getTime() - 60_000).toISOString();
    expect(
      expectOk(await post(`/api/corrective-actions/${other.correctiveActionId}/close`, { actionTaken: '清洗水管路消毒后复检', doneAt })),
    ).toMatchObject({ status: 'closed', closure: { closedBy: monitor.user.id, doneAt } });
  });

  it('the daily random check is recorded with what was checked, how many, the findings; nonconforming items fail it and open a corrective action', async () => {
    goTo(addLocalDays(today(), 1));
    expect(await task('random_check')).toMatchObject({ status: 'overdue' });
    const before = await rowCounts(t, ['quality_random_checks', 'corrective_actions']);
    expectRefused(await post('/api/quality-checks/random-checks', randomCheck, nurse.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await post('/api/quality-checks/random-checks', { ...randomCheck, checkedItems: [] }), 400, 'VALIDATION_FAILED');
    expectRefused(await post('/api/quality-checks/random-checks', { ...randomCheck, checkedItems: ['labels'] }), 400, 'VALIDATION_FAILED');
    expectRefused(
      await post('/api/quality-checks/random-checks', { ...randomCheck, nonconforming: 2 }),
      422,
      'RANDOM_CHECK_FINDINGS_REQUIRED',
    );
    const tooMany = expectRefused(
      await post('/api/quality-checks/random-checks', { ...randomCheck, nonconforming: 21, findings: '全部不合格' }).set(
        'Accept-Language',
        'en',
      ),
      422,
      'RANDOM_CHECK_COUNT_INVALID',
    );
    expect(tooMany.message).toBe('Nonconforming items (21) cannot exceed the items sampled (20)');
    expectRefused(
      await post('/api/quality-checks/random-checks', {
        ...randomCheck,
        checkedAt: new Date(t.clock.instant().getTime() + 3_600_000).toISOString(),
      }),
      422,
      'STATED_TIME_IN_FUTURE',
    );
    expect(await rowCounts(t, ['quality_random_checks', 'corrective_actions'])).toEqual(before);

    // One done yesterday but entered this morning is kept — and yesterday stays missed (no back-filling).
    const yesterday = new Date(startOfLocalDay(addLocalDays(today(), -1), tz).getTime() + 16 * 3_600_000).toISOString();
    const late = expectOk(await post('/api/quality-checks/random-checks', { ...randomCheck, checkedAt: yesterday }));
    expect(late.checkedAt).toBe(yesterday);
    expect(await task('random_check')).toMatchObject({ status: 'overdue' });

    const passed = expectOk(await post('/api/quality-checks/random-checks', randomCheck));
    expect(passed).toMatchObject({ passed: true, nonconforming: 0, findings: null, correctiveActionId: null, checkedBy: monitor.user.id });
    expect(await task('random_check')).toMatchObject({ status: 'done', lastPassed: true });

    const findings = '2 个包外化学指示胶带未变色；1 份清洗记录缺操作者签名';
    const failed = expectOk(await post('/api/quality-checks/random-checks', { ...randomCheck, nonconforming: 3, findings }));
    expect(failed).toMatchObject({ passed: false, findings, correctiveActionId: expect.any(String) });
    expect((await openActions(head.token)).find((a) => a.id === failed.correctiveActionId)).toMatchObject({
      whatZh: '每日随机抽查不合格：抽查 20 项，3 项不合格',
      whatEn: 'Daily random check failed: 3 of 20 item(s) nonconforming',
      findings,
      taskCode: 'random_check',
      dueDate: addLocalDays(today(), 1),
    });
    expect((expectOk(await get('/api/quality-checks/random-checks', nurse.token)) as { id: string }[])[0].id).toBe(failed.id);
    await expect(t.ds.query(`UPDATE quality_random_checks SET passed = true WHERE id = $1`, [failed.id])).rejects.toThrow(/append-only/);
  });

  it('concentrations are checked per solution in use: the head nurse adds one; a reading then names its solution; a solution no longer used is retired', async () => {
    const tasksOf = async (kind: string) =>
      (
        expectOk(await get('/api/quality-checks/schedule')).tasks as (Task & { taskId: string; readingKind: string; nameEn: string })[]
      ).filter((x) => x.readingKind === kind);
    const [enzyme] = await tasksOf('cleaning_agent_concentration');
    const solution = {
      readingKind: 'cleaning_agent_concentration',
      nameZh: '碱性清洗剂（超声清洗机）',
      nameEn: 'Alkaline detergent (ultrasonic washer)',
    };
    expectRefused(await post('/api/quality-checks/tasks', solution), 403, 'FORBIDDEN_ROLE');
    expectRefused(
      await post('/api/quality-checks/tasks', { ...solution, readingKind: 'water_conductivity' }, head.token),
      400,
      'VALIDATION_FAILED',
    );
    const alkaline = expectOk(await post('/api/quality-checks/tasks', solution, head.token));
    expect(alkaline).toMatchObject({
      // The next number of its kind: another file on this shared database may have added (and retired) one before.
      code: expect.stringMatching(/^cleaning_agent_concentration-\d+$/),
      frequency: 'daily',
      nameEn: solution.nameEn,
      status: 'overdue',
    });
    expect((await tasksOf('cleaning_agent_concentration')).map((x) => x.taskId)).toEqual([enzyme.taskId, alkaline.taskId]);

    // Two solutions of the kind in use: a reading says which one it measured.
    const limits = { limitMin: 4, limitMax: 6 };
    const before = await rowCounts(t, ['environment_readings']);
    const which = expectRefused(
      await reading('cleaning_agent_concentration', 5, limits).set('Accept-Language', 'en'),
      422,
      'READING_TASK_REQUIRED',
    );
    expect(which.message).toBe(
      `Several solutions are in use for Cleaning agent concentration: say which one this reading is (${enzyme.nameEn}, ${solution.nameEn})`,
    );
    const [conductivity] = await tasksOf('water_conductivity');
    expectRefused(
      await reading('cleaning_agent_concentration', 5, { ...limits, taskId: conductivity.taskId }),
      422,
      'READING_TASK_INVALID',
    );
    expect(await rowCounts(t, ['environment_readings'])).toEqual(before);

    expect(expectOk(await reading('cleaning_agent_concentration', 5, { ...limits, taskId: alkaline.taskId }))).toMatchObject({
      taskId: alkaline.taskId,
      withinLimits: true,
    });
    const [enzymeNow, alkalineNow] = await tasksOf('cleaning_agent_concentration');
    expect([enzymeNow.status, alkalineNow.status]).toEqual([expect.stringMatching(/due|overdue/), 'done']);

    // Retired: it leaves the schedule; a required check, or the last solution of its kind, is not retired.
    expectRefused(await post(`/api/quality-checks/tasks/${conductivity.taskId}/retire`, {}, head.token), 422, 'QUALITY_TASK_NOT_RETIRABLE');
    expectRefused(await post(`/api/quality-checks/tasks/${alkaline.taskId}/retire`, {}), 403, 'FORBIDDEN_ROLE');
    expect(expectOk(await post(`/api/quality-checks/tasks/${alkaline.taskId}/retire`, {}, head.token))).toEqual({
      taskId: alkaline.taskId,
      active: false,
    });
    expect((await tasksOf('cleaning_agent_concentration')).map((x) => x.taskId)).toEqual([enzyme.taskId]);
    const last = expectRefused(
      await post(`/api/quality-checks/tasks/${enzyme.taskId}/retire`, {}, head.token).set('Accept-Language', 'en'),
      422,
      'QUALITY_TASK_NOT_RETIRABLE',
    );
    expect(last.message).toContain('the last concentration check of its kind');
    expectRefused(
      await post('/api/quality-checks/tasks/00000000-0000-4000-8000-000000000000/retire', {}, head.token),
      404,
      'QUALITY_TASK_NOT_FOUND',
    );
    // One solution in use again: a reading needs not name it.
    expect(expectOk(await reading('cleaning_agent_concentration', 5, limits))).toMatchObject({ taskId: enzyme.taskId });
    expect(
      await t.ds.query(`SELECT action FROM audit_log WHERE entity_type = 'QualityCheckTask' AND entity_id = $1 ORDER BY at`, [
        alkaline.taskId,
      ]),
    ).toEqual([{ action: 'create' }, { action: 'deactivate' }]);
  });
});
