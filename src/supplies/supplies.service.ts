import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { assertCorrectionNamesWhy } from '../common/errors/correction.js';
import { DomainError, type Localized } from '../common/errors/domain-error.js';
import { uniqueOr409 } from '../common/errors/unique.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SupplyAdverseEvent, SupplyAdverseEventClosure, SupplyNotice, type AdverseEventKind } from './adverse-event.entity.js';
import type {
  CloseAdverseEventDto,
  CreateSupplierDto,
  CreateSupplyProductDto,
  IssueDto,
  ReceiveBatchDto,
  RecordLicenceDto,
  ReportAdverseEventDto,
  StocktakeDto,
} from './dto/supplies.dto.js';
import { LICENCE_NAMES, licenceProblem } from './licence-check.js';
import { Supplier, SupplyLicence, SupplyProduct } from './register.entity.js';
import { SupplyMovement, SupplyReceipt, SupplyStocktake, SupplyStocktakeLine } from './stock.entity.js';
import { SuppliesRepository, type BatchRow, type LicenceRow } from './supplies.repository.js';

const RECEIPT_CHECKS = {
  packagingIntact: { zh: '包装完好、清洁、干燥', en: 'packaging intact, clean and dry' },
  certificateOfConformity: { zh: '产品合格证', en: 'certificate of conformity' },
  sterilizationMark: { zh: '灭菌标识', en: 'sterilization mark' },
  qualityReport: { zh: '生产厂家该批次检验报告', en: 'the manufacturer’s quality report for the batch' },
} as const satisfies Record<string, Localized>;

const EVENT_KIND_NAMES: Record<AdverseEventKind, Localized> = {
  packaging_defect: { zh: '包装破损', en: 'packaging defect' },
  sterility_doubt: { zh: '无菌性存疑', en: 'sterility in doubt' },
  product_defect: { zh: '产品质量缺陷', en: 'product defect' },
  patient_reaction: { zh: '患者不良反应', en: 'patient reaction' },
  other: { zh: '其他', en: 'other' },
};

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';
const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Disposable sterile supplies (seed 16, 4.5): the register of suppliers and products with their
 * licences; receipt of a batch, refused when a licence is missing or expired on the receipt day,
 * a check failed, the batch is expired or the quantity is not positive; stock per batch as the sum
 * of append-only movements; issue first-expiring first, never an expired or blocked batch nor more
 * than in stock; the monthly stocktake (日清月结) that adjusts the books by a movement; adverse
 * events that block their batch at once and tell the departments that received it.
 */
