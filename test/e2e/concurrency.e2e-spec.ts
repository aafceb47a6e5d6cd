import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createSet, createTemplate } from '../support/factories.js';

/**
 * Two stations scan the same thing at the same moment (style.md habit 3: the pack — or the set —
 * is locked FOR UPDATE, so exactly one wins). Each race is a pair of truly parallel HTTP requests
 * on the same app, repeated on fresh packs; the database is checked afterwards.
 */
const ROUNDS = 20;

describe('two stations scanning the same pack or set at the same moment', () => {
  let t: TestApp;
  /** Station 1 (its nurse, sterilizer, department) and station 2 (another nurse, sterilizer, department). */
  let c: ChainDriver;
  let c2: ChainDriver;
  let templateId: string;

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    c2 = await ChainDriver.create(t);
    templateId = (await createTemplate(t)).id;
  });
  afterAll(() => t.close());

  /** A scan from a given station by a given driver's nurse. */
  function scan(d: ChainDriver, station: string, path: string, body: object) {
    return t.http().post(path).set(bearer(d.nurse.token)).set('X-Station', station).send(body);
  }

  /** Both requests are on the wire before either answer is read. */
  function race(a: () => PromiseLike<Response>, b: () => PromiseLike<Response>): Promise<[Response, Response]> {
    return Promise.all([a(), b()]);
  }

  async function newSets(n: number): Promise<string[]> {
    const codes: string[] = [];
    for (let i = 0; i < n; i++) codes.push((await createSet(t, { templateId, homeDepartmentId: c.department.id })).assetCode);
    return codes;
  }

  async function eventTypes(packId: string): Promise<Record<string, number>> {
    const rows: { type: string; n: number }[] = await t.ds.query(
      `SELECT type, count(*)::int AS n FROM pack_events WHERE pack_id = $1 GROUP BY type`,
      [packId],
    );
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  async function packByBarcode(barcode: string) {
    const [row] = await t.ds.query(`SELECT id, state, load_id, department_id FROM packs WHERE barcode = $1`, [barcode]);
    return row as { id: string; state: string; load_id: string | null; department_id: string | null };
  }

  /** The two answers as [winner, loser]; fails the round unless exactly one succeeded. */
  function oneWinner(round: number, a: Response, b: Response): [Response, Response, 0 | 1] {
    expect({ round, statuses: [a.status, b.status].sort() }).toEqual({ round, statuses: [200, 409] });
    return a.status === 200 ? [a, b, 0] : [b, a, 1];
  }

  it(`(a) a packed pack scanned into two open loads at once goes into exactly one (${ROUNDS} rounds)`, async () => {
    const barcodes = await c.packedMany(await newSets(ROUNDS));
    for (const [round, code] of barcodes.entries()) {
      // Two sterilizers, one open load each, two nurses at two loading stations (their own: the loads stay open).
      const loads = [await (await c.withNewSterilizer()).openLoad(), await (await c2.withNewSterilizer()).openLoad()];
      const [ra, rb] = await race(
        () => scan(c, 'LOAD-1', `/api/loads/${loads[0].id}/packs`, { code }),
        () => scan(c2, 'LOAD-2', `/api/loads/${loads[1].id}/packs`, { code }),
      );
      const [win, lose, w] = oneWinner(round, ra, rb);
      expect(['PACK_ALREADY_LOADED', 'PACK_WRONG_STATE']).toContain(lose.body.code);
      expect(win.body.pack).toMatchObject({ barcode: code, state: 'loaded' });

      const pack = await packByBarcode(code);
      expect({ round, state: pack.state, loadId: pack.load_id }).toEqual({ round, state: 'loaded', loadId: loads[w].id });
      expect((await eventTypes(pack.id)).load).toBe(1);
      const items: { load_id: string; action: string }[] = await t.ds.query(`SELECT load_id, action FROM load_items WHERE pack_id = $1`, [
        pack.id,
      ]);
      expect({ round, items }).toEqual({ round, items: [{ load_id: loads[w].id, action: 'add' }] });
      // The losing load is still empty: it cannot be started.
      const other: { n: number }[] = await t.ds.query(`SELECT count(*)::int AS n FROM load_items WHERE load_id = $1`, [loads[1 - w].id]);
      expect(other[0].n).toBe(0);
    }
  });

  it(`(b) a stored pack dispatched to two departments at once goes to exactly one (${ROUNDS} rounds)`, async () => {
    const barcodes = await c.storedMany(await newSets(ROUNDS));
    const departments = [c.department.id, (await createDepartment(t)).id];
    for (const [round, code] of barcodes.entries()) {
      const [ra, rb] = await race(
        () => scan(c, 'DISPATCH-1', '/api/dispatch/scan', { code, departmentId: departments[0] }),
        () => scan(c2, 'DISPATCH-2', '/api/dispatch/scan', { code, departmentId: departments[1] }),
      );
      const [win, lose, w] = oneWinner(round, ra, rb);
      // The loser finds the pack no longer in sterile storage.
      expect(lose.body.code).toBe('NOT_IN_STORAGE');
      expect(win.body.pack).toMatchObject({ barcode: code, state: 'dispatched', departmentId: departments[w] });

      const pack = await packByBarcode(code);
      expect({ round, state: pack.state, departmentId: pack.department_id }).toEqual({
        round,
        state: 'dispatched',
        departmentId: departments[w],
      });
      const events = await eventTypes(pack.id);
      expect({ round, dispatch: events.dispatch }).toEqual({ round, dispatch: 1 });
      const [ev] = await t.ds.query(
        `SELECT data->>'departmentId' AS department_id, station FROM pack_events WHERE pack_id = $1 AND type = 'dispatch'`,
        [pack.id],
      );
      expect(ev).toEqual({ department_id: departments[w], station: w === 0 ? 'DISPATCH-1' : 'DISPATCH-2' });
    }
  });

  describe('(c) the same set recycled at two decontamination desks at once', () => {
    async function raceRecycle(assetCode: string) {
      return race(
        () => scan(c, 'DECON-1', '/api/recycling/scan', { code: assetCode, departmentId: c.department.id, ...c.handover() }),
        () => scan(c2, 'DECON-2', '/api/recycling/scan', { code: assetCode, departmentId: c.department.id, ...c.handover() }),
      );
    }

    async function packsOfSet(assetCode: string) {
      return (await t.ds.query(
        `SELECT p.id, p.barcode, p.state, p.cycle_no, p.replaced_by_pack_id, s.cycle_count
           FROM packs p JOIN instrument_sets s ON s.id = p.set_id
          WHERE s.asset_code = $1 ORDER BY p.cycle_no`,
        [assetCode],
      )) as {
        id: string;
        barcode: string | null;
        state: string;
        cycle_no: number;
        replaced_by_pack_id: string | null;
        cycle_count: number;
      }[];
    }

    it(`a set never processed before starts exactly one cycle (${ROUNDS} rounds)`, async () => {
      for (const [round, assetCode] of (await newSets(ROUNDS)).entries()) {
        const [ra, rb] = await raceRecycle(assetCode);
        const [win, lose, w] = oneWinner(round, ra, rb);
        expect(lose.body.code).toBe('SET_IN_PROCESS');
        expect(win.body.pack).toMatchObject({ setAssetCode: assetCode, state: 'collected', cycleNo: 1 });

        const packs = await packsOfSet(assetCode);
        expect({ round, packs: packs.map((p) => [p.state, p.cycle_no, p.cycle_count]) }).toEqual({ round, packs: [['collected', 1, 1]] });
        expect(await eventTypes(packs[0].id)).toEqual({ recycle: 1 });
        const [ev] = await t.ds.query(`SELECT station FROM pack_events WHERE pack_id = $1`, [packs[0].id]);
        expect(ev.station).toBe(w === 0 ? 'DECON-1' : 'DECON-2');
      }
    });

    it(`a set back from a department closes its old pack once and starts exactly one new cycle (${ROUNDS} rounds)`, async () => {
      const sets = await newSets(ROUNDS);
      const barcodes = await c.storedMany(sets);
      for (const code of barcodes) await c.dispatch(code);
      for (const [round, assetCode] of sets.entries()) {
        const [ra, rb] = await raceRecycle(assetCode);
        const [win, lose] = oneWinner(round, ra, rb);
        expect(lose.body.code).toBe('SET_IN_PROCESS');
        expect(win.body.pack).toMatchObject({ setAssetCode: assetCode, state: 'collected', cycleNo: 2 });
        // Dispatched, no use recorded and not stated unused: flagged for its department (issue 18).
        expect(win.body.closedPack).toEqual({ barcode: barcodes[round], state: 'use_unrecorded' });

        const packs = await packsOfSet(assetCode);
        expect({ round, packs: packs.map((p) => [p.barcode, p.state, p.cycle_no, p.cycle_count]) }).toEqual({
          round,
          packs: [
            [barcodes[round], 'use_unrecorded', 1, 2],
            [null, 'collected', 2, 2],
          ],
        });
        expect(packs[0].replaced_by_pack_id).toBe(packs[1].id);
        expect((await eventTypes(packs[0].id)).use_not_recorded).toBe(1);
        expect(await eventTypes(packs[1].id)).toEqual({ recycle: 1 });
      }
    });
  });
});
