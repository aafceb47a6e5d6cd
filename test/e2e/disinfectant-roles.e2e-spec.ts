import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { preparation, recordPreparation, refusedUnchanged } from '../support/disinfectants.js';
import { expectOk } from '../support/expect.js';
import { bearer, createUser } from '../support/factories.js';

/** Issue 17, the preparation log: nurses, the head nurse and the monitor record; the admin reads; departments neither. */
describe('disinfectant preparation: who records and who reads', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone);
  });
  afterAll(() => t.close());

  it('nurse, head nurse and monitor record, each as the one who prepared it', async () => {
    for (const role of ['nurse', 'head_nurse', 'monitor'] as const) {
      const u = await createUser(t, role);
      expect(expectOk(await recordPreparation(t, u.token, preparation(t)))).toMatchObject({
        preparedBy: u.user.id,
        preparedByName: `Test ${role}`,
      });
    }
  });

  it('the admin reads the log but does not record; a department user does neither', async () => {
    const admin = await createUser(t, 'admin');
    const department = await createUser(t, 'department');
    await refusedUnchanged(t, () => recordPreparation(t, admin.token, preparation(t)), 403, 'FORBIDDEN_ROLE');
    await refusedUnchanged(t, () => recordPreparation(t, department.token, preparation(t)), 403, 'FORBIDDEN_ROLE');
    expectOk(await t.http().get('/api/disinfectants/preparations').set(bearer(admin.token)));
    const res = await t.http().get('/api/disinfectants/preparations').set(bearer(department.token));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_ROLE' });
  });
});
