import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { preparation, recordPreparation, refusedUnchanged } from '../support/disinfectants.js';
import { expectOk } from '../support/expect.js';
import { bearer, createUser, rowCounts, uniq, type TestUser } from '../support/factories.js';

interface Prep {
  id: string;
  status: string;
  correctsId: string | null;
  correctedById: string | null;
  reason: string | null;
  area: string;
  lotNumber: string;
  solutionTaskId: string | null;
  solutionNameEn: string | null;
  solutionCheckedOnDay: boolean | null;
}

/**
 * Issue 17, the preparation log: entries are never deleted or changed (the database refuses it); a
 * correction is a new entry naming the one it corrects, with a reason, and only the latest one can
 * be corrected. A preparation names its solution of the routine-check schedule (quality-checks), whose
 * daily concentration check the day's list shows; the schedule itself is not duplicated.
 */
describe('disinfectant preparation: corrections and the solution it makes', () => {
  let t: TestApp;
  let nurse: TestUser;
  let head: TestUser;
  let monitor: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone);
    [nurse, head, monitor] = [await createUser(t, 'nurse'), await createUser(t, 'head_nurse'), await createUser(t, 'monitor')];
  });
  afterAll(() => t.close());

  const day = async (): Promise<{ preparations: Prep[]; solutions: { taskId: string; checkedOnDay: boolean }[] }> =>
    expectOk(await t.http().get('/api/disinfectants/preparations').set(bearer(nurse.token)));

  it('corrects an entry by a new one naming it, with the reason; the first stays, marked corrected', async () => {
    const wrong: Prep = expectOk(await recordPreparation(t, nurse.token, preparation(t, { lotNumber: 'TYPO-1' })));
    const before = await rowCounts(t, ['disinfectant_preparations']);
    const fix: Prep = expectOk(
      await recordPreparation(t, nurse.token, preparation(t, { lotNumber: 'LOT-1', correctsId: wrong.id, reason: '批号录入错误' })),
    );
    expect(fix).toMatchObject({ correctsId: wrong.id, reason: '批号录入错误', status: 'in_use', correctedById: null });
    expect(await rowCounts(t, ['disinfectant_preparations'])).toEqual({
      disinfectant_preparations: before.disinfectant_preparations + 1,
    });
    const listed = (await day()).preparations;
    expect(listed.find((p) => p.id === wrong.id)).toMatchObject({ lotNumber: 'TYPO-1', status: 'corrected', correctedById: fix.id });
    expect(listed.find((p) => p.id === fix.id)).toMatchObject({ lotNumber: 'LOT-1', status: 'in_use' });

    // Only the latest entry is corrected: the first one again is refused.
    await refusedUnchanged(
      t,
      () => recordPreparation(t, nurse.token, preparation(t, { correctsId: wrong.id, reason: '再次更正' })),
      409,
      'DISINFECTANT_PREPARATION_ALREADY_CORRECTED',
    );
  });

  it('refuses a correction without a reason, or of an unknown entry', async () => {
    const first: Prep = expectOk(await recordPreparation(t, nurse.token, preparation(t)));
    await refusedUnchanged(t, () => recordPreparation(t, nurse.token, preparation(t, { correctsId: first.id })), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(
      t,
      () => recordPreparation(t, nurse.token, preparation(t, { correctsId: '00000000-0000-4000-8000-000000000000', reason: '录入错误' })),
      404,
      'DISINFECTANT_PREPARATION_NOT_FOUND',
    );
  });

  it('the database refuses to update or delete an entry', async () => {
    const kept: Prep = expectOk(await recordPreparation(t, nurse.token, preparation(t)));
    await expect(t.ds.query(`UPDATE disinfectant_preparations SET measured = 1 WHERE id = $1`, [kept.id])).rejects.toThrow();
    await expect(t.ds.query(`DELETE FROM disinfectant_preparations WHERE id = $1`, [kept.id])).rejects.toThrow();
    expect((await day()).preparations.find((p) => p.id === kept.id)).toBeDefined();
  });

  it('names its solution of the schedule, and shows whether that solution’s daily concentration check was done', async () => {
    const nameEn = `Chlorine soak ${uniq()}`;
    const solution = expectOk(
      await t
        .http()
        .post('/api/quality-checks/tasks')
        .set(bearer(head.token))
        .send({ readingKind: 'disinfectant_concentration', nameZh: `含氯浸泡液 ${nameEn}`, nameEn }),
    );
    const made: Prep = expectOk(await recordPreparation(t, nurse.token, preparation(t, { solutionTaskId: solution.taskId })));
    expect(made).toMatchObject({ solutionTaskId: solution.taskId, solutionNameEn: nameEn, solutionCheckedOnDay: false });
    expect((await day()).solutions.find((s) => s.taskId === solution.taskId)).toMatchObject({ checkedOnDay: false });

    // The monitor's daily check of that solution (the schedule's reading) shows on the day's list.
    expectOk(
      await t
        .http()
        .post('/api/monitoring/readings')
        .set(bearer(monitor.token))
        .send({ kind: 'disinfectant_concentration', value: 500, limitMin: 450, limitMax: 550, taskId: solution.taskId }),
    );
    const after = await day();
    expect(after.preparations.find((p) => p.id === made.id)).toMatchObject({ solutionCheckedOnDay: true });
    expect(after.solutions.find((s) => s.taskId === solution.taskId)).toMatchObject({ checkedOnDay: true });

    // A cleaning agent cannot make a disinfectant solution; a retired solution takes no preparation.
    await refusedUnchanged(
      t,
      () => recordPreparation(t, nurse.token, preparation(t, { kind: 'cleaning_agent', solutionTaskId: solution.taskId })),
      422,
      'DISINFECTANT_SOLUTION_INVALID',
    );
    expectOk(await t.http().post(`/api/quality-checks/tasks/${solution.taskId}/retire`).set(bearer(head.token)));
    await refusedUnchanged(
      t,
      () => recordPreparation(t, nurse.token, preparation(t, { solutionTaskId: solution.taskId })),
      422,
      'DISINFECTANT_SOLUTION_INVALID',
    );
  });
});
