import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { localDate } from '../../src/common/clock.js';
import { packBarcode } from '../../src/kernel/barcode.js';
import { parseScan } from '../../src/kernel/gs1.js';
import type { TestApp } from '../support/app.js';
import { decodeImage } from '../support/barcodes.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { createTestApp, testNow } from '../support/app.js';
import { pdfPagesToPng } from '../support/pdf.js';
import { svgToPng } from '../support/svg.js';
import { zplLabels, zplToPng } from '../support/zpl.js';

/** supertest collects a binary body as a Buffer. */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** What a printer or viewer makes of a label file: one picture per label. */
const today = () => localDate(testNow(), 'Asia/Shanghai');
function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

async function pictures(body: Buffer, contentType: string): Promise<Buffer[]> {
  if (contentType.startsWith('image/png')) return [body];
  if (contentType.startsWith('image/svg+xml')) return [svgToPng(body.toString('utf8'), 709)];
  if (contentType.startsWith('application/pdf')) return pdfPagesToPng(body, 200);
  if (contentType.startsWith('application/zpl')) return zplLabels(body.toString('ascii')).map((l) => zplToPng(l).png);
  throw new Error(`unexpected content type ${contentType}`);
}

async function barcodesIn(res: Response): Promise<string[]> {
  const out: string[] = [];
  for (const picture of await pictures(res.body as Buffer, String(res.headers['content-type']))) {
    out.push(...(await decodeImage(picture, 30)).map((d) => d.scanned));
  }
  return out;
}

