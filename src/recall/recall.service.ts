import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { hospitalInstant } from '../common/hospital-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { PACK_ACTIONS } from '../kernel/pack-state.js';
import type { Pack } from '../kernel/pack.entity.js';
import { readPackBarcode } from '../kernel/scan.js';
import type { DepartmentNotice } from './department-notice.entity.js';
import type { CloseRecallDto, OpenRecallDto } from './dto/recall.dto.js';
import { NoticesService } from './notices.service.js';
import { DISPOSITIONS, type Disposition, type RecallItem } from './recall-item.entity.js';
import { RECALL_PAGE_DEFAULT, type RecallPage } from './recall-page.js';
import { recallReason } from './recall-reason.js';
import type { RecallScope } from './recall-scope.js';
import type { Recall, RecallTrigger } from './recall.entity.js';
import { RECALL_SQL, RecallRepository } from './recall.repository.js';

/** Packs still in circulation when a recall opens must be found and scanned back. */
const RECALLABLE = PACK_ACTIONS.recall.from as readonly string[];
/** Of those, the ones physically inside the CSSD are "pulled"; the rest are "returned" by a department. */
const INSIDE_CSSD = ['sterilizing', 'quarantined', 'released', 'stored'];
/** A stated time may run this far ahead of the service's clock (a workstation's clock a little fast), no further. */
const STATED_TIME_TOLERANCE_MS = 2 * 60_000;

/** Every disposition at zero: a recall's counts start here. */
function noCounts(): Record<Disposition, number> {
  return Object.fromEntries(DISPOSITIONS.map((d) => [d, 0])) as Record<Disposition, number>;
}

export interface OpenedRecall {
  recall: Recall;
  notices: DepartmentNotice[];
}

