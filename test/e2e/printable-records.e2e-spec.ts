import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { packBarcode } from '../../src/kernel/barcode.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { binaryBody as binary } from '../support/expect.js';
import { pdfPageSizesMm, pdfText } from '../support/pdf.js';
import { dataRows, particularsOf, readWorkbook } from '../support/xlsx.js';

/**
 * The printable records (issue 15): one pack (its whole provenance), one load (its run, results,
 * release and packs), one sterilizer over a period (its register, B-D tests and BIs) — each as an
 * A4 PDF and an XLSX workbook read back here, against a history built in the test.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const READ_TABLES = ['packs', 'pack_events', 'sterilizer_loads', 'bi_tests', 'bd_tests', 'audit_log'];
/** A well-formed label far above any serial the tests reach: no pack ever had it. */
const neverIssued = () => packBarcode(9_300_000_000 + (Date.now() % 100_000_000));

describe('the printable records of a pack, a load and a sterilizer', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let day: string;
  let used: string; // released by its load's BI, dispatched, received and used on a patient
  let stored: string; // same load, still in storage
  let failedPack: string; // a load whose chemical indicator failed
  let load: { id: string; cycleNo: number };
  let failedLoad: { id: string; cycleNo: number };

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    t.clock.nextMorning(t.config.timezone);
    day = localDate(t.clock.instant(), t.config.timezone);
    [used, stored] = await c.packedMany([await c.newSet({ nameZh: '腹腔镜器械包', nameEn: 'Laparoscopy set' }), await c.newSet()]);
    load = await c.sterilizeWithPassingBi([used, stored]);
    for (const code of [used, stored]) await c.store(code, { location: 'B-03' });
    await c.dispatch(used);
    await c.receive(used);
    await c.use(used, 'ZY-REC-0001');
    [failedPack] = await c.packedMany([await c.newSet()]);
    await c.sterilize([failedPack], { loadIndicatorPassed: false });
    [failedLoad] = await t.ds.query(
      `SELECT l.id, l.cycle_no AS "cycleNo" FROM packs p JOIN sterilizer_loads l ON l.id = p.load_id WHERE p.barcode = $1`,
      [failedPack],
    );
    // The next day: one more load, outside a one-day record.
    t.clock.nextMorning(t.config.timezone);
    await c.sterilize(await c.packedMany([await c.newSet()]));
  }, 180_000);
  afterAll(() => t.close());

  const get = (path: string, token = head.token) => t.http().get(path).set(bearer(token)).buffer(true).parse(binary);
  const json = (res: { body: Buffer }) => JSON.parse(res.body.toString('utf8'));

  describe('one pack', () => {
    const record = (barcode: string, token?: string, query = '') => get(`/api/reports/packs/${barcode}/record${query}`, token);

    it('prints its whole provenance as an A4 PDF: the set, every step with who and where, washer, load, BI, dispatch and the patient', async () => {
      const res = await record(used);
      expect({ status: res.status, type: res.headers['content-type'], disposition: res.headers['content-disposition'] }).toEqual({
        status: 200,
        type: 'application/pdf',
        disposition: `attachment; filename="pack-record-${used}.pdf"`,
      });
      expect((await pdfPageSizesMm(res.body as Buffer))[0]).toEqual({ widthMm: 210, heightMm: 297 });
      const pages = await pdfText(res.body as Buffer);
      const text = pages.join('\n');
      expect(pages[0]).toContain(t.config.hospitalName);
      expect(pages[0]).toContain('包追溯记录');
      expect(pages.at(-1)).toContain('审核人签字');
      for (const s of [
        used,
        '腹腔镜器械包',
        '回收',
        '检查包装',
        '科室确认接收',
        'ZY-REC-0001',
        c.washer.washer.code,
        c.sterilizer.sterilizer.code,
        '阴性 negative',
        'TEST-1',
        'B-03',
        c.department.code,
      ])
        expect(text).toContain(s);
    });

    it('as an XLSX workbook: one row per recorded step, in order, each with its time and person', async () => {
      const res = await record(used, head.token, '?format=xlsx');
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 200, type: XLSX });
      const wb = await readWorkbook(res.body as Buffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        '包信息',
        '追溯事件',
        '清洗消毒',
        '检查包装',
        '灭菌',
        '放行依据',
        '储存发放与使用',
      ]);
      const events: { type: string; station: string | null }[] = await t.ds.query(
        `SELECT e.type, e.station FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 ORDER BY e.id`,
        [used],
      );
      const steps = dataRows(wb.getWorksheet('追溯事件')!);
      expect(steps).toHaveLength(events.length);
      expect(steps[0][1]).toBe('回收 Recycled');
      expect(steps.at(-1)![1]).toBe('使用 Used on a patient');
      for (const s of steps) expect(s[0]).toBeInstanceOf(Date);
      expect(steps.map((s) => s[5] ?? null)).toEqual(events.map((e) => e.station));
      const pack = particularsOf(wb.getWorksheet('包信息')!);
      expect(pack.get('条码 Barcode')).toBe(used);
      expect(pack.get('当前状态 State now')).toBe('已使用 used');
      expect(particularsOf(wb.getWorksheet('储存发放与使用')!).get('患者 Patient')).toBe('ZY-REC-0001');
    });

    it('a department prints its own pack; one it never held answers exactly as a barcode never issued', async () => {
      expect((await record(used, c.departmentUser.token)).status).toBe(200);
      const unknown = neverIssued();
      const never = await record(unknown, c.departmentUser.token);
      expect({ status: never.status, code: json(never).code }).toEqual({ status: 404, code: 'UNKNOWN_BARCODE' });
      const theirs = await record(stored, c.departmentUser.token);
      expect({ status: theirs.status, body: JSON.parse(JSON.stringify(json(theirs)).replaceAll(stored, unknown)) }).toEqual({
        status: 404,
        body: json(never),
      });
      const other = await createUser(t, 'department');
      expect((await record(used, other.token)).status).toBe(404);
      expect(json(await record('not-a-barcode')).code).toBe('INVALID_BARCODE');
      expect(json(await record(used, head.token, '?format=docx')).code).toBe('VALIDATION_FAILED');
    });
  });

  describe('one load', () => {
    const record = (id: string, token?: string, query = '') => get(`/api/reports/loads/${id}/record${query}`, token);

    it('prints its run, parameters, B-D and BI results, who released it and every pack it held, with where each is now', async () => {
      const res = await record(load.id, c.nurse.token, '?format=xlsx');
      expect({ status: res.status, disposition: res.headers['content-disposition'] }).toEqual({
        status: 200,
        disposition: `attachment; filename="load-record-${c.sterilizer.sterilizer.code}-${load.cycleNo}.xlsx"`,
      });
      const wb = await readWorkbook(res.body as Buffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['锅次信息', '生物监测', '锅内物品']);
      const lines = particularsOf(wb.getWorksheet('锅次信息')!);
      expect(lines.get('锅次 Cycle')).toBe(load.cycleNo);
      expect(lines.get('包数 Packs')).toBe(2);
      expect(lines.get('维持时间 分钟 Hold min')).toBe(4.5);
      expect(String(lines.get('放行人 Released by'))).toContain(c.monitor.user.displayName);
      expect(String(lines.get('B-D 试验 B-D test'))).toContain('合格 passed');
      expect(lines.get('未放行原因 Not released because')).toBe('—');
      const bis = dataRows(wb.getWorksheet('生物监测')!);
      expect(bis.map((b) => [b[0], b[5], b[9]])).toEqual([['BI-LOT-1', '阴性 negative', '生长 grew']]);
      const packs = dataRows(wb.getWorksheet('锅内物品')!);
      expect(packs.map((p) => [p[0], p[4]])).toEqual(
        [
          [used, '已使用 used'],
          [stored, '无菌存放 in sterile storage'],
        ].sort((a, b) => a[0].localeCompare(b[0])),
      );

      const failed = await readWorkbook((await record(failedLoad.id, head.token, '?format=xlsx')).body as Buffer);
      const failedLines = particularsOf(failed.getWorksheet('锅次信息')!);
      expect(String(failedLines.get('未放行原因 Not released because'))).toContain('化学监测不合格');
      expect(String(failedLines.get('批量化学监测 Load chemical indicator'))).toBe('不合格 failed');
      expect(dataRows(failed.getWorksheet('锅内物品')!).map((p) => p[0])).toEqual([failedPack]);
    });

    it('as a PDF (the default), A4 portrait', async () => {
      const res = await record(load.id);
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
      expect((await pdfPageSizesMm(res.body as Buffer))[0]).toEqual({ widthMm: 210, heightMm: 297 });
      const text = (await pdfText(res.body as Buffer)).join('\n');
      for (const s of ['灭菌锅次记录', `${c.sterilizer.sterilizer.code} #${load.cycleNo}`, used, stored, '阴性 negative', '审核人签字'])
        expect(text).toContain(s);
    });

    it('is CSSD staff’s: a department is refused; an unknown load is 404, a malformed id 400', async () => {
      expect(json(await record(load.id, c.departmentUser.token)).code).toBe('FORBIDDEN_ROLE');
      const unknown = await record('00000000-0000-4000-8000-000000000000');
      expect({ status: unknown.status, code: json(unknown).code }).toEqual({ status: 404, code: 'LOAD_NOT_FOUND' });
      expect(json(await record('12')).code).toBe('VALIDATION_FAILED');
    });
  });

  describe('one sterilizer over a period', () => {
    const record = (query: string, token?: string, id = c.sterilizer.sterilizer.id) =>
      get(`/api/reports/sterilizers/${id}/record${query}`, token);

    it('lists every cycle of the period, its B-D tests and its BIs, with totals (a day, then two days)', async () => {
      const res = await record(`?date=${day}&format=xlsx`);
      expect({ status: res.status, disposition: res.headers['content-disposition'] }).toEqual({
        status: 200,
        disposition: `attachment; filename="sterilizer-record-${c.sterilizer.sterilizer.code}-${day}.xlsx"`,
      });
      const wb = await readWorkbook(res.body as Buffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['灭菌器', '灭菌登记', 'B-D 试验', '生物监测']);
      const register = dataRows(wb.getWorksheet('灭菌登记')!);
      // The morning's B-D, the load released by its BI, the load whose indicator failed: in cycle order.
      expect(register.map((r) => r[1])).toEqual([load.cycleNo - 1, load.cycleNo, failedLoad.cycleNo]);
      // The test's day is a date cell (what the spreadsheet shows as ${day}).
      expect(dataRows(wb.getWorksheet('B-D 试验')!).map((r) => [r[0], r[3]])).toEqual([[new Date(`${day}T00:00:00Z`), '合格 passed']]);
      expect(dataRows(wb.getWorksheet('生物监测')!).map((r) => [r[0], r[6]])).toEqual([[load.cycleNo, '阴性 negative']]);
      const totals = particularsOf(wb.getWorksheet('灭菌器')!);
      expect([
        totals.get('锅次 Loads'),
        totals.get('失败或取消 Failed or cancelled'),
        totals.get('B-D 试验 B-D tests'),
        totals.get('生物监测 BIs'),
      ]).toEqual([2, 1, 1, 1]);

      const two = await readWorkbook((await record(`?from=${day}&to=${addLocalDays(day, 1)}&format=xlsx`)).body as Buffer);
      expect(particularsOf(two.getWorksheet('灭菌器')!).get('锅次 Loads')).toBe(3);
      expect(dataRows(two.getWorksheet('B-D 试验')!)).toHaveLength(2);
    });

    it('as an A4 landscape PDF (the default) with the sterilizer, the period and the signature line', async () => {
      const res = await record(`?date=${day}`);
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
      expect((await pdfPageSizesMm(res.body as Buffer))[0]).toEqual({ widthMm: 297, heightMm: 210 });
      const pages = await pdfText(res.body as Buffer);
      expect(pages[0]).toContain('灭菌器记录');
      expect(pages[0]).toContain(c.sterilizer.sterilizer.code);
      expect(pages[0]).toContain(day);
      expect(pages.at(-1)).toContain('审核人签字');
    });

    it('refuses a period over a year, a malformed period, an unknown sterilizer, a department and a nurse — and writes nothing', async () => {
      const before = await rowCounts(t, READ_TABLES);
      const code = async (query: string, token?: string, id?: string) => {
        const res = await record(query, token, id);
        return [res.status, json(res).code];
      };
      expect(await code(`?from=${day}&to=${addLocalDays(day, 366)}`)).toEqual([400, 'REPORT_PERIOD_TOO_LONG']);
      expect((await record(`?from=${day}&to=${addLocalDays(day, 365)}&format=xlsx`)).status).toBe(200);
      expect(await code(`?from=${day}`)).toEqual([400, 'REPORT_PERIOD_INVALID']);
      expect(await code(`?from=${addLocalDays(day, 1)}&to=${day}`)).toEqual([400, 'REPORT_PERIOD_INVALID']);
      expect(await code(`?date=2026-13-01`)).toEqual([400, 'VALIDATION_FAILED']);
      expect(await code(`?date=${day}&format=json`)).toEqual([400, 'VALIDATION_FAILED']);
      expect(await code(`?date=${day}`, head.token, '00000000-0000-4000-8000-000000000000')).toEqual([404, 'STERILIZER_NOT_FOUND']);
      expect(await code(`?date=${day}`, c.departmentUser.token)).toEqual([403, 'FORBIDDEN_ROLE']);
      expect(await code(`?date=${day}`, c.nurse.token)).toEqual([403, 'FORBIDDEN_ROLE']);
      expect((await record(`?date=${day}`, c.monitor.token)).status).toBe(200);
      expect(await rowCounts(t, READ_TABLES)).toEqual(before);
    });
  });
});
