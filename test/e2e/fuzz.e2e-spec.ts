import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ROLES, type Role } from '../../src/common/auth/roles.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate, createUser, everyTable, rowCountsAtOnce } from '../support/factories.js';
import { FUZZ_RUNS, fuzzParameters, operations, resolver, type Operation, type Schema } from '../support/openapi-walk.js';

/**
 * Property-based fuzzing of every route (issue 13.4): generated path parameters, query strings
 * and bodies — shaped by the route's own schema, with wrong types, huge and tiny numbers,
 * NUL characters, deep nesting and real ids mixed in — sent with a valid token of each role and
 * anonymously. Whatever comes back is never a 5xx, and a refusal leaves every table's row count
 * as it was.
 */
describe('fuzz: every route of the OpenAPI document, every role', () => {
  const RUNS = FUZZ_RUNS;
  let t: TestApp;
  let ops: Operation[];
  let resolve: (s: Schema | undefined) => Schema;
  let tables: string[];
  const tokens = {} as Record<Role, string>;
  const realIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const c = await ChainDriver.create(t);
    for (const role of ROLES)
      tokens[role] = (await createUser(t, role, role === 'department' ? { departmentId: c.department.id } : {})).token;
    const template = await createTemplate(t);
    const set = await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id });
    const [barcode] = await c.packedMany([set.assetCode]);
    const load = await c.openLoad();
    realIds.push(
      c.department.id,
      template.id,
      set.id,
      set.assetCode,
      barcode,
      load.id,
      c.sterilizer.sterilizer.id,
      c.sterilizer.program.id,
      c.washer.washer.id,
    );
    const doc = (await t.http().get('/api/docs-json')).body;
    ops = operations(doc);
    resolve = resolver(doc);
    tables = await everyTable(t);
  });
  afterAll(async () => {
    // A generated "solution in use" (POST /api/quality-checks/tasks) joins the shared schedule: retired again,
    // so that other files' concentration readings need not name their solution (READING_TASK_REQUIRED).
    await t.ds.query(`UPDATE quality_check_tasks SET active = false WHERE code ~ '-[0-9]+$' AND active`);
    await t.close();
  });

  const nasty = fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '99999999999',
    '-1',
    '0',
    '5e-324',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    '%',
    '../../etc',
    "'; DROP TABLE packs; --",
    '２０２６',
    '🧪',
    'x'.repeat(5000),
  );
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    nasty,
    fc.constantFrom(...['P00000000001', '2026-01-01', '2026-13-45T25:61:00Z']),
  );
  const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(5e-324, 1e308, -0, 2 ** 31, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER));
  const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));
  const anyJson = fc.jsonValue({ maxDepth: 3 });

  /** A value for the schema: mostly of the right kind, sometimes anything at all. */
  function valueFor(s: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
    const r = resolve(s);
    const ids = realIds.length > 0 ? [fc.constantFrom(...realIds)] : [];
    let right: fc.Arbitrary<unknown>;
    if (r.enum) right = fc.constantFrom(...r.enum);
    else if (r.type === 'object' || r.properties) right = depth > 3 ? fc.constant({}) : objectFor(r, depth + 1);
    else if (r.type === 'array') right = fc.array(valueFor(r.items, depth + 1), { maxLength: 4 });
    else if (r.type === 'number' || r.type === 'integer') right = number;
    else if (r.type === 'boolean') right = fc.boolean();
    else right = fc.oneof(text, ...ids, fc.uuid());
    return fc.oneof({ arbitrary: right, weight: 6 }, { arbitrary: scalar, weight: 2 }, { arbitrary: anyJson, weight: 1 });
  }

  function objectFor(r: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const props = Object.fromEntries(Object.entries(r.properties ?? {}).map(([k, v]) => [k, valueFor(v, depth)]));
    return fc
      .tuple(fc.record(props, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 1 }), fc.boolean())
      .map(([known, extra, withExtra]) => (withExtra ? { ...extra, ...known } : known));
  }

  const request = () =>
    fc.constantFrom(...ops).chain((op) =>
      fc.record({
        op: fc.constant(op),
        role: fc.constantFrom<Role | null>(...ROLES, ...ROLES, null),
        params: fc.tuple(
          ...op.pathParams.map(() => fc.oneof(fc.constantFrom(...realIds), fc.uuid(), text, number.map(String))),
          fc.constant(null),
        ),
        query: fc.dictionary(
          fc.constantFrom(...op.query, 'x', 'limit'),
          fc.oneof(text, number.map(String), fc.array(text, { maxLength: 2 })),
          { maxKeys: 3 },
        ),
        body: op.body
          ? fc.oneof({ arbitrary: valueFor(op.body, 0), weight: 8 }, { arbitrary: anyJson, weight: 1 })
          : fc.constant(undefined),
      }),
    );

  it(
    `${RUNS} generated requests: no 5xx, and a refusal writes nothing`,
    async () => {
      expect(ops.length).toBeGreaterThan(40);
      const statuses: Record<string, number> = {};
      let counts = await rowCountsAtOnce(t, tables);
      await fc.assert(
        fc.asyncProperty(request(), async ({ op, role, params, query, body }) => {
          let path = op.path;
          op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, encodeURIComponent(String(params[i])))));
          const req = (t.http() as unknown as Record<string, (p: string) => ReturnType<ReturnType<TestApp['http']>['get']>>)
            [op.method](path)
            .query(query);
          if (role) req.set(bearer(tokens[role]));
          const res = await (body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body)));
          const bucket = `${Math.floor(res.status / 100)}xx`;
          statuses[bucket] = (statuses[bucket] ?? 0) + 1;
          const label = `${op.method.toUpperCase()} ${path} as ${role ?? 'anonymous'} → ${res.status} ${res.body?.code ?? ''}`;
          expect({ label, serverError: res.status >= 500 }).toEqual({ label, serverError: false });
          const after = await rowCountsAtOnce(t, tables);
          if (res.status >= 400) expect({ label, counts: after }).toEqual({ label, counts });
          counts = after;
        }),
        fuzzParameters(),
      );

      console.log(`fuzz: ${RUNS} requests over ${ops.length} operations`, statuses);
    },
    RUNS * 400,
  ); // 1,500 requests, each with a count of every history table: ~25 s on an idle machine, minutes on a loaded one
});
