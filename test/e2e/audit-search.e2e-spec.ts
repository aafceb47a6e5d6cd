import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, uniq, type TestUser } from '../support/factories.js';
import { expectRefused } from '../support/expect.js';

interface Item {
  id: string;
  type: string;
  station: string | null;
  barcode: string | null;
  setCode: string | null;
  loadId: string | null;
  departmentId: string | null;
  actor: { id: string } | null;
  secondActor: { id: string } | null;
}

/**
 * Issue 15, search of the pack history (head nurse, monitor): a history built here — two sets
 * recycled from a department of their own, washed, packed (co-signed), sterilized in one load on a
 * sterilizer of their own, stored, one dispatched at a station of its own — searched by each filter.
 */
describe('audit search of the pack history', () => {
  let t: TestApp;
  let head: TestUser;
  /** A nurse who only stored the two packs. */
  let storer: TestUser;
  let c: ChainDriver;
  let setA: string;
  let setB: string;
  let a: string;
  let b: string;
  let loadId: string;
  let today: string;
  const station = uniq('DSP');

  async function search(query: Record<string, string | number>, user = head): Promise<{ items: Item[]; nextBefore: string | null }> {
    const res = await t
      .http()
      .get('/api/audit/events')
      .query({ from: today, to: today, ...query })
      .set(bearer(user.token));
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone);
    today = localDate(t.clock.instant(), t.config.timezone);
    head = await createUser(t, 'head_nurse');
    c = await ChainDriver.create(t);
    setA = await c.newSet();
    setB = await c.newSet();
    [a, b] = await c.packedMany([setA, setB]);
    await c.sterilize([a, b]);
    storer = await createUser(t, 'nurse');
    for (const code of [a, b]) expect((await t.http().post('/api/storage/scan').set(bearer(storer.token)).send({ code })).status).toBe(200);
    const res = await c.t
      .http()
      .post('/api/dispatch/scan')
      .set(bearer(c.nurse.token))
      .set('X-Station', station)
      .send({ code: a, departmentId: c.department.id });
    expect(res.status).toBe(200);
    const [row] = await t.ds.query(
      `SELECT DISTINCT li.load_id::text AS id FROM load_items li JOIN packs p ON p.id = li.pack_id WHERE p.barcode = $1`,
      [a],
    );
    loadId = row.id;
  }, 120_000);
  afterAll(() => t?.close());

  it('finds the one dispatch by its station, and by kind and department', async () => {
    const { items } = await search({ station });
    expect(items.map((i) => [i.type, i.barcode, i.departmentId])).toEqual([['dispatch', a, c.department.id]]);
    const byKind = await search({ type: 'dispatch', departmentId: c.department.id });
    expect(byKind.items.map((i) => i.barcode)).toEqual([a]);
  });

  it('finds the department’s steps: the two sets collected from it and the one pack sent to it', async () => {
    const { items } = await search({ departmentId: c.department.id });
    expect(items.map((i) => `${i.type} ${i.setCode}`).sort()).toEqual([`dispatch ${setA}`, `recycle ${setA}`, `recycle ${setB}`].sort());
  });

  it('finds a person’s steps: the nurse who stored the two packs, and nothing else of hers', async () => {
    const { items } = await search({ actorId: storer.user.id });
    expect(items.map((i) => i.type)).toEqual(['store', 'store']);
    expect(items.map((i) => i.barcode).sort()).toEqual([a, b].sort());
    expect(items.every((i) => i.actor?.id === storer.user.id)).toBe(true);
  });

  it('finds a load’s steps by the load and by its sterilizer (its only load), and a pack’s by its barcode or set', async () => {
    const byLoad = await search({ loadId });
    const inDb = await t.ds.query(`SELECT e.id::text FROM pack_events e WHERE e.data ->> 'loadId' = $1 ORDER BY e.id DESC`, [loadId]);
    expect(byLoad.items.map((i) => i.id)).toEqual(inDb.map((r: { id: string }) => r.id));
    expect(new Set(byLoad.items.map((i) => i.barcode))).toEqual(new Set([a, b]));
    expect(byLoad.items.every((i) => i.loadId === loadId)).toBe(true);
    const bySterilizer = await search({ sterilizerId: c.sterilizer.sterilizer.id });
    expect(bySterilizer.items.map((i) => i.id)).toEqual(byLoad.items.map((i) => i.id));

    const byBarcode = await search({ barcode: b });
    const ofB = await t.ds.query(
      `SELECT e.id::text FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 ORDER BY e.id DESC`,
      [b],
    );
    expect(byBarcode.items.map((i) => i.id)).toEqual(ofB.map((r: { id: string }) => r.id));
    expect(byBarcode.items.map((i) => i.type)).toContain('recycle');
    const bySet = await search({ setCode: setB });
    expect(bySet.items.map((i) => i.id)).toEqual(byBarcode.items.map((i) => i.id));
  });

  it('pages newest first with nextBefore, and an earlier period holds none of it', async () => {
    const all = (await search({ barcode: a })).items;
    expect(all.length).toBeGreaterThan(4);
    const paged: Item[] = [];
    let before: string | null = null;
    do {
      const page: { items: Item[]; nextBefore: string | null } = await search({ barcode: a, limit: 2, ...(before ? { before } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      before = page.nextBefore;
    } while (before);
    expect(paged.map((i) => i.id)).toEqual(all.map((i) => i.id));
    const yesterday = addLocalDays(today, -1);
    expect((await search({ barcode: a, from: yesterday, to: yesterday })).items).toEqual([]);
  });

  it('refuses a period that ends before it starts or spans more than three years, and anyone but the head nurse and the monitor', async () => {
    const get = (q: Record<string, string>, user = head) => t.http().get('/api/audit/events').query(q).set(bearer(user.token));
    expectRefused(await get({ from: today, to: addLocalDays(today, -1) }), 422, 'AUDIT_PERIOD_INVALID');
    expectRefused(await get({ from: addLocalDays(today, -1200), to: today }), 422, 'AUDIT_PERIOD_INVALID');
    expectRefused(await get({ from: 'yesterday', to: today }), 400, 'VALIDATION_FAILED');
    const monitor = await createUser(t, 'monitor');
    expect((await get({ from: today, to: today }, monitor)).status).toBe(200);
    expect((await get({ from: today, to: today }, c.nurse)).status).toBe(403);
    expect((await get({ from: today, to: today }, c.departmentUser)).status).toBe(403);
  });
});