describe('pack labels over HTTP (§6)', () => {
  let t: TestApp;
  let c: ChainDriver;
  let department: TestUser;
  const events = () => rowCounts(t, ['pack_events']);

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    department = c.departmentUser;
  });
  afterAll(() => t.close());

  const get = (path: string, token = c.nurse.token) => t.http().get(path).set(bearer(token)).buffer(true).parse(binary);
  const post = (path: string, body: object, token = c.nurse.token) =>
    t.http().post(path).set(bearer(token)).set('X-Station', 'LABEL-1').send(body).buffer(true).parse(binary);
  const json = (res: Response) => JSON.parse((res.body as Buffer).toString('utf8'));

  async function step(path: string, body: object = {}) {
    const res = await c.post(path, body);
    expect({ path, status: res.status, body: res.status < 300 ? 'ok' : res.body }).toEqual({
      path,
      status: res.status < 300 ? res.status : 200,
      body: 'ok',
    });
    return res.body;
  }

  /** A set of a new template walked to packing: its pack barcode. */
  async function packed(template: Parameters<typeof createTemplate>[1] = {}): Promise<string> {
    const tpl = await createTemplate(t, { nameZh: '阑尾切除手术包', nameEn: 'Appendectomy set', ...template });
    const set = await createSet(t, { templateId: tpl.id, homeDepartmentId: c.department.id });
    await c.recycle(set.assetCode);
    await c.wash([set.assetCode]);
    return c.pack(set.assetCode);
  }

  /** A load holding `barcodes`, open: their labels printable, none printed yet. */
  async function loadedLoad(barcodes: string[]): Promise<string> {
    const load = await (await c.withNewSterilizer()).openLoad();
    for (const code of barcodes) await step(`/api/loads/${load.id}/packs`, { code });
    return load.id as string;
  }

  /** A load holding `barcodes`, started (its labels printed first, as every start needs). */
  async function startedLoad(barcodes: string[]): Promise<string> {
    const loadId = await loadedLoad(barcodes);
    await c.beforeStart(loadId);
    await step(`/api/loads/${loadId}/start`);
    return loadId;
  }

  describe('when a label can be printed', () => {
    it('is refused until the pack is scanned into a load, naming what is still unknown; from then on it prints in every format', async () => {
      const barcode = await packed();
      const missing = await get(`/api/labels/packs/${barcode}.png`).set('Accept-Language', 'en');
      expect(missing.status).toBe(422);
      const body = json(missing);
      expect(body.code).toBe('LABEL_FIELDS_MISSING');
      expect(body.details.fields).toEqual(['sterilizer', 'cycleNo', 'sterilizationDate', 'expiryDate']);
      expect(body.message).toBe(
        'The label cannot be printed: missing sterilizer number, cycle (load) number, sterilization date, expiry date',
      );
      const zh = json(await get(`/api/labels/packs/${barcode}.png`).set('Accept-Language', 'zh-CN'));
      expect(zh.message).toBe('标签信息不全，不能打印：缺少 灭菌器编号、锅次、灭菌日期、失效日期');

      // Scanned into an open load (the label goes on before the pack enters the chamber): planned for today.
      const load = await (await c.withNewSterilizer()).openLoad();
      await step(`/api/loads/${load.id}/packs`, { code: barcode });
      const before = await events();
      for (const format of ['png', 'svg', 'pdf', 'zpl']) {
        const res = await get(`/api/labels/packs/${barcode}.${format}`);
        expect({ format, status: res.status }).toEqual({ format, status: 200 });
        expect(res.headers['content-disposition']).toBe(`inline; filename="${barcode}.${format}"`);
        expect({ format, read: await barcodesIn(res) }).toEqual({ format, read: [`]C0${barcode}`] });
      }
      const svg = (await get(`/api/labels/packs/${barcode}.svg`)).body.toString('utf8');
      expect(svg).toContain(String(load.cycleNo));
      expect(svg).toContain(today());
      // ?format= works as well as the extension.
      expect((await get(`/api/labels/packs/${barcode}?format=zpl`)).headers['content-type']).toMatch(/^application\/zpl/);
      // Drawing a label is not printing it: nothing was written.
      expect(await events()).toEqual(before);
      // Printed, then started the same day: the label stays true and the load runs.
      expect((await post(`/api/labels/packs/${barcode}/print`, { format: 'pdf' })).status).toBe(200);
      await c.beforeStart(load.id);
      await step(`/api/loads/${load.id}/start`);
    }, 60_000);

    it('a set is scanned into its load by its asset tag, before its pack has a label on it', async () => {
      const tpl = await createTemplate(t);
      const set = await createSet(t, { templateId: tpl.id, homeDepartmentId: c.department.id });
      await c.recycle(set.assetCode);
      await c.wash([set.assetCode]);
      const barcode = await c.pack(set.assetCode);
      const load = await (await c.withNewSterilizer()).openLoad();
      const added = await step(`/api/loads/${load.id}/packs`, { code: set.assetCode });
      expect(added).toMatchObject({ outcome: 'loaded', pack: { barcode, state: 'loaded' } });
    });

    it('a labelled pack taken out of its open load gets a new barcode; its old label is refused everywhere, naming the new one', async () => {
      const barcode = await packed();
      const load = await (await c.withNewSterilizer()).openLoad();
      await step(`/api/loads/${load.id}/packs`, { code: barcode });
      expect((await post(`/api/labels/packs/${barcode}/print`, {})).status).toBe(200);

      const removed = await c.post(`/api/loads/${load.id}/packs/remove`, { code: barcode });
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ outcome: 'packed', voidedBarcode: barcode, newBarcode: expect.stringMatching(/^P\d{11}$/) });
      const fresh = removed.body.newBarcode as string;
      expect(fresh).not.toBe(barcode);
      expect(removed.body.summary.en).toContain(`label ${barcode} is void`);

      // The old label, scanned anywhere: refused, naming the new barcode; nothing written.
      const other = await (await c.withNewSterilizer()).openLoad();
      const before = await events();
      for (const res of [
        await c.post(`/api/loads/${other.id}/packs`, { code: barcode }),
        await c.post('/api/storage/scan', { code: barcode }),
      ]) {
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'LABEL_VOIDED' });
        expect(res.body.message).toContain(fresh);
      }
      const label = await get(`/api/labels/packs/${barcode}.png`);
      expect([label.status, json(label).code]).toEqual([409, 'LABEL_VOIDED']);
      expect(await events()).toEqual(before);

      // The new barcode goes into the other load and its label is a first print (no reason needed).
      await step(`/api/loads/${other.id}/packs`, { code: fresh });
      expect((await post(`/api/labels/packs/${fresh}/print`, {})).status).toBe(200);
      const [relabel] = await t.ds.query(
        `SELECT e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'relabel'`,
        [fresh],
      );
      expect(relabel.data).toMatchObject({ oldBarcode: barcode, barcode: fresh });
      // The old label still leads to the pack's history, under its new barcode.
      const trace = await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token));
      expect(trace.status).toBe(200);
      expect(trace.body.pack.barcode).toBe(fresh);
      expect(trace.body.labels).toEqual({ printed: 2, reprinted: 0, voidedBarcodes: [barcode] });
    });

    it('a load whose printed labels no longer match the run (storage went out of standard: cotton 7 days) refuses to start until they are reprinted', async () => {
      const monitor = c.monitor.token;
      // Storage in standard when the label is printed: the newest reading is the hospital's, and a
      // file run before this one on the same database may have left it out of standard.
      for (const [kind, value] of [
        ['storage_temperature', 20],
        ['storage_humidity', 50],
      ] as const)
        expect((await c.post('/api/monitoring/readings', { kind, value }, monitor)).status).toBe(201);
      const barcode = await packed({ packagingMaterial: 'cotton' });
      const load = await (await c.withNewSterilizer()).openLoad();
      await step(`/api/loads/${load.id}/packs`, { code: barcode });
      expect((await post(`/api/labels/packs/${barcode}/print`, {})).status).toBe(200);
      try {
        expect((await c.post('/api/monitoring/readings', { kind: 'storage_temperature', value: 26 }, monitor)).status).toBe(201);
        await c.beforeStart(load.id);
        const refused = await c.post(`/api/loads/${load.id}/start`, {});
        expect({ status: refused.status, code: refused.body.code, barcodes: refused.body.details?.barcodes }).toEqual({
          status: 409,
          code: 'LABELS_OUTDATED',
          barcodes: [barcode],
        });
        expect((await t.ds.query(`SELECT state FROM packs WHERE barcode = $1`, [barcode]))[0].state).toBe('loaded');

        expect((await post(`/api/labels/packs/${barcode}/reprint`, { reason: '库房环境不达标 storage out of standard' })).status).toBe(200);
        const started = await step(`/api/loads/${load.id}/start`);
        expect(started.status).toBe('running');
        expect((await t.ds.query(`SELECT expiry_date::text FROM packs WHERE barcode = $1`, [barcode]))[0].expiry_date).toBe(
          shiftDate(today(), 7),
        );
      } finally {
        await c.post('/api/monitoring/readings', { kind: 'storage_temperature', value: 20 }, monitor);
      }
    });

    it('refuses an unknown pack (404), a malformed code (400), and a pack whose cycle is over (409)', async () => {
      const unknown = await get(`/api/labels/packs/${packBarcode(987654321)}.png`);
      expect([unknown.status, json(unknown).code]).toEqual([404, 'UNKNOWN_BARCODE']);
      const malformed = await get('/api/labels/packs/P12345.png');
      expect([malformed.status, json(malformed).code]).toEqual([400, 'INVALID_BARCODE']);

      // A load whose physical record fails: its packs are failed (closed) and get no label.
      const failed = await packed();
      const loadId = await startedLoad([failed]);
      await c.runCycle(loadId);
      await step(`/api/loads/${loadId}/complete`, {
        physical: {
          tempMinC: 120,
          tempMaxC: 125,
          holdMinutes: 4.5,
          pressureMinKpa: 210,
          pressureMaxKpa: 225,
          ...(await c.printout(loadId)),
        },
        loadIndicatorPassed: true,
        exceptions: [],
        secondPerson: { badgeCode: c.monitor.user.badgeCode, pin: c.monitor.pin },
      });
      const closed = await get(`/api/labels/packs/${failed}.png`);
      expect([closed.status, json(closed).code, json(closed).details.state]).toEqual([409, 'PACK_WRONG_STATE', 'failed']);
      const sheet = await get(`/api/labels/loads/${loadId}`);
      expect([sheet.status, json(sheet).code]).toEqual([422, 'LABEL_NOTHING_TO_PRINT']);
    });

    it('refuses the dead label of a reprocessed set, naming the new pack', async () => {
      const tpl = await createTemplate(t);
      const set = await createSet(t, { templateId: tpl.id, homeDepartmentId: c.department.id });
      const old = await c.readyInStorage(set.assetCode);
      await c.dispatch(old);
      await c.receive(old);
      await c.use(old);
      await c.recycle(old);
      await c.wash([set.assetCode]);
      const fresh = await c.pack(set.assetCode);
      const res = await get(`/api/labels/packs/${old}.png`);
      expect([res.status, json(res).code, json(res).details.replacedBy]).toEqual([409, 'PACK_SUPERSEDED', fresh]);
    });
  });

  describe('printing and reprinting', () => {
    it('records the first print, refuses a second one without a reason, records a reprint with its reason; the count shows with the provenance', async () => {
      const barcode = await packed();
      await loadedLoad([barcode]);

      const first = await post(`/api/labels/packs/${barcode}/print`, { format: 'zpl' });
      expect(first.status).toBe(200);
      expect(first.headers['x-label-print-no']).toBe('1');
      expect(await barcodesIn(first)).toEqual([`]C0${barcode}`]);

      const again = await post(`/api/labels/packs/${barcode}/print`, {});
      expect([again.status, json(again).code]).toEqual([409, 'LABEL_ALREADY_PRINTED']);
      // The message names the pack and how often it was printed (it once showed a bare "{count}").
      expect(json(again).message).toBe(`标签已打印过：${barcode} ×1。补打请填写原因`);

      const before = await events();
      const noReason = await post(`/api/labels/packs/${barcode}/reprint`, { format: 'pdf' });
      expect([noReason.status, json(noReason).code, json(noReason).details.fields[0].field]).toEqual([400, 'VALIDATION_FAILED', 'reason']);
      const blankReason = await post(`/api/labels/packs/${barcode}/reprint`, { reason: '   ' });
      expect(blankReason.status).toBe(400);
      expect(await events()).toEqual(before);

      const reprint = await post(`/api/labels/packs/${barcode}/reprint`, { reason: '标签污损 label smudged', format: 'pdf' });
      expect(reprint.status).toBe(200);
      expect(reprint.headers['x-label-print-no']).toBe('2');
      expect(reprint.headers['content-type']).toMatch(/^application\/pdf/);
      expect(await barcodesIn(reprint)).toEqual([`]C0${barcode}`]);

      const prints = json(await get(`/api/labels/packs/${barcode}/prints`));
      expect(prints).toMatchObject({ barcode, printed: 1, reprinted: 1, total: 2 });
      expect(
        prints.history.map((h: { type: string; reason: string | null; format: string; station: string }) => [
          h.type,
          h.reason,
          h.format,
          h.station,
        ]),
      ).toEqual([
        ['label_printed', null, 'zpl', 'LABEL-1'],
        ['label_reprinted', '标签污损 label smudged', 'pdf', 'LABEL-1'],
      ]);
      expect(prints.history[1].by.id).toBe(c.nurse.user.id);

      // The pack's provenance lists both prints among its events.
      const trace = await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token));
      const types = trace.body.events.map((e: { type: string }) => e.type);
      expect(types.filter((x: string) => x.startsWith('label_'))).toEqual(['label_printed', 'label_reprinted']);
      expect(trace.body.events.find((e: { type: string }) => e.type === 'label_reprinted').data.reason).toBe('标签污损 label smudged');
      expect(trace.body.labels).toEqual({ printed: 1, reprinted: 1, voidedBarcodes: [] });
    });

    it('refuses a print that carries an Idempotency-Key (a replay could not return the file), writing nothing', async () => {
      const barcode = await packed();
      await startedLoad([barcode]);
      const before = await events();
      const res = await post(`/api/labels/packs/${barcode}/print`, {}).set('Idempotency-Key', 'print-1');
      expect([res.status, json(res).code]).toEqual([400, 'LABEL_IDEMPOTENCY_UNSUPPORTED']);
      expect(await events()).toEqual(before);
    });

    it('is for CSSD staff: a department user is refused', async () => {
      const res = await get(`/api/labels/packs/${packBarcode(1)}.png`, department.token);
      expect([res.status, json(res).code]).toEqual([403, 'FORBIDDEN_ROLE']);
      const monitor = await createUser(t, 'monitor');
      expect((await get(`/api/labels/packs/${packBarcode(987654321)}.png`, monitor.token)).status).toBe(404);
    });
  });

  describe('a load’s labels', () => {
    it('come as one A4 PDF or one ZPL stream; printing records each pack, reprints need a reason', async () => {
      const a = await packed({ nameZh: '清创缝合包' });
      const b = await packed({ nameZh: '换药包' });
      const loadId = await loadedLoad([a, b]);
      const expected = [a, b].sort().map((x) => `]C0${x}`);

      const sheet = await get(`/api/labels/loads/${loadId}`);
      expect(sheet.status).toBe(200);
      expect(sheet.headers['content-type']).toMatch(/^application\/pdf/);
      expect((await barcodesIn(sheet)).sort()).toEqual(expected);
      const stream = await get(`/api/labels/loads/${loadId}?format=zpl`);
      expect(await barcodesIn(stream)).toEqual(expected);
      expect((await get(`/api/labels/loads/${loadId}?format=png`)).status).toBe(400);

      await post(`/api/labels/packs/${a}/print`, {});
      const refused = await post(`/api/labels/loads/${loadId}/print`, {});
      expect([refused.status, json(refused).code, json(refused).details.barcodes]).toEqual([409, 'LABEL_ALREADY_PRINTED', [a]]);

      const printed = await post(`/api/labels/loads/${loadId}/print`, { reason: '整锅重打 whole load', format: 'zpl' });
      expect(printed.status).toBe(200);
      expect(await barcodesIn(printed)).toEqual(expected);
      const pa = json(await get(`/api/labels/packs/${a}/prints`));
      const pb = json(await get(`/api/labels/packs/${b}/prints`));
      expect([pa.printed, pa.reprinted, pa.history[1].reason, pa.history[1].loadSheet]).toEqual([1, 1, '整锅重打 whole load', loadId]);
      expect([pb.printed, pb.reprinted, pb.history[0].reason]).toEqual([1, 0, null]);

      const none = await get('/api/labels/loads/00000000-0000-4000-8000-000000000000');
      expect([none.status, json(none).code]).toEqual([404, 'LOAD_NOT_FOUND']);
    });
  });

  describe('symbologies', () => {
    it('a template with a GTIN gets a GS1 DataMatrix whose element string the station parser reads back', async () => {
      const barcode = await packed({ gtin: '09501101530003' });
      await startedLoad([barcode]);
      const res = await get(`/api/labels/packs/${barcode}.png`);
      const [scanned] = await barcodesIn(res);
      expect(scanned.startsWith(']d2')).toBe(true);
      const pack = (await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token))).body;
      const scan = parseScan(scanned, { referenceYear: t.clock.instant().getUTCFullYear() });
      const [{ code: sterilizerCode }] = await t.ds.query(
        `SELECT s.code FROM packs p JOIN sterilizer_loads l ON l.id = p.load_id JOIN sterilizers s ON s.id = l.sterilizer_id WHERE p.barcode = $1`,
        [barcode],
      );
      expect(scan).toMatchObject({
        kind: 'gs1',
        gtin: '09501101530003',
        serial: barcode,
        expiry: pack.expiryDate,
        batch: `${sterilizerCode}-${pack.sterilization.cycleNo}`,
      });

      const plain = await packed();
      await startedLoad([plain]);
      const refused = await get(`/api/labels/packs/${plain}.png?symbology=gs1-datamatrix`);
      expect([refused.status, json(refused).code]).toEqual([422, 'LABEL_SYMBOLOGY_UNAVAILABLE']);
    });

    it('the QR option links to the pack’s provenance, which answers', async () => {
      const barcode = await packed();
      await startedLoad([barcode]);
      const [url] = (await barcodesIn(await get(`/api/labels/packs/${barcode}.svg?symbology=qr`))).map((s) => s.replace(/^\]Q1/, ''));
      const path = new URL(url).pathname;
      expect(path).toBe(`/api/trace/packs/${barcode}`);
      const trace = await t.http().get(path).set(bearer(c.nurse.token));
      expect(trace.status).toBe(200);
      expect(trace.body.pack.barcode).toBe(barcode);
    });
  });

  describe('a template’s sample label for printer set-up', () => {
    it('prints with a barcode no pack ever has, writes nothing, and 404s for an unknown template', async () => {
      const tpl = await createTemplate(t, { nameZh: '腹腔镜器械包' });
      const before = await events();
      const res = await get(`/api/labels/templates/${tpl.id}/sample?format=zpl&dpi=300`);
      expect(res.status).toBe(200);
      expect(await barcodesIn(res)).toEqual([`]C0${packBarcode(0)}`]);
      expect(await events()).toEqual(before);
      const none = await get('/api/labels/templates/00000000-0000-4000-8000-000000000000/sample');
      expect([none.status, json(none).code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
      const badDpi = await get(`/api/labels/templates/${tpl.id}/sample?format=zpl&dpi=250`);
      expect([badDpi.status, json(badDpi).details.fields[0].field]).toEqual([400, 'dpi']);
    });
  });
});
