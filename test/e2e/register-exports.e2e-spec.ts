import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { preparation, recordPreparation } from '../support/disinfectants.js';
import { binaryBody, expectOk, expectRefused } from '../support/expect.js';
import { bearer, createUser, uniq, type TestUser } from '../support/factories.js';
import { pdfPageSizesMm, pdfText } from '../support/pdf.js';
import { dataRows, readWorkbook } from '../support/xlsx.js';

/**
 * Issue 17, "printable and exportable lists": the equipment register (seed 6, 5.4, 6.5) and the
 * disinfectant preparation log (seed 1.2, 7.4) of a period, as XLSX (Chinese sheet names and
 * headers, numbers as numbers, dates as dates) and A4 PDF (hospital, period, page numbers, the
 * signature line), read back as a reader would.
 */
describe('register exports: equipment and disinfectant preparations', () => {
  let t: TestApp;
  let head: TestUser;
  let nurse: TestUser;
  let department: TestUser;
  let today: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone, 10);
    [head, nurse, department] = [await createUser(t, 'head_nurse'), await createUser(t, 'nurse'), await createUser(t, 'department')];
    today = localDate(t.clock.instant(), t.config.timezone);
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, token = nurse.token) => t.http().post(path).set(bearer(token)).send(body);
  const download = (path: string, token = nurse.token) => t.http().get(path).set(bearer(token)).buffer(true).parse(binaryBody);
  const ago = (minutes: number) => new Date(t.clock.instant().getTime() - minutes * 60_000).toISOString();

  it('exports the equipment register of a period: the machines with their plan, the period’s maintenance and faults', async () => {
    const code = uniq('FKJ');
    const m = expectOk(
      await post(
        '/api/equipment',
        { code, kind: 'sealer', nameZh: '医用封口机', nameEn: 'Medical sealer', responsibleUserId: nurse.user.id, lastServiceOn: today },
        head.token,
      ),
    ) as { id: string };
    const withFault = expectOk(
      await post(`/api/equipment/${m.id}/faults`, {
        description: '封口温度不稳 seal temperature unstable',
        outOfUse: true,
        occurredAt: ago(120),
      }),
    ) as { openFaults: { id: string }[] };
    expectOk(
      await post(`/api/equipment/${m.id}/maintenance`, {
        kind: 'repair',
        outcome: 'passed',
        note: '更换加热条 heating strip replaced',
        performer: '厂家工程师 王工',
        faultId: withFault.openFaults[0].id,
        performedAt: ago(60),
      }),
    );
    expectOk(
      await post(`/api/equipment/${m.id}/return-to-service`, { faultId: withFault.openFaults[0].id, note: '试封 3 次合格' }, head.token),
    );

    const json = expectOk(await t.http().get(`/api/equipment/register?date=${today}`).set(bearer(nurse.token))) as {
      from: string;
      machines: { code: string }[];
      maintenance: { equipmentCode: string; kind: string }[];
      faults: { equipmentCode: string; open: boolean }[];
    };
    expect(json.from).toBe(today);
    expect(json.machines.map((x) => x.code)).toContain(code);
    expect(json.maintenance.filter((x) => x.equipmentCode === code).map((x) => x.kind)).toEqual(['repair', 'return_to_service']);
    expect(json.faults.filter((x) => x.equipmentCode === code)).toEqual([expect.objectContaining({ open: false })]);

    const xlsx = await download(`/api/equipment/register?date=${today}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="equipment-${today}.xlsx"`);
    const wb = await readWorkbook(xlsx.body as Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['设备台账', '维护保养记录', '故障记录']);
    const machine = dataRows(wb.getWorksheet('设备台账')!).find((r) => r[0] === code)!;
    // Code, kind, name, responsible, interval (a number), last service, next due (dates), last self-inspection, status.
    expect(machine.slice(0, 5)).toEqual([code, '封口机 sealer', '医用封口机 Medical sealer', nurse.user.displayName, 6]);
    expect(machine[5]).toBeInstanceOf(Date);
    expect((machine[5] as Date).toISOString().slice(0, 10)).toBe(today);
    expect(machine[6]).toBeInstanceOf(Date);
    const repairs = dataRows(wb.getWorksheet('维护保养记录')!).filter((r) => r[1] === code);
    expect(repairs.map((r) => r[2])).toEqual(['维修 repair', '恢复使用 return to service']);
    expect(repairs[0][0]).toBeInstanceOf(Date);
    expect(repairs[0][4]).toBe('厂家工程师 王工');
    const faults = dataRows(wb.getWorksheet('故障记录')!).filter((r) => r[1] === code);
    expect(faults.map((r) => [r[2], r[3], r[4]])).toEqual([['封口温度不稳 seal temperature unstable', '是 yes', '已恢复 returned']]);

    const pdf = await download(`/api/equipment/register?date=${today}&format=pdf`, head.token);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pages = await pdfPageSizesMm(pdf.body as Buffer);
    expect(Math.round(Math.max(pages[0].widthMm, pages[0].heightMm))).toBe(297);
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    for (const s of ['设备管理登记', 'Equipment register', t.config.hospitalName, today, code, '更换加热条', '审核人', '第 1 页']) {
      expect(text).toContain(s);
    }
  });

  it('exports the preparation log of a period, a correction with its reason, concentrations as numbers', async () => {
    const product = uniq('含氯消毒片');
    const first = expectOk(await recordPreparation(t, nurse.token, preparation(t, { product, measured: 480, preparedAt: ago(30) }))) as {
      id: string;
    };
    expectOk(
      await recordPreparation(
        t,
        nurse.token,
        preparation(t, { product, measured: 510, correctsId: first.id, reason: '读数记错', preparedAt: ago(30) }),
      ),
    );
    const json = expectOk(await t.http().get(`/api/disinfectants/preparations/register?date=${today}`).set(bearer(nurse.token))) as {
      preparations: { product: string; status: string; measured: number }[];
    };
    expect(json.preparations.filter((p) => p.product === product).map((p) => [p.measured, p.status])).toEqual([
      [480, 'corrected'],
      [510, 'in_use'],
    ]);

    const xlsx = await download(`/api/disinfectants/preparations/register?month=${today.slice(0, 7)}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="disinfectant-preparations-${today.slice(0, 7)}-01_${today.slice(0, 7)}-\\d{2}\\.xlsx"$`),
    );
    const wb = await readWorkbook(xlsx.body as Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['配制记录']);
    const rows = dataRows(wb.getWorksheet('配制记录')!).filter((r) => r[3] === product);
    expect(rows.map((r) => [r[6], r[7], r[8], r[9]])).toEqual([
      [500, 50, 480, 'mg/L'],
      [500, 50, 510, 'mg/L'],
    ]);
    expect(rows[0][0]).toBeInstanceOf(Date);
    expect(rows[0][5]).toBeInstanceOf(Date);
    expect(rows.map((r) => r[13])).toEqual(['已更正 corrected', '有效 in force · 更正 correction: 读数记错']);

    const pdf = await download(`/api/disinfectants/preparations/register?date=${today}&format=pdf`, head.token);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.body as Buffer)).join('\n');
    for (const s of ['消毒剂、清洗剂配制记录', t.config.hospitalName, today, product, '读数记错', '审核人', '第 1 页'])
      expect(text).toContain(s);
  });

  it('is for the CSSD’s staff; a period that does not make sense is refused with a code', async () => {
    for (const path of ['/api/equipment/register', '/api/disinfectants/preparations/register']) {
      expectRefused(await t.http().get(path).set(bearer(department.token)), 403, 'FORBIDDEN_ROLE');
      expectRefused(await t.http().get(`${path}?from=2025-01-01&to=2026-12-31`).set(bearer(nurse.token)), 400, 'REPORT_PERIOD_TOO_LONG');
      expectRefused(
        await t
          .http()
          .get(`${path}?date=${today}&month=${today.slice(0, 7)}`)
          .set(bearer(nurse.token)),
        400,
        'REPORT_PERIOD_INVALID',
      );
      expectRefused(await t.http().get(`${path}?format=doc`).set(bearer(nurse.token)), 400, 'VALIDATION_FAILED');
    }
  });
});
