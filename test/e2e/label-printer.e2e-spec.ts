import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';
import { closedPort, startFakePrinter, type FakePrinter } from '../support/fake-printer.js';

/**
 * Issue 12: a station's label goes to its Zebra printer as ZPL over TCP 9100, sent by the
 * service. The print is recorded only once the printer took it; a printer that is off gets a
 * clear 503 and nothing recorded.
 */
describe('labels sent to a Zebra printer (CSSD_LABEL_PRINTERS)', () => {
  let t: TestApp;
  let printer: FakePrinter;
  beforeAll(async () => {
    printer = await startFakePrinter();
    t = await createTestApp({ CSSD_LABEL_PRINTERS: `PACK-1=127.0.0.1:${printer.port},OFF-1=127.0.0.1:${await closedPort()}` });
  });
  afterAll(async () => {
    await t.close();
    await printer.close();
  });

  const printEvents = async (barcode: string) =>
    (await t.ds.query(
      `SELECT e.type, e.data->>'reason' AS reason FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type LIKE 'label_%' ORDER BY e.id`,
      [barcode],
    )) as { type: string; reason: string | null }[];

  it('lists the printers; sends the first print, refuses a second one without a reason, sends a reprint with one; the printer gets ZPL naming the pack', async () => {
    const c = await ChainDriver.create(t);
    const printers = expectOk(await t.http().get('/api/labels/printers').set(bearer(c.nurse.token)));
    expect(printers).toEqual([
      { name: 'PACK-1', address: `127.0.0.1:${printer.port}` },
      { name: 'OFF-1', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
    ]);
    const [barcode] = await c.packedMany([await c.newSet({ nameZh: '阑尾切除手术包', nameEn: 'Appendectomy set' })]);
    const load = await c.openLoad();
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: barcode }));

    const sent = expectOk(await c.post(`/api/labels/packs/${barcode}/send`, { printer: 'PACK-1' }));
    expect(sent).toMatchObject({ barcode, printer: 'PACK-1', printNo: 1, bytes: expect.any(Number) });
    const [job] = await printer.waitForJobs(1);
    expect(job.startsWith('^XA')).toBe(true);
    expect(job).toContain(barcode);
    expect(job.length).toBe(sent.bytes);

    expectRefused(await c.post(`/api/labels/packs/${barcode}/send`, { printer: 'PACK-1' }), 409, 'LABEL_ALREADY_PRINTED');
    expectOk(await c.post(`/api/labels/packs/${barcode}/send`, { printer: 'PACK-1', reason: '标签污损 label smudged' }));
    expect(await printer.waitForJobs(2)).toHaveLength(2);
    expect(await printEvents(barcode)).toEqual([
      { type: 'label_printed', reason: null },
      { type: 'label_reprinted', reason: '标签污损 label smudged' },
    ]);
  });

  it('a printer that is off: 503 PRINTER_UNREACHABLE, nothing recorded; an unknown printer: 404', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad();
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: barcode }));
    const off = await c.post(`/api/labels/packs/${barcode}/send`, { printer: 'OFF-1' }).set('Accept-Language', 'en');
    expectRefused(off, 503, 'PRINTER_UNREACHABLE');
    expect(off.body.message).toContain('nothing was printed or recorded');
    expectRefused(await c.post(`/api/labels/packs/${barcode}/send`, { printer: 'NOPE' }), 404, 'PRINTER_NOT_FOUND');
    expect(await printEvents(barcode)).toEqual([]);
    // The first print can still be made once the printer is back.
    expectOk(await c.post(`/api/labels/packs/${barcode}/send`, { printer: 'PACK-1' }));
  });
});
