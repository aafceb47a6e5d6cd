import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PackagingMaterial } from '../../src/catalog/catalog.enums.js';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp, testNow } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';
import { rewriteHistoryAsOwner } from '../support/test-db.js';

/**
 * Issue 19 item 6 — seed 13.4 (§4.1): cotton cloth keeps 14 days only while sterile storage meets
 * the standard (below 24 °C, below 70 % RH), otherwise 7 days. A reading out of limits shortens the
 * cotton packs already in the CSSD; a pack received while storage is out of limits is shortened
 * too; packs whose printed label now promises too much are listed for relabelling.
 *
 * Readings are global: every test leaves sterile storage compliant again.
 */
const HOSPITAL_TZ = 'Asia/Shanghai';
const today = () => localDate(testNow(), HOSPITAL_TZ);
function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

describe('cotton packs when sterile storage leaves its limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const reading = (c: ChainDriver, kind: string, value: number, extra: object = {}) =>
    c.post('/api/monitoring/readings', { kind, value, ...extra }, c.monitor.token);
  async function compliant(c: ChainDriver) {
    expectOk(await reading(c, 'storage_temperature', 20));
    expectOk(await reading(c, 'storage_humidity', 50));
  }
  const packRow = async (barcode: string) =>
    (
      await t.ds.query(
        `SELECT state, to_char(sterilization_date, 'YYYY-MM-DD') AS sterilization_date, to_char(expiry_date, 'YYYY-MM-DD') AS expiry_date FROM packs WHERE barcode = $1`,
        [barcode],
      )
    )[0];
  const eventsOf = (barcode: string, type: string) =>
    t.ds.query(
      `SELECT e.type, e.from_state, e.to_state, e.actor_id, e.station, e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = $2 ORDER BY e.id`,
      [barcode, type],
    );

  /** A pack packed, loaded, its label printed, and its load started (expiry fixed now): barcode and load. */
  async function labelledAndStarted(c: ChainDriver, packagingMaterial: PackagingMaterial) {
    const [barcode] = await c.packedMany([await c.newSet({ packagingMaterial })]);
    const load = await c.openLoad();
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: barcode }));
    expect((await c.post(`/api/labels/packs/${barcode}/print`, {})).status).toBe(200);
    await c.beforeStart(load.id);
    expectOk(await c.post(`/api/loads/${load.id}/start`, {}));
    return { barcode, load };
  }

  const templateCode = async (barcode: string) =>
    (await t.ds.query(`SELECT t.code FROM packs p JOIN set_templates t ON t.id = p.template_id WHERE p.barcode = $1`, [barcode]))[0]
      .code as string;

  it('a reading out of limits shortens stored cotton packs to 7 days (an event by the reader); one sterilized 8 days ago is PACK_EXPIRED; the relabel list shows them until reprinted', async () => {
    const c = await ChainDriver.create(t);
    const head = await createUser(t, 'head_nurse');
    await compliant(c);
    try {
      // Sterilized today while storage met the standard: 14 days, printed on the label.
      const fresh = await labelledAndStarted(c, 'cotton');
      await c.unload(fresh.load.id);
      await c.store(fresh.barcode, { location: 'A-01-1' });
      expect(await packRow(fresh.barcode)).toEqual({ state: 'stored', sterilization_date: today(), expiry_date: shiftDate(today(), 14) });

      // Sterilized 8 days ago (its history set with SQL): 14 days then; 7 days ended yesterday.
      const old = await labelledAndStarted(c, 'cotton');
      await c.unload(old.load.id);
      await c.store(old.barcode, { location: 'A-01-2' });
      const eightDaysAgo = shiftDate(today(), -8);
      await rewriteHistoryAsOwner(
        `UPDATE sterilizer_loads SET started_at = started_at - interval '8 days', sterilization_date = $2 WHERE id = $1`,
        [old.load.id, eightDaysAgo],
      );
      await t.ds.query(`UPDATE packs SET sterilization_date = $2, expiry_date = $3 WHERE barcode = $1`, [
        old.barcode,
        eightDaysAgo,
        shiftDate(eightDaysAgo, 14),
      ]);

      // Crepe paper keeps its 6 months whatever the storage climate.
      const crepe = await labelledAndStarted(c, 'crepe_nonwoven');
      await c.unload(crepe.load.id);
      await c.store(crepe.barcode);
      const crepeBefore = await packRow(crepe.barcode);

      const hot = expectOk(await reading(c, 'storage_temperature', 26));
      expect(hot).toMatchObject({ kind: 'storage_temperature', withinLimits: false });
      expect(hot.shortenedCottonPacks).toBeGreaterThanOrEqual(2);

      expect(await packRow(fresh.barcode)).toEqual({ state: 'stored', sterilization_date: today(), expiry_date: shiftDate(today(), 7) });
      expect(await packRow(old.barcode)).toEqual({
        state: 'stored',
        sterilization_date: eightDaysAgo,
        expiry_date: shiftDate(today(), -1),
      });
      expect(await eventsOf(fresh.barcode, 'expiry_shortened')).toEqual([
        {
          type: 'expiry_shortened',
          from_state: 'stored',
          to_state: 'stored',
          actor_id: c.monitor.user.id,
          station: 'TEST-1',
          data: expect.objectContaining({
            expiryDate: shiftDate(today(), 7),
            previousExpiryDate: shiftDate(today(), 14),
            cause: 'storage_reading',
            readingId: hot.id,
            kind: 'storage_temperature',
            value: 26,
          }),
        },
      ]);
      expect(await packRow(crepe.barcode)).toEqual(crepeBefore);
      expect(await eventsOf(crepe.barcode, 'expiry_shortened')).toEqual([]);

      // A second reading out of limits shortens nothing twice.
      expectOk(await reading(c, 'storage_humidity', 80));
      expect(await eventsOf(fresh.barcode, 'expiry_shortened')).toHaveLength(1);

      // The pack sterilized 8 days ago is expired: dispatch refuses it.
      expectRefused(await c.post('/api/dispatch/scan', { code: old.barcode, departmentId: c.department.id }), 422, 'PACK_EXPIRED');

      // Both labels still print the 14-day expiry: listed for relabelling, earliest real expiry first.
      const relabel = async (token = c.nurse.token) => {
        const res = await t.http().get('/api/storage/relabel').set(bearer(token));
        return (expectOk(res) as { barcode: string }[]).filter((r) => [fresh.barcode, old.barcode, crepe.barcode].includes(r.barcode));
      };
      expect(await relabel()).toEqual([
        expect.objectContaining({
          barcode: old.barcode,
          state: 'stored',
          templateCode: await templateCode(old.barcode),
          nameZh: '测试包',
          nameEn: 'Test set',
          printedExpiryDate: shiftDate(today(), 14),
          expiryDate: shiftDate(today(), -1),
          storageLocation: 'A-01-2',
        }),
        expect.objectContaining({
          barcode: fresh.barcode,
          state: 'stored',
          templateCode: await templateCode(fresh.barcode),
          printedExpiryDate: shiftDate(today(), 14),
          expiryDate: shiftDate(today(), 7),
          storageLocation: 'A-01-1',
        }),
      ]);
      expect((await relabel(head.token)).map((r) => r.barcode)).toEqual([old.barcode, fresh.barcode]);
      expectRefused(await t.http().get('/api/storage/relabel').set(bearer(c.departmentUser.token)), 403, 'FORBIDDEN_ROLE');

      // Reprinting the label (it now reads the 7-day expiry) takes the pack off the list; it can go out.
      expect((await c.post(`/api/labels/packs/${fresh.barcode}/reprint`, { reason: '库房环境超标 storage out of limits' })).status).toBe(
        200,
      );
      expect((await relabel()).map((r) => r.barcode)).toEqual([old.barcode]);
      expect((await c.dispatch(fresh.barcode)).pack.expiryDate).toBe(shiftDate(today(), 7));
    } finally {
      await compliant(c);
    }
  });

  it('a cotton pack received into storage while storage is out of limits gets 7 days, and the scan warns its label is outdated', async () => {
    const c = await ChainDriver.create(t);
    await compliant(c);
    try {
      const p = await labelledAndStarted(c, 'cotton');
      await c.unload(p.load.id);
      expect(await packRow(p.barcode)).toMatchObject({ state: 'released', expiry_date: shiftDate(today(), 14) });
      // A reading out of limits that shortened nothing (it committed while this load was starting):
      // written with SQL, past the service.
      await t.ds.query(
        `INSERT INTO environment_readings (kind, value, unit, limit_max, within_limits, measured_at, recorded_by, recorded_at) VALUES ('storage_humidity', 78, '%RH', 70, false, $2, $1, $2)`,
        [c.monitor.user.id, t.clock.instant()],
      );
      const stored = await c.store(p.barcode);
      expect(stored.pack).toMatchObject({ state: 'stored', expiryDate: shiftDate(today(), 7) });
      expect(stored.warnings).toEqual([
        expect.objectContaining({
          code: 'LABEL_EXPIRY_OUTDATED',
          details: { printedExpiryDate: shiftDate(today(), 14), expiryDate: shiftDate(today(), 7) },
        }),
      ]);
      expect(await eventsOf(p.barcode, 'expiry_shortened')).toEqual([
        expect.objectContaining({
          from_state: 'released',
          to_state: 'released',
          actor_id: c.nurse.user.id,
          data: expect.objectContaining({
            expiryDate: shiftDate(today(), 7),
            previousExpiryDate: shiftDate(today(), 14),
            cause: 'received_while_storage_out_of_standard',
          }),
        }),
      ]);
    } finally {
      await compliant(c);
    }
  });

  it('a reading entered late (measured before later compliant readings) shortens only the packs whose load had started by then', async () => {
    const c = await ChainDriver.create(t);
    await compliant(c);
    try {
      const before = await labelledAndStarted(c, 'cotton');
      await c.unload(before.load.id);
      await c.store(before.barcode);
      await rewriteHistoryAsOwner(`UPDATE sterilizer_loads SET started_at = $2::timestamptz - interval '3 hours' WHERE id = $1`, [
        before.load.id,
        t.clock.instant(),
      ]);
      const after = await labelledAndStarted(c, 'cotton');
      await c.unload(after.load.id);
      await c.store(after.barcode);

      // Out of limits two hours ago; the compliant readings since say storage is back in its limits.
      expectOk(await reading(c, 'storage_temperature', 25, { measuredAt: new Date(testNow().getTime() - 2 * 3600_000).toISOString() }));
      expect(await packRow(before.barcode)).toMatchObject({ expiry_date: shiftDate(today(), 7) });
      expect(await packRow(after.barcode)).toMatchObject({ expiry_date: shiftDate(today(), 14) });
      expect(await eventsOf(after.barcode, 'expiry_shortened')).toEqual([]);
    } finally {
      await compliant(c);
    }
  });
});
