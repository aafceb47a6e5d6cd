import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createUser, TEST_PIN } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/** Issue 12: a nurse signs in at a station by scanning her badge and typing her PIN. */
describe('sign-in with badge + PIN (POST /api/auth/badge-login)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const login = (badgeCode: string, pin: string) => t.http().post('/api/auth/badge-login').send({ badgeCode, pin });

  it('a nurse’s badge and PIN give her a token; a wrong PIN, an unknown badge and a department user’s badge all answer INVALID_CREDENTIALS', async () => {
    const nurse = await createUser(t, 'nurse', { badge: true });
    const answer = expectOk(await login(nurse.user.badgeCode!, TEST_PIN));
    expect(answer.user).toMatchObject({ id: nurse.user.id, role: 'nurse' });
    expect(expectOk(await t.http().get('/api/auth/me').set(bearer(answer.accessToken))).id).toBe(nurse.user.id);

    expectRefused(await login(nurse.user.badgeCode!, '975310'), 401, 'INVALID_CREDENTIALS');
    expectRefused(await login('NO-SUCH-BADGE', TEST_PIN), 401, 'INVALID_CREDENTIALS');
    const ward = await createUser(t, 'department', { badge: true });
    expectRefused(await login(ward.user.badgeCode!, TEST_PIN), 401, 'INVALID_CREDENTIALS');
    expectRefused(await t.http().post('/api/auth/badge-login').send({ badgeCode: nurse.user.badgeCode }), 400, 'VALIDATION_FAILED');
  });

  it('a deactivated nurse’s badge answers like a wrong PIN until the PIN is right, then ACCOUNT_INACTIVE', async () => {
    const nurse = await createUser(t, 'nurse', { badge: true, active: false });
    expectRefused(await login(nurse.user.badgeCode!, '975310'), 401, 'INVALID_CREDENTIALS');
    expectRefused(await login(nurse.user.badgeCode!, TEST_PIN), 401, 'ACCOUNT_INACTIVE');
  });
});
