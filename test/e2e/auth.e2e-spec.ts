import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createUser, TEST_PASSWORD } from '../support/factories.js';

describe('auth: login, tokens, lockout, deactivation, second person', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('signs in with username and password and returns a shift-long token that works on /me', async () => {
    const { user } = await createUser(t, 'nurse');
    const res = await t.http().post('/api/auth/login').send({ username: user.username.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.tokenType).toBe('Bearer');
    expect(res.body.expiresIn).toBe(12 * 3600);
    expect(res.body.user).toMatchObject({ id: user.id, role: 'nurse' });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash|pinHash/);
    const payload = t.jwt.decode(res.body.accessToken) as { exp: number; iat: number };
    expect(payload.exp - payload.iat).toBe(12 * 3600);

    const me = await t.http().get('/api/auth/me').set(bearer(res.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: user.id, username: user.username, role: 'nurse' });
  });

  it('refuses a wrong password with INVALID_CREDENTIALS, in the caller’s language', async () => {
    const { user } = await createUser(t, 'nurse');
    const zh = await t.http().post('/api/auth/login').send({ username: user.username, password: 'wrong-password' });
    expect(zh.status).toBe(401);
    expect(zh.body).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const en = await t
      .http()
      .post('/api/auth/login')
      .set('Accept-Language', 'en-US,en;q=0.9')
      .send({ username: 'nobody-here', password: 'x' });
    expect(en.status).toBe(401);
    expect(en.body).toEqual({ code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
  });

  it('answers a malformed login body with 400 and the fields, not 401', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'a', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['extra', 'password']);
  });

  it('locks a username for a while after five failures within a minute, even for the right password', async () => {
    const { user } = await createUser(t, 'nurse');
    for (let i = 0; i < 5; i++) {
      const r = await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: `bad-${i}` });
      expect(r.status).toBe(401);
    }
    const locked = await t.http().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('LOGIN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // another user is not affected
    const other = await createUser(t, 'nurse');
    const ok = await t.http().post('/api/auth/login').send({ username: other.user.username, password: TEST_PASSWORD });
    expect(ok.status).toBe(200);
  });

  it('refuses an expired token with TOKEN_EXPIRED and a forged one with UNAUTHENTICATED', async () => {
    const { user } = await createUser(t, 'nurse');
    const expired = t.jwt.sign({ sub: user.id, role: 'nurse', iat: Math.floor(Date.now() / 1000) - 13 * 3600 }, { expiresIn: 12 * 3600 });
    const res = await t.http().get('/api/auth/me').set(bearer(expired));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
    const forged = expired.slice(0, -4) + 'AAAA';
    const res2 = await t.http().get('/api/auth/me').set(bearer(forged));
    expect(res2.status).toBe(401);
    expect(res2.body.code).toBe('UNAUTHENTICATED');
    const none = await t.http().get('/api/auth/me');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a valid token and refuses one signed with another secret or with no signature (alg none)', async () => {
    const { user } = await createUser(t, 'nurse');
    const good = t.jwt.sign({ sub: user.id, role: 'nurse' });
    expect((await t.http().get('/api/auth/me').set(bearer(good))).status).toBe(200);
    const foreign = t.jwt.sign({ sub: user.id, role: 'nurse' }, { secret: 'another-secret-another-secret-another-secret' });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user.id, role: 'nurse', iat: Math.floor(Date.now() / 1000) })}.`;
    for (const token of [foreign, unsigned]) {
      const res = await t.http().get('/api/auth/me').set(bearer(token));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
  });

  it('a deactivated user cannot sign in, and the token they already hold stops working', async () => {
    const admin = await createUser(t, 'admin');
    const nurse = await createUser(t, 'nurse');
    const login = await t.http().post('/api/auth/login').send({ username: nurse.user.username, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    expect((await t.http().get('/api/auth/me').set(bearer(token))).status).toBe(200);

    const off = await t.http().post(`/api/users/${nurse.user.id}/deactivate`).set(bearer(admin.token));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);

    const after = await t.http().get('/api/auth/me').set(bearer(token));
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('ACCOUNT_INACTIVE');
    const relogin = await t.http().post('/api/auth/login').send({ username: nurse.user.username, password: TEST_PASSWORD });
    expect(relogin.status).toBe(401);
    expect(relogin.body.code).toBe('ACCOUNT_INACTIVE');
  });

  describe('second-person check (§5)', () => {
    it('accepts another user by badge + PIN or by username + password, with the needed role', async () => {
      const nurse = await createUser(t, 'nurse');
      const monitor = await createUser(t, 'monitor', { badge: true });
      const byBadge = await t
        .http()
        .post('/api/auth/second-person/verify')
        .set(bearer(nurse.token))
        .send({ secondPerson: { badgeCode: monitor.user.badgeCode, pin: monitor.pin }, roles: ['monitor'] });
      expect(byBadge.status).toBe(200);
      expect(byBadge.body).toMatchObject({ id: monitor.user.id, role: 'monitor' });
      const byPassword = await t
        .http()
        .post('/api/auth/second-person/verify')
        .set(bearer(nurse.token))
        .send({ secondPerson: { username: monitor.user.username, password: TEST_PASSWORD } });
      expect(byPassword.status).toBe(200);
    });

    it('refuses the acting user, a wrong PIN, a role that is not allowed, and missing credentials', async () => {
      const nurse = await createUser(t, 'nurse', { badge: true });
      const other = await createUser(t, 'nurse', { badge: true });
      const dept = await createUser(t, 'department', { badge: true });
      const call = (secondPerson: object, roles?: string[]) =>
        t
          .http()
          .post('/api/auth/second-person/verify')
          .set(bearer(nurse.token))
          .send({ secondPerson, ...(roles ? { roles } : {}) });

      const self = await call({ badgeCode: nurse.user.badgeCode, pin: nurse.pin });
      expect([self.status, self.body.code]).toEqual([422, 'SECOND_PERSON_SAME_AS_ACTOR']);
      const wrongPin = await call({ badgeCode: other.user.badgeCode, pin: '000000' });
      expect([wrongPin.status, wrongPin.body.code]).toEqual([422, 'SECOND_PERSON_INVALID']);
      const wrongRole = await call({ badgeCode: other.user.badgeCode, pin: other.pin }, ['monitor']);
      expect([wrongRole.status, wrongRole.body.code]).toEqual([422, 'SECOND_PERSON_ROLE']);
      const department = await call({ badgeCode: dept.user.badgeCode, pin: dept.pin });
      expect([department.status, department.body.code]).toEqual([422, 'SECOND_PERSON_ROLE']);
      const missing = await call({});
      expect(missing.status).toBe(400);
    });

    it('refuses a deactivated second person', async () => {
      const nurse = await createUser(t, 'nurse');
      const gone = await createUser(t, 'monitor', { badge: true, active: false });
      const res = await t
        .http()
        .post('/api/auth/second-person/verify')
        .set(bearer(nurse.token))
        .send({ secondPerson: { badgeCode: gone.user.badgeCode, pin: gone.pin } });
      expect([res.status, res.body.code]).toEqual([422, 'SECOND_PERSON_INVALID']);
    });
  });
});
