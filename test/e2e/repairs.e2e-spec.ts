import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { binaryBody, expectOk, expectRefused } from '../support/expect.js';
import { bearer, createDepartment, createSet, createTemplate, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { dataRows, readWorkbook } from '../support/xlsx.js';

/**
 * Issue 16, the repair, scrap and compensation register (seed 4.4): an instrument found damaged or
 * missing at recycling or a failed inspection is repaired, scrapped or recorded lost — who, why, the
 * cost — once per finding; later steps are new rows; a department that caused it (the set's home or
 * the collecting department) is charged and sees its own charges only; the set is made whole from
 * stock by a replacement naming the entry; the head nurse reads a register per period with totals.
 */
const TABLES = ['repair_entries', 'repair_steps', 'pack_events'];
const CONTENTS = [
  { nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 2 },
  { nameZh: '止血钳', nameEn: 'Haemostatic forceps', specification: '14cm', quantity: 6 },
  { nameZh: '持针器', nameEn: 'Needle holder', specification: '', quantity: 1 },
];

interface Line {
  line: number;
  finding: string;
  found: number;
  entry: { id: string } | null;
}
interface Findings {
  packId: string;
  chargeable: { id: string }[];
  findings: { packEventId: string; foundAtStep: string; lines: Line[] }[];
}

describe('repair, scrap and compensation register', () => {
  let t: TestApp;
  let chain: ChainDriver;
  let head: TestUser;
  let otherDepartmentUser: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    chain = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse', { badge: true });
    otherDepartmentUser = await createUser(t, 'department');
  });
  afterAll(() => t.close());

  const en = (token: string) => ({ ...bearer(token), 'Accept-Language': 'en' });
  const get = (path: string, token = chain.nurse.token) => t.http().get(path).set(en(token));
  const post = (path: string, body: object, token = chain.nurse.token) => t.http().post(path).set(en(token)).send(body);
  const findings = async (code: string): Promise<Findings> => expectOk(await get(`/api/repairs/findings?code=${encodeURIComponent(code)}`));
  const newSet = async () => {
    const template = await createTemplate(t, { contents: CONTENTS });
    return createSet(t, { templateId: template.id });
  };
  /** A set collected from the chain's department with 1 tissue scissors damaged and 2 forceps missing. */
  const damagedSet = async () => {
    const set = await newSet();
    await chain.recycle(set.assetCode, { damaged: [{ line: 1, quantity: 1 }], missing: [{ line: 2, quantity: 2 }] });
    const f = await findings(set.assetCode);
    return { set, f, eventId: f.findings[0].packEventId };
  };
  const repair = (eventId: string, over: object = {}) => ({
    packEventId: eventId,
    line: 1,
    finding: 'damaged',
    quantity: 1,
    disposition: 'repair',
    reason: '剪刀刃口变钝',
    cost: 50,
    ...over,
  });
  /** Refused with status and code, and nothing written. */
  const refused = async (call: () => Promise<import('supertest').Response>, status: number, code: string) => {
    const before = await rowCounts(t, TABLES);
    const body = expectRefused(await call(), status, code);
    expect(await rowCounts(t, TABLES)).toEqual(before);
    return body;
  };

  it('lists the count’s findings line by line, with who may be charged', async () => {
    const { set, f } = await damagedSet();
    expect(f.findings).toHaveLength(1);
    expect(f.findings[0].foundAtStep).toBe('recycling');
    expect(f.findings[0].lines.map((l) => [l.line, l.finding, l.found, l.entry])).toEqual([
      [1, 'damaged', 1, null],
      [2, 'missing', 2, null],
    ]);
    expect(f.chargeable.map((d) => d.id).sort()).toEqual([set.homeDepartmentId, chain.department.id].sort());
  });

  it('refuses a line not in the template, more than was found, a mismatched disposition, a negative cost — writing nothing', async () => {
    const { eventId } = await damagedSet();
    const notInTemplate = await refused(() => post('/api/repairs', repair(eventId, { line: 4 })), 422, 'REPAIR_LINE_NOT_IN_TEMPLATE');
    expect(notInTemplate.message).toContain('line 4');
    // Line 3 was counted complete; line 1 had one damaged, not two.
    await refused(() => post('/api/repairs', repair(eventId, { line: 3 })), 422, 'REPAIR_QUANTITY_EXCEEDS_FINDING');
    const more = await refused(() => post('/api/repairs', repair(eventId, { quantity: 2 })), 422, 'REPAIR_QUANTITY_EXCEEDS_FINDING');
    expect(more.message).toBe('That record found 1 of line 1 damaged; 2 cannot be registered');
    await refused(() => post('/api/repairs', repair(eventId, { disposition: 'lost' })), 422, 'REPAIR_DISPOSITION_MISMATCH');
    await refused(
      () => post('/api/repairs', repair(eventId, { line: 2, finding: 'missing', disposition: 'scrap', quantity: 1 })),
      422,
      'REPAIR_DISPOSITION_MISMATCH',
    );
    await refused(() => post('/api/repairs', repair(eventId, { cost: -1 })), 400, 'VALIDATION_FAILED');
    await refused(() => post('/api/repairs', repair('999999999999')), 404, 'REPAIR_FINDING_NOT_FOUND');
    // Both languages.
    const zh = await t
      .http()
      .post('/api/repairs')
      .set({ ...bearer(chain.nurse.token), 'Accept-Language': 'zh-CN' })
      .send(repair(eventId, { quantity: 2 }));
    expect(zh.body.message).toBe('该次记录中第 1 行器械损坏 1 件，不能登记 2 件');
    // Only CSSD nurses and the head nurse record; a department user does not.
    await refused(() => post('/api/repairs', repair(eventId), chain.departmentUser.token), 403, 'FORBIDDEN_ROLE');
  });

  it('charges only the set’s home department or the department it was collected from', async () => {
    const { set, eventId } = await damagedSet();
    const elsewhere = await createDepartment(t);
    const lost = { line: 2, finding: 'missing', disposition: 'lost', quantity: 2, reason: '回收时缺失', cost: 300 };
    await refused(
      () => post('/api/repairs', repair(eventId, { ...lost, chargedDepartmentId: elsewhere.id, compensation: 300 })),
      422,
      'REPAIR_DEPARTMENT_NOT_CHARGEABLE',
    );
    await refused(() => post('/api/repairs', repair(eventId, { ...lost, compensation: 300 })), 422, 'REPAIR_COMPENSATION_INCOMPLETE');
    const home = expectOk(
      await post('/api/repairs', repair(eventId, { ...lost, chargedDepartmentId: set.homeDepartmentId, compensation: 300 })),
    );
    expect(home).toMatchObject({ disposition: 'lost', status: 'lost', compensationStatus: 'open', closed: false });
  });

  it('takes one disposition per finding, and its steps in order; a closed entry is not changed', async () => {
    const { set, eventId } = await damagedSet();
    const entry = expectOk(await post('/api/repairs', repair(eventId)));
    expect(entry).toMatchObject({
      assetCode: set.assetCode,
      line: 1,
      nameEn: 'Tissue scissors',
      quantity: 1,
      status: 'awaiting_repair',
      decidedBy: chain.nurse.user.id,
      nextSteps: ['sent'],
    });
    const again = await refused(
      () => post('/api/repairs', repair(eventId, { disposition: 'scrap' })),
      409,
      'REPAIR_FINDING_ALREADY_DISPOSED',
    );
    expect(again.message).toBe('This finding already has a disposition (repair)');
    const f = await findings(set.assetCode);
    expect(f.findings[0].lines[0].entry?.id).toBe(entry.id);

    const steps = `/api/repairs/${entry.id}/steps`;
    await refused(() => post(steps, { step: 'repaired' }), 409, 'REPAIR_STEP_NOT_ALLOWED');
    await refused(() => post(steps, { step: 'sent' }), 422, 'REPAIR_VENDOR_REQUIRED');
    expectOk(await post(steps, { step: 'sent', vendor: '某某器械维修公司' }));
    await refused(() => post(steps, { step: 'sent', vendor: '另一家' }), 409, 'REPAIR_STEP_NOT_ALLOWED');
    const back = expectOk(await post(steps, { step: 'repaired', cost: 80 }));
    expect(back).toMatchObject({ status: 'repaired', closed: true, cost: 80, vendor: '某某器械维修公司', nextSteps: [] });
    expect(back.steps.map((s: { step: string }) => s.step)).toEqual(['sent', 'repaired']);
    const closed = await refused(() => post(steps, { step: 'beyond_repair' }), 409, 'REPAIR_ENTRY_CLOSED');
    expect(closed.message).toBe('This entry is closed (repaired, back to stock): no further step is recorded');
    await refused(() => post(`/api/repairs/${entry.id}/scrap-confirmation`, {}, head.token), 409, 'REPAIR_ENTRY_CLOSED');
    await refused(() => post(`/api/repairs/not-an-id/steps`, { step: 'sent' }), 400, 'VALIDATION_FAILED');
    await refused(() => post(`/api/repairs/${chain.nurse.user.id}/steps`, { step: 'sent', vendor: 'x' }), 404, 'REPAIR_ENTRY_NOT_FOUND');
    // History is append-only, in the database too.
    await expect(t.ds.query(`UPDATE repair_entries SET reason = 'x' WHERE id = $1`, [entry.id])).rejects.toThrow();
    await expect(t.ds.query(`DELETE FROM repair_steps WHERE entry_id = $1`, [entry.id])).rejects.toThrow();
  });

  it('scraps an instrument a failed inspection found damaged once the head nurse confirms it', async () => {
    const set = await newSet();
    await chain.recycle(set.assetCode);
    await chain.wash([set.assetCode]);
    expectOk(await post('/api/packing/sets', { code: set.assetCode, inspection: chain.inspection({ functional: false }) }));
    const f = await findings(set.assetCode);
    const inspection = f.findings.find((x) => x.foundAtStep === 'inspection')!;
    expect(inspection.lines.map((l) => [l.line, l.finding, l.found])).toEqual([
      [1, 'damaged', 2],
      [2, 'damaged', 6],
      [3, 'damaged', 1],
    ]);
    const entry = expectOk(
      await post('/api/repairs', repair(inspection.packEventId, { line: 3, disposition: 'scrap', reason: '持针器咬合不良', cost: 120 })),
    );
    expect(entry).toMatchObject({ foundAtStep: 'inspection', status: 'awaiting_scrap', closed: false });
    const confirm = `/api/repairs/${entry.id}/scrap-confirmation`;
    await refused(() => post(confirm, {}), 403, 'FORBIDDEN_ROLE');
    expect(expectOk(await post(confirm, { note: '同意报废' }, head.token))).toMatchObject({ status: 'scrapped', closed: true });
    await refused(() => post(confirm, {}, head.token), 409, 'REPAIR_ENTRY_CLOSED');
  });

  it('a failed inspection that passed the function check found nothing damaged', async () => {
    const set = await newSet();
    await chain.recycle(set.assetCode);
    await chain.wash([set.assetCode]);
    expectOk(await post('/api/packing/sets', { code: set.assetCode, inspection: chain.inspection({ clean: false }) }));
    const events: { id: string }[] = await t.ds.query(
      `SELECT e.id::text AS id FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.set_id = $1 AND e.type = 'inspection_failed'`,
      [set.id],
    );
    await refused(() => post('/api/repairs', repair(events[0].id, { disposition: 'scrap' })), 422, 'REPAIR_INSPECTION_NOT_DAMAGE');
  });

  it('makes the set whole from stock: the replacement names the entry, the set’s history shows which replaced which', async () => {
    const { set, eventId } = await damagedSet();
    const lost = expectOk(
      await post(
        '/api/repairs',
        repair(eventId, {
          line: 2,
          finding: 'missing',
          disposition: 'lost',
          quantity: 2,
          reason: '科室遗失',
          chargedDepartmentId: chain.department.id,
          compensation: 240,
        }),
      ),
    );
    const scissors = expectOk(await post('/api/repairs', repair(eventId)));
    // Not the entry of that line; more than the entry; an unknown entry.
    const wrongLine = await refused(
      () => post('/api/packing/replacements', { code: set.assetCode, line: 1, quantity: 1, registerEntryId: lost.id }),
      422,
      'REPLACEMENT_ENTRY_MISMATCH',
    );
    expect(wrongLine.message).toBe('The register entry named is not this set’s open finding for line 1 (0 still to replace)');
    await refused(
      () => post('/api/packing/replacements', { code: set.assetCode, line: 1, quantity: 1, registerEntryId: chain.nurse.user.id }),
      422,
      'REPLACEMENT_ENTRY_MISMATCH',
    );
    expectOk(await post('/api/packing/replacements', { code: set.assetCode, line: 2, quantity: 1, registerEntryId: lost.id }));
    expectOk(await post('/api/packing/replacements', { code: set.assetCode, line: 2, quantity: 1, registerEntryId: lost.id }));
    expectOk(await post('/api/packing/replacements', { code: set.assetCode, line: 1, quantity: 1, registerEntryId: scissors.id }));
    const history = expectOk(await get(`/api/repairs/sets/${set.assetCode}/replacements`));
    expect(
      history.replacements.map((r: { line: number; quantity: number; replaces: { id: string; disposition: string } | null }) => [
        r.line,
        r.quantity,
        r.replaces?.id,
        r.replaces?.disposition,
      ]),
    ).toEqual([
      [2, 1, lost.id, 'lost'],
      [2, 1, lost.id, 'lost'],
      [1, 1, scissors.id, 'repair'],
    ]);
    // A replacement of another set's entry is refused too.
    const other = await damagedSet();
    await refused(
      () => post('/api/packing/replacements', { code: other.set.assetCode, line: 2, quantity: 1, registerEntryId: lost.id }),
      422,
      'REPLACEMENT_ENTRY_MISMATCH',
    );
  });

  it('the register of a period: totals from the history built here, exports, and each department sees only its own charges', async () => {
    const a = await damagedSet();
    const b = await damagedSet();
    const repaired = expectOk(await post('/api/repairs', repair(a.eventId, { cost: 50 })));
    expectOk(await post(`/api/repairs/${repaired.id}/steps`, { step: 'sent', vendor: 'V' }));
    expectOk(await post(`/api/repairs/${repaired.id}/steps`, { step: 'repaired', cost: 65.5 }));
    const lostA = { line: 2, finding: 'missing', disposition: 'lost', quantity: 2, reason: '遗失', cost: 200 };
    expectOk(await post('/api/repairs', repair(a.eventId, { ...lostA, chargedDepartmentId: chain.department.id, compensation: 200 })));
    expectOk(await post('/api/repairs', repair(b.eventId, { disposition: 'scrap', cost: 90 })));
    const lostB = expectOk(
      await post('/api/repairs', repair(b.eventId, { ...lostA, chargedDepartmentId: b.set.homeDepartmentId, compensation: 150.25 })),
    );
    expectOk(await post(`/api/repairs/${lostB.id}/steps`, { step: 'compensation_settled' }));

    const day = localDate(t.clock.instant(), t.config.timezone);
    const of = async (code: string, token = head.token) => expectOk(await get(`/api/repairs?date=${day}&assetCode=${code}`, token));
    const ra = await of(a.set.assetCode);
    expect(ra.totals).toMatchObject({ entries: 2, quantity: 3, repair: 1, scrap: 0, lost: 1, cost: 265.5, compensation: 200 });
    expect(ra.totals.byDepartment).toEqual([
      expect.objectContaining({ departmentId: chain.department.id, entries: 1, compensation: 200, settled: 0 }),
    ]);
    const rb = await of(b.set.assetCode);
    expect(rb.totals).toMatchObject({ entries: 2, scrap: 1, lost: 1, cost: 290, compensation: 150.25 });
    expect(rb.totals.byDepartment).toEqual([
      expect.objectContaining({ departmentId: b.set.homeDepartmentId, entries: 1, compensation: 150.25, settled: 150.25 }),
    ]);
    const lostOnly = expectOk(await get(`/api/repairs?date=${day}&assetCode=${a.set.assetCode}&disposition=lost`, head.token));
    expect(lostOnly.entries.map((e: { disposition: string }) => e.disposition)).toEqual(['lost']);

    // The department user: only what is charged to its own department, whatever it asks for.
    const mine = expectOk(await get(`/api/repairs?date=${day}&departmentId=${b.set.homeDepartmentId}`, chain.departmentUser.token));
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(new Set(mine.entries.map((e: { chargedDepartmentId: string }) => e.chargedDepartmentId))).toEqual(
      new Set([chain.department.id]),
    );
    expect(mine.entries.some((e: { id: string }) => e.id === lostB.id)).toBe(false);
    expectRefused(await get(`/api/repairs/${lostB.id}`, chain.departmentUser.token), 404, 'REPAIR_ENTRY_NOT_FOUND');
    expectRefused(await get(`/api/repairs/${repaired.id}`, otherDepartmentUser.token), 404, 'REPAIR_ENTRY_NOT_FOUND');
    const theirs = expectOk(await get(`/api/repairs?date=${day}`, otherDepartmentUser.token));
    expect(theirs.entries).toEqual([]);
    // The department user does not read a set's findings.
    expectRefused(await get(`/api/repairs/findings?code=${a.set.assetCode}`, chain.departmentUser.token), 403, 'FORBIDDEN_ROLE');

    const xlsx = await t
      .http()
      .get(`/api/repairs?date=${day}&assetCode=${a.set.assetCode}&format=xlsx`)
      .set(bearer(head.token))
      .buffer(true)
      .parse(binaryBody);
    expect(xlsx.status).toBe(200);
    const wb = await readWorkbook(xlsx.body as Buffer);
    const rows = dataRows(wb.worksheets[0]);
    expect(rows.map((r) => [r[1], r[3], r[5], r[9]])).toEqual([
      [a.set.assetCode, 1, '送修 repair', 65.5],
      [a.set.assetCode, 2, '丢失 lost', 200],
    ]);
    const pdf = await t.http().get(`/api/repairs?date=${day}&format=pdf`).set(bearer(head.token)).buffer(true).parse(binaryBody);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });
});
