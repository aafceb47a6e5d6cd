import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { expectOk, expectRefused } from '../support/expect.js';
import { bearer, createSet, createTemplate, createUser, uniq, type TestUser } from '../support/factories.js';

/** supertest collects a binary body as a Buffer. */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Issue 19 items 13–14: a load is judged by the catalog as it was when it started, and a pack's
 * provenance and label say what applied when each step happened — whatever the catalog says today.
 */
describe('the record as it was: catalog edits never rewrite a load or a pack', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const patch = (path: string, body: object) => t.http().patch(path).set(bearer(head.token)).send(body);
  const trace = async (barcode: string, c: ChainDriver) => expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token)));
  const label = async (barcode: string, format: 'svg' | 'zpl', c: ChainDriver) => {
    const res = await t.http().get(`/api/labels/packs/${barcode}.${format}`).set(bearer(c.nurse.token)).buffer(true).parse(binary);
    expectOk(res);
    return (res.body as Buffer).toString('utf8');
  };
  /** The words an SVG label shows (its aria-label lists every text run). */
  const labelText = (svg: string) => /^<svg[^>]* aria-label="([^"]*)"/.exec(svg)![1];

  it('a program edited during a run does not loosen it: unloaded at 125–126 °C, the load fails against 134–137 °C / 4 min', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([barcode]);
    const programPath = `/api/sterilizers/${c.sterilizer.sterilizer.id}/programs/${c.sterilizer.program.id}`;
    expectOk(await patch(programPath, { tempMinC: 121, minHoldMin: 1 }));

    const unloaded = await c.unload(load.id, { physical: { tempMinC: 125, tempMaxC: 126, holdMinutes: 4.5 } });
    expect(unloaded).toMatchObject({ status: 'failed', release: 'failed', physicalPassed: false });
    expect(unloaded.physicalProblems).toEqual(['temperature 125 °C below 134 °C']);
    expect(unloaded.counts).toMatchObject({ released: 0, failed: 1 });
    expectRefused(await c.post('/api/storage/scan', { code: barcode }), 409, 'PACK_WRONG_STATE');

    // The load kept the program it started with; the edit applies to loads started after it.
    const got = expectOk(await t.http().get(`/api/loads/${load.id}`).set(bearer(c.nurse.token)));
    expect(got.runSnapshot.program).toMatchObject({ code: 'P134', tempMinC: 134, tempMaxC: 137, minHoldMin: 4 });
    const [later] = await c.packedMany([await c.newSet()]);
    const next = await c.startLoad([later]);
    const nextUnloaded = await c.unload(next.id, { physical: { tempMinC: 125, tempMaxC: 126, holdMinutes: 1.5 } });
    expect(nextUnloaded).toMatchObject({ status: 'completed', release: 'released', physicalPassed: true });
  });

  it('a program deactivated after its load was opened: starting is refused, nothing changes', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad();
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: barcode }));
    expectOk(await t.http().post(`/api/sterilizers/${c.sterilizer.sterilizer.id}/programs/${c.sterilizer.program.id}/deactivate`).set(bearer(head.token)));

    const refused = await c.post(`/api/loads/${load.id}/start`, {}).set('Accept-Language', 'en');
    expectRefused(refused, 422, 'LOAD_PROGRAM_INACTIVE');
    expect(refused.body.message).toContain('P134');
    const got = expectOk(await t.http().get(`/api/loads/${load.id}`).set(bearer(c.nurse.token)));
    expect(got).toMatchObject({ status: 'open', startedAt: null, runSnapshot: null });
    expect(got.packs.map((p: { barcode: string; state: string }) => [p.barcode, p.state])).toEqual([[barcode, 'loaded']]);
    // The load can still be cancelled, and its packs go into a load on an active program.
    expectOk(await c.post(`/api/loads/${load.id}/cancel`, {}));
  });

});
