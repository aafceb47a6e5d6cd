import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoginThrottle } from '../../src/auth/login-throttle.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createUser, TEST_PASSWORD, TEST_PIN, type TestUser } from '../support/factories.js';

interface Answer {
  status: number;
  body: { code?: string; message?: string; accessToken?: string };
  ms: number;
}

/**
 * Issue 13 §3: sign-in throttling that an attacker cannot turn against the staff, sessions that
 * end, who may reset whose credentials, and secrets nobody guesses first. Requests come from
 * distinct loopback addresses (127.0.0.x) so "an attacker" and "the ward's station" are
 * different sources, as they are on a hospital network.
 */
describe('sign-in hardening (issue 13 §3)', () => {
  let t: TestApp;
  let port: number;
  let throttle: LoginThrottle;
  beforeAll(async () => {
    t = await createTestApp({ CSSD_LOGIN_SOURCE_MAX_FAILURES: '12', CSSD_LOGIN_MAX_DELAY_MS: '600' });
    throttle = t.app.get(LoginThrottle);
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** POST as JSON from the loopback address `from`. */
  function post(from: string, path: string, body: object, token?: string): Promise<Answer> {
    const started = Date.now();
    const data = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          localAddress: from,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(data),
            'Accept-Language': 'en',
            ...(token ? bearer(token) : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {}, ms: Date.now() - started }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }
  const login = (from: string, username: string, password: string) => post(from, '/api/auth/login', { username, password });

  describe('throttling', () => {
    it('25 anonymous failures from one address lock that address, not the five nurses: they sign in and co-sign from the ward', async () => {
      const nurses: TestUser[] = [];
      for (let i = 0; i < 5; i++) nurses.push(await createUser(t, 'nurse', { badge: true }));
      const attacker = '127.0.0.2';
      const answers: Answer[] = [];
      for (const n of nurses) for (let i = 0; i < 5; i++) answers.push(await login(attacker, n.user.username, `guess-${i}-xyz`));
      expect(answers.slice(0, 12).every((a) => a.status === 401)).toBe(true);
      expect(answers.slice(12).map((a) => a.body.code)).toEqual(Array(13).fill('LOGIN_LOCKED'));
      expect((await login(attacker, nurses[4].user.username, TEST_PASSWORD)).status).toBe(429);

      const ward = '127.0.0.3';
      const station = await createUser(t, 'nurse');
      for (const n of nurses) {
        const signIn = await login(ward, n.user.username, TEST_PASSWORD);
        expect({ who: n.user.username, status: signIn.status }).toEqual({ who: n.user.username, status: 200 });
        const byName = await post(
          ward,
          '/api/auth/second-person/verify',
          { secondPerson: { username: n.user.username, password: TEST_PASSWORD } },
          station.token,
        );
        expect({ who: n.user.username, status: byName.status }).toEqual({ who: n.user.username, status: 200 });
        const byBadge = await post(
          ward,
          '/api/auth/second-person/verify',
          { secondPerson: { badgeCode: n.user.badgeCode, pin: TEST_PIN } },
          station.token,
        );
        // Not slowed either: the throttle makes no attempt on her badge wait (the attacker's guesses
        // were at her name; a badge has a key of its own). Read from the throttle, not from a
        // stopwatch: on a loaded machine every answer is slow.
        expect({ who: n.user.username, status: byBadge.status, badgeDelay: throttle.delayFor(`badge:${n.user.badgeCode}`) }).toEqual({
          who: n.user.username,
          status: 200,
          badgeDelay: 0,
        });
      }
    });

    it('spraying one guess at many usernames from one address is stopped; another address is not', async () => {
      const sprayer = '127.0.0.4';
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < 40; i++) codes.push((await login(sprayer, `spray-${i}-${Date.now()}`, 'Summer2024!x')).body.code);
      expect(codes.slice(0, 12)).toEqual(Array(12).fill('INVALID_CREDENTIALS'));
      expect(codes.slice(12)).toEqual(Array(28).fill('LOGIN_LOCKED'));
      const someone = await createUser(t, 'nurse');
      expect((await login('127.0.0.5', someone.user.username, TEST_PASSWORD)).status).toBe(200);
    });

    it('an account guessed at from many addresses slows down but is never locked: the right password still signs in', async () => {
      const nurse = await createUser(t, 'nurse');
      for (let i = 0; i < 8; i++) expect((await login(`127.0.1.${10 + i}`, nurse.user.username, `wrong-${i}-abc`)).status).toBe(401);
      const right = await login('127.0.1.50', nurse.user.username, TEST_PASSWORD);
      expect(right.status).toBe(200);
      // Slowed (the doubling delay, capped at CSSD_LOGIN_MAX_DELAY_MS = 600 here), whatever the answer.
      expect(right.ms).toBeGreaterThanOrEqual(550);
      const wrong = await login('127.0.1.51', nurse.user.username, 'wrong-again-abc');
      expect([wrong.status, wrong.ms >= 550]).toEqual([401, true]);
    });

    it('one station typing a nurse’s password wrong five times locks only that nurse at that station', async () => {
      const nurse = await createUser(t, 'nurse');
      for (let i = 0; i < 5; i++) await login('127.0.2.1', nurse.user.username, `typo-${i}-abc`);
      const locked = await login('127.0.2.1', nurse.user.username, TEST_PASSWORD);
      expect([locked.status, locked.body.code]).toEqual([429, 'LOGIN_LOCKED']);
      expect((await login('127.0.2.2', nurse.user.username, TEST_PASSWORD)).status).toBe(200);
    });
  });

  describe('sessions', () => {
    const me = (token: string) => t.http().get('/api/auth/me').set(bearer(token));

    it('POST /api/auth/logout ends the session: the token is refused afterwards', async () => {
      const nurse = await createUser(t, 'nurse');
      const token = (await login('127.0.3.1', nurse.user.username, TEST_PASSWORD)).body.accessToken!;
      expect((await me(token)).status).toBe(200);
      const out = await t.http().post('/api/auth/logout').set(bearer(token));
      expect(out.status).toBe(204);
      const after = await me(token);
      expect([after.status, after.body.code]).toEqual([401, 'SESSION_ENDED']);
      const again = (await login('127.0.3.1', nurse.user.username, TEST_PASSWORD)).body.accessToken!;
      expect((await me(again)).status).toBe(200);
    });

    it('a password reset ends the user’s existing sessions; the new password signs in', async () => {
      const head = await createUser(t, 'head_nurse');
      const nurse = await createUser(t, 'nurse');
      const token = (await login('127.0.3.2', nurse.user.username, TEST_PASSWORD)).body.accessToken!;
      expect((await me(token)).status).toBe(200);
      const reset = await t
        .http()
        .patch(`/api/users/${nurse.user.id}`)
        .set(bearer(head.token))
        .send({ password: 'a-fresh-long-secret-42' });
      expect(reset.status).toBe(200);
      expect([(await me(token)).status, (await me(token)).body.code]).toEqual([401, 'SESSION_ENDED']);
      expect((await login('127.0.3.2', nurse.user.username, 'a-fresh-long-secret-42')).status).toBe(200);
    });

    it('a deactivation ends the sessions for good: reactivating the account does not bring the old token back', async () => {
      const admin = await createUser(t, 'admin');
      const nurse = await createUser(t, 'nurse');
      const token = (await login('127.0.3.3', nurse.user.username, TEST_PASSWORD)).body.accessToken!;
      expect((await t.http().post(`/api/users/${nurse.user.id}/deactivate`).set(bearer(admin.token))).status).toBe(200);
      expect((await me(token)).body.code).toBe('ACCOUNT_INACTIVE');
      expect((await t.http().post(`/api/users/${nurse.user.id}/activate`).set(bearer(admin.token))).status).toBe(200);
      const after = await me(token);
      expect([after.status, after.body.code]).toEqual([401, 'SESSION_ENDED']);
    });

    it('a deactivated account answers exactly like a wrong password until the password is right', async () => {
      const gone = await createUser(t, 'nurse', { active: false });
      const wrong = await login('127.0.3.4', gone.user.username, 'not-the-password-1');
      const unknown = await login('127.0.3.4', `nobody-${Date.now()}`, 'not-the-password-1');
      expect([wrong.status, wrong.body]).toEqual([unknown.status, unknown.body]);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const right = await login('127.0.3.4', gone.user.username, TEST_PASSWORD);
      expect([right.status, right.body.code]).toEqual([401, 'ACCOUNT_INACTIVE']);
    });
  });

  describe('who may reset whose credentials', () => {
    it('a head nurse cannot reset another head nurse’s or an admin’s password or PIN, nor change an admin’s certifications; she can a nurse’s and her own', async () => {
      const head = await createUser(t, 'head_nurse');
      const otherHead = await createUser(t, 'head_nurse');
      const admin = await createUser(t, 'admin');
      const nurse = await createUser(t, 'nurse');
      const patch = (id: string, body: object) =>
        t.http().patch(`/api/users/${id}`).set(bearer(head.token)).set('Accept-Language', 'en').send(body);
      const before = await t.ds.query('SELECT id, password_hash, pin_hash FROM users WHERE id = ANY($1) ORDER BY id', [
        [otherHead.user.id, admin.user.id],
      ]);

      const peer = await patch(otherHead.user.id, { password: 'taken-over-secret-77' });
      expect([peer.status, peer.body.code]).toEqual([403, 'HEAD_NURSE_PEER_CREDENTIALS']);
      expect((await patch(otherHead.user.id, { pin: '482915' })).body.code).toBe('HEAD_NURSE_PEER_CREDENTIALS');
      expect((await patch(admin.user.id, { password: 'taken-over-secret-77' })).status).toBe(403);
      const cert = await t
        .http()
        .post(`/api/users/${admin.user.id}/certifications`)
        .set(bearer(head.token))
        .send({ kind: 'sterilizer_operator', validUntil: '2030-01-01' });
      expect([cert.status, cert.body.code]).toEqual([403, 'ADMIN_ONLY_FOR_ADMINS']);
      expect(
        await t.ds.query('SELECT id, password_hash, pin_hash FROM users WHERE id = ANY($1) ORDER BY id', [
          [otherHead.user.id, admin.user.id],
        ]),
      ).toEqual(before);
      expect((await t.ds.query('SELECT count(*)::int AS n FROM user_certifications WHERE user_id = $1', [admin.user.id]))[0].n).toBe(0);

      expect((await patch(nurse.user.id, { password: 'a-nurse-new-secret-5' })).status).toBe(200);
      expect((await patch(head.user.id, { password: 'my-own-new-secret-9' })).status).toBe(200);
    });
  });

  describe('secrets nobody guesses first', () => {
    it('refuses a password equal to the username, one character repeated, a run, or a common one; and weak PINs; nothing is written', async () => {
      const admin = await createUser(t, 'admin');
      const create = (body: object) =>
        t
          .http()
          .post('/api/users')
          .set(bearer(admin.token))
          .set('Accept-Language', 'en')
          .send({ displayName: 'New', role: 'nurse', ...body });
      const count = async () => (await t.ds.query('SELECT count(*)::int AS n FROM users'))[0].n as number;
      const n = await count();
      for (const [username, password] of [
        ['liu.fang.cssd', 'Liu.Fang.CSSD'],
        ['zhao.lei', 'aaaaaaaaaaaa'],
        ['zhao.lei', '1234567890'],
        ['zhao.lei', 'password123'],
        ['zhao.lei', 'qwertyuiop'],
        ['zhao.lei', 'woaini1314520'],
        ['zhao.lei', 'zhao.lei2024'],
      ]) {
        const res = await create({ username, password });
        expect({ password, status: res.status, code: res.body.code }).toEqual({ password, status: 400, code: 'WEAK_PASSWORD' });
        expect(res.body.message).toMatch(/^Password not accepted: /);
      }
      for (const pin of ['0000', '1234', '123456', '4321', '987654', '111111', '121212', '5201314']) {
        const res = await create({ username: `pin.${pin}`, password: TEST_PASSWORD, badgeCode: `PB-${pin}`, pin });
        expect({ pin, status: res.status, code: res.body.code }).toEqual({ pin, status: 400, code: 'WEAK_PIN' });
      }
      const zh = await t
        .http()
        .post('/api/users')
        .set(bearer(admin.token))
        .send({ username: 'zh.weak', displayName: 'x', role: 'nurse', password: 'password123' });
      expect(zh.body.message).toBe('密码不可用：密码过于常见，容易被猜中');
      expect(await count()).toBe(n);

      // The test suite's own secrets (and any demo seed PIN) stay valid.
      const ok = await create({ username: `ok.${Date.now()}`, password: TEST_PASSWORD, badgeCode: `OK-${Date.now()}`, pin: TEST_PIN });
      expect(ok.status).toBe(201);
      const reset = await t.http().patch(`/api/users/${ok.body.id}`).set(bearer(admin.token)).send({ pin: '0000' });
      expect([reset.status, reset.body.code]).toEqual([400, 'WEAK_PIN']);
    });
  });
});
