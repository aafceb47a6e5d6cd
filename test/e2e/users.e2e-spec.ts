import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createDepartment, createUser, rowCounts, uniq } from '../support/factories.js';

describe('users: create, update, deactivate (never delete), certifications', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createUser>>;
  let head: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t, 'admin');
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  it('the head nurse creates a nurse with badge and PIN; the hashes never leave the server; the new user can sign in', async () => {
    const username = uniq('nurse').toLowerCase();
    const res = await t
      .http()
      .post('/api/users')
      .set(bearer(head.token))
      .send({ username, displayName: '王丽', password: 'a-long-password-1', role: 'nurse', badgeCode: uniq('B'), pin: '4826' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username, displayName: '王丽', role: 'nurse', hasPin: true, active: true, departmentId: null });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|Hash/);
    const stored = await t.ds.query('SELECT password_hash, pin_hash FROM users WHERE id = $1', [res.body.id]);
    expect(stored[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(stored[0].pin_hash).toMatch(/^\$argon2id\$/);
    const login = await t.http().post('/api/auth/login').send({ username, password: 'a-long-password-1' });
    expect(login.status).toBe(200);
    const audit = await t.ds.query('SELECT actor_id, action, after FROM audit_log WHERE entity_id = $1', [res.body.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_id).toBe(head.user.id);
    expect(JSON.stringify(audit[0].after)).not.toMatch(/argon2/);
  });

  it('a department user must belong to exactly one existing department', async () => {
    const before = await rowCounts(t, ['users', 'audit_log']);
    const none = await t
      .http()
      .post('/api/users')
      .set(bearer(head.token))
      .send({ username: uniq('d').toLowerCase(), displayName: 'OR', password: 'a-long-password-1', role: 'department' });
    expect([none.status, none.body.code]).toEqual([422, 'DEPARTMENT_REQUIRED']);
    const dept = await createDepartment(t);
    const nurseWithDept = await t
      .http()
      .post('/api/users')
      .set(bearer(head.token))
      .send({ username: uniq('n').toLowerCase(), displayName: 'N', password: 'a-long-password-1', role: 'nurse', departmentId: dept.id });
    expect([nurseWithDept.status, nurseWithDept.body.code]).toEqual([422, 'DEPARTMENT_NOT_ALLOWED']);
    expect(await rowCounts(t, ['users', 'audit_log'])).toEqual(before);
    const ok = await t
      .http()
      .post('/api/users')
      .set(bearer(head.token))
      .send({
        username: uniq('d').toLowerCase(),
        displayName: 'OR',
        password: 'a-long-password-1',
        role: 'department',
        departmentId: dept.id,
      });
    expect(ok.status).toBe(201);
    expect(ok.body.departmentId).toBe(dept.id);
  });

  it('a duplicate username is 409; only an admin may create or change an admin', async () => {
    const dup = await t
      .http()
      .post('/api/users')
      .set(bearer(head.token))
      .send({ username: head.user.username, displayName: 'x', password: 'a-long-password-1', role: 'nurse' });
    expect([dup.status, dup.body.code]).toEqual([409, 'DUPLICATE_CODE']);
    const promote = await t
      .http()
      .post('/api/users')
      .set(bearer(head.token))
      .send({ username: uniq('a').toLowerCase(), displayName: 'x', password: 'a-long-password-1', role: 'admin' });
    expect([promote.status, promote.body.code]).toEqual([403, 'ADMIN_ONLY_FOR_ADMINS']);
    const touchAdmin = await t.http().post(`/api/users/${admin.user.id}/deactivate`).set(bearer(head.token));
    expect([touchAdmin.status, touchAdmin.body.code]).toEqual([403, 'ADMIN_ONLY_FOR_ADMINS']);
    const byAdmin = await t
      .http()
      .post('/api/users')
      .set(bearer(admin.token))
      .send({ username: uniq('a').toLowerCase(), displayName: 'x', password: 'a-long-password-1', role: 'admin' });
    expect(byAdmin.status).toBe(201);
  });

  it('nobody deactivates themselves; deactivation and reactivation are recorded; the row stays', async () => {
    const self = await t.http().post(`/api/users/${head.user.id}/deactivate`).set(bearer(head.token));
    expect([self.status, self.body.code]).toEqual([422, 'CANNOT_DEACTIVATE_SELF']);
    const nurse = await createUser(t, 'nurse');
    await t.http().post(`/api/users/${nurse.user.id}/deactivate`).set(bearer(head.token)).expect(200);
    const back = await t.http().post(`/api/users/${nurse.user.id}/activate`).set(bearer(head.token));
    expect(back.body.active).toBe(true);
    const actions = await t.ds.query('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id', [nurse.user.id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['deactivate', 'activate']);
  });

  it('a token in use follows its user at once: deactivated → refused, role changed → the new role’s rights', async () => {
    const nurse = await createUser(t, 'nurse');
    const asNurse = () => t.http().get('/api/users').set(bearer(nurse.token));
    expect((await asNurse()).status).toBe(403); // a nurse cannot list users (and her user is now remembered)
    await t.http().patch(`/api/users/${nurse.user.id}`).set(bearer(head.token)).send({ role: 'head_nurse' }).expect(200);
    expect((await asNurse()).status).toBe(200);
    await t.http().post(`/api/users/${nurse.user.id}/deactivate`).set(bearer(head.token)).expect(200);
    const refused = await asNurse();
    expect([refused.status, refused.body.code]).toEqual([401, 'ACCOUNT_INACTIVE']);
  });

  it('updates change the role and reset the password; certifications carry an expiry date', async () => {
    const nurse = await createUser(t, 'nurse', { certified: false });
    const upd = await t
      .http()
      .patch(`/api/users/${nurse.user.id}`)
      .set(bearer(head.token))
      .send({ role: 'monitor', password: 'another-long-password' });
    expect(upd.status).toBe(200);
    expect(upd.body.role).toBe('monitor');
    const login = await t.http().post('/api/auth/login').send({ username: nurse.user.username, password: 'another-long-password' });
    expect(login.status).toBe(200);

    const cert = await t
      .http()
      .post(`/api/users/${nurse.user.id}/certifications`)
      .set(bearer(head.token))
      .send({ kind: 'sterilizer_operator', number: 'GZ-2026-001', validUntil: '2027-06-30' });
    expect(cert.status).toBe(201);
    expect(cert.body.certifications).toEqual([
      expect.objectContaining({ kind: 'sterilizer_operator', number: 'GZ-2026-001', validUntil: '2027-06-30' }),
    ]);
    const badDate = await t
      .http()
      .post(`/api/users/${nurse.user.id}/certifications`)
      .set(bearer(head.token))
      .send({ kind: 'sterilizer_operator', validUntil: '2027-02-30' });
    expect([badDate.status, badDate.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
