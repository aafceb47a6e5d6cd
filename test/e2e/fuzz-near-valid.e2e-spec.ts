import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ROLES, type Role } from '../../src/common/auth/roles.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createBiProduct, createSet, createTemplate, createUser, everyTable, rowCountsAtOnce } from '../support/factories.js';
import { FUZZ_RUNS, fuzzParameters, operations, resolver, type Operation, type Schema } from '../support/openapi-walk.js';
import { routeTable } from '../support/routes.js';
import { createScratchDatabase } from '../support/test-db.js';

/**
 * The second fuzzer (issue 13.4's, made to reach the service's own rules): fuzz.e2e-spec.ts shapes
 * its bodies from the schema but fills them with anything, so nearly every request stops at
 * validation. Here a body starts plausible — each field its documented example, an enum value, a
 * real id of the kind its name says (a department for departmentId, a load for loadId), a time just
 * past — and at most one field is then made wrong. Those requests pass validation and meet the
 * domain's checks (wrong stage, wrong sterilizer, expired, not yours), where a missed case is a 500.
 * Same properties: never a 5xx; a refusal writes nothing. On a scratch database of its own: what
 * the accepted requests change (sterilizers taken out of service, recalls opened) stays there.
 */
describe('fuzz: near-valid bodies for every route, every role', () => {
  const RUNS = FUZZ_RUNS;
  let t: TestApp;
  let ops: Operation[];
  let resolve: (s: Schema | undefined) => Schema;
  let tables: string[];
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  /** Real ids and codes by kind: what a field's name asks for. */
  const real: Record<string, string[]> = {};
  let every: string[] = [];
  /** The roles each operation lets in ("post /api/loads/{id}/start" → nurse, …), from the routes' own metadata. */
  const allowed = new Map<string, Role[]>();

  beforeAll(async () => {
    t = await createTestApp({}, { ownerUrl: await createScratchDatabase('fuzz_near_valid') });
    const c = await ChainDriver.create(t);
    for (const role of ROLES) {
      const u = await createUser(t, role, role === 'department' ? { departmentId: c.department.id } : {});
      [tokens[role], userIds[role]] = [u.token, u.user.id];
    }
    const template = await createTemplate(t);
    const sets = [
      await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id }),
      await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id }),
    ];
    const barcodes = await c.packedMany(sets.map((s) => s.assetCode));
    const load = await c.openLoad();
    const product = await createBiProduct(t);
    Object.assign(real, {
      department: [c.department.id],
      template: [template.id],
      set: sets.map((s) => s.id),
      load: [load.id],
      sterilizer: [c.sterilizer.sterilizer.id],
      program: [c.sterilizer.program.id, c.washer.program.id],
      washer: [c.washer.washer.id],
      product: [product.id],
      user: [c.nurse.user.id, c.nurse2.user.id, c.monitor.user.id, c.departmentUser.user.id],
      code: [...sets.map((s) => s.assetCode), ...barcodes, c.department.code, c.sterilizer.sterilizer.code],
    });
    every = Object.values(real).flat();
    const doc = (await t.http().get('/api/docs-json')).body;
    ops = operations(doc);
    resolve = resolver(doc);
    tables = await everyTable(t);
    for (const r of routeTable(t)) allowed.set(`${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`, r.roles ?? [...ROLES]);
  });
  afterAll(() => t.close());

  /** The real ids a field's name asks for (departmentId → departments), else any. */
  function idsFor(name: string): string[] {
    const kind = Object.keys(real).find((k) => k !== 'code' && new RegExp(k, 'i').test(name));
    if (kind) return real[kind];
    if (/code|barcode/i.test(name)) return real.code;
    return every;
  }

  const justPast = () =>
    fc.integer({ min: 1, max: 7 * 24 * 60 }).map((minutes) => new Date(t.clock.instant().getTime() - minutes * 60_000).toISOString());

  /** A value the route would plausibly accept for this field. */
  function plausible(name: string, s: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
    const r = resolve(s);
    const isId = /Ids?$/.test(name) || r.format === 'uuid';
    if (isId && r.type !== 'array') return fc.constantFrom(...idsFor(name));
    if (r.example !== undefined && !(r.type === 'array' && r.items && resolve(r.items).properties))
      return fc.oneof(fc.constant(r.example), ...(r.enum ? [fc.constantFrom(...r.enum)] : []));
    if (r.enum) return fc.constantFrom(...r.enum);
    if (r.type === 'array') {
      const items = resolve(r.items);
      if (items.enum) return fc.subarray(items.enum, { minLength: 1 });
      return fc.array(plausible(name.replace(/s$/, ''), r.items, depth + 1), { minLength: 1, maxLength: 3 });
    }
    if (r.type === 'object' || r.properties) return depth > 3 ? fc.constant({}) : plausibleObject(r, depth + 1);
    if (r.type === 'boolean') return fc.boolean();
    if (r.type === 'integer' || r.type === 'number') return fc.integer({ min: 0, max: 20 });
    if (/At$|^from$|^to$|Time$/.test(name)) return justPast();
    if (/code|barcode/i.test(name)) return fc.constantFrom(...real.code);
    return fc.constantFrom('测试 test', 'Ward nurse Li', '06901234567892', '2026-01-01');
  }

  function plausibleObject(r: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const required = new Set(r.required ?? []);
    const props = Object.fromEntries(Object.entries(r.properties ?? {}).map(([k, v]) => [k, plausible(k, v, depth)]));
    return fc.record(props, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
  }

  /** What one field is made: missing, null, another kind, out of range, another real id, hostile text. */
  const wrong = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constantFrom('', ' ', 'x'.repeat(5000), '２０２６', "'; DROP TABLE packs; --", '2026-13-45T25:61:00Z', '9999-12-31T23:59:59Z'),
    fc.constantFrom(-1, 0, 1e9, 2 ** 31, 1.5, -0.01, Number.MAX_SAFE_INTEGER),
    fc.constantFrom(true, false, [], {}, [null]),
    fc.uuid(),
    fc.constant('0001-01-01T00:00:00Z'),
  );

  const request = () =>
    fc.constantFrom(...ops).chain((op) => {
      const body = op.body ? plausible('', op.body, 0) : fc.constant(undefined);
      return fc.record({
        op: fc.constant(op),
        // Mostly a role the route lets in (else nearly half the requests stop at the role check).
        role: fc.oneof(
          { arbitrary: fc.constantFrom<Role>(...(allowed.get(`${op.method} ${op.path}`) ?? ROLES)), weight: 5 },
          { arbitrary: fc.constantFrom<Role>(...ROLES), weight: 1 },
        ),
        params: fc.tuple(...op.pathParams.map((name) => fc.constantFrom(...idsFor(name))), fc.constant(null)),
        body: body.chain((b) =>
          b && typeof b === 'object' && !Array.isArray(b) && Object.keys(b).length > 0
            ? fc.oneof(
                fc.constant(b),
                fc
                  .tuple(fc.constantFrom(...Object.keys(b)), wrong)
                  .map(([k, v]) => ({ ...(b as Record<string, unknown>), [k]: v }) as Record<string, unknown>),
              )
            : fc.constant(b),
        ),
      });
    });

  it(
    `${RUNS} near-valid requests: no 5xx, and a refusal writes nothing`,
    async () => {
      expect(ops.length).toBeGreaterThan(40);
      const statuses: Record<string, number> = {};
      let counts = await rowCountsAtOnce(t, tables);
      await fc.assert(
        fc.asyncProperty(request(), async ({ op, role, params, body }) => {
          let path = op.path;
          op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, encodeURIComponent(String(params[i])))));
          const req = (t.http() as unknown as Record<string, (p: string) => ReturnType<ReturnType<TestApp['http']>['get']>>)
            [op.method](path)
            .set(bearer(tokens[role]))
            .set('X-Station', 'FUZZ-1');
          const res = await (body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body)));
          const bucket = res.status < 400 ? `${Math.floor(res.status / 100)}xx` : String(res.body?.code ?? res.status);
          statuses[bucket] = (statuses[bucket] ?? 0) + 1;
          const label = `${op.method.toUpperCase()} ${op.path} as ${role} ${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${res.body?.code ?? ''}`;
          expect({ label, serverError: res.status >= 500 }).toEqual({ label, serverError: false });
          // A sign-out (or a password change) ended this role's session: signed in again for the next requests.
          if (res.body?.code === 'SESSION_ENDED' || op.path === '/api/auth/logout') {
            const [{ token_version: tv }] = await t.ds.query('SELECT token_version FROM users WHERE id = $1', [userIds[role]]);
            tokens[role] = t.jwt.sign({ sub: userIds[role], role, tv }, { expiresIn: 3600 });
          }
          const after = await rowCountsAtOnce(t, tables);
          if (res.status >= 400) expect({ label, counts: after }).toEqual({ label, counts });
          counts = after;
        }),
        fuzzParameters(),
      );
      const answers = Object.entries(statuses).sort((a, b) => b[1] - a[1]);
      console.log(`fuzz (near-valid): ${RUNS} requests over ${ops.length} operations`, Object.fromEntries(answers.slice(0, 25)));
      // Reaching the rules: most requests get past the role check and validation (an answer, or a domain refusal).
      const stopped = (statuses.FORBIDDEN_ROLE ?? 0) + (statuses.VALIDATION_FAILED ?? 0);
      expect(stopped / RUNS).toBeLessThan(0.75);
    },
    RUNS * 400,
  );
});