/** Recalls (§4.4): opening (automatic or by the head nurse), accounting for every pack, closing. */
@Injectable()
export class RecallService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(NoticesService) private readonly notices: NoticesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RecallRepository) private readonly repo: RecallRepository,
  ) {}

  /**
   * Opens a recall inside the caller's transaction: the scope's packs are locked, listed
   * with where they are now, taken out of circulation, and their departments told.
   * Set-based: a handful of statements whatever the number of packs.
   */
  async open(
    m: EntityManager,
    ctx: StepContext,
    trigger: RecallTrigger,
    reason: string,
    scope: RecallScope | RecallScope[],
    description: Record<string, unknown> = {},
  ): Promise<OpenedRecall> {
    const scopes = Array.isArray(scope) ? scope : [scope];
    const recall = await this.repo.insertRecall(m, {
      trigger,
      reason,
      scope: { scopes, ...description },
      status: 'open',
      openedBy: ctx.actor.id,
      openedAt: this.clock.instant(),
    });
    for (const one of scopes) await this.repo.insertItems(m, recall.id, one, RECALLABLE);
    const n = await this.repo.itemCount(m, recall.id);
    if (n === 0 && trigger !== 'bi_failed' && trigger !== 'chemical_failed') throw new DomainError('RECALL_SCOPE_EMPTY');
    await this.ledger.stepMany(m, RECALL_SQL.itemPackIds, [recall.id], 'recall', ctx, {
      recallId: recall.id,
      trigger,
      reason,
    });
    return { recall, notices: await this.noticeDepartments(m, recall) };
  }

  /** One notice per department holding packs of the recall (in hand, already used on patients, or back with no use recorded). */
  private async noticeDepartments(m: EntityManager, recall: Recall): Promise<DepartmentNotice[]> {
    const rows = await this.repo.departmentsToNotify(m, recall.id);
    const out: DepartmentNotice[] = [];
    const reason = recallReason(recall);
    for (const r of rows) {
      out.push(
        await this.notices.create(m, {
          departmentId: r.department_id,
          kind: 'recall',
          recallId: recall.id,
          packs: r.packs,
          messageZh:
            `召回通知：${r.packs.length} 个无菌包须立即停止使用并退回消毒供应中心${r.used ? `（其中 ${r.used} 个已使用，需随访患者）` : ''}${r.unrecorded ? `（其中 ${r.unrecorded} 个回收时未记录使用，请补录所用患者或确认未使用）` : ''}。原因：${reason.zh}`.slice(
              0,
              300,
            ),
          messageEn:
            `Recall: stop using ${r.packs.length} pack(s) and return them to the CSSD at once${r.used ? ` (${r.used} already used: patient follow-up)` : ''}${r.unrecorded ? ` (${r.unrecorded} came back with no use recorded: record the patient or state it was not used)` : ''}. Reason: ${reason.en}`.slice(
              0,
              300,
            ),
        }),
      );
    }
    return out;
  }

  /**
   * The head nurse's recalls (§4.4): an infection cluster recalls everything since the last
   * passing BI on the sterilizers concerned; a manual recall goes by loads, by sterilizer and
   * time range, or by packs.
   */
  async openRequested(ctx: StepContext, dto: OpenRecallDto): Promise<Recall> {
    const scopes: RecallScope[] = [];
    if (dto.trigger === 'infection_cluster') {
      if (!dto.sterilizerIds) throw new DomainError('RECALL_SCOPE_REQUIRED');
      for (const sterilizerId of dto.sterilizerIds) scopes.push({ kind: 'since_last_passing_bi', sterilizerId });
    } else if (dto.loadIds) {
      scopes.push({ kind: 'loads', loadIds: dto.loadIds });
    } else if (dto.sterilizerIds?.length === 1 && dto.from && dto.to) {
      scopes.push({ kind: 'time_range', sterilizerId: dto.sterilizerIds[0], ...this.timeRange(dto.from, dto.to) });
    } else if (dto.barcodes) {
      const now = this.clock.instant();
      const barcodes = dto.barcodes.map((code) => readPackBarcode(code, now));
      const found = await this.repo.packsByBarcode(this.db.manager, barcodes);
      const missing = barcodes.find((b) => !found.some((f) => f.barcode === b));
      if (missing) throw new DomainError('UNKNOWN_BARCODE', { code: missing });
      scopes.push({ kind: 'packs', packIds: found.map((f) => f.id) });
    } else {
      throw new DomainError('RECALL_SCOPE_REQUIRED');
    }
    return this.openManual(ctx, dto.trigger, dto.reason, scopes);
  }

  /**
   * [from, to) as instants: dates are the hospital's calendar days and a time without a zone is
   * hospital time (docs/domain.md §4.1), never UTC; a sub-millisecond end rounds up so the range only widens.
   */
  private timeRange(fromText: string, toText: string): { from: Date; to: Date } {
    const from = hospitalInstant(fromText, this.config.timezone, 'down');
    const to = hospitalInstant(toText, this.config.timezone, 'up');
    // The DTO has checked the forms already.
    if (!from || !to) throw new DomainError('VALIDATION_FAILED', { fields: !from ? 'from' : 'to' });
    if (from >= to) throw new DomainError('RECALL_TIME_RANGE_INVALID', { from: from.toISOString(), to: to.toISOString() });
    return { from, to };
  }

  /** A recall opened by the head nurse, in its own transaction; webhooks once it committed. */
  private async openManual(ctx: StepContext, trigger: RecallTrigger, reason: string, scopes: RecallScope[]): Promise<Recall> {
    const opened = await this.db.transaction((m) => this.open(m, ctx, trigger, reason, scopes));
    this.notices.deliver(opened.notices);
    return opened.recall;
  }

  /** Delivers the webhooks of a recall opened inside another service's transaction, once it committed. */
  delivered(opened: OpenedRecall | null): void {
    if (opened) this.notices.deliver(opened.notices);
  }

  /** The latest recalls, each with its progress (packs per disposition): what the recall list and the board show. */
  async list(status?: 'open' | 'closed') {
    const recalls = await this.repo.recalls(this.db.manager, status);
    const rows = recalls.length
      ? await this.repo.countsOfRecalls(
          this.db.manager,
          recalls.map((r) => r.id),
        )
      : [];
    return recalls.map((r) => {
      const counts = noCounts();
      for (const row of rows) if (row.recall_id === r.id) counts[row.disposition] = row.n;
      return { ...r, reasonText: recallReason(r), counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    });
  }

  /**
   * A recall with its counts, one page of its packs (in sterilizer, cycle, barcode order;
   * optionally of one disposition), every used pack's patient for follow-up and, apart, the packs
   * that came back with no use recorded (ask the department, issue 18). A recall of a sterilizer's
   * whole history can hold a hundred thousand packs: the list is paged, the follow-up lists never are.
   */
  async get(id: string, page: RecallPage = {}) {
    const recall = await this.repo.recall(this.db.manager, id);
    if (!recall) throw new DomainError('RECALL_NOT_FOUND');
    const offset = page.offset ?? 0;
    const limit = page.limit ?? RECALL_PAGE_DEFAULT;
    const disposition = page.disposition ?? null;
    const [byDisposition, items, followUp, useNotRecorded] = await Promise.all([
      this.repo.countsByDisposition(this.db.manager, id),
      this.repo.itemsPage(this.db.manager, id, disposition, limit, offset),
      this.repo.usedItems(this.db.manager, id),
      this.repo.useNotRecordedItems(this.db.manager, id),
    ]);
    const counts = noCounts();
    for (const r of byDisposition) counts[r.disposition] = r.n;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      ...recall,
      reasonText: recallReason(recall),
      counts,
      total,
      page: { offset, limit, disposition, matching: disposition ? counts[disposition] : total },
      items,
      followUp,
      useNotRecorded,
    };
  }

  /**
   * Issue 18: the department completed a pack an open recall lists as "use not recorded": used on a
   * patient (the recall's follow-up now lists the patient) or not used (it is out of circulation,
   * back at the CSSD). Who and when are kept on the item, as for any pack accounted for.
   */
  async useCompleted(m: EntityManager, ctx: StepContext, pack: Pack): Promise<void> {
    const used = pack.state === 'used';
    await this.repo.completeUse(
      m,
      pack.id,
      used ? 'used' : 'out_of_circulation',
      used ? pack.patientId : null,
      used ? pack.operationId : null,
      this.clock.instant(),
      ctx.actor.id,
    );
  }

  /**
   * Scan a recalled pack back: pulled from storage, or returned by its department. One scan
   * settles the pack in every open recall still waiting for it (overlapping recalls, §4.4), with
   * one event on its history naming them all: the pack came back once, and its history says so
   * once (an event per recall would read as several returns).
   */
  account(ctx: StepContext, recallId: string, scan: { code: string; fromDepartmentId?: string; handedInBy?: string }) {
    const barcode = readPackBarcode(scan.code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const recall = await this.repo.lockRecall(m, recallId);
      if (!recall) throw new DomainError('RECALL_NOT_FOUND');
      if (recall.status !== 'open') throw new DomainError('RECALL_NOT_OPEN');
      const pack = await this.ledger.lockByBarcode(m, barcode, { allowSuperseded: true });
      const item = await this.repo.item(m, recallId, pack.id);
      if (!item) throw new DomainError('PACK_NOT_IN_RECALL');
      let settledRecallIds: string[] = [];
      if (item.disposition === 'not_found') {
        const disposition = INSIDE_CSSD.includes(item.stateAtRecall) ? 'pulled' : 'returned';
        const handedIn = await this.handedIn(m, item, disposition, scan);
        const settled = await this.repo.settleScanned(m, pack.id, INSIDE_CSSD, this.clock.instant(), ctx.actor.id, handedIn?.by ?? null);
        settledRecallIds = settled.map((r) => r.recall_id).sort();
        await this.ledger.record(m, pack, `recall_${disposition}`, ctx, {
          data: {
            recallId,
            recallIds: settledRecallIds,
            ...(handedIn
              ? {
                  fromDepartmentId: handedIn.departmentId,
                  fromDepartmentCode: handedIn.departmentCode,
                  departmentStated: handedIn.stated,
                  handedInBy: handedIn.by,
                }
              : {}),
          },
        });
        item.disposition = disposition;
      }
      const left = await this.repo.notFoundLeft(m, recallId);
      const others = settledRecallIds.filter((id) => id !== recallId).length;
      return {
        barcode,
        disposition: item.disposition,
        notFoundLeft: left,
        settledRecallIds,
        summary: {
          zh: `${barcode} ${item.disposition === 'pulled' ? '已从库房撤回' : item.disposition === 'returned' ? '已由科室退回' : '已登记'}${others ? `（同时在另外 ${others} 个召回中登记）` : ''}，尚有 ${left} 个未找到`,
          en: `${barcode} ${item.disposition === 'pulled' ? 'pulled from storage' : item.disposition === 'returned' ? 'returned by its department' : 'accounted for'}${others ? ` (also settled in ${others} other open recall(s))` : ''}; ${left} still not found`,
        },
      };
    });
  }

  /**
   * Issue 18: a recalled pack a department hands in. A department the nurse states must be the one
   * the recall found the pack at (else RECALL_PACK_NOT_FROM_DEPARTMENT, naming where it was: the CSSD's
   * own staff may know). On the pack's history: the department the recall found it at (stated by the
   * nurse or not) and the person handing it in, when given.
   */
  private async handedIn(
    m: EntityManager,
    item: RecallItem,
    disposition: 'pulled' | 'returned',
    scan: { fromDepartmentId?: string; handedInBy?: string },
  ): Promise<{ departmentId: string; departmentCode: string; stated: boolean; by: string | null } | null> {
    const at = item.departmentId ? await this.repo.department(m, item.departmentId) : null;
    if (scan.fromDepartmentId && scan.fromDepartmentId !== item.departmentId) {
      const stated = await this.repo.findDepartment(m, scan.fromDepartmentId);
      throw new DomainError('RECALL_PACK_NOT_FROM_DEPARTMENT', {
        department: stated ? { zh: stated.nameZh, en: stated.nameEn } : { zh: '所选科室', en: 'the department chosen' },
        where: at ? { zh: at.nameZh, en: at.nameEn } : { zh: '消毒供应中心内', en: 'inside the CSSD' },
      });
    }
    if (disposition === 'pulled' || !at) return null;
    return { departmentId: at.id, departmentCode: at.code, stated: !!scan.fromDepartmentId, by: scan.handedInBy?.trim() || null };
  }

  /**
   * A department sends back a recalled pack it holds (§4.4 "returned by its department"), from its
   * own page: the pack is settled as returned in every open recall that found it at this
   * department, recording who sent it and from where. A pack the department never held answers as
   * an unknown barcode (§5). The CSSD then takes the set in at recycling as a new cycle, as for any
   * recalled pack; a recall scan of it afterwards finds it already returned.
   */
  returnFromDepartment(ctx: StepContext, code: string) {
    const barcode = readPackBarcode(code, this.clock.instant());
    const departmentId = ctx.actor.departmentId!;
    return this.db.transaction(async (m) => {
      const pack = await this.ledger.lockDepartmentPack(m, barcode, departmentId);
      const settled = await this.repo.settleSentBack(m, pack.id, departmentId, this.clock.instant(), ctx.actor.id);
      if (settled.length === 0) {
        const done = await this.repo.alreadyBack(m, pack.id, departmentId);
        throw new DomainError(done ? 'RECALL_ALREADY_RETURNED' : 'RECALL_NOTHING_TO_RETURN');
      }
      const recallIds = settled.map((r) => r.recall_id).sort();
      const department = await this.repo.department(m, departmentId);
      // The department as it is named today, kept with the event: a later rename does not rewrite it.
      await this.ledger.record(m, pack, 'recall_returned', ctx, {
        data: {
          recallIds,
          sentBackByDepartment: true,
          fromDepartmentId: department.id,
          fromDepartmentCode: department.code,
          fromDepartmentNameZh: department.nameZh,
          fromDepartmentNameEn: department.nameEn,
        },
      });
      return {
        barcode,
        settledRecallIds: recallIds,
        summary: {
          zh: `${barcode} 已由${department.nameZh}退回消毒供应中心`,
          en: `${barcode} sent back to the CSSD by ${department.nameEn}`,
        },
      };
    });
  }

  /**
   * Closes only when every pack is accounted for and the closing record is complete (seed 19.4):
   * the cause, what became of every pack that came back (reprocessed or discarded), to whom it
   * was reported and when, and the head nurse's conclusion. Fixed from then on (the database
   * refuses to change a closed recall).
   */
  close(actor: Actor, id: string, dto: CloseRecallDto) {
    return this.db.transaction(async (m) => {
      const recall = await this.repo.lockRecall(m, id);
      if (!recall) throw new DomainError('RECALL_NOT_FOUND');
      if (recall.status !== 'open') throw new DomainError('RECALL_NOT_OPEN');
      const left = await this.repo.notFoundLeft(m, id);
      if (left > 0) throw new DomainError('RECALL_HAS_UNFOUND_PACKS', { count: left });
      const back = await this.repo.backCount(m, id);
      if (dto.reprocessedCount + dto.discardedCount !== back) {
        throw new DomainError('RECALL_PACKS_NOT_DISPOSED', { back, reprocessed: dto.reprocessedCount, discarded: dto.discardedCount });
      }
      const now = this.clock.instant();
      const reportedAt = hospitalInstant(dto.reportedAt, this.config.timezone);
      if (!reportedAt) throw new DomainError('VALIDATION_FAILED', { fields: 'reportedAt' });
      // A form states minutes: a report in the minute the recall opened is not "before" it.
      if (reportedAt.getTime() > now.getTime() + STATED_TIME_TOLERANCE_MS || reportedAt.getTime() < recall.openedAt.getTime() - 60_000) {
        throw new DomainError('RECALL_REPORTED_AT_INVALID', {
          reportedAt: reportedAt.toISOString(),
          openedAt: recall.openedAt.toISOString(),
        });
      }
      await this.repo.closeRecall(m, id, {
        status: 'closed',
        closedBy: actor.id,
        closedAt: now,
        closeNote: dto.note ?? null,
        cause: dto.cause.trim(),
        reprocessedCount: dto.reprocessedCount,
        discardedCount: dto.discardedCount,
        reportedTo: dto.reportedTo.trim(),
        reportedAt,
        conclusion: dto.conclusion.trim(),
      });
      return this.repo.knownRecall(m, id);
    });
  }

  /** The department's recalled packs still to return, those used (patients to follow up) and those to complete (no use recorded). */
  async departmentItems(departmentId: string) {
    const rows = await this.repo.departmentItems(this.db.manager, departmentId);
    return rows.map(({ trigger, scope, ...row }) => {
      const reason = recallReason({ trigger, scope, reason: row.reason });
      return { ...row, reason_zh: reason.zh, reason_en: reason.en };
    });
  }

  async packIdsOf(recallId: string): Promise<string[]> {
    return this.repo.packIdsOf(this.db.manager, recallId);
  }
}
