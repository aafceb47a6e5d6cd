import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../../src/common/auth/roles.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createUser, rowCounts } from '../support/factories.js';
import { routeTable, type Route } from '../support/routes.js';

// Path parameters get a well-formed id that matches nothing.
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');

describe('route access matrix: deny by default, roles on every route', () => {
  let t: TestApp;
  let routes: Route[];
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  beforeAll(async () => {
    t = await createTestApp();
    routes = routeTable(t);
    for (const role of ROLES) {
      const u = await createUser(t, role);
      tokens[role] = u.token;
      userIds[role] = u.user.id;
    }
  });
  /** After POST /api/auth/logout the caller's token is dead: sign that user in again for the next routes. */
  const signInAgain = async (role: Role) => {
    const [{ token_version: tv }] = await t.ds.query('SELECT token_version FROM users WHERE id = $1', [userIds[role]]);
    tokens[role] = t.jwt.sign({ sub: userIds[role], role, tv }, { expiresIn: 3600 });
  };
  afterAll(() => t.close());

  const send = (r: Route, token?: string) => {
    const req = (t.http() as unknown as Record<string, (p: string) => ReturnType<ReturnType<TestApp['http']>['get']>>)[
      r.method.toLowerCase()
    ](concrete(r.path));
    if (token) req.set(bearer(token));
    return ['POST', 'PATCH', 'PUT'].includes(r.method) ? req.send({}) : req;
  };

  it('finds the application’s routes, and only sign-in (password or badge), health and docs are public', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(
      routes
        .filter((r) => r.isPublic)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['GET /api/health', 'POST /api/auth/badge-login', 'POST /api/auth/login']);
  });

  it('every non-public route declares at least one role', () => {
    const undeclared = routes.filter((r) => !r.isPublic && !(r.roles && r.roles.length > 0));
    expect(undeclared).toEqual([]);
  });

  it('every non-public route refuses an anonymous caller with 401', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      const res = await send(r);
      if (res.status !== 401 || res.body.code !== 'UNAUTHENTICATED')
        failures.push(`${r.method} ${r.path} → ${res.status} ${res.body.code}`);
    }
    expect(failures).toEqual([]);
  });

  it('every route refuses each role it does not allow with 403, and lets the allowed roles past the guard', async () => {
    const before = await rowCounts(t, ['audit_log', 'departments', 'set_templates', 'users']);
    const failures: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      for (const role of ROLES) {
        const res = await send(r, tokens[role]);
        if (r.path === '/api/auth/logout') await signInAgain(role);
        const allowed = r.roles!.includes(role);
        const refused = res.status === 403 && res.body.code === 'FORBIDDEN_ROLE';
        if (allowed === refused || res.status === 401 || res.status >= 500)
          failures.push(`${r.method} ${r.path} as ${role} → ${res.status} ${res.body.code}`);
      }
    }
    expect(failures).toEqual([]);
    // Allowed callers sent empty bodies and unknown ids: nothing may have been written.
    expect(await rowCounts(t, ['audit_log', 'departments', 'set_templates', 'users'])).toEqual(before);
    // Every route × every role, one request each: its time grows with the API.
  }, 180_000);

  it('the OpenAPI document lists every route with its roles', async () => {
    const doc = (await t.http().get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { 'x-roles'?: string[]; 'x-public'?: boolean }>>;
    };
    for (const r of routes) {
      const op = doc.paths[r.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op).toBeDefined();
      if (r.isPublic) expect(op['x-public']).toBe(true);
      else expect([...(op['x-roles'] ?? [])].sort()).toEqual([...r.roles!].sort());
    }
  });
});
