import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Department } from '../catalog/department.entity.js';
import { DEPARTMENT, TEMPLATE } from '../catalog/catalog.kinds.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError, type Localized } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Pack } from '../kernel/pack.entity.js';
import type { Warning } from '../kernel/pack-summary.js';
import type { StepContext } from '../packs/pack-ledger.service.js';
import type { CancelRequisitionDto, CreateRequisitionDto, RefuseRequisitionDto, SetBaseQuantityDto } from './dto/requisitions.dto.js';
import {
  assertClosable,
  assertDispatchableAgainst,
  countsAgainst,
  isOpen,
  lowStock,
  readRequisitionCode,
  requisitionCode,
  requisitionStatus,
  shortfall,
  type ClosureKind,
} from './requisition-rules.js';
import { BaseQuantity, Requisition, RequisitionClosure, RequisitionFulfilment, RequisitionLine } from './requisition.entity.js';
import { RequisitionsRepository, type CountRow, type LineRow, type RequisitionRow } from './requisitions.repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const label = (t: { code: string; nameZh: string; nameEn: string }): Localized => ({
  zh: `${t.code} ${t.nameZh}`,
  en: `${t.code} ${t.nameEn}`,
});

/** A requisition a dispatch scan works through: locked for the scan's transaction, with its lines' progress. */
export interface DispatchRequisition {
  requisition: Requisition;
  lines: LineRow[];
}

/**
 * Base quantities (基数, seed 4.3, 13.7) and requisitions (申领, seed 15.1): the head nurse sets a
 * department's base per template (a change is a new row); each department's holding, loop and
 * shortfall against it; low stock in sterile storage against the departments' shortfalls. A
 * department asks for packs; dispatch scans fulfil its lines (what goes beyond does not count);
 * the department cancels what is still open, the CSSD refuses with a reason. The rules are in
 * requisition-rules.ts.
 */
