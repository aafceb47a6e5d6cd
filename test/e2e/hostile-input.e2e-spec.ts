import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate, createUser, everyTable, rowCountsAtOnce, type TestUser } from '../support/factories.js';

/**
 * Inputs that answered 500 with a stack trace (issue 13.4). Each is the caller's mistake: a 400
 * with a code and a message in both languages, and nothing written.
 */
describe('hostile input: a 400 with a code, never a 500', () => {
  let t: TestApp;
  let c: ChainDriver;
  let admin: TestUser;
  let tables: string[];
  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    admin = await createUser(t, 'admin');
    tables = await everyTable(t);
  });
  afterAll(() => t.close());

  const counts = () => rowCountsAtOnce(t, tables);

  /** Sends the request in Chinese and in English: the same 400 and code, a message in each language. */
  async function refusedInBothLanguages(send: (lang: string) => Promise<Response>, code: string) {
    const before = await counts();
    const [zh, en] = [await send('zh-CN'), await send('en')];
    for (const res of [zh, en]) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code });
    }
    expect(zh.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(en.body.message).toMatch(/^[\x20-\x7e]+$/);
    expect(await counts()).toEqual(before);
    return en.body;
  }

  it('JSON nested 3,000 levels, anonymous on /api/auth/login: 400 BODY_TOO_DEEP', async () => {
    for (const deep of ['[', '{"a":']) {
      const body = `{"username":${deep.repeat(3000)}1${(deep === '[' ? ']' : '}').repeat(3000)},"password":"x"}`;
      await refusedInBothLanguages(
        (lang) => t.http().post('/api/auth/login').set('Accept-Language', lang).set('Content-Type', 'application/json').send(body),
        'BODY_TOO_DEEP',
      );
    }
    // Brackets inside strings are text, not nesting.
    const res = await t
      .http()
      .post('/api/auth/login')
      .send({ username: '['.repeat(3000).slice(0, 64), password: '{'.repeat(100) });
    expect(res.status).toBe(401);
  });

  it('a non-string secondPerson.username next to a badgeCode: 400 VALIDATION_FAILED naming the field', async () => {
    for (const username of [5, { $gt: '' }, ['nurse'], true]) {
      const body = await refusedInBothLanguages(
        (lang) =>
          t
            .http()
            .post('/api/auth/second-person/verify')
            .set(bearer(c.nurse.token))
            .set('Accept-Language', lang)
            .send({ secondPerson: { username, badgeCode: c.nurse2.user.badgeCode, pin: c.nurse2.pin } }),
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(body.details)).toContain('secondPerson.username');
    }
    // The badge alone (or with an empty username, as a form sends it) still works.
    const ok = await t
      .http()
      .post('/api/auth/second-person/verify')
      .set(bearer(c.nurse.token))
      .send({ secondPerson: { username: '', badgeCode: c.nurse2.user.badgeCode, pin: c.nurse2.pin } });
    expect(ok.status).toBe(200);
  });

  it('a NUL character in free text: 400 INVALID_CHARACTERS naming the field, nothing written', async () => {
    const body = await refusedInBothLanguages(
      (lang) =>
        t
          .http()
          .post('/api/departments')
          .set(bearer(admin.token))
          .set('Accept-Language', lang)
          .send({ code: `N${Date.now() % 1e9}`, nameZh: '手术\u0000室', nameEn: 'OR' }),
      'INVALID_CHARACTERS',
    );
    expect(body.details).toEqual({ field: 'nameZh' });
    await refusedInBothLanguages(
      (lang) => t.http().get('/api/loads').query({ sterilizerId: 'x\u0000' }).set(bearer(c.nurse.token)).set('Accept-Language', lang),
      'INVALID_CHARACTERS',
    );
  });

  it('GET /api/loads?cycleNo=99999999999: 400 VALIDATION_FAILED', async () => {
    const body = await refusedInBothLanguages(
      (lang) => t.http().get('/api/loads?cycleNo=99999999999').set(bearer(c.nurse.token)).set('Accept-Language', lang),
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(body.details)).toContain('cycleNo');
  });

  it('label options {"dpi": 5e-324}: 400 VALIDATION_FAILED, no print recorded', async () => {
    const template = await createTemplate(t);
    const set = await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id });
    const [barcode] = await c.packedMany([set.assetCode]);
    for (const format of ['png', 'zpl', 'pdf']) {
      const body = await refusedInBothLanguages(
        (lang) =>
          t
            .http()
            .post(`/api/labels/packs/${barcode}/print`)
            .set(bearer(c.nurse.token))
            .set('Accept-Language', lang)
            .set('Content-Type', 'application/json')
            .send(`{"format":"${format}","dpi":5e-324}`),
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(body.details)).toContain('dpi');
      const preview = await t.http().get(`/api/labels/packs/${barcode}.${format}?dpi=5e-324`).set(bearer(c.nurse.token));
      expect({ format, status: preview.status, code: preview.body.code }).toEqual({ format, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
});
