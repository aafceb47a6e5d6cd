import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * BI products in the catalog (issue 18, §4.2): a BI names its product when it is placed; the
 * product decides the methods it may go into and its incubation, hence the earliest read time.
 */
describe('BI products: the catalog and what a BI takes from its product', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const product = (body: object, token = head.token) => t.http().post('/api/bi-products').set(bearer(token)).send(body);
  const attest1292 = (code: string) => ({
    code,
    nameZh: '3M Attest 1292 快速生物指示物',
    nameEn: '3M Attest 1292 rapid readout BI',
    manufacturer: '3M',
    methods: ['steam_prevacuum', 'steam_gravity'],
    incubationMinutes: 180,
  });

  it('the head nurse keeps BI products (code, names, manufacturer, methods, incubation); a nurse may read them, not edit them', async () => {
    const nurse = await createUser(t, 'nurse');
    const code = `AT1292-${Date.now() % 100000}`;
    const created = expectOk(await product(attest1292(code)));
    expect(created).toMatchObject({
      code,
      manufacturer: '3M',
      methods: ['steam_prevacuum', 'steam_gravity'],
      incubationMinutes: 180,
      active: true,
    });
    expectRefused(await product(attest1292(code)), 409, 'DUPLICATE_CODE');
    expectRefused(await product({ ...attest1292(`${code}X`), incubationMinutes: 5 }), 400, 'VALIDATION_FAILED');
    expectRefused(await product({ ...attest1292(`${code}Y`), methods: ['microwave'] }), 400, 'VALIDATION_FAILED');
    expectRefused(await product({ ...attest1292(`${code}Z`), methods: [] }), 400, 'VALIDATION_FAILED');
    expectRefused(await product(attest1292(`${code}N`), nurse.token), 403, 'FORBIDDEN_ROLE');
    const list = expectOk(await t.http().get('/api/bi-products').set(bearer(nurse.token)));
    expect(list.map((p: { code: string }) => p.code)).toContain(code);
    const edited = expectOk(await t.http().patch(`/api/bi-products/${created.id}`).set(bearer(head.token)).send({ incubationMinutes: 60 }));
    expect(edited.incubationMinutes).toBe(60);
  });

  it('placing a BI names its product: a product not made for the sterilizer’s method, an unknown or a deactivated one is refused, nothing written', async () => {
    const c = await ChainDriver.create(t);
    const load = await c.openLoad();
    const plasmaOnly = expectOk(
      await product({
        code: `H2O2-${Date.now() % 100000}`,
        nameZh: '过氧化氢低温等离子生物指示物',
        nameEn: 'H2O2 plasma BI',
        manufacturer: 'Test',
        methods: ['h2o2_plasma'],
        incubationMinutes: 1440,
      }),
    );
    const before = await rowCounts(t, ['bi_tests']);
    const mismatch = expectRefused(
      await c.post('/api/monitoring/bi', { loadId: load.id, productId: plasmaOnly.id, lot: 'L1' }, c.monitor.token),
      422,
      'BI_PRODUCT_METHOD_MISMATCH',
    );
    expect(mismatch.message).toContain(plasmaOnly.code);
    expectRefused(
      await c.post(
        '/api/monitoring/bi',
        { loadId: load.id, productId: '00000000-0000-4000-8000-000000000000', lot: 'L1' },
        c.monitor.token,
      ),
      404,
      'BI_PRODUCT_NOT_FOUND',
    );
    expectRefused(await c.post('/api/monitoring/bi', { loadId: load.id, lot: 'L1' }, c.monitor.token), 400, 'VALIDATION_FAILED');
    const steam = expectOk(await product({ ...attest1292(`OLD-${Date.now() % 100000}`) }));
    expectOk(await t.http().post(`/api/bi-products/${steam.id}/deactivate`).set(bearer(head.token)).send({}));
    expectRefused(
      await c.post('/api/monitoring/bi', { loadId: load.id, productId: steam.id, lot: 'L1' }, c.monitor.token),
      422,
      'BI_PRODUCT_INACTIVE',
    );
    expect(await rowCounts(t, ['bi_tests'])).toEqual(before);
  });

  it('the earliest read time is the product’s incubation after the cycle (3 h rapid readout), kept with the BI when the catalog changes later', async () => {
    const c = await ChainDriver.create(t);
    const rapid = expectOk(await product(attest1292(`R3H-${Date.now() % 100000}`)));
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad();
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: barcode }));
    const bi = expectOk(await c.post('/api/monitoring/bi', { loadId: load.id, productId: rapid.id, lot: 'LOT-R3' }, c.monitor.token));
    expect(bi).toMatchObject({ productId: rapid.id, readoutMinutes: 180 });
    await c.beforeStart(load.id);
    expectOk(await c.post(`/api/loads/${load.id}/start`, {}));
    const unloaded = await c.unload(load.id);
    // The catalog says 1 h from now on; this BI still incubates the 3 h it was placed with.
    expectOk(await t.http().patch(`/api/bi-products/${rapid.id}`).set(bearer(head.token)).send({ incubationMinutes: 60 }));
    t.clock.advanceMinutes(61);
    const early = expectRefused(
      await c.post(`/api/monitoring/bi/${bi.id}/read`, { result: 'passed' }, c.monitor.token),
      422,
      'BI_READ_TOO_EARLY',
    );
    expect(early.details).toMatchObject({ earliest: new Date(new Date(unloaded.completedAt).getTime() + 180 * 60_000).toISOString() });
  });
});
