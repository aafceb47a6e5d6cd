import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate, createUser, type TestUser } from '../support/factories.js';
import { binaryBody as binary, expectRefused } from '../support/expect.js';
import ExcelJS from 'exceljs';
import { pdfText } from '../support/pdf.js';
import { DayTalliesService } from '../../src/reports/day-tallies.service.js';

describe('reports: a month of work by zone and person (工作量统计)', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const workload = (query = '', token = head.token) => t.http().get(`/api/reports/workload${query}`).set(bearer(token));

  it('counts each pack step for the nurse who did it, under its zone, and the co-signatures apart', async () => {
    const first = await workload();
    expect(first.status).toBe(200);
    const month: string = first.body.month;
    expect(month).toMatch(/^\d{4}-\d{2}$/);

    const template = await createTemplate(t);
    const sets = [
      await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id }),
      await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id }),
    ];
    const barcodes = await c.storedMany(sets.map((s) => s.assetCode));
    // The day tallies take in what is written so far; the dispatches are read live (day-tallies.ts).
    await t.app.get(DayTalliesService).catchUp();
    for (const b of barcodes) await c.dispatch(b);
    for (const b of barcodes) await c.receive(b); // the department's step: not CSSD work

    const after = await workload(`?month=${month}`);
    expect(after.status).toBe(200);
    const line = (u: TestUser) => after.body.people.find((p: { user: { id: string } }) => p.user?.id === u.user.id);
    // Two packs: recycled, put in a washer, packed, loaded + started + unloaded, stored, dispatched.
    expect(line(c.nurse)).toEqual({
      user: { id: c.nurse.user.id, username: c.nurse.user.username, displayName: expect.any(String), role: 'nurse' },
      total: 16,
      byStage: { recycling: 2, cleaning: 2, packing: 2, sterilization: 6, storage: 2, dispatch: 2 },
      coSigned: 0,
    });
    // The quality monitor co-signed the unloading of both packs and did no zone work.
    expect(line(c.monitor)).toMatchObject({ total: 0, coSigned: 2 });
    expect(line(c.departmentUser)).toBeUndefined();
    // Once every event is in the day tallies: the same lines.
    expect((await t.app.get(DayTalliesService).catchUp()).skipped).toBeUndefined();
    const tallied = (await workload(`?month=${month}`)).body.people;
    expect(tallied.find((p: { user: { id: string } }) => p.user?.id === c.nurse.user.id)).toEqual(line(c.nurse));
    expect(tallied.find((p: { user: { id: string } }) => p.user?.id === c.monitor.user.id)).toEqual(line(c.monitor));

    // The zone totals grew by exactly this work, and still add up to the total.
    const grown = Object.fromEntries(
      after.body.stages.map((s: { stage: string; count: number }, i: number) => [s.stage, s.count - first.body.stages[i].count]),
    );
    expect(grown).toEqual({ recycling: 2, cleaning: 2, packing: 2, sterilization: 6, storage: 2, dispatch: 2 });
    expect(after.body.stages.reduce((a: number, s: { count: number }) => a + s.count, 0)).toBe(after.body.total);
    expect(after.body.stages[0]).toEqual({ stage: 'recycling', nameZh: '回收', nameEn: 'Collection', count: expect.any(Number) });
    expect(after.body.people[0].total).toBeGreaterThanOrEqual(after.body.people[after.body.people.length - 1].total);

    // The same month as a spreadsheet.
    const csv = await t
      .http()
      .get(`/api/reports/workload.csv?month=${month}`)
      .set(bearer(head.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect({ status: csv.status, type: csv.headers['content-type'], disposition: csv.headers['content-disposition'] }).toEqual({
      status: 200,
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="workload-${month}.csv"`,
    });
    const text = csv.body as string;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')).toContain(`${c.nurse.user.username},${c.nurse.user.displayName},nurse,2,2,2,6,2,2,16,0`);

    // And as an XLSX workbook: Chinese sheet names and headers, the nurse's counts as numbers.
    const xlsx = await t.http().get(`/api/reports/workload?month=${month}&format=xlsx`).set(bearer(head.token)).buffer(true).parse(binary);
    expect({ status: xlsx.status, type: xlsx.headers['content-type'] }).toEqual({
      status: 200,
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按区域', '按人员']);
    const people = wb.getWorksheet('按人员')!;
    expect((people.getRow(2).values as unknown[]).slice(1)).toEqual([
      '工号',
      '姓名',
      '角色',
      '回收',
      '清洗消毒',
      '检查包装',
      '灭菌',
      '无菌物品存放',
      '发放',
      '合计',
      '双人核对',
    ]);
    const nurseRow = people.getRows(4, people.rowCount - 3)!.find((r) => r.getCell(1).value === c.nurse.user.username)!;
    expect((nurseRow.values as unknown[]).slice(4)).toEqual([2, 2, 2, 6, 2, 2, 16, 0]);

    // And as an A4 PDF with the month, the nurse's line, page numbers and the signature line.
    const pdf = await t.http().get(`/api/reports/workload?month=${month}&format=pdf`).set(bearer(head.token)).buffer(true).parse(binary);
    expect({ status: pdf.status, type: pdf.headers['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
    const pages = await pdfText(pdf.body as Buffer);
    expect(pages[0]).toContain('工作量统计');
    expect(pages[0]).toContain(month);
    expect(pages[0]).toContain(`第 1 页 / 共 ${pages.length} 页`);
    expect(pages.join('\n')).toContain(c.nurse.user.username);
    expect(pages.at(-1)).toContain('审核人签字');
  });

  it('answers a month with no work with every zone at zero', async () => {
    const res = await workload('?month=2001-01');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: '2001-01', total: 0, people: [] });
    expect(res.body.stages.map((s: { count: number }) => s.count)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(new Date(res.body.from).toISOString()).toBe('2000-12-31T16:00:00.000Z'); // 1 Jan 2001, 00:00 in Asia/Shanghai
    expect(new Date(res.body.to).toISOString()).toBe('2001-01-31T16:00:00.000Z');
  });

  it('refuses a malformed month with 400 VALIDATION_FAILED, and staff other than the head nurse and admin with 403', async () => {
    for (const bad of ['2026-13', '2026-1', '26-10', 'oct']) expectRefused(await workload(`?month=${bad}`), 400, 'VALIDATION_FAILED');
    expectRefused(await workload('', c.nurse.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await workload('', c.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await workload('?format=xlsx', c.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await workload('?format=csv'), 400, 'VALIDATION_FAILED');
    expectRefused(await t.http().get('/api/reports/workload.csv?month=2026-00').set(bearer(head.token)), 400, 'VALIDATION_FAILED');
  });
});
