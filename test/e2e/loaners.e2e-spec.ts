import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { binaryBody, expectOk, expectRefused } from '../support/expect.js';
import { bearer, createDepartment, createUser, rowCounts, uniq, type TestUser } from '../support/factories.js';
import { pdfText } from '../support/pdf.js';
import { readWorkbook } from '../support/xlsx.js';

/** The tables a receipt or a return writes: a refusal changes none of them. */
const LOANER_TABLES = ['loaner_trays', 'loaner_returns', 'set_templates', 'instrument_sets', 'packs', 'pack_events', 'audit_log'];

interface Loaner {
  id: string;
  code: string;
  trayCode: string;
  departmentId: string;
  implant: boolean;
  state: string | null;
  barcode: string | null;
  status: string;
  lines: { nameZh: string; quantity: number; implant: boolean }[];
  returned: null | {
    countMatches: boolean;
    lenderRepresentative: string;
    returnedByName: string;
    lines: { line: number; delivered: number; returned: number; note: string | null }[];
  };
}

/**
 * Issue 16, loaner trays (外来医疗器械): a lender's tray delivered for a scheduled operation is
 * received by the CSSD with its count sheet, processed as any set (implants: released only after
 * their BI), dispatched to the operation's department only, and after use collected, cleaned,
 * counted and handed back to the lender; provenance and recall cover it as any pack.
 */