@Injectable()
export class SuppliesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SuppliesRepository,
  ) {}

  private today(now = this.clock.instant()): string {
    return localDate(now, this.config.timezone);
  }

  private licenceView(l: LicenceRow, today: string) {
    return {
      id: l.id,
      kind: l.kind,
      number: l.number,
      validUntil: l.validUntil,
      expired: l.validUntil < today,
      correctsId: l.correctsId,
      reason: l.reason,
      recordedAt: iso(l.recordedAt),
    };
  }

  private batchView(b: BatchRow, today: string) {
    const days = Math.round((Date.parse(b.expiryDate) - Date.parse(today)) / 86_400_000);
    return { ...b, expired: b.expiryDate < today, daysToExpiry: days };
  }

  // ── the register ───────────────────────────────────────────────────────────────────────────

  async suppliers() {
    const today = this.today();
    const suppliers = await this.repo.suppliers();
    const licences = await this.repo.licencesInForce(this.db, { supplierIds: suppliers.map((s) => s.id) });
    return suppliers.map((s) => ({
      id: s.id,
      code: s.code,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      licences: licences.filter((l) => l.supplierId === s.id).map((l) => this.licenceView(l, today)),
    }));
  }

  async createSupplier(actor: Actor, dto: CreateSupplierDto) {
    const code = dto.code.trim().toUpperCase();
    const r = this.db.getRepository(Supplier);
    await uniqueOr409(
      () => r.insert({ code, nameZh: dto.nameZh.trim(), nameEn: dto.nameEn.trim(), createdBy: actor.id, createdAt: this.clock.instant() }),
      code,
    );
    return (await this.suppliers()).find((s) => s.code === code)!;
  }

  async products(productId?: string) {
    const today = this.today();
    const products = await this.repo.products(productId);
    const licences = await this.repo.licencesInForce(this.db, {
      productIds: products.map((p) => p.id),
      supplierIds: [...new Set(products.map((p) => p.supplierId))],
    });
    return products.map((p) => {
      const own = licences.filter((l) => l.productId === p.id);
      const problem = licenceProblem(p.imported, [...own, ...licences.filter((l) => l.supplierId === p.supplierId)], today);
      return {
        ...p,
        licences: own.map((l) => this.licenceView(l, today)),
        licenceProblem: problem ? { kind: problem.kind, problem: problem.problem } : null,
      };
    });
  }

  async createProduct(actor: Actor, dto: CreateSupplyProductDto) {
    if (!(await this.db.getRepository(Supplier).existsBy({ id: dto.supplierId }))) throw new DomainError('SUPPLIER_NOT_FOUND');
    const code = dto.code.trim().toUpperCase();
    const r = this.db.getRepository(SupplyProduct);
    const saved = await uniqueOr409(
      () =>
        r.save(
          r.create({
            code,
            nameZh: dto.nameZh.trim(),
            nameEn: dto.nameEn.trim(),
            specification: dto.specification.trim(),
            manufacturer: dto.manufacturer.trim(),
            supplierId: dto.supplierId,
            imported: dto.imported,
            createdBy: actor.id,
            createdAt: this.clock.instant(),
          }),
        ),
      code,
    );
    return (await this.products(saved.id))[0];
  }

  /**
   * A licence of a supplier (distribution) or of a product (the others), or the correction of a
   * record (same holder and kind, with the reason): a new row, never an update.
   */
  async recordLicence(actor: Actor, dto: RecordLicenceDto) {
    const forSupplier = dto.kind === 'distribution_licence';
    const holder: Localized = forSupplier ? { zh: '供应商', en: 'a supplier' } : { zh: '产品', en: 'a product' };
    if (forSupplier ? !dto.supplierId || dto.productId : !dto.productId || dto.supplierId)
      throw new DomainError('SUPPLY_LICENCE_NOT_APPLICABLE', { licence: LICENCE_NAMES[dto.kind], holder });
    if (forSupplier) {
      if (!(await this.db.getRepository(Supplier).existsBy({ id: dto.supplierId }))) throw new DomainError('SUPPLIER_NOT_FOUND');
    } else {
      const product = await this.db.getRepository(SupplyProduct).findOneBy({ id: dto.productId });
      if (!product) throw new DomainError('SUPPLY_PRODUCT_NOT_FOUND');
      if (dto.kind === 'import_registration' && !product.imported)
        throw new DomainError('SUPPLY_LICENCE_NOT_APPLICABLE', {
          licence: LICENCE_NAMES[dto.kind],
          holder: { zh: '国产产品', en: 'a domestic product' },
        });
    }
    assertCorrectionNamesWhy(dto.correctsId, dto.reason);
    if (dto.correctsId) {
      const corrected = await this.repo.licence(this.db, dto.correctsId);
      if (
        !corrected ||
        corrected.kind !== dto.kind ||
        corrected.supplierId !== (dto.supplierId ?? null) ||
        corrected.productId !== (dto.productId ?? null)
      )
        throw new DomainError('SUPPLY_LICENCE_NOT_FOUND');
      if (await this.repo.isCorrected(this.db, corrected.id)) throw new DomainError('SUPPLY_LICENCE_ALREADY_CORRECTED');
    }
    let id: string;
    try {
      const saved = await this.db.getRepository(SupplyLicence).save(
        this.db.getRepository(SupplyLicence).create({
          supplierId: dto.supplierId ?? null,
          productId: dto.productId ?? null,
          kind: dto.kind,
          number: dto.number.trim(),
          validUntil: dto.validUntil,
          correctsId: dto.correctsId ?? null,
          reason: dto.reason?.trim() ?? null,
          recordedBy: actor.id,
          recordedAt: this.clock.instant(),
        }),
      );
      id = saved.id;
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('SUPPLY_LICENCE_ALREADY_CORRECTED');
      throw e;
    }
    return this.licenceView((await this.repo.licence(this.db, id))!, this.today());
  }

  // ── receipt ────────────────────────────────────────────────────────────────────────────────

  /** The receipt of a batch (seed 16, 4.5): refused, with nothing written, unless every rule holds. */
  async receive(actor: Actor, dto: ReceiveBatchDto) {
    if (dto.quantity <= 0) throw new DomainError('SUPPLY_QUANTITY_NOT_POSITIVE');
    const product = await this.db.getRepository(SupplyProduct).findOneBy({ id: dto.productId });
    if (!product) throw new DomainError('SUPPLY_PRODUCT_NOT_FOUND');
    const failed = (Object.keys(RECEIPT_CHECKS) as (keyof typeof RECEIPT_CHECKS)[]).filter((k) => !dto[k]);
    if (failed.length > 0)
      throw new DomainError(
        'SUPPLY_CHECK_FAILED',
        { checks: { zh: failed.map((k) => RECEIPT_CHECKS[k].zh).join('、'), en: failed.map((k) => RECEIPT_CHECKS[k].en).join(', ') } },
        { failed },
      );
    const lotNumber = dto.lotNumber.trim();
    return this.db.transaction(async (m) => {
      const now = this.clock.instant();
      const today = this.today(now);
      // An expired batch is never taken into stock (usable through its expiry day, as a pack, §4.1).
      if (dto.expiryDate < today) throw new DomainError('SUPPLY_BATCH_EXPIRED', { lot: lotNumber, expiry: dto.expiryDate });
      // Licences valid on the receipt day by the service's clock.
      const licences = await this.repo.licencesInForce(m, { productIds: [product.id], supplierIds: [product.supplierId] });
      const problem = licenceProblem(product.imported, licences, today);
      if (problem) {
        // The supplier's licence names the supplier; the others, the product.
        const supplier =
          problem.kind === 'distribution_licence' ? await m.getRepository(Supplier).findOneByOrFail({ id: product.supplierId }) : null;
        const holder = supplier ? { zh: supplier.nameZh, en: supplier.nameEn } : { zh: product.nameZh, en: product.nameEn };
        if (problem.problem === 'missing')
          throw new DomainError('SUPPLY_LICENCE_MISSING', { licence: LICENCE_NAMES[problem.kind], holder });
        throw new DomainError('SUPPLY_LICENCE_EXPIRED', {
          licence: LICENCE_NAMES[problem.kind],
          number: problem.number,
          validUntil: problem.validUntil,
          holder,
        });
      }
      const batch = await this.repo.lockOrCreateBatch(m, product.id, lotNumber, dto.expiryDate, now);
      if (batch.expiryDate !== dto.expiryDate)
        throw new DomainError('SUPPLY_BATCH_EXPIRY_MISMATCH', { lot: lotNumber, expiry: batch.expiryDate, stated: dto.expiryDate });
      const receipt = await m.getRepository(SupplyReceipt).save(
        m.getRepository(SupplyReceipt).create({
          batchId: batch.id,
          quantity: dto.quantity,
          packagingIntact: true,
          certificateOfConformity: true,
          sterilizationMark: true,
          qualityReport: true,
          checkedBy: actor.id,
          receivedAt: now,
        }),
      );
      await m.getRepository(SupplyMovement).insert({
        batchId: batch.id,
        kind: 'receipt',
        quantity: dto.quantity,
        departmentId: null,
        receiptId: receipt.id,
        stocktakeLineId: null,
        actorId: actor.id,
        at: now,
      });
      return {
        receiptId: receipt.id,
        quantity: dto.quantity,
        receivedAt: iso(now),
        batch: this.batchView((await this.repo.batch(m, batch.id))!, today),
      };
    });
  }

  async stock(all: boolean) {
    const today = this.today();
    return (await this.repo.stock(all)).map((b) => this.batchView(b, today));
  }

  // ── issue ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Issue to a department: from the named batch, or the first-expiring usable batches first
   * (FEFO); never an expired or blocked batch, never more than in stock. One movement per batch.
   */
  async issue(actor: Actor, dto: IssueDto) {
    if (dto.quantity <= 0) throw new DomainError('SUPPLY_QUANTITY_NOT_POSITIVE');
    const department = await this.db.getRepository(Department).findOneBy({ id: dto.departmentId });
    if (!department || !department.active) throw new DomainError('DEPARTMENT_NOT_FOUND');
    if (!(await this.db.getRepository(SupplyProduct).existsBy({ id: dto.productId }))) throw new DomainError('SUPPLY_PRODUCT_NOT_FOUND');
    return this.db.transaction(async (m) => {
      const now = this.clock.instant();
      const today = this.today(now);
      const batches = await this.repo.lockBatches(m, { productId: dto.productId });
      let lines: { batch: BatchRow; quantity: number }[];
      if (dto.batchId) {
        const batch = batches.find((b) => b.id === dto.batchId);
        if (!batch) {
          const elsewhere = await this.repo.batch(m, dto.batchId);
          if (elsewhere) throw new DomainError('SUPPLY_BATCH_WRONG_PRODUCT', { lot: elsewhere.lotNumber });
          throw new DomainError('SUPPLY_BATCH_NOT_FOUND');
        }
        if (batch.expiryDate < today) throw new DomainError('SUPPLY_BATCH_EXPIRED', { lot: batch.lotNumber, expiry: batch.expiryDate });
        if (batch.blocked) throw new DomainError('SUPPLY_BATCH_BLOCKED', { lot: batch.lotNumber });
        if (batch.onHand < dto.quantity)
          throw new DomainError('SUPPLY_STOCK_INSUFFICIENT', { available: Math.max(batch.onHand, 0), requested: dto.quantity });
        lines = [{ batch, quantity: dto.quantity }];
      } else {
        const usable = batches.filter((b) => b.expiryDate >= today && !b.blocked && b.onHand > 0);
        const available = usable.reduce((n, b) => n + b.onHand, 0);
        if (available < dto.quantity) throw new DomainError('SUPPLY_STOCK_INSUFFICIENT', { available, requested: dto.quantity });
        lines = [];
        let left = dto.quantity;
        for (const batch of usable) {
          if (left === 0) break;
          const take = Math.min(left, batch.onHand);
          lines.push({ batch, quantity: take });
          left -= take;
        }
      }
      await m.getRepository(SupplyMovement).insert(
        lines.map((l) => ({
          batchId: l.batch.id,
          kind: 'issue' as const,
          quantity: -l.quantity,
          departmentId: department.id,
          receiptId: null,
          stocktakeLineId: null,
          actorId: actor.id,
          at: now,
        })),
      );
      return {
        departmentId: department.id,
        at: iso(now),
        lines: lines.map((l) => ({
          batchId: l.batch.id,
          lotNumber: l.batch.lotNumber,
          expiryDate: l.batch.expiryDate,
          quantity: l.quantity,
        })),
      };
    });
  }

  // ── the monthly stocktake ─────────────────────────────────────────────────────────────────

  /** 日清月结: each batch counted; a difference is explained and booked as an adjustment movement, the history stays. */
  async stocktake(actor: Actor, dto: StocktakeDto) {
    const ids = dto.lines.map((l) => l.batchId);
    if (new Set(ids).size !== ids.length) throw new DomainError('SUPPLY_STOCKTAKE_DUPLICATE_BATCH');
    const id = await this.db.transaction(async (m) => {
      const now = this.clock.instant();
      const batches = await this.repo.lockBatches(m, { batchIds: ids });
      const byId = new Map(batches.map((b) => [b.id, b]));
      const counted = dto.lines.map((l) => {
        const batch = byId.get(l.batchId);
        if (!batch) throw new DomainError('SUPPLY_BATCH_NOT_FOUND');
        const explanation = l.explanation?.trim() || null;
        if (l.counted !== batch.onHand && !explanation)
          throw new DomainError('SUPPLY_STOCKTAKE_EXPLANATION_REQUIRED', {
            lot: batch.lotNumber,
            counted: l.counted,
            expected: batch.onHand,
          });
        return { batch, counted: l.counted, explanation };
      });
      const stocktake = await m
        .getRepository(SupplyStocktake)
        .save(m.getRepository(SupplyStocktake).create({ month: this.today(now).slice(0, 7), countedBy: actor.id, countedAt: now }));
      for (const c of counted) {
        const line = await m.getRepository(SupplyStocktakeLine).save(
          m.getRepository(SupplyStocktakeLine).create({
            stocktakeId: stocktake.id,
            batchId: c.batch.id,
            expected: c.batch.onHand,
            counted: c.counted,
            difference: c.counted - c.batch.onHand,
            explanation: c.explanation,
          }),
        );
        if (line.difference !== 0)
          await m.getRepository(SupplyMovement).insert({
            batchId: c.batch.id,
            kind: 'adjustment',
            quantity: line.difference,
            departmentId: null,
            receiptId: null,
            stocktakeLineId: line.id,
            actorId: actor.id,
            at: now,
          });
      }
      return stocktake.id;
    });
    return (await this.stocktakes(id))[0];
  }

  async stocktakes(id?: string) {
    return (await this.repo.stocktakes(id)).map((s) => ({
      id: s.id as string,
      month: s.month as string,
      countedAt: iso(s.countedAt as Date),
      countedByName: (s.countedByName as string | null) ?? '',
      lines: s.lines as unknown[],
    }));
  }

  // ── adverse events ────────────────────────────────────────────────────────────────────────

  /**
   * An adverse event on a batch (seed 16): recorded by the CSSD, or by a department on a batch it
   * received (another batch is unknown to it). The batch is blocked from issue from this moment,
   * and every department it was issued to gets a notice, in the same transaction.
   */
  async reportAdverseEvent(actor: Actor, dto: ReportAdverseEventDto) {
    const now = this.clock.instant();
    const occurredAt = statedInstant(dto.occurredAt, now, 'occurredAt', { timezone: this.config.timezone });
    const id = await this.db.transaction(async (m) => {
      const [batch] = await this.repo.lockBatches(m, { batchIds: [dto.batchId] });
      if (!batch) throw new DomainError('SUPPLY_BATCH_NOT_FOUND');
      if (actor.role === 'department' && !(await this.repo.wasIssuedTo(m, batch.id, actor.departmentId!)))
        throw new DomainError('SUPPLY_BATCH_NOT_FOUND');
      const event = await m.getRepository(SupplyAdverseEvent).save(
        m.getRepository(SupplyAdverseEvent).create({
          batchId: batch.id,
          kind: dto.kind,
          occurredAt,
          description: dto.description.trim(),
          outcome: dto.outcome.trim(),
          departmentId: actor.role === 'department' ? actor.departmentId : null,
          reportedBy: actor.id,
          reportedAt: now,
        }),
      );
      const kind = EVENT_KIND_NAMES[dto.kind];
      const departments = await this.repo.departmentsHolding(m, batch.id);
      if (departments.length > 0)
        await m.getRepository(SupplyNotice).insert(
          departments.map((departmentId) => ({
            departmentId,
            eventId: event.id,
            messageZh:
              `不良事件（${kind.zh}）：${batch.nameZh} ${batch.specification} 批号 ${batch.lotNumber} 已停止发放，请暂停使用科室内该批次并等待消毒供应中心通知`.slice(
                0,
                300,
              ),
            messageEn:
              `Adverse event (${kind.en}): ${batch.nameEn} ${batch.specification}, batch ${batch.lotNumber}, is blocked from issue; stop using this batch on the ward until the CSSD says otherwise`.slice(
                0,
                300,
              ),
            createdAt: now,
          })),
        );
      return event.id;
    });
    return this.adverseEvent(id);
  }

  private eventView(r: Record<string, unknown>) {
    const closed = r.closedAt !== null;
    return {
      id: r.id as string,
      kind: r.kind as string,
      occurredAt: iso(r.occurredAt as Date),
      description: r.description as string,
      outcome: r.outcome as string,
      reportedAt: iso(r.reportedAt as Date),
      reportedByName: (r.reportedByName as string | null) ?? '',
      departmentId: r.departmentId as string | null,
      departmentCode: r.departmentCode as string | null,
      departmentNameZh: r.departmentNameZh as string | null,
      departmentNameEn: r.departmentNameEn as string | null,
      batchId: r.batchId as string,
      lotNumber: r.lotNumber as string,
      expiryDate: r.expiryDate as string,
      productCode: r.productCode as string,
      nameZh: r.nameZh as string,
      nameEn: r.nameEn as string,
      specification: r.specification as string,
      status: closed ? 'closed' : 'open',
      investigation: r.investigation as string | null,
      batchReleased: r.batchReleased as boolean | null,
      closedAt: closed ? iso(r.closedAt as Date) : null,
      closedByName: closed ? ((r.closedByName as string | null) ?? '') : null,
    };
  }

  async adverseEvents(status?: 'open' | 'closed') {
    return (await this.repo.adverseEvents({ status })).map((r) => this.eventView(r));
  }

  private async adverseEvent(id: string) {
    const [row] = await this.repo.adverseEvents({ id });
    if (!row) throw new DomainError('SUPPLY_ADVERSE_EVENT_NOT_FOUND');
    return this.eventView(row);
  }

  /** The head nurse closes an event with the investigation's result, once; a batch it clears may be issued again. */
  async closeAdverseEvent(actor: Actor, id: string, dto: CloseAdverseEventDto) {
    const event = await this.adverseEvent(id);
    if (event.status === 'closed') throw new DomainError('SUPPLY_ADVERSE_EVENT_CLOSED');
    try {
      await this.db.getRepository(SupplyAdverseEventClosure).insert({
        eventId: id,
        investigation: dto.investigation.trim(),
        batchReleased: dto.batchReleased,
        closedBy: actor.id,
        closedAt: this.clock.instant(),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError('SUPPLY_ADVERSE_EVENT_CLOSED');
      throw e;
    }
    return this.adverseEvent(id);
  }

  // ── the department's view ────────────────────────────────────────────────────────────────

  /** What a department received, its notices and the events it reported: its own only. */
  async department(actor: Actor) {
    const departmentId = actor.departmentId!;
    const [received, notices, events] = await Promise.all([
      this.repo.received(departmentId),
      this.repo.notices(departmentId),
      this.repo.adverseEvents({ departmentId }),
    ]);
    return {
      received: received.map((r) => ({ ...r, at: iso(r.at as Date) })),
      notices: notices.map((n) => ({ ...n, createdAt: iso(n.createdAt as Date) })),
      adverseEvents: events.map((r) => this.eventView(r)),
    };
  }
}