@Injectable()
export class RequisitionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RequisitionsRepository) private readonly repo: RequisitionsRepository,
  ) {}

  // ── base quantities ──────────────────────────────────────────────────────────────────────

  /** The head nurse sets a base quantity: a new row (who, when, why), never an update. */
  async setBaseQuantity(actor: Actor, dto: SetBaseQuantityDto) {
    await this.db.transaction(async (m) => {
      const department = await this.repo.department(m, dto.departmentId);
      if (!department) throw new DomainError('DEPARTMENT_NOT_FOUND');
      if (!department.active) throw new DomainError('INACTIVE_REFERENCE', { what: DEPARTMENT.label });
      const template = await this.repo.template(m, dto.templateId);
      if (!template) throw new DomainError('TEMPLATE_NOT_FOUND');
      // A base of a deactivated template can only be taken away (0).
      if (!template.active && dto.quantity > 0) throw new DomainError('INACTIVE_REFERENCE', { what: TEMPLATE.label });
      await m.getRepository(BaseQuantity).insert({
        departmentId: department.id,
        templateId: template.id,
        quantity: dto.quantity,
        emergency: dto.emergency ?? false,
        note: dto.note || null,
        setBy: actor.id,
        setAt: this.clock.instant(),
      });
    });
    return (await this.stockLevels(dto.departmentId))[0];
  }

  async baseQuantityHistory(departmentId: string, templateId: string) {
    const rows = await this.repo.baseQuantityHistory(this.db, departmentId, templateId);
    return rows.map((r) => ({ ...r, setAt: iso(r.setAt)! }));
  }

  /**
   * Per department (one, or every department with a base or packs out): each template's base,
   * what it holds (dispatched to it, not yet collected), what is in the CSSD's loop for it, and
   * its shortfall against the base.
   */
  async stockLevels(departmentId: string | null) {
    const m = this.db.manager;
    const [bases, held, loop, departments] = await Promise.all([
      this.repo.baseQuantities(m, departmentId),
      this.repo.held(m, departmentId),
      this.repo.inLoop(m, departmentId),
      departmentId ? this.repo.department(m, departmentId).then((d) => (d ? [d] : [])) : this.repo.departments(m),
    ]);
    const key = (departmentId: string, templateId: string) => `${departmentId}/${templateId}`;
    const count = (rows: CountRow[]) => new Map(rows.map((r) => [key(r.departmentId, r.templateId), r.n]));
    const [heldOf, loopOf] = [count(held), count(loop)];
    const baseOf = new Map(bases.map((b) => [key(b.departmentId, b.templateId), b]));
    const templateIds = [...new Set([...bases, ...held, ...loop].map((r) => r.templateId))];
    const templates = new Map((await this.repo.templates(m, templateIds)).map((t) => [t.id, t]));
    return departments
      .map((d) => {
        const ids = [...new Set([...bases, ...held, ...loop].filter((r) => r.departmentId === d.id).map((r) => r.templateId))];
        const lines = ids.map((templateId) => {
          const t = templates.get(templateId)!;
          const b = baseOf.get(key(d.id, templateId));
          const h = heldOf.get(key(d.id, templateId)) ?? 0;
          return {
            templateId,
            templateCode: t.code,
            nameZh: t.nameZh,
            nameEn: t.nameEn,
            base: b?.quantity ?? 0,
            emergency: b?.emergency ?? false,
            held: h,
            inLoop: loopOf.get(key(d.id, templateId)) ?? 0,
            shortfall: shortfall(b?.quantity ?? 0, h),
            setAt: iso(b?.setAt ?? null),
            setByName: b?.setByName ?? null,
            note: b?.note ?? null,
          };
        });
        lines.sort((a, b) => Number(b.emergency) - Number(a.emergency) || a.templateCode.localeCompare(b.templateCode));
        return { departmentId: d.id, departmentCode: d.code, departmentNameZh: d.nameZh, departmentNameEn: d.nameEn, lines };
      })
      .filter((d) => departmentId !== null || d.lines.length > 0);
  }

  /**
   * Low stock (issue 16): templates of which sterile storage holds fewer usable packs than the
   * departments' shortfalls against their bases add up to — for the head nurse's board.
   */
  async lowStock() {
    const m = this.db.manager;
    const today = localDate(this.clock.instant(), this.config.timezone);
    const [bases, held, storage, departments] = await Promise.all([
      this.repo.baseQuantities(m, null),
      this.repo.held(m, null),
      this.repo.inStorage(m, today),
      this.repo.departments(m),
    ]);
    const heldOf = new Map(held.map((r) => [`${r.departmentId}/${r.templateId}`, r.n]));
    const short = bases.map((b) => ({
      templateId: b.templateId,
      departmentId: b.departmentId,
      emergency: b.emergency,
      shortfall: shortfall(b.quantity, heldOf.get(`${b.departmentId}/${b.templateId}`) ?? 0),
    }));
    const alerts = lowStock(short, storage);
    const templates = new Map(
      (
        await this.repo.templates(
          m,
          alerts.map((a) => a.templateId),
        )
      ).map((t) => [t.id, t]),
    );
    const byId = new Map(departments.map((d) => [d.id, d]));
    return alerts
      .map((a) => {
        const t = templates.get(a.templateId)!;
        const lines = short.filter((s) => s.templateId === a.templateId && s.shortfall > 0 && byId.has(s.departmentId));
        return {
          templateId: t.id,
          templateCode: t.code,
          nameZh: t.nameZh,
          nameEn: t.nameEn,
          inStorage: a.inStorage,
          demand: a.demand,
          emergency: lines.some((s) => s.emergency),
          departments: lines.map((s) => {
            const d = byId.get(s.departmentId)!;
            return { departmentCode: d.code, departmentNameZh: d.nameZh, departmentNameEn: d.nameEn, shortfall: s.shortfall };
          }),
        };
      })
      .sort((a, b) => Number(b.emergency) - Number(a.emergency) || b.demand - b.inStorage - (a.demand - a.inStorage));
  }

  // ── requisitions ─────────────────────────────────────────────────────────────────────────

  private view(r: RequisitionRow) {
    return {
      id: r.id,
      no: r.no,
      code: requisitionCode(r.no),
      departmentId: r.departmentId,
      departmentCode: r.departmentCode,
      departmentNameZh: r.departmentNameZh,
      departmentNameEn: r.departmentNameEn,
      urgency: r.urgency,
      note: r.note,
      status: requisitionStatus(r.lines, r.closure),
      requestedAt: iso(r.requestedAt)!,
      requestedByName: r.requestedByName,
      closure: r.closure,
      closureReason: r.closureReason,
      closedAt: iso(r.closedAt),
      closedByName: r.closedByName,
      lines: r.lines,
    };
  }

  /**
   * Requisitions, newest first: open ones only (not closed, a line still short) unless `all`; a
   * department's only for a department user; one by its scanned barcode.
   */
  async list(actor: Actor, q: { status?: 'open' | 'all'; departmentId?: string; code?: string }) {
    const departmentId = actor.role === 'department' ? actor.departmentId : (q.departmentId ?? null);
    let no: number | null = null;
    if (q.code !== undefined) {
      no = readRequisitionCode(q.code);
      if (no === null) return [];
    }
    const rows = await this.repo.requisitions(this.db, { departmentId, no, openOnly: (q.status ?? 'open') === 'open' });
    const views = rows.map((r) => this.view(r));
    // Urgent first among the open ones: what the dispatch station works through first.
    return q.status === 'all' ? views : views.sort((a, b) => Number(b.urgency === 'urgent') - Number(a.urgency === 'urgent'));
  }

  /** One requisition with the packs that counted against it; another department's is unknown to a department user. */
  async get(actor: Actor, id: string, m: EntityManager = this.db.manager) {
    const [row] = await this.repo.requisitions(m, { id, departmentId: actor.role === 'department' ? actor.departmentId : null });
    if (!row) throw new DomainError('REQUISITION_NOT_FOUND');
    const packs = await this.repo.fulfilments(m, id);
    return { ...this.view(row), packs: packs.map((p) => ({ ...p, at: iso(p.at)! })) };
  }

  /** A department asks for packs (seed 15.1): each template once, active; who and when recorded. */
  async create(actor: Actor, dto: CreateRequisitionDto) {
    const ids = dto.lines.map((l) => l.templateId);
    const templates = new Map((await this.repo.templates(this.db, ids)).map((t) => [t.id, t]));
    const seen = new Set<string>();
    for (const id of ids) {
      const t = templates.get(id);
      if (!t) throw new DomainError('TEMPLATE_NOT_FOUND');
      if (!t.active) throw new DomainError('INACTIVE_REFERENCE', { what: TEMPLATE.label });
      if (seen.has(id)) throw new DomainError('REQUISITION_DUPLICATE_TEMPLATE', { template: label(t) });
      seen.add(id);
    }
    const id = await this.db.transaction(async (m) => {
      const no = await this.repo.nextRequisitionNo(m);
      const saved = await m.getRepository(Requisition).save(
        m.getRepository(Requisition).create({
          no,
          departmentId: actor.departmentId!,
          urgency: dto.urgency,
          note: dto.note || null,
          requestedBy: actor.id,
          requestedAt: this.clock.instant(),
        }),
      );
      await m
        .getRepository(RequisitionLine)
        .insert(dto.lines.map((l) => ({ requisitionId: saved.id, templateId: l.templateId, quantity: l.quantity })));
      return saved.id;
    });
    return this.get(actor, id);
  }

  /** The department cancels what of its requisition is not yet fulfilled (the packs already sent stay counted). */
  cancel(actor: Actor, id: string, dto: CancelRequisitionDto) {
    return this.close(actor, id, 'cancelled', dto.reason || null);
  }

  /** The CSSD refuses a requisition (what is not yet fulfilled of it), with its reason. */
  refuse(actor: Actor, id: string, dto: RefuseRequisitionDto) {
    return this.close(actor, id, 'refused', dto.reason);
  }

  private close(actor: Actor, id: string, kind: ClosureKind, reason: string | null) {
    return this.db.transaction(async (m) => {
      const r = await this.repo.lockRequisition(m, id);
      if (!r || (actor.role === 'department' && r.departmentId !== actor.departmentId)) throw new DomainError('REQUISITION_NOT_FOUND');
      const status = requisitionStatus(await this.repo.lines(m, id), await this.repo.closure(m, id));
      assertClosable(requisitionCode(r.no), status);
      await m
        .getRepository(RequisitionClosure)
        .insert({ requisitionId: id, kind, reason, closedBy: actor.id, closedAt: this.clock.instant() });
      return this.get(actor, id, m);
    });
  }

  // ── fulfilment by dispatch scans ─────────────────────────────────────────────────────────

  /**
   * The requisition a dispatch scan works through, locked for the scan (two stations counting
   * against it wait for each other): it must be the receiving department's and not cancelled or
   * refused. Checked before the pack moves, so a refusal leaves everything as it was.
   */
  async forDispatch(m: EntityManager, requisitionId: string, department: Department): Promise<DispatchRequisition> {
    const requisition = await this.repo.lockRequisition(m, requisitionId);
    if (!requisition) throw new DomainError('REQUISITION_NOT_FOUND');
    const code = requisitionCode(requisition.no);
    if (requisition.departmentId !== department.id) {
      const owner = (await this.repo.department(m, requisition.departmentId))!;
      throw new DomainError('REQUISITION_WRONG_DEPARTMENT', {
        no: code,
        department: { zh: `${owner.code} ${owner.nameZh}`, en: `${owner.code} ${owner.nameEn}` },
      });
    }
    const lines = await this.repo.lines(m, requisitionId);
    assertDispatchableAgainst(code, requisitionStatus(lines, await this.repo.closure(m, requisitionId)));
    return { requisition, lines };
  }

  /**
   * A dispatched pack against the requisition: it counts on the line of its template while that
   * line is short; beyond the quantity, or of a template not requested, it was dispatched all the
   * same but does not count — the station is warned (amber).
   */
  async count(m: EntityManager, ctx: StepContext, r: DispatchRequisition, pack: Pack) {
    const code = requisitionCode(r.requisition.no);
    const decision = countsAgainst(r.lines, pack.templateId);
    const warnings: Warning[] = [];
    if (decision.counts) {
      await m.getRepository(RequisitionFulfilment).insert({
        lineId: decision.line.lineId,
        packId: pack.id,
        dispatchedBy: ctx.actor.id,
        at: this.clock.instant(),
      });
      decision.line.fulfilled += 1;
    } else if (decision.why === 'beyond_quantity') {
      const l = decision.line!;
      warnings.push({
        code: 'REQUISITION_QUANTITY_REACHED',
        zh: `申领单 ${code} 的${l.nameZh}已发齐 ${l.quantity} 个：本包已发放，但不计入该申领单`,
        en: `Requisition ${code} already has its ${l.quantity} × ${l.nameEn}: this pack is dispatched but does not count against it`,
        details: { requisition: code, templateCode: l.templateCode, quantity: l.quantity },
      });
    } else {
      warnings.push({
        code: 'REQUISITION_TEMPLATE_NOT_REQUESTED',
        zh: `申领单 ${code} 未申领此包：本包已发放，但不计入该申领单`,
        en: `Requisition ${code} does not ask for this set: the pack is dispatched but does not count against it`,
        details: { requisition: code },
      });
    }
    const status = requisitionStatus(r.lines, null);
    return { progress: { id: r.requisition.id, code, status, counted: decision.counts, lines: r.lines }, warnings, open: isOpen(status) };
  }
}
