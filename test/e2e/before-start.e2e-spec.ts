import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, rowCounts } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';
import { startFakePrinter, type FakePrinter } from '../support/fake-printer.js';

/**
 * Issue 18 ("Count sheets and checks", last two bullets): before a load starts, every pack's
 * label is printed, and the loading check (seed 1.4) is recorded — by a second person too for
 * implant and critical loads.
 */
describe('before a load starts', () => {
  let t: TestApp;
  let c: ChainDriver;
  let printer: FakePrinter;
  beforeAll(async () => {
    printer = await startFakePrinter();
    t = await createTestApp({ CSSD_LABEL_PRINTERS: `LOAD-1=127.0.0.1:${printer.port}` });
    c = await ChainDriver.create(t);
  });
  afterAll(async () => {
    await t?.close();
    await printer?.close();
  });

  /** A fresh sterilizer's load holding `barcodes` (scanned in, nothing printed), not started. */
  async function loaded(barcodes: string[]) {
    const d = await c.withNewSterilizer();
    const load = await d.openLoad();
    for (const code of barcodes) expectOk(await d.post(`/api/loads/${load.id}/packs`, { code }));
    return { d, load };
  }

  const loadState = async (loadId: string) => {
    const [row] = await t.ds.query(`SELECT status, started_at FROM sterilizer_loads WHERE id = $1`, [loadId]);
    const packs = await t.ds.query(`SELECT state FROM packs WHERE load_id = $1`, [loadId]);
    return { ...row, packs: packs.map((p: { state: string }) => p.state) };
  };

  describe('labels are printed first (§6)', () => {
    it('a load whose packs were never printed does not start; the refusal names them by barcode and set, and nothing changes', async () => {
      const lap = await c.newSet({ nameZh: '剖腹探查包', nameEn: 'Laparotomy set' });
      const basin = await c.newSet({ nameZh: '换药碗', nameEn: 'Dressing bowl' });
      const [a, b] = await c.packedMany([lap, basin]);
      const { d, load } = await loaded([a, b]);
      const before = { ...(await rowCounts(t, ['pack_events', 'load_items'])), load: await loadState(load.id) };

      const zh = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 409, 'LABELS_NOT_PRINTED');
      expect(zh.message).toContain(`${a} 剖腹探查包`);
      expect(zh.message).toContain(`${b} 换药碗`);
      expect(zh.details).toEqual({ barcodes: expect.arrayContaining([a, b]) });
      const en = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}).set('Accept-Language', 'en'), 409, 'LABELS_NOT_PRINTED');
      expect(en.message).toContain(`${a} Laparotomy set`);
      expect(en.message).not.toMatch(/[\u4e00-\u9fff]/);
      expect({ ...(await rowCounts(t, ['pack_events', 'load_items'])), load: await loadState(load.id) }).toEqual(before);

      // One label printed (a pack's PNG): the refusal names only the other.
      expectOk(await d.post(`/api/labels/packs/${a}/print`, {}));
      const one = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 409, 'LABELS_NOT_PRINTED');
      expect(one.details).toEqual({ barcodes: [b] });
      // The other sent to the station's Zebra printer: both printed, the load starts.
      expectOk(await d.post(`/api/labels/packs/${b}/send`, { printer: 'LOAD-1' }));
      expect((await printer.waitForJobs(1)).some((job) => job.includes(b))).toBe(true);
      await d.checkLoad(load.id, false);
      expect(expectOk(await d.post(`/api/loads/${load.id}/start`, {})).status).toBe('running');
    });

    it('the load’s own sheet counts as a print, and printing only what is missing leaves printed labels alone', async () => {
      const sets = [await c.newSet(), await c.newSet(), await c.newSet()];
      const barcodes = await c.packedMany(sets);
      const { d, load } = await loaded(barcodes);
      expectOk(await d.post(`/api/labels/packs/${barcodes[0]}/print`, {}));
      expectRefused(await d.post(`/api/labels/loads/${load.id}/print`, {}), 409, 'LABEL_ALREADY_PRINTED');
      expectOk(await d.post(`/api/labels/loads/${load.id}/print`, { unprintedOnly: true }));
      const prints = await t.ds.query(
        `SELECT p.barcode, count(e.id)::int AS n FROM packs p JOIN pack_events e ON e.pack_id = p.id AND e.type = 'label_printed' WHERE p.load_id = $1 GROUP BY p.barcode ORDER BY p.barcode`,
        [load.id],
      );
      expect(prints).toEqual([...barcodes].sort().map((barcode) => ({ barcode, n: 1 })));
      expectRefused(await d.post(`/api/labels/loads/${load.id}/print`, { unprintedOnly: true }), 422, 'LABEL_NOTHING_TO_PRINT');
      await d.checkLoad(load.id, false);
      expect(expectOk(await d.post(`/api/loads/${load.id}/start`, {})).status).toBe('running');
    });

    it('many unprinted packs: the first five are named, "and N more", every barcode in the details', async () => {
      const sets = [];
      for (let i = 0; i < 7; i++) sets.push(await c.newSet({ nameZh: '弯盘', nameEn: 'Kidney dish' }));
      const barcodes = await c.packedMany(sets);
      const { d, load } = await loaded(barcodes);
      const en = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}).set('Accept-Language', 'en'), 409, 'LABELS_NOT_PRINTED');
      expect(en.message).toContain('The labels of 7 pack(s) have not been printed');
      expect(en.message).toMatch(/and 2 more$/);
      expect(en.message.match(/Kidney dish/g)).toHaveLength(5);
      expect((en.details as { barcodes: string[] }).barcodes.sort()).toEqual([...barcodes].sort());
      const zh = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 409, 'LABELS_NOT_PRINTED');
      expect(zh.message).toMatch(/等另外 2 个$/);
    });

    it('a label printed for a barcode that was voided (the pack taken out and put back) does not count', async () => {
      const [a] = await c.packedMany([await c.newSet()]);
      const { d, load } = await loaded([a]);
      expectOk(await d.post(`/api/labels/packs/${a}/print`, {}));
      const out = expectOk(await d.post(`/api/loads/${load.id}/packs/remove`, { code: a }));
      const renewed = out.newBarcode as string;
      expect(renewed).not.toBe(a);
      expectOk(await d.post(`/api/loads/${load.id}/packs`, { code: renewed }));
      const refused = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 409, 'LABELS_NOT_PRINTED');
      expect(refused.details).toEqual({ barcodes: [renewed] });
    });

    it('storage and dispatch never see a pack whose label was not printed: the driver prints, a test may ask it not to', async () => {
      const [a] = await c.packedMany([await c.newSet()]);
      const d = await c.withNewSterilizer();
      await expect(d.startLoad([a], { printLabels: false })).rejects.toThrow(/LABELS_NOT_PRINTED/);
      const [{ state }] = await t.ds.query(`SELECT state FROM packs WHERE barcode = $1`, [a]);
      expect(state).toBe('loaded');
    });
  });

  describe('the loading check (seed 1.4)', () => {
    const items = { packaging: true, quantity: true, specification: true, loadingMethod: true };

    it('a load without a passed check does not start; a failed item is kept as a failed check and named in the refusal', async () => {
      const [a] = await c.packedMany([await c.newSet()]);
      const { d, load } = await loaded([a]);
      await d.printLabels(load.id);
      const missing = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 422, 'LOAD_CHECK_MISSING');
      expect(missing.message).toContain(`第 ${load.cycleNo} 锅`);
      expect(await loadState(load.id)).toMatchObject({ status: 'open', started_at: null, packs: ['loaded'] });

      // Loading method failed (a pouch lying flat): recorded as a failed check, by whom and when.
      const from = t.clock.instant().getTime();
      const failed = expectOk(await d.post(`/api/loads/${load.id}/check`, { ...items, loadingMethod: false, note: '纸塑袋平放' }));
      expect(failed).toMatchObject({
        passed: false,
        loadingMethod: false,
        packaging: true,
        packCount: 1,
        checkedBy: c.nurse.user.displayName,
        secondCheckedBy: null,
        current: true,
        note: '纸塑袋平放',
      });
      // When: the service's clock.
      expect(new Date(failed.checkedAt).getTime()).toBeGreaterThanOrEqual(from);
      expect(new Date(failed.checkedAt).getTime()).toBeLessThanOrEqual(t.clock.instant().getTime());
      const zh = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 422, 'LOAD_CHECK_FAILED');
      expect(zh.message).toContain('装载方法');
      const en = expectRefused(await d.post(`/api/loads/${load.id}/start`, {}).set('Accept-Language', 'en'), 422, 'LOAD_CHECK_FAILED');
      expect(en.message).toContain('loading method');
      expect(en.message).not.toMatch(/[\u4e00-\u9fff]/);

      // A verdict cannot be stated: it follows from the items — not over HTTP, not in the database.
      expectRefused(
        await d.post(`/api/loads/${load.id}/check`, { ...items, loadingMethod: false, passed: true }),
        400,
        'VALIDATION_FAILED',
      );
      await expect(
        t.ds.query(
          `INSERT INTO load_checks (load_id, packaging, quantity, specification, loading_method, passed, pack_ids, second_required, checked_by, checked_at) SELECT $1, true, true, true, false, true, ARRAY[p.id], false, $2, now() FROM packs p WHERE p.barcode = $3`,
          [load.id, c.nurse.user.id, a],
        ),
      ).rejects.toThrow(/ck_load_checks_passed/);

      // Corrected and checked again: the load starts, and its views and the pack's provenance show the check.
      expectOk(await d.post(`/api/loads/${load.id}/check`, items));
      const started = expectOk(await d.post(`/api/loads/${load.id}/start`, {}));
      expect(started.loadingCheck).toMatchObject({ passed: true, checkedBy: c.nurse.user.displayName, packCount: 1 });
      const view = expectOk(await t.http().get(`/api/loads/${load.id}`).set(bearer(c.nurse.token)));
      expect(view.loadingCheck).toMatchObject({ ...items, passed: true, current: true });
      const trace = expectOk(await t.http().get(`/api/trace/packs/${a}`).set(bearer(c.nurse.token)));
      expect(trace.sterilization.loadingCheck).toMatchObject({
        ...items,
        passed: true,
        checkedBy: c.nurse.user.displayName,
        secondRequired: false,
      });
      // The failed check stays on record; history is append-only.
      const checks = await t.ds.query(`SELECT passed FROM load_checks WHERE load_id = $1 ORDER BY id`, [load.id]);
      expect(checks).toEqual([{ passed: false }, { passed: true }]);
      await expect(t.ds.query(`UPDATE load_checks SET passed = false WHERE load_id = $1`, [load.id])).rejects.toThrow(
        /append-only|permission denied/,
      );
    });

    it('a pack scanned in or out after the check leaves the load to be checked again', async () => {
      const [a, b] = await c.packedMany([await c.newSet(), await c.newSet()]);
      const { d, load } = await loaded([a]);
      expectOk(await d.post(`/api/loads/${load.id}/check`, items));
      expectOk(await d.post(`/api/loads/${load.id}/packs`, { code: b }));
      await d.printLabels(load.id);
      expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 422, 'LOAD_CHECK_OUTDATED');
      expect(expectOk(await t.http().get(`/api/loads/${load.id}`).set(bearer(c.nurse.token))).loadingCheck.current).toBe(false);
      expectOk(await d.post(`/api/loads/${load.id}/check`, items));
      const out = expectOk(await d.post(`/api/loads/${load.id}/packs/remove`, { code: b }));
      expect(out.newBarcode).toBeDefined();
      expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 422, 'LOAD_CHECK_OUTDATED');
      expectOk(await d.post(`/api/loads/${load.id}/check`, items));
      expect(expectOk(await d.post(`/api/loads/${load.id}/start`, {})).packCount).toBe(1);
    });

    it('an implant or critical load is checked by a second person, not the operator; a refused check writes nothing', async () => {
      const [plain, critical] = await c.packedMany([
        await c.newSet(),
        await c.newSet({ critical: true, nameZh: '急救包', nameEn: 'Rescue set' }),
      ]);
      const { d, load } = await loaded([plain]);
      // Checked alone while the load held an ordinary pack; then the critical pack goes in.
      expectOk(await d.post(`/api/loads/${load.id}/check`, items));
      expectOk(await d.post(`/api/loads/${load.id}/packs`, { code: critical }));
      await d.printLabels(load.id);
      expect(expectOk(await t.http().get(`/api/loads/${load.id}`).set(bearer(c.nurse.token))).loadingCheckNeedsSecondPerson).toBe(true);
      expectRefused(await d.post(`/api/loads/${load.id}/start`, {}), 422, 'LOAD_CHECK_OUTDATED');

      const before = await rowCounts(t, ['load_checks']);
      expectRefused(await d.post(`/api/loads/${load.id}/check`, items), 422, 'SECOND_PERSON_REQUIRED');
      expectRefused(
        await d.post(`/api/loads/${load.id}/check`, { ...items, secondPerson: { badgeCode: c.nurse.user.badgeCode, pin: c.nurse.pin } }),
        422,
        'SECOND_PERSON_SAME_AS_ACTOR',
      );
      expectRefused(
        await d.post(`/api/loads/${load.id}/check`, { ...items, secondPerson: { badgeCode: c.nurse2.user.badgeCode, pin: '975310' } }),
        422,
        'SECOND_PERSON_INVALID',
      );
      expect(await rowCounts(t, ['load_checks'])).toEqual(before);

      const checked = expectOk(
        await d.post(`/api/loads/${load.id}/check`, { ...items, secondPerson: { badgeCode: c.nurse2.user.badgeCode, pin: c.nurse2.pin } }),
      );
      expect(checked).toMatchObject({
        passed: true,
        secondRequired: true,
        checkedBy: c.nurse.user.displayName,
        secondCheckedBy: c.nurse2.user.displayName,
        packCount: 2,
      });
      expectOk(await d.post(`/api/loads/${load.id}/start`, {}));
      const trace = expectOk(await t.http().get(`/api/trace/packs/${critical}`).set(bearer(c.nurse.token)));
      expect(trace.sterilization.loadingCheck).toMatchObject({ secondRequired: true, secondCheckedBy: c.nurse2.user.displayName });
    });

    it('an implant load needs the second person too; an empty-chamber run needs no check', async () => {
      const [implant] = await c.packedMany([await c.newSet({ implant: true })]);
      const { d, load } = await loaded([implant]);
      await d.placeBi(load.id);
      await d.printLabels(load.id);
      expectRefused(await d.post(`/api/loads/${load.id}/check`, items), 422, 'SECOND_PERSON_REQUIRED');
      await d.checkLoad(load.id, true);
      expectOk(await d.post(`/api/loads/${load.id}/start`, {}));

      const e = await c.withNewSterilizer();
      await e.bd();
      const empty = expectOk(
        await e.post('/api/loads', { sterilizerId: e.sterilizer.sterilizer.id, programId: e.sterilizer.program.id, emptyChamber: true }),
      );
      expectRefused(await e.post(`/api/loads/${empty.id}/check`, items), 422, 'LOAD_EMPTY');
      expect(expectOk(await e.post(`/api/loads/${empty.id}/start`, {})).loadingCheck).toBeNull();
    });
  });
});
