import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../../src/common/auth/roles.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createSet, createUser, everyTable, rowCountsAtOnce } from '../support/factories.js';
import { resolver, type OpenApiDoc, type Schema } from '../support/openapi-walk.js';

interface Probe {
  method: string;
  path: string;
  /** The body sent: one field null, everything else left out. */
  body: Record<string, unknown>;
  /** How the service names that field in VALIDATION_FAILED's details.fields. */
  field: string;
  nullable: boolean;
}

// Path parameters get well-formed values that match nothing: ids, barcodes, codes.
const concrete = (path: string) =>
  path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => (/id$/i.test(name) ? '00000000-0000-4000-8000-000000000000' : 'P00000000001'));

/**
 * The OpenAPI document is the pages' contract (the client is typed from it): a field of a request
 * body that it does not declare nullable must be refused as null — 400 VALIDATION_FAILED naming the
 * field, nothing written — and one it declares nullable must be accepted as null. class-validator's
 * IsOptional lets null through to a NOT NULL column (a 500 the fuzzer found by chance:
 * PATCH /api/instrument-sets/{id} with homeDepartmentId null); this walks every field of every
 * body, one level of nesting included, instead of sampling them.
 */
describe('null contract: every body field of the OpenAPI document, null sent alone', () => {
  let t: TestApp;
  let probes: Probe[];
  let tables: string[];
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ROLES) tokens[role] = (await createUser(t, role)).token;
    const doc = (await t.http().get('/api/docs-json')).body as OpenApiDoc;
    const resolve = resolver(doc);
    /** One probe per field, and per field of a nested object or of an array's objects (one level down). */
    const fieldsOf = (s: Schema, depth: number): { body: Record<string, unknown>; field: string; nullable: boolean }[] =>
      Object.entries(resolve(s).properties ?? {}).flatMap(([name, raw]) => {
        const own = { body: { [name]: null }, field: name, nullable: raw.nullable === true };
        if (depth > 0) return [own];
        const r = resolve(raw);
        const nested = r.type === 'array' ? resolve(r.items) : r;
        if (!nested.properties) return [own];
        const inner = fieldsOf(nested, depth + 1).map((p) => ({
          body: { [name]: r.type === 'array' ? [p.body] : p.body },
          field: r.type === 'array' ? `${name}.0.${p.field}` : `${name}.${p.field}`,
          nullable: p.nullable,
        }));
        return [own, ...inner];
      });
    probes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).flatMap(([method, op]) => {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        return schema ? fieldsOf(schema, 0).map((p) => ({ method, path, ...p })) : [];
      }),
    );
    tables = await everyTable(t);
  });
  afterAll(() => t.close());

  /** Sent as the first role the route lets in (body validation runs after the role check). */
  const send = async (p: Probe) => {
    for (const role of ROLES) {
      const req = (t.http() as unknown as Record<string, (path: string) => ReturnType<ReturnType<TestApp['http']>['get']>>)
        [p.method](concrete(p.path))
        .set(bearer(tokens[role]));
      const res = await req.send(p.body);
      if (res.status !== 403) return res;
    }
    throw new Error(`${p.method.toUpperCase()} ${p.path}: no role is let in`);
  };

  it('a null in a field not declared nullable is refused naming the field, and writes nothing', async () => {
    const refused = probes.filter((p) => !p.nullable);
    expect(refused.length).toBeGreaterThan(300);
    const before = await rowCountsAtOnce(t, tables);
    const wrong: string[] = [];
    for (const p of refused) {
      const res = await send(p);
      const fields = ((res.body?.details?.fields ?? []) as { field: string }[]).map((f) => f.field);
      if (res.status !== 400 || res.body.code !== 'VALIDATION_FAILED' || !fields.includes(p.field))
        wrong.push(
          `${p.method.toUpperCase()} ${p.path} ${JSON.stringify(p.body)} → ${res.status} ${res.body?.code ?? ''} ${fields.join(',')}`,
        );
    }
    expect(wrong).toEqual([]);
    expect(await rowCountsAtOnce(t, tables)).toEqual(before);
  }, 300_000);

  it('a null in a field declared nullable passes validation (it means "none": no limit, no GTIN, no department)', async () => {
    const accepted = probes.filter((p) => p.nullable);
    // Template weights and GTIN, sterilizer inspection date and program limits, a user's department and badge.
    expect(accepted.map((p) => p.field)).toEqual(
      expect.arrayContaining(['weightKg', 'maxWeightKg', 'gtin', 'annualInspectionValidUntil', 'pressureMinKpa', 'departmentId']),
    );
    const wrong: string[] = [];
    for (const p of accepted) {
      const res = await send(p);
      const fields = ((res.body?.details?.fields ?? []) as { field: string }[]).map((f) => f.field);
      if (res.status >= 500 || fields.includes(p.field))
        wrong.push(`${p.method.toUpperCase()} ${p.path} ${JSON.stringify(p.body)} → ${res.status} ${res.body?.code ?? ''}`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it("the fuzzer's case: a real set edited with homeDepartmentId null is refused and keeps its department", async () => {
    const set = await createSet(t);
    const res = await t.http().patch(`/api/instrument-sets/${set.id}`).set(bearer(tokens.head_nurse)).send({ homeDepartmentId: null });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ field: 'homeDepartmentId' }] } });
    const after = await t.http().get(`/api/instrument-sets/${set.id}`).set(bearer(tokens.head_nurse));
    expect(after.body.homeDepartmentId).toBe(set.homeDepartmentId);
  });
});