describe('loaner trays', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;
  let monitor: TestUser;
  let otherDepartmentUser: TestUser;
  let otherDepartment: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
    monitor = await createUser(t, 'monitor');
    otherDepartment = await createDepartment(t);
    otherDepartmentUser = await createUser(t, 'department', { departmentId: otherDepartment.id });
  });
  afterAll(() => t.close());

  const inHours = (h: number) => new Date(t.clock.instant().getTime() + h * 3_600_000).toISOString();
  const today = () => localDate(t.clock.instant(), t.config.timezone);
  const get = (token: string, path: string) => t.http().get(path).set(bearer(token));
  const post = (token: string, path: string, body: object) => t.http().post(path).set(bearer(token)).set('X-Station', 'LN-1').send(body);

  /** An orthopaedic implant tray's receipt for an operation in the chain driver's department tomorrow. */
  const receipt = (over: Record<string, unknown> = {}) => ({
    trayCode: uniq('LNT'),
    lenderName: '强生（上海）医疗器材有限公司',
    deliveredBy: '王强',
    departmentId: c.department.id,
    surgeon: '李主任',
    patientId: uniq('ZY'),
    operation: '股骨干骨折切开复位内固定术',
    plannedAt: inHours(20),
    sterilizationMethod: 'steam_prevacuum',
    packagingMaterial: 'rigid_container',
    lines: [
      { nameZh: '锁定加压钢板', nameEn: 'Locking compression plate', specification: '4.5 mm × 8 孔', quantity: 2, implant: true },
      { nameZh: '锁定螺钉', nameEn: 'Locking screw', specification: '5.0 × 40 mm', quantity: 12, implant: true },
      { nameZh: '复位钳', nameEn: 'Reduction forceps', specification: '', quantity: 1, implant: false },
    ],
    ...over,
  });
  const receive = async (over: Record<string, unknown> = {}): Promise<Loaner> =>
    expectOk(await post(c.nurse.token, '/api/loaners', receipt(over)));
  const fullCount = (tray: Loaner) => tray.lines.map((l, i) => ({ line: i + 1, returned: l.quantity }));

  it('a receipt makes the tray a set of its own (implant, critical, the count sheet as contents) and starts its first cycle', async () => {
    const tray = await receive();
    expect(tray.code).toMatch(new RegExp(`^LN-${today().replaceAll('-', '')}-\\d{2}$`));
    expect(tray).toMatchObject({ implant: true, state: 'collected', barcode: null, status: 'in_process', returned: null });
    const [template] = await t.ds.query(
      `SELECT code, implant, critical, contents, sterilization_method, active FROM set_templates WHERE code = $1`,
      [tray.code],
    );
    expect(template).toMatchObject({
      code: tray.code,
      implant: true,
      critical: true,
      sterilization_method: 'steam_prevacuum',
      active: true,
    });
    expect(template.contents.map((x: { quantity: number }) => x.quantity)).toEqual([2, 12, 1]);
    const [set] = await t.ds.query(`SELECT home_department_id, cycle_count FROM instrument_sets WHERE asset_code = $1`, [tray.trayCode]);
    expect(set).toEqual({ home_department_id: c.department.id, cycle_count: 1 });
    // The lender delivered it: nobody picked it up at the theatre, so it is on no collection round.
    const [{ n }] = await t.ds.query(
      `SELECT count(*)::int AS n FROM round_items i JOIN packs p ON p.id = i.pack_id JOIN instrument_sets s ON s.id = p.set_id WHERE s.asset_code = $1`,
      [tray.trayCode],
    );
    expect(n).toBe(0);
    // The washer takes it as any collected set.
    await c.wash([tray.trayCode]);
    expect((expectOk(await get(c.nurse.token, `/api/loaners/${tray.id}`)) as Loaner).state).toBe('cleaned');
  });

  it('refuses a receipt with a field missing, an implant line without its specification, an operation past, a barcode in use — writing nothing', async () => {
    const before = await rowCounts(t, LOANER_TABLES);
    const { surgeon: _s, ...noSurgeon } = receipt();
    expectRefused(await post(c.nurse.token, '/api/loaners', noSurgeon), 400, 'VALIDATION_FAILED');
    expectRefused(await post(c.nurse.token, '/api/loaners', receipt({ lines: [] })), 400, 'VALIDATION_FAILED');
    // A barcode the stations would read as something else: a pack label, a GS1 symbol.
    expectRefused(await post(c.nurse.token, '/api/loaners', receipt({ trayCode: 'P00000000017' })), 400, 'VALIDATION_FAILED');
    expectRefused(await post(c.nurse.token, '/api/loaners', receipt({ trayCode: '(8004)LN-1' })), 400, 'VALIDATION_FAILED');
    const noSpec = receipt();
    noSpec.lines[1] = { ...noSpec.lines[1], specification: ' ' };
    const refused = expectRefused(await post(c.nurse.token, '/api/loaners', noSpec), 422, 'LOANER_IMPLANT_SPECIFICATION_REQUIRED');
    expect(refused.message).toContain('第 2 行');
    expectRefused(await post(c.nurse.token, '/api/loaners', receipt({ plannedAt: inHours(-2) })), 422, 'LOANER_OPERATION_PAST');
    expectRefused(await post(c.nurse.token, '/api/loaners', receipt({ trayCode: await c.newSet() })), 409, 'LOANER_TRAY_CODE_IN_USE');
    expectRefused(
      await post(c.nurse.token, '/api/loaners', receipt({ sterilizationMethod: 'h2o2_plasma', packagingMaterial: 'cotton' })),
      422,
      'PACKAGING_METHOD_INCOMPATIBLE',
    );
    expectRefused(
      await post(c.nurse.token, '/api/loaners', receipt({ departmentId: '00000000-0000-4000-8000-000000000000' })),
      404,
      'DEPARTMENT_NOT_FOUND',
    );
    // Receiving is the CSSD nurses' and the head nurse's: not a monitor's, not a department's.
    expectRefused(await post(monitor.token, '/api/loaners', receipt()), 403, 'FORBIDDEN_ROLE');
    expectRefused(await post(c.departmentUser.token, '/api/loaners', receipt()), 403, 'FORBIDDEN_ROLE');
    const counts = await rowCounts(t, LOANER_TABLES);
    // c.newSet() above made a template and a set of its own: nothing else was written.
    expect({ ...counts, set_templates: counts.set_templates - 1, instrument_sets: counts.instrument_sets - 1 }).toEqual(before);
    expectRefused(await get(c.nurse.token, '/api/loaners/not-a-uuid'), 400, 'VALIDATION_FAILED');
  });

  it('walks the whole loop: receipt → clean → pack → load with a BI → released only after the BI → the operation’s department → use → collected, cleaned → counted back to the lender', async () => {
    const tray = await receive();
    await c.wash([tray.trayCode]);
    const barcode = await c.pack(tray.trayCode);
    const load = await c.startLoad([barcode], { bis: [{}] });
    await c.unload(load.id);
    // An implant tray waits for its BI (WS 310.3): not dispatchable before.
    expect((expectOk(await get(c.nurse.token, `/api/loaners/${tray.id}`)) as Loaner).state).toBe('quarantined');
    expectRefused(await c.post('/api/storage/scan', { code: barcode }), 422, 'LOAD_NOT_RELEASED');
    await c.readBi(load.bis[0].id, 'passed');
    await c.store(barcode);
    // Not to another department than the operation's.
    const wrong = expectRefused(
      await c.post('/api/dispatch/scan', { code: barcode, departmentId: otherDepartment.id }),
      422,
      'LOANER_WRONG_DEPARTMENT',
    );
    expect(wrong.message).toContain(tray.code);
    expect((await c.dispatch(barcode)).outcome).toBe('dispatched');
    await c.receive(barcode);
    await c.use(barcode);

    // The theatre sees its tray; another department neither lists nor reads it.
    const own: Loaner[] = expectOk(await get(c.departmentUser.token, `/api/loaners?date=${today()}`)).trays;
    expect(own.find((x) => x.id === tray.id)).toMatchObject({ state: 'used', barcode });
    const others: Loaner[] = expectOk(await get(otherDepartmentUser.token, `/api/loaners?date=${today()}`)).trays;
    expect(others.map((x) => x.id)).not.toContain(tray.id);
    expectRefused(await get(otherDepartmentUser.token, `/api/loaners/${tray.id}`), 403, 'LOANER_OTHER_DEPARTMENT');

    // Collected after use: not returned dirty.
    await c.recycle(tray.trayCode);
    expectRefused(
      await post(c.nurse.token, `/api/loaners/${tray.id}/return`, { lines: fullCount(tray), lenderRepresentative: '王强' }),
      409,
      'LOANER_NOT_RETURNABLE',
    );
    await c.wash([tray.trayCode]);

    // Counted: every line once; a line short needs its note (an implant never lost without a record).
    const before = await rowCounts(t, LOANER_TABLES);
    const short = [
      { line: 1, returned: 2 },
      { line: 2, returned: 11 },
      { line: 3, returned: 1 },
    ];
    const noNote = expectRefused(
      await post(c.nurse.token, `/api/loaners/${tray.id}/return`, { lines: short, lenderRepresentative: '王强' }),
      422,
      'LOANER_SHORTFALL_NOTE_REQUIRED',
    );
    expect(noNote.message).toContain('锁定螺钉');
    expectRefused(
      await post(c.nurse.token, `/api/loaners/${tray.id}/return`, { lines: short.slice(0, 2), lenderRepresentative: '王强' }),
      422,
      'LOANER_COUNT_INCOMPLETE',
    );
    expectRefused(
      await post(c.nurse.token, `/api/loaners/${tray.id}/return`, {
        lines: [{ line: 1, returned: 3 }, ...short.slice(1)],
        lenderRepresentative: '王强',
      }),
      422,
      'LOANER_COUNT_EXCEEDS',
    );
    expectRefused(
      await post(c.departmentUser.token, `/api/loaners/${tray.id}/return`, { lines: short, lenderRepresentative: '王强' }),
      403,
      'FORBIDDEN_ROLE',
    );
    expect(await rowCounts(t, LOANER_TABLES)).toEqual(before);

    short[1] = { ...short[1], note: `植入患者 ${'ZY'} 体内 1 枚` } as (typeof short)[number];
    const returned: Loaner = expectOk(
      await post(c.nurse.token, `/api/loaners/${tray.id}/return`, { lines: short, lenderRepresentative: '王强' }),
    );
    expect(returned).toMatchObject({ status: 'returned', state: 'lender_returned' });
    expect(returned.returned).toMatchObject({
      countMatches: false,
      lenderRepresentative: '王强',
      returnedByName: c.nurse.user.displayName,
    });
    expect(returned.returned!.lines[1]).toMatchObject({ line: 2, delivered: 12, returned: 11, note: expect.stringContaining('植入患者') });

    // Gone: no new cycle, no second return.
    expectRefused(
      await c.post('/api/recycling/scan', { code: tray.trayCode, departmentId: c.department.id, ...c.handover() }),
      422,
      'SET_RETURNED_TO_LENDER',
    );
    expectRefused(
      await post(c.nurse.token, `/api/loaners/${tray.id}/return`, { lines: fullCount(tray), lenderRepresentative: '王强' }),
      409,
      'LOANER_ALREADY_RETURNED',
    );
    const [{ active }] = await t.ds.query(`SELECT active FROM set_templates WHERE code = $1`, [tray.code]);
    expect(active).toBe(false);

    // Provenance of the pack names the lender, the operation and the receipt's count.
    const trace = expectOk(await get(c.departmentUser.token, `/api/trace/packs/${barcode}`));
    expect(trace.loaner).toMatchObject({
      code: tray.code,
      lenderName: '强生（上海）医疗器材有限公司',
      operation: '股骨干骨折切开复位内固定术',
      lines: 3,
      items: 15,
    });
  });

  it('an unused tray (the operation cancelled) goes back sterile from storage, its count matching', async () => {
    const tray = await receive({
      lines: [{ nameZh: '髓内钉手术器械', nameEn: 'Nailing instruments', specification: '', quantity: 20, implant: false }],
    });
    expect(tray.implant).toBe(false);
    // The receipt collected it: wash → pack → sterilize → store, as any set.
    await c.wash([tray.trayCode]);
    const barcode = await c.pack(tray.trayCode);
    await c.sterilize([barcode]);
    await c.store(barcode);
    const back: Loaner = expectOk(
      await post(head.token, `/api/loaners/${tray.id}/return`, { lines: fullCount(tray), lenderRepresentative: '赵六', note: '手术取消' }),
    );
    expect(back.returned).toMatchObject({ countMatches: true, lenderRepresentative: '赵六' });
    expectRefused(await c.post('/api/dispatch/scan', { code: barcode, departmentId: c.department.id }), 409, 'NOT_IN_STORAGE');
  });

  it('recall covers a loaner pack: in a load whose BI fails, it is recalled wherever it is', async () => {
    const r = await ChainDriver.create(t);
    const tray: Loaner = expectOk(await post(r.nurse.token, '/api/loaners', receipt({ departmentId: r.department.id })));
    await r.wash([tray.trayCode]);
    const barcode = await r.pack(tray.trayCode);
    const load = await r.startLoad([barcode], { bis: [{}] });
    await r.unload(load.id);
    const read = await r.readBi(load.bis[0].id, 'failed');
    expect(read.recall).not.toBeNull();
    const recall = expectOk(await get(r.nurse.token, `/api/recalls/${read.recall.id}`));
    expect(recall.items.map((i: { barcode: string }) => i.barcode)).toContain(barcode);
    expect((expectOk(await get(r.nurse.token, `/api/loaners/${tray.id}`)) as Loaner).state).toBe('recalled');
  });

  it('the register lists the period’s trays for the head nurse, as JSON, XLSX and PDF', async () => {
    const tray = await receive({ lenderName: uniq('微创骨科') });
    const register = expectOk(await get(head.token, `/api/loaners?date=${today()}`));
    expect(register.trays.map((x: Loaner) => x.code)).toContain(tray.code);
    const xlsx = await get(head.token, `/api/loaners?date=${today()}&format=xlsx`).buffer(true).parse(binaryBody);
    expect(xlsx.status).toBe(200);
    const book = await readWorkbook(xlsx.body as Buffer);
    const cells: string[] = [];
    book.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toContain(tray.code);
    const pdf = await get(head.token, `/api/loaners?date=${today()}&format=pdf`).buffer(true).parse(binaryBody);
    expect(pdf.status).toBe(200);
    // The PDF wraps a cell's text within its column: read it without the line breaks.
    expect((await pdfText(pdf.body as Buffer)).join('').replace(/\s/g, '')).toContain(tray.code);
  });
});
