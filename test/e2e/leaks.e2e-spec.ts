import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import request from 'supertest';
import { packBarcode } from '../../src/kernel/barcode.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createSet, createTemplate, createUser, type TestUser } from '../support/factories.js';

/** A well-formed label far above any serial the tests reach: no pack ever had it. */
let serial = 9_000_000_000 + (Date.now() % 100_000_000);
const neverIssued = () => packBarcode(serial++);

/**
 * Department A must learn nothing about department B's packs (issue 13.6): B's voided label
 * sent to A's receive / use / problem / recall-return scans answers exactly as a barcode that never existed.
 */
describe('a voided label of another department looks like an unknown barcode', () => {
  let t: TestApp;
  let c: ChainDriver;
  let otherWard: TestUser;
  let oldLabel: string;
  let current: string;

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    otherWard = await createUser(t, 'department', { departmentId: (await createDepartment(t)).id });
    const template = await createTemplate(t);
    const set = await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id });
    [current] = await c.storedMany([set.assetCode]);
    await c.dispatch(current);
    // The pack was relabelled before it left: its first label is void, naming the current one.
    oldLabel = neverIssued();
    const [pack] = await t.ds.query(`SELECT id FROM packs WHERE barcode = $1`, [current]);
    await t.ds.query(
      `INSERT INTO voided_labels (barcode, pack_id, replaced_by, reason, voided_by, voided_at) VALUES ($1, $2, $3, '标签污损', $4, $5)`,
      [oldLabel, pack.id, current, c.nurse.user.id, t.clock.instant()],
    );
  });
  afterAll(() => t.close());

  const scans: [string, (code: string) => object][] = [
    ['/api/department/receive', (code) => ({ code })],
    ['/api/department/use', (code) => ({ code, patientId: 'ZY2026001234' })],
    ['/api/department/problems', (code) => ({ code, kind: 'wet' })],
    ['/api/department/recalls/return', (code) => ({ code })],
  ];

  it.each(scans)('%s: the same 404 UNKNOWN_BARCODE as a label never issued, nothing of B in it', async (path, body) => {
    const unknown = neverIssued();
    for (const lang of ['zh-CN', 'en']) {
      const voided = await t.http().post(path).set(bearer(otherWard.token)).set('Accept-Language', lang).send(body(oldLabel));
      const never = await t.http().post(path).set(bearer(otherWard.token)).set('Accept-Language', lang).send(body(unknown));
      expect(never.status).toBe(404);
      expect(never.body.code).toBe('UNKNOWN_BARCODE');
      expect({ status: voided.status, body: JSON.parse(JSON.stringify(voided.body).replaceAll(oldLabel, unknown)) }).toEqual({
        status: never.status,
        body: never.body,
      });
      expect(JSON.stringify(voided.body)).not.toContain(current);
    }
  });

  it('the department that holds the pack is still told the label is void and which one replaced it', async () => {
    const own = await t.http().post('/api/department/receive').set(bearer(c.departmentUser.token)).send({ code: oldLabel });
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('LABEL_VOIDED');
    expect(JSON.stringify(own.body)).toContain(current);
  });
});

describe('security headers and caching (helmet)', () => {
  let t: TestApp;
  let nurse: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    nurse = await createUser(t, 'nurse');
  });
  afterAll(() => t.close());

  it('every answer — public, authenticated, refused, unknown route — carries nosniff, no framing and the CSP', async () => {
    const answers = [
      await t.http().get('/api/health'),
      await t.http().get('/api/auth/me').set(bearer(nurse.token)),
      await t.http().get('/api/auth/me'),
      await t.http().get('/api/no-such-route'),
      await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'wrong-password' }),
    ];
    for (const res of answers) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      const csp = Object.fromEntries(
        String(res.headers['content-security-policy'])
          .split(';')
          .map((d) => {
            const [k, ...v] = d.trim().split(/\s+/);
            return [k, v.join(' ')];
          }),
      );
      expect(csp).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self' 'unsafe-inline'",
        'connect-src': "'self'",
        'frame-ancestors': "'none'",
        'object-src': "'none'",
      });
      expect(csp['font-src']).toContain("'self'");
      expect(res.headers['x-powered-by']).toBeUndefined();
      // Plain HTTP: no HSTS.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('an answer that went out over TLS carries HSTS', async () => {
    const express = t.app.getHttpAdapter().getInstance() as (req: IncomingMessage, res: ServerResponse) => void;
    // As behind a TLS socket: Express reads the protocol from the socket.
    const tls = createServer((req, res) => {
      (req.socket as unknown as { encrypted: boolean }).encrypted = true;
      express(req, res);
    });
    const res = await request(tls).get('/api/health');
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
  });

  it('API answers are never stored by a browser or a proxy: Cache-Control no-store (provenance carries patient ids)', async () => {
    for (const res of [
      await t.http().get('/api/auth/me').set(bearer(nurse.token)),
      await t.http().get('/api/trace/packs/P00000000001').set(bearer(nurse.token)),
      await t.http().post('/api/auth/login').send({ username: nurse.user.username, password: nurse.password }),
    ]) {
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('the OpenAPI UI is served at /api/docs by default', async () => {
    const ui = await t.http().get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('CSSD_API_DOCS=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CSSD_API_DOCS: 'false' });
  });
  afterAll(() => t.close());

  it('takes the OpenAPI UI down; the JSON document stays for clients and tests', async () => {
    const ui = await t.http().get('/api/docs/');
    expect(ui.status).toBe(404);
    expect(ui.text).not.toContain('swagger');
    const json = await t.http().get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths).length).toBeGreaterThan(40);
  });
});
