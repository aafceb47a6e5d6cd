import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createDepartment, createUser, everyTable, rowCounts, uniq, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

type Kind = 'manufacturing_licence' | 'registration_certificate' | 'distribution_licence' | 'import_registration';
interface Batch {
  id: string;
  lotNumber: string;
  expiryDate: string;
  onHand: number;
  blocked: boolean;
  expired: boolean;
}

/**
 * Issue 16, disposable sterile supplies (seed 16, 4.5): the register with its licences, receipt of
 * a batch and its refusals, stock per batch issued first-expiring first, the monthly stocktake,
 * adverse events that block a batch and tell the departments that received it. Every refusal
 * leaves every supplies table as it was.
 */
describe('disposable sterile supplies', () => {
  let t: TestApp;
  let tz: string;
  let head: TestUser;
  let nurse: TestUser;
  let admin: TestUser;
  let monitor: TestUser;
  /** Every table of the module (supply_*): a refusal writes to none of them. */
  let supplyTables: string[];
  const today = () => localDate(t.clock.instant(), tz);
  const day = (n: number) => addLocalDays(today(), n);

  beforeAll(async () => {
    t = await createTestApp();
    tz = t.config.timezone;
    t.clock.nextMorning(tz);
    [head, nurse, admin, monitor] = [
      await createUser(t, 'head_nurse'),
      await createUser(t, 'nurse'),
      await createUser(t, 'admin'),
      await createUser(t, 'monitor'),
    ];
    supplyTables = (await everyTable(t)).filter((name) => name.startsWith('supply_'));
    expect(supplyTables.length).toBeGreaterThanOrEqual(11);
  });
  afterAll(() => t.close());

  const get = (path: string, token = nurse.token) => t.http().get(path).set(bearer(token));
  const post = (path: string, body: object, token = nurse.token) => t.http().post(path).set(bearer(token)).send(body);
  const counts = () => rowCounts(t, supplyTables);
  /** Refused with `code`, and not one row written to any supplies table. */
  async function refusedUnchanged(send: () => Promise<{ status: number; body: unknown }>, status: number, code: string) {
    const before = await counts();
    const body = expectRefused((await send()) as never, status, code);
    expect(await counts()).toEqual(before);
    return body;
  }

  async function supplier(licence: string | null = day(365)) {
    const s = expectOk(
      await post('/api/supplies/suppliers', { code: uniq('SUP'), nameZh: '测试供应商', nameEn: 'Test supplier' }, head.token),
    );
    if (licence)
      expectOk(
        await post(
          '/api/supplies/licences',
          { kind: 'distribution_licence', supplierId: s.id, number: uniq('JY'), validUntil: licence },
          head.token,
        ),
      );
    return s as { id: string };
  }

  /** A product whose licences are valid for a year unless `licences` says otherwise (null: none recorded). */
  async function product(opts: { imported?: boolean; licences?: Partial<Record<Kind, string | null>> } = {}) {
    const s = await supplier(opts.licences?.distribution_licence === undefined ? day(365) : opts.licences.distribution_licence);
    const p = expectOk(
      await post(
        '/api/supplies/products',
        {
          code: uniq('P'),
          nameZh: '一次性使用无菌注射器',
          nameEn: 'Sterile single-use syringe',
          specification: '5 mL',
          manufacturer: '测试医疗器械厂',
          supplierId: s.id,
          imported: opts.imported ?? false,
        },
        head.token,
      ),
    ) as { id: string; supplierId: string };
    const kinds: Kind[] = [
      'manufacturing_licence',
      'registration_certificate',
      ...(opts.imported ? (['import_registration'] as const) : []),
    ];
    for (const kind of kinds) {
      const validUntil = opts.licences?.[kind] === undefined ? day(365) : opts.licences[kind];
      if (validUntil) expectOk(await post('/api/supplies/licences', { kind, productId: p.id, number: uniq('ZC'), validUntil }, head.token));
    }
    return p;
  }

  const receipt = (productId: string, over: object = {}) => ({
    productId,
    lotNumber: uniq('L'),
    expiryDate: day(365),
    quantity: 100,
    packagingIntact: true,
    certificateOfConformity: true,
    sterilizationMark: true,
    qualityReport: true,
    ...over,
  });
  async function receive(productId: string, over: object = {}): Promise<Batch> {
    return expectOk(await post('/api/supplies/receipts', receipt(productId, over))).batch;
  }
  async function stockOf(batchId: string): Promise<Batch> {
    return (expectOk(await get('/api/supplies/stock?all=true')) as Batch[]).find((b) => b.id === batchId)!;
  }

  describe('the register', () => {
    it('the head nurse or the admin keeps it; a nurse or a department reads or nothing', async () => {
      const code = uniq('SUP');
      expectRefused(
        await post('/api/supplies/suppliers', { code, nameZh: '供应商', nameEn: 'Supplier' }, nurse.token),
        403,
        'FORBIDDEN_ROLE',
      );
      const s = expectOk(await post('/api/supplies/suppliers', { code, nameZh: '供应商', nameEn: 'Supplier' }, admin.token));
      expectRefused(
        await post('/api/supplies/suppliers', { code, nameZh: '供应商', nameEn: 'Supplier' }, head.token),
        409,
        'DUPLICATE_CODE',
      );
      expect((expectOk(await get('/api/supplies/suppliers')) as { id: string }[]).map((x) => x.id)).toContain(s.id);
      const dept = await createUser(t, 'department');
      expectRefused(await get('/api/supplies/suppliers', dept.token), 403, 'FORBIDDEN_ROLE');
      expectRefused(await get('/api/supplies/stock', dept.token), 403, 'FORBIDDEN_ROLE');
    });

    it('shows why a product cannot be received until each licence it needs is recorded', async () => {
      const p = await product({ imported: true, licences: { manufacturing_licence: null, import_registration: null } });
      const status = async () =>
        (expectOk(await get('/api/supplies/products')) as { id: string; licenceProblem: unknown }[]).find((x) => x.id === p.id)!
          .licenceProblem;
      expect(await status()).toEqual({ kind: 'manufacturing_licence', problem: 'missing' });
      expectOk(
        await post(
          '/api/supplies/licences',
          { kind: 'manufacturing_licence', productId: p.id, number: 'SC-1', validUntil: day(30) },
          head.token,
        ),
      );
      expect(await status()).toEqual({ kind: 'import_registration', problem: 'missing' });
      expectOk(
        await post(
          '/api/supplies/licences',
          { kind: 'import_registration', productId: p.id, number: 'JK-1', validUntil: day(30) },
          head.token,
        ),
      );
      expect(await status()).toBeNull();
    });

    it('a wrong licence is corrected by a new record naming it, with the reason; nothing is rewritten', async () => {
      const p = await product({ licences: { registration_certificate: null } });
      const wrong = expectOk(
        await post(
          '/api/supplies/licences',
          { kind: 'registration_certificate', productId: p.id, number: 'ZC-WRONG', validUntil: day(-10) },
          head.token,
        ),
      );
      const before = (await t.ds.query(`SELECT * FROM supply_licences WHERE id = $1`, [wrong.id]))[0];
      const fixed = expectOk(
        await post(
          '/api/supplies/licences',
          {
            kind: 'registration_certificate',
            productId: p.id,
            number: 'ZC-RIGHT',
            validUntil: day(700),
            correctsId: wrong.id,
            reason: '有效期录入错误',
          },
          head.token,
        ),
      );
      expect(fixed).toMatchObject({ number: 'ZC-RIGHT', correctsId: wrong.id, reason: '有效期录入错误', expired: false });
      expect((await t.ds.query(`SELECT * FROM supply_licences WHERE id = $1`, [wrong.id]))[0]).toEqual(before);
      const inForce = (expectOk(await get('/api/supplies/products')) as { id: string; licences: { number: string }[] }[]).find(
        (x) => x.id === p.id,
      )!;
      expect(inForce.licences.map((l) => l.number)).toContain('ZC-RIGHT');
      expect(inForce.licences.map((l) => l.number)).not.toContain('ZC-WRONG');
      // Corrected once: the next correction corrects the correction.
      await refusedUnchanged(
        () =>
          post(
            '/api/supplies/licences',
            {
              kind: 'registration_certificate',
              productId: p.id,
              number: 'ZC-3',
              validUntil: day(700),
              correctsId: wrong.id,
              reason: '再次更正',
            },
            head.token,
          ),
        409,
        'SUPPLY_LICENCE_ALREADY_CORRECTED',
      );
      // A correction says why.
      await refusedUnchanged(
        () =>
          post(
            '/api/supplies/licences',
            { kind: 'registration_certificate', productId: p.id, number: 'ZC-4', validUntil: day(700), correctsId: fixed.id },
            head.token,
          ),
        400,
        'VALIDATION_FAILED',
      );
      // The table refuses an UPDATE whoever asks.
      await expect(t.ds.query(`UPDATE supply_licences SET valid_until = '2099-01-01' WHERE id = $1`, [wrong.id])).rejects.toThrow();
    });

    it('a licence goes with its holder: import registration only for an imported product, a distribution licence only for a supplier', async () => {
      const p = await product();
      await refusedUnchanged(
        () =>
          post('/api/supplies/licences', { kind: 'import_registration', productId: p.id, number: 'JK', validUntil: day(10) }, head.token),
        422,
        'SUPPLY_LICENCE_NOT_APPLICABLE',
      );
      await refusedUnchanged(
        () =>
          post('/api/supplies/licences', { kind: 'distribution_licence', productId: p.id, number: 'JY', validUntil: day(10) }, head.token),
        422,
        'SUPPLY_LICENCE_NOT_APPLICABLE',
      );
      await refusedUnchanged(
        () =>
          post(
            '/api/supplies/licences',
            { kind: 'manufacturing_licence', supplierId: p.supplierId, number: 'SC', validUntil: day(10) },
            head.token,
          ),
        422,
        'SUPPLY_LICENCE_NOT_APPLICABLE',
      );
    });
  });

  describe('receipt of a batch', () => {
    it('takes a batch whose licences are in force and whose checks passed into stock, by a nurse', async () => {
      const p = await product();
      const before = await counts();
      const body = expectOk(await post('/api/supplies/receipts', receipt(p.id, { quantity: 240, lotNumber: 'LOT-OK-1' })));
      expect(body.batch).toMatchObject({ lotNumber: 'LOT-OK-1', onHand: 240, blocked: false, expired: false });
      expect(await counts()).toEqual({
        ...before,
        supply_batches: before.supply_batches + 1,
        supply_receipts: before.supply_receipts + 1,
        supply_movements: before.supply_movements + 1,
      });
      // A second delivery of the same lot adds to it; a different expiry for it is refused.
      expect((await receive(p.id, { lotNumber: 'LOT-OK-1', quantity: 60 })).onHand).toBe(300);
      await refusedUnchanged(
        () => post('/api/supplies/receipts', receipt(p.id, { lotNumber: 'LOT-OK-1', expiryDate: day(200) })),
        422,
        'SUPPLY_BATCH_EXPIRY_MISMATCH',
      );
      const dept = await createUser(t, 'department');
      expectRefused(await post('/api/supplies/receipts', receipt(p.id), dept.token), 403, 'FORBIDDEN_ROLE');
      expectRefused(await post('/api/supplies/receipts', receipt(p.id), monitor.token), 403, 'FORBIDDEN_ROLE');
    });

    it('refuses a product with a licence missing, naming it', async () => {
      for (const kind of ['manufacturing_licence', 'registration_certificate', 'distribution_licence'] as const) {
        const p = await product({ licences: { [kind]: null } });
        const body = await refusedUnchanged(() => post('/api/supplies/receipts', receipt(p.id)), 422, 'SUPPLY_LICENCE_MISSING');
        expect(body.message).toContain(
          { manufacturing_licence: '生产许可证', registration_certificate: '注册证', distribution_licence: '经营许可证' }[kind],
        );
        // The supplier's licence names the supplier, the product's the product.
        expect(body.message).toContain(kind === 'distribution_licence' ? '测试供应商' : '一次性使用无菌注射器');
      }
      const imported = await product({ imported: true, licences: { import_registration: null } });
      const body = await refusedUnchanged(
        () => t.http().post('/api/supplies/receipts').set(bearer(nurse.token)).set('Accept-Language', 'en').send(receipt(imported.id)),
        422,
        'SUPPLY_LICENCE_MISSING',
      );
      expect(body.message).toContain('import registration certificate');
    });

    it('refuses a licence expired on the receipt day by the service’s clock; valid through its last day', async () => {
      const p = await product({ licences: { distribution_licence: day(1) } });
      expectOk(await post('/api/supplies/receipts', receipt(p.id)));
      t.clock.advance(24 * 3_600_000); // its last valid day
      expectOk(await post('/api/supplies/receipts', receipt(p.id)));
      t.clock.advance(24 * 3_600_000); // the day after
      const body = await refusedUnchanged(() => post('/api/supplies/receipts', receipt(p.id)), 422, 'SUPPLY_LICENCE_EXPIRED');
      expect(body.message).toContain(day(-1));
      const reg = await product({ licences: { registration_certificate: day(-1) } });
      await refusedUnchanged(() => post('/api/supplies/receipts', receipt(reg.id)), 422, 'SUPPLY_LICENCE_EXPIRED');
    });

    it('refuses a failed check, naming each one that failed', async () => {
      const p = await product();
      for (const check of ['packagingIntact', 'certificateOfConformity', 'sterilizationMark', 'qualityReport']) {
        const body = await refusedUnchanged(
          () => post('/api/supplies/receipts', receipt(p.id, { [check]: false })),
          422,
          'SUPPLY_CHECK_FAILED',
        );
        expect(body.details).toEqual({ failed: [check] });
      }
      const body = await refusedUnchanged(
        () => post('/api/supplies/receipts', receipt(p.id, { packagingIntact: false, qualityReport: false })),
        422,
        'SUPPLY_CHECK_FAILED',
      );
      expect(body.message).toContain('包装完好、清洁、干燥');
      expect(body.message).toContain('检验报告');
    });

    it('refuses a batch already expired (usable through its expiry day) and a quantity that is not positive', async () => {
      const p = await product();
      await refusedUnchanged(() => post('/api/supplies/receipts', receipt(p.id, { expiryDate: day(-1) })), 422, 'SUPPLY_BATCH_EXPIRED');
      expect((await receive(p.id, { expiryDate: today(), quantity: 3 })).expired).toBe(false);
      await refusedUnchanged(() => post('/api/supplies/receipts', receipt(p.id, { quantity: 0 })), 422, 'SUPPLY_QUANTITY_NOT_POSITIVE');
      await refusedUnchanged(() => post('/api/supplies/receipts', receipt(p.id, { quantity: -5 })), 422, 'SUPPLY_QUANTITY_NOT_POSITIVE');
    });
  });

  describe('stock and issue', () => {
    it('issues the first-expiring batches first; a named batch only from itself; never more than in stock', async () => {
      const p = await product();
      const dept = await createDepartment(t);
      const late = await receive(p.id, { expiryDate: day(300), quantity: 10 });
      const soon = await receive(p.id, { expiryDate: day(100), quantity: 5 });
      const mid = await receive(p.id, { expiryDate: day(200), quantity: 10 });

      const issued = expectOk(await post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 8 }));
      expect(issued.lines.map((l: { batchId: string; quantity: number }) => [l.batchId, l.quantity])).toEqual([
        [soon.id, 5],
        [mid.id, 3],
      ]);
      expectOk(await post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 4, batchId: late.id }));
      expect([(await stockOf(soon.id)).onHand, (await stockOf(mid.id)).onHand, (await stockOf(late.id)).onHand]).toEqual([0, 7, 6]);

      const named = await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 8, batchId: mid.id }),
        409,
        'SUPPLY_STOCK_INSUFFICIENT',
      );
      expect(named.message).toContain('可发放 7');
      const all = await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 14 }),
        409,
        'SUPPLY_STOCK_INSUFFICIENT',
      );
      expect(all.message).toContain('可发放 13');
      await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 0 }),
        422,
        'SUPPLY_QUANTITY_NOT_POSITIVE',
      );
      const other = await product();
      const otherBatch = await receive(other.id);
      await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 1, batchId: otherBatch.id }),
        422,
        'SUPPLY_BATCH_WRONG_PRODUCT',
      );
      await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: otherBatch.id, quantity: 1 }),
        404,
        'DEPARTMENT_NOT_FOUND',
      );
      // The history: every movement is a row of its own; none was changed.
      const rows: { kind: string; quantity: number }[] = await t.ds.query(
        `SELECT m.kind, m.quantity FROM supply_movements m JOIN supply_batches b ON b.id = m.batch_id WHERE b.product_id = $1 ORDER BY m.at, m.quantity`,
        [p.id],
      );
      expect(rows).toEqual([
        { kind: 'receipt', quantity: 10 },
        { kind: 'receipt', quantity: 5 },
        { kind: 'receipt', quantity: 10 },
        { kind: 'issue', quantity: -5 },
        { kind: 'issue', quantity: -3 },
        { kind: 'issue', quantity: -4 },
      ]);
      expectRefused(
        await post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 1 }, monitor.token),
        403,
        'FORBIDDEN_ROLE',
      );
    });

    it('refuses an expired batch by name and passes it over first-expiring first', async () => {
      const p = await product();
      const dept = await createDepartment(t);
      const expiring = await receive(p.id, { expiryDate: day(1), quantity: 5 });
      const good = await receive(p.id, { expiryDate: day(60), quantity: 5 });
      t.clock.advance(2 * 24 * 3_600_000);
      expect((await stockOf(expiring.id)).expired).toBe(true);
      await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 1, batchId: expiring.id }),
        422,
        'SUPPLY_BATCH_EXPIRED',
      );
      const issued = expectOk(await post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 2 }));
      expect(issued.lines).toEqual([expect.objectContaining({ batchId: good.id, quantity: 2 })]);
      await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 4 }),
        409,
        'SUPPLY_STOCK_INSUFFICIENT',
      );
    });
    it('two issues racing for the last units: one is refused, the stock never goes below zero (20 rounds)', async () => {
      const p = await product();
      const dept = await createDepartment(t);
      for (let round = 0; round < 20; round++) {
        const batch = await receive(p.id, { quantity: 10 });
        // Both on the wire before either answer is read: by first-expiring first and by name.
        const answers = await Promise.all([
          post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 6 }),
          post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 6, batchId: batch.id }),
        ]);
        expect({ round, statuses: answers.map((a) => a.status).sort() }).toEqual({ round, statuses: [201, 409] });
        expect(answers.find((a) => a.status === 409)!.body.code).toBe('SUPPLY_STOCK_INSUFFICIENT');
        expect({ round, onHand: (await stockOf(batch.id)).onHand }).toEqual({ round, onHand: 4 });
        // The 4 left over are issued, so that the next round's batch is the only one in stock.
        expectOk(await post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 4, batchId: batch.id }));
      }
    });
  });

  describe('the monthly stocktake (日清月结)', () => {
    it('records each count, explains a difference and books it as an adjustment; the history stays', async () => {
      const p = await product();
      const a = await receive(p.id, { quantity: 50 });
      const b = await receive(p.id, { quantity: 20 });
      const body = await refusedUnchanged(
        () =>
          post('/api/supplies/stocktakes', {
            lines: [
              { batchId: a.id, counted: 48 },
              { batchId: b.id, counted: 20 },
            ],
          }),
        422,
        'SUPPLY_STOCKTAKE_EXPLANATION_REQUIRED',
      );
      expect(body.message).toContain('48');
      await refusedUnchanged(
        () =>
          post('/api/supplies/stocktakes', {
            lines: [
              { batchId: a.id, counted: 48, explanation: '2 盒破损' },
              { batchId: a.id, counted: 48, explanation: 'x2' },
            ],
          }),
        422,
        'SUPPLY_STOCKTAKE_DUPLICATE_BATCH',
      );
      await refusedUnchanged(
        () => post('/api/supplies/stocktakes', { lines: [{ batchId: p.id, counted: 1, explanation: '不存在的批次' }] }),
        404,
        'SUPPLY_BATCH_NOT_FOUND',
      );
      const before = await counts();
      const stocktake = expectOk(
        await post('/api/supplies/stocktakes', {
          lines: [
            { batchId: a.id, counted: 48, explanation: '2 盒包装破损报废' },
            { batchId: b.id, counted: 20 },
          ],
        }),
      );
      expect(stocktake.month).toBe(today().slice(0, 7));
      expect(
        stocktake.lines
          .map((l: { batchId: string; expected: number; counted: number; difference: number }) => [
            l.batchId,
            l.expected,
            l.counted,
            l.difference,
          ])
          .sort(),
      ).toEqual(
        [
          [a.id, 50, 48, -2],
          [b.id, 20, 20, 0],
        ].sort(),
      );
      // One adjustment (the batch that differed), no UPDATE: the receipt of 50 is still there.
      expect(await counts()).toEqual({
        ...before,
        supply_stocktakes: before.supply_stocktakes + 1,
        supply_stocktake_lines: before.supply_stocktake_lines + 2,
        supply_movements: before.supply_movements + 1,
      });
      expect(await t.ds.query(`SELECT kind, quantity FROM supply_movements WHERE batch_id = $1 ORDER BY at`, [a.id])).toEqual([
        { kind: 'receipt', quantity: 50 },
        { kind: 'adjustment', quantity: -2 },
      ]);
      expect((await stockOf(a.id)).onHand).toBe(48);
      expect((expectOk(await get('/api/supplies/stocktakes')) as { id: string }[]).map((s) => s.id)).toContain(stocktake.id);
    });
  });

  describe('adverse events', () => {
    it('block the batch at once, tell the departments that received it, and are closed by the head nurse', async () => {
      const p = await product();
      const [wardA, wardB, wardC] = [await createDepartment(t), await createDepartment(t), await createDepartment(t)];
      const [userA, userB, userC] = [
        await createUser(t, 'department', { departmentId: wardA.id }),
        await createUser(t, 'department', { departmentId: wardB.id }),
        await createUser(t, 'department', { departmentId: wardC.id }),
      ];
      const bad = await receive(p.id, { expiryDate: day(100), quantity: 30 });
      const spare = await receive(p.id, { expiryDate: day(200), quantity: 30 });
      for (const ward of [wardA, wardB])
        expectOk(await post('/api/supplies/issues', { productId: p.id, departmentId: ward.id, quantity: 5, batchId: bad.id }));
      expectOk(await post('/api/supplies/issues', { productId: p.id, departmentId: wardC.id, quantity: 5, batchId: spare.id }));

      const event = { batchId: bad.id, kind: 'product_defect', description: '拆开包装发现针筒内有异物', outcome: '未用于患者，已封存' };
      // A department reports only on a batch it received: another is unknown to it.
      await refusedUnchanged(() => post('/api/supplies/adverse-events', event, userC.token), 404, 'SUPPLY_BATCH_NOT_FOUND');
      await refusedUnchanged(
        () =>
          post(
            '/api/supplies/adverse-events',
            { ...event, occurredAt: new Date(t.clock.instant().getTime() + 3_600_000).toISOString() },
            userA.token,
          ),
        422,
        'STATED_TIME_IN_FUTURE',
      );
      const before = await counts();
      const reported = expectOk(await post('/api/supplies/adverse-events', event, userA.token));
      expect(reported).toMatchObject({ status: 'open', departmentId: wardA.id, lotNumber: bad.lotNumber, kind: 'product_defect' });
      expect(await counts()).toEqual({
        ...before,
        supply_adverse_events: before.supply_adverse_events + 1,
        supply_notices: before.supply_notices + 2,
      });

      // Blocked from issue, by name and first-expiring first.
      expect((await stockOf(bad.id)).blocked).toBe(true);
      await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: wardC.id, quantity: 1, batchId: bad.id }),
        409,
        'SUPPLY_BATCH_BLOCKED',
      );
      const fefo = expectOk(await post('/api/supplies/issues', { productId: p.id, departmentId: wardC.id, quantity: 2 }));
      expect(fefo.lines).toEqual([expect.objectContaining({ batchId: spare.id, quantity: 2 })]);

      // The two wards that received it are told; the third is not; each sees only its own.
      const view = async (u: TestUser) => expectOk(await get('/api/supplies/department', u.token));
      const [a, b, c] = [await view(userA), await view(userB), await view(userC)];
      expect(a.notices.map((n: { eventId: string }) => n.eventId)).toEqual([reported.id]);
      expect(b.notices.map((n: { eventId: string }) => n.eventId)).toEqual([reported.id]);
      expect(b.notices[0].messageZh).toContain(bad.lotNumber);
      expect(c.notices).toEqual([]);
      expect(a.received.map((r: { batchId: string; quantity: number; blocked: boolean }) => [r.batchId, r.quantity, r.blocked])).toEqual([
        [bad.id, 5, true],
      ]);
      expect(c.received.map((r: { batchId: string }) => r.batchId).sort()).toEqual([spare.id, spare.id]);
      expect(a.adverseEvents.map((e: { id: string }) => e.id)).toEqual([reported.id]);
      expect(b.adverseEvents).toEqual([]);
      expectRefused(await get('/api/supplies/department', nurse.token), 403, 'FORBIDDEN_ROLE');

      // Closed by the head nurse only, once; the investigation clears the batch: issue resumes.
      const closing = { investigation: '厂家复检该批次合格，异物为拆包时带入', batchReleased: true };
      expectRefused(await post(`/api/supplies/adverse-events/${reported.id}/close`, closing, nurse.token), 403, 'FORBIDDEN_ROLE');
      expectRefused(await post(`/api/supplies/adverse-events/${reported.id}/close`, closing, userA.token), 403, 'FORBIDDEN_ROLE');
      const closed = expectOk(await post(`/api/supplies/adverse-events/${reported.id}/close`, closing, head.token));
      expect(closed).toMatchObject({ status: 'closed', investigation: closing.investigation, batchReleased: true });
      await refusedUnchanged(
        () => post(`/api/supplies/adverse-events/${reported.id}/close`, closing, head.token),
        409,
        'SUPPLY_ADVERSE_EVENT_CLOSED',
      );
      expect((await stockOf(bad.id)).blocked).toBe(false);
      expectOk(await post('/api/supplies/issues', { productId: p.id, departmentId: wardC.id, quantity: 1, batchId: bad.id }));
      expect((await view(userB)).notices[0]).toMatchObject({ closed: true, batchReleased: true, investigation: closing.investigation });
    });

    it('recorded by the CSSD too; an investigation that does not clear the batch keeps it blocked', async () => {
      const p = await product();
      const batch = await receive(p.id, { quantity: 10 });
      const reported = expectOk(
        await post(
          '/api/supplies/adverse-events',
          { batchId: batch.id, kind: 'packaging_defect', description: '整箱受潮', outcome: '全部封存' },
          nurse.token,
        ),
      );
      expect(reported.departmentId).toBeNull();
      expect(
        (expectOk(await get('/api/supplies/adverse-events?status=open', monitor.token)) as { id: string }[]).map((e) => e.id),
      ).toContain(reported.id);
      expectOk(
        await post(
          `/api/supplies/adverse-events/${reported.id}/close`,
          { investigation: '确认受潮，整批退货', batchReleased: false },
          head.token,
        ),
      );
      expect((await stockOf(batch.id)).blocked).toBe(true);
      const dept = await createDepartment(t);
      await refusedUnchanged(
        () => post('/api/supplies/issues', { productId: p.id, departmentId: dept.id, quantity: 1 }),
        409,
        'SUPPLY_STOCK_INSUFFICIENT',
      );
      expectRefused(
        await post(`/api/supplies/adverse-events/${p.id}/close`, { investigation: '不存在', batchReleased: true }, head.token),
        404,
        'SUPPLY_ADVERSE_EVENT_NOT_FOUND',
      );
    });
  });
});
