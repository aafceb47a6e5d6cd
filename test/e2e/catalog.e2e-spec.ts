import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createSterilizer, createTemplate, createUser, rowCounts, uniq } from '../support/factories.js';

const TABLES = [
  'departments',
  'set_templates',
  'instrument_sets',
  'sterilizers',
  'sterilizer_programs',
  'washers',
  'washer_programs',
  'audit_log',
];

describe('catalog: departments, templates, sets, sterilizers, washers', () => {
  let t: TestApp;
  let head: string;
  let headId: string;
  let nurse: string;
  beforeAll(async () => {
    t = await createTestApp();
    const h = await createUser(t, 'head_nurse');
    head = h.token;
    headId = h.user.id;
    nurse = (await createUser(t, 'nurse')).token;
  });
  afterAll(() => t.close());

  it('creates a template with its contents, and the audit log records who and what', async () => {
    const code = uniq('APP');
    const res = await t
      .http()
      .post('/api/set-templates')
      .set(bearer(head))
      .send({
        code,
        nameZh: '阑尾包',
        nameEn: 'Appendectomy set',
        packagingMaterial: 'cotton',
        sterilizationMethod: 'steam_prevacuum',
        critical: true,
        weightKg: 3.2,
        contents: [
          { nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 1 },
          { nameZh: '直止血钳', nameEn: 'Straight haemostat', specification: '14cm', quantity: 4 },
        ],
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code, nameZh: '阑尾包', critical: true, implant: false, weightKg: 3.2, active: true });
    expect(res.body.contents).toHaveLength(2);

    const audit = await t.http().get(`/api/audit?entityType=set_template&entityId=${res.body.id}`).set(bearer(head));
    expect(audit.status).toBe(200);
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0]).toMatchObject({ action: 'create', actorId: headId, before: null });
    expect(audit.body[0].after).toMatchObject({ code, nameZh: '阑尾包' });
  });

  it('updates keep a before/after record; deactivation hides the item from default lists but never deletes it', async () => {
    const dept = await createDepartment(t);
    const upd = await t.http().patch(`/api/departments/${dept.id}`).set(bearer(head)).send({ nameEn: 'Orthopedics' });
    expect(upd.status).toBe(200);
    expect(upd.body.nameEn).toBe('Orthopedics');

    const off = await t.http().post(`/api/departments/${dept.id}/deactivate`).set(bearer(head));
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const list = await t.http().get('/api/departments').set(bearer(nurse));
    expect(list.body.map((d: { id: string }) => d.id)).not.toContain(dept.id);
    const all = await t.http().get('/api/departments?includeInactive=true').set(bearer(nurse));
    expect(all.body.map((d: { id: string }) => d.id)).toContain(dept.id);

    const audit = await t.http().get(`/api/audit?entityId=${dept.id}`).set(bearer(head));
    expect(audit.body.map((a: { action: string }) => a.action)).toEqual(['deactivate', 'update']);
    const update = audit.body[1];
    expect(update.before.nameEn).toBe('Test department');
    expect(update.after.nameEn).toBe('Orthopedics');
  });

  it('a duplicate code is refused with 409 DUPLICATE_CODE and writes nothing', async () => {
    const dept = await createDepartment(t);
    const before = await rowCounts(t, TABLES);
    const res = await t
      .http()
      .post('/api/departments')
      .set(bearer(head))
      .set('Accept-Language', 'en')
      .send({ code: dept.code, nameZh: '重复', nameEn: 'Dup' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'DUPLICATE_CODE', message: `This code already exists: ${dept.code}` });
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('missing fields, wrong types and unknown fields → 400 listing each field, nothing written', async () => {
    const before = await rowCounts(t, TABLES);
    const res = await t
      .http()
      .post('/api/set-templates')
      .set(bearer(head))
      .send({
        code: 'has space',
        nameZh: 42,
        packagingMaterial: 'plastic',
        sterilizationMethod: 'steam_prevacuum',
        contents: [{ nameZh: '剪', nameEn: 'Scissors', specification: '', quantity: 0 }],
        colour: 'blue',
      });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['code', 'colour', 'contents.0.quantity', 'nameEn', 'nameZh', 'packagingMaterial'].sort());
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('an instrument set needs an active template and department', async () => {
    const tpl = await createTemplate(t);
    const dept = await createDepartment(t);
    const ok = await t
      .http()
      .post('/api/instrument-sets')
      .set(bearer(head))
      .send({ assetCode: uniq('APP-'), templateId: tpl.id, homeDepartmentId: dept.id });
    expect(ok.status).toBe(201);
    expect(ok.body.cycleCount).toBe(0);

    await t.http().post(`/api/set-templates/${tpl.id}/deactivate`).set(bearer(head)).expect(200);
    const before = await rowCounts(t, TABLES);
    const refused = await t
      .http()
      .post('/api/instrument-sets')
      .set(bearer(head))
      .send({ assetCode: uniq('APP-'), templateId: tpl.id, homeDepartmentId: dept.id });
    expect([refused.status, refused.body.code]).toEqual([422, 'INACTIVE_REFERENCE']);
    const unknown = await t
      .http()
      .post('/api/instrument-sets')
      .set(bearer(head))
      .send({ assetCode: uniq('APP-'), templateId: '00000000-0000-4000-8000-000000000000', homeDepartmentId: dept.id });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
    expect(await rowCounts(t, TABLES)).toEqual(before);

    const byCode = await t.http().get(`/api/instrument-sets?assetCode=${ok.body.assetCode}`).set(bearer(nurse));
    expect(byCode.body).toHaveLength(1);
  });

  it('a sterilizer keeps its method once it holds a load (STERILIZER_TYPE_LOCKED); one never loaded may change it', async () => {
    const c = await ChainDriver.create(t);
    await c.openLoad();
    const used = c.sterilizer.sterilizer.id;
    const refused = await t.http().patch(`/api/sterilizers/${used}`).set(bearer(head)).send({ type: 'h2o2_plasma' });
    expect([refused.status, refused.body.code]).toEqual([422, 'STERILIZER_TYPE_LOCKED']);
    expect((await t.http().get(`/api/sterilizers/${used}`).set(bearer(nurse))).body.type).toBe('steam_prevacuum');

    const fresh = (await createSterilizer(t)).sterilizer.id;
    const changed = await t.http().patch(`/api/sterilizers/${fresh}`).set(bearer(head)).send({ type: 'h2o2_plasma' });
    expect(changed.status).toBe(200);
    expect((await t.http().get(`/api/sterilizers/${fresh}`).set(bearer(nurse))).body.type).toBe('h2o2_plasma');
  });

  it('sterilizers carry programs with physical limits; an inverted range is refused', async () => {
    const code = uniq('S');
    const s = await t.http().post('/api/sterilizers').set(bearer(head)).send({
      code,
      nameZh: '1号脉动真空灭菌器',
      nameEn: 'Pre-vacuum steam sterilizer 1',
      type: 'steam_prevacuum',
      annualInspectionValidUntil: '2027-05-31',
    });
    expect(s.status).toBe(201);
    expect(s.body.status).toBe('in_service');
    const p = await t.http().post(`/api/sterilizers/${s.body.id}/programs`).set(bearer(head)).send({
      code: 'P134',
      nameZh: '134℃ 标准',
      nameEn: '134 °C standard',
      tempMinC: 134,
      tempMaxC: 137,
      minHoldMin: 4,
      pressureMinKpa: 205,
      pressureMaxKpa: 230,
    });
    expect(p.status).toBe(201);
    const dup = await t
      .http()
      .post(`/api/sterilizers/${s.body.id}/programs`)
      .set(bearer(head))
      .send({ code: 'P134', nameZh: 'x', nameEn: 'x', tempMinC: 134, tempMaxC: 137, minHoldMin: 4 });
    expect([dup.status, dup.body.code]).toEqual([409, 'DUPLICATE_CODE']);
    const bad = await t
      .http()
      .post(`/api/sterilizers/${s.body.id}/programs`)
      .set(bearer(head))
      .send({ code: 'P121', nameZh: 'x', nameEn: 'x', tempMinC: 124, tempMaxC: 121, minHoldMin: 20 });
    expect([bad.status, bad.body.code]).toEqual([422, 'INVALID_RANGE']);
    const badPatch = await t.http().patch(`/api/sterilizers/${s.body.id}/programs/${p.body.id}`).set(bearer(head)).send({ tempMaxC: 100 });
    expect([badPatch.status, badPatch.body.code]).toEqual([422, 'INVALID_RANGE']);

    const got = await t.http().get(`/api/sterilizers/${s.body.id}`).set(bearer(nurse));
    expect(got.body.programs).toHaveLength(1);
    expect(got.body.programs[0]).toMatchObject({ code: 'P134', tempMinC: 134, tempMaxC: 137, minHoldMin: 4, pressureMinKpa: 205 });
  });

  it('washers carry their programs (A0)', async () => {
    const w = await t
      .http()
      .post('/api/washers')
      .set(bearer(head))
      .send({ code: uniq('W'), nameZh: '1号全自动清洗消毒器', nameEn: 'Washer-disinfector 1' });
    expect(w.status).toBe(201);
    const p = await t.http().post(`/api/washers/${w.body.id}/programs`).set(bearer(head)).send({
      code: 'INST',
      nameZh: '器械标准程序',
      nameEn: 'Instruments standard',
      disinfectTempMinC: 90,
      disinfectMinMin: 1,
      a0Min: 600,
    });
    expect(p.status).toBe(201);
    const got = await t.http().get(`/api/washers/${w.body.id}`).set(bearer(nurse));
    expect(got.body.programs[0]).toMatchObject({ code: 'INST', a0Min: 600 });
  });

  it('a deactivated program can be activated again (sterilizer and washer); a program of another machine is not found', async () => {
    const s = await t
      .http()
      .post('/api/sterilizers')
      .set(bearer(head))
      .send({ code: uniq('S'), nameZh: '灭菌器', nameEn: 'Sterilizer', type: 'steam_prevacuum' });
    const p = await t
      .http()
      .post(`/api/sterilizers/${s.body.id}/programs`)
      .set(bearer(head))
      .send({ code: 'P134', nameZh: '134℃', nameEn: '134 °C', tempMinC: 134, tempMaxC: 137, minHoldMin: 4 });
    await t.http().post(`/api/sterilizers/${s.body.id}/programs/${p.body.id}/deactivate`).set(bearer(head)).expect(200);
    const on = await t.http().post(`/api/sterilizers/${s.body.id}/programs/${p.body.id}/activate`).set(bearer(head));
    expect([on.status, on.body.active]).toEqual([200, true]);
    expect((await t.http().get(`/api/sterilizers/${s.body.id}`).set(bearer(nurse))).body.programs[0].active).toBe(true);

    const w = await t
      .http()
      .post('/api/washers')
      .set(bearer(head))
      .send({ code: uniq('W'), nameZh: '清洗机', nameEn: 'Washer' });
    const wp = await t
      .http()
      .post(`/api/washers/${w.body.id}/programs`)
      .set(bearer(head))
      .send({ code: 'INST', nameZh: '器械', nameEn: 'Instruments', disinfectTempMinC: 90, disinfectMinMin: 1, a0Min: 600 });
    await t.http().post(`/api/washers/${w.body.id}/programs/${wp.body.id}/deactivate`).set(bearer(head)).expect(200);
    const won = await t.http().post(`/api/washers/${w.body.id}/programs/${wp.body.id}/activate`).set(bearer(head));
    expect([won.status, won.body.active]).toEqual([200, true]);

    const before = await rowCounts(t, TABLES);
    const foreign = await t.http().post(`/api/washers/${w.body.id}/programs/${p.body.id}/activate`).set(bearer(head));
    expect([foreign.status, foreign.body.code]).toEqual([404, 'PROGRAM_NOT_FOUND']);
    const byNurse = await t.http().post(`/api/sterilizers/${s.body.id}/programs/${p.body.id}/activate`).set(bearer(nurse));
    expect([byNurse.status, byNurse.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    expect(await rowCounts(t, TABLES)).toEqual(before);
  });

  it('unknown ids, malformed ids, unknown routes and malformed JSON all answer JSON 4xx', async () => {
    const unknown = await t
      .http()
      .get('/api/set-templates/00000000-0000-4000-8000-000000000000')
      .set(bearer(nurse))
      .set('Accept-Language', 'en');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ code: 'TEMPLATE_NOT_FOUND', message: 'Unknown set template' });
    const malformed = await t.http().get('/api/set-templates/not-a-uuid').set(bearer(nurse));
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const route = await t.http().get('/api/no-such-thing').set(bearer(nurse));
    expect(route.status).toBe(404);
    expect(route.body.code).toBe('ROUTE_NOT_FOUND');
    const json = await t.http().post('/api/departments').set(bearer(head)).set('Content-Type', 'application/json').send('{"code": ');
    expect([json.status, json.body.code]).toEqual([400, 'MALFORMED_BODY']);
    expect(JSON.stringify(json.body)).not.toMatch(/at .*\.js/);
  });
});
