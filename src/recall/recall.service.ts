import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { hospitalInstant } from '../common/hospital-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Department } from '../catalog/department.entity.js';
import { getById } from '../database/prepared.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { PACK_ACTIONS } from '../packs/pack-state.js';
import { readPackBarcode } from '../packs/scan.js';
import type { DepartmentNotice } from './department-notice.entity.js';
import type { CloseRecallDto, OpenRecallDto } from './dto/recall.dto.js';
import { NoticesService } from './notices.service.js';
import { RecallItem, type Disposition } from './recall-item.entity.js';
import { RECALL_PAGE_DEFAULT, type RecallPage } from './recall-page.js';
import { recallReason } from './recall-reason.js';
import { recallScopeQuery, type RecallScope } from './recall-scope.js';
import { Recall, type RecallTrigger } from './recall.entity.js';

/** Packs still in circulation when a recall opens must be found and scanned back. */
const RECALLABLE = PACK_ACTIONS.recall.from as readonly string[];
/** Of those, the ones physically inside the CSSD are "pulled"; the rest are "returned" by a department. */
const INSIDE_CSSD = ['sterilizing', 'quarantined', 'released', 'stored'];
/** A stated time may run this far ahead of the service's clock (a workstation's clock a little fast), no further. */
const STATED_TIME_TOLERANCE_MS = 2 * 60_000;

export interface OpenedRecall {
  recall: Recall;
  notices: DepartmentNotice[];
}

/** A recall item with where its pack is and what it is (the list and the follow-up). */
const RECALL_ITEMS_VIEW = `SELECT p.barcode, p.id AS pack_id, p.state AS current_state, t.code AS template_code, t.name_zh, t.name_en, p.implant,
              s.code AS sterilizer_code, l.cycle_no, ri.state_at_recall, ri.disposition, ri.patient_id, ri.operation_id,
              d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en, ri.accounted_at,
              u.display_name AS accounted_by_name, ri.returned_from_department_id IS NOT NULL AS sent_back_by_department
         FROM recall_items ri
         JOIN packs p ON p.id = ri.pack_id
         JOIN set_templates t ON t.id = p.template_id
         JOIN sterilizer_loads l ON l.id = ri.load_id
         JOIN sterilizers s ON s.id = l.sterilizer_id
         LEFT JOIN departments d ON d.id = ri.department_id
         LEFT JOIN users u ON u.id = ri.accounted_by`;

/**
 * Lists the packs of a scope ($3…, from recallScopeQuery) in recall $1 with where each is now;
 * packs in the states $2 are still to be found. A used pack's patient and operation come from the
 * pack (recorded at use): a recall of thousands of used packs reads no events. The packs are
 * locked in id order. Exported for bench/data/explain.mjs, which shows its plan on generated history.
 *
 * A pack an earlier open recall has taken out of circulation (state `recalled`) but not yet found
 * is still to be found here too (§4.4: every pack accounted for, in every recall), listed where
 * that recall found it — its state and department then — so its department is told again and
 * this recall waits for it as well. `prior` is probed only for packs already `recalled`.
 */
export function recallItemsInsert(scopeSql: string): string {
  return `WITH scope AS (${scopeSql}),
       locked AS (
         SELECT pk.id, pk.state, pk.department_id, pk.patient_id, pk.operation_id, s.load_id
           FROM packs pk JOIN (SELECT DISTINCT pack_id, load_id FROM scope) s ON s.pack_id = pk.id
          ORDER BY pk.id
            FOR UPDATE OF pk
       )
       INSERT INTO recall_items (recall_id, pack_id, load_id, state_at_recall, department_id, disposition, patient_id, operation_id)
       SELECT $1, l.id, l.load_id, CASE WHEN prior.pending THEN prior.state_at_recall ELSE l.state END, CASE WHEN prior.pending THEN prior.department_id ELSE l.department_id END,
              CASE WHEN prior.pending OR l.state = ANY($2::text[]) THEN 'not_found' WHEN l.state = 'used' THEN 'used' ELSE 'out_of_circulation' END,
              CASE WHEN l.state = 'used' THEN l.patient_id END, CASE WHEN l.state = 'used' THEN l.operation_id END
         FROM locked l
         LEFT JOIN LATERAL (
           SELECT true AS pending, ri.state_at_recall, ri.department_id
             FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id
            WHERE l.state = 'recalled' AND ri.pack_id = l.id AND ri.disposition = 'not_found' AND r.status = 'open'
            ORDER BY r.opened_at LIMIT 1
         ) prior ON true
       ON CONFLICT DO NOTHING`;
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
  ) {}

  /**
   * Opens a recall inside the caller's transaction: the scope's packs are locked, listed
   * with where they are now, taken out of circulation, and their departments told.
   * Set-based: a handful of statements whatever the number of packs.
   */
  async open(m: EntityManager, ctx: StepContext, trigger: RecallTrigger, reason: string, scope: RecallScope | RecallScope[], description: Record<string, unknown> = {}): Promise<OpenedRecall> {
    const scopes = Array.isArray(scope) ? scope : [scope];
    const recall = await m.getRepository(Recall).save(
      m.getRepository(Recall).create({ trigger, reason, scope: { scopes, ...description }, status: 'open', openedBy: ctx.actor.id }),
    );
    for (const one of scopes) await this.addItems(m, recall.id, one);
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM recall_items WHERE recall_id = $1`, [recall.id]);
    if (n === 0 && trigger !== 'bi_failed' && trigger !== 'chemical_failed') throw new DomainError('RECALL_SCOPE_EMPTY');
    await this.ledger.stepMany(m, `SELECT pack_id FROM recall_items WHERE recall_id = $1`, [recall.id], 'recall', ctx, { recallId: recall.id, trigger, reason });
    return { recall, notices: await this.noticeDepartments(m, recall) };
  }

  /**
   * Lists the scope's packs with where they are now. FOR UPDATE: a station dispatching one
   * of these packs right now either finishes first (and the pack is listed as dispatched to
   * its department) or waits and is then refused as recalled.
   */
  private async addItems(m: EntityManager, recallId: string, scope: RecallScope): Promise<void> {
    const q = await recallScopeQuery(m, scope, 3);
    await m.query(recallItemsInsert(q.sql), [recallId, RECALLABLE, ...q.params]);
  }

  /** One notice per department holding packs of the recall (in hand or already used on patients). */
  private async noticeDepartments(m: EntityManager, recall: Recall): Promise<DepartmentNotice[]> {
    const rows: { department_id: string; packs: { id: string; barcode: string | null }[]; used: number }[] = await m.query(
      `SELECT ri.department_id, json_agg(json_build_object('id', p.id, 'barcode', p.barcode) ORDER BY p.barcode) AS packs,
              count(*) FILTER (WHERE ri.disposition = 'used')::int AS used
         FROM recall_items ri JOIN packs p ON p.id = ri.pack_id
        WHERE ri.recall_id = $1 AND ri.department_id IS NOT NULL AND ri.disposition IN ('not_found', 'used')
        GROUP BY ri.department_id`,
      [recall.id],
    );
    const out: DepartmentNotice[] = [];
    const reason = recallReason(recall);
    for (const r of rows) {
      out.push(
        await this.notices.create(m, {
          departmentId: r.department_id,
          kind: 'recall',
          recallId: recall.id,
          packs: r.packs,
          messageZh: `召回通知：${r.packs.length} 个无菌包须立即停止使用并退回消毒供应中心${r.used ? `（其中 ${r.used} 个已使用，需随访患者）` : ''}。原因：${reason.zh}`.slice(0, 300),
          messageEn: `Recall: stop using ${r.packs.length} pack(s) and return them to the CSSD at once${r.used ? ` (${r.used} already used: patient follow-up)` : ''}. Reason: ${reason.en}`.slice(0, 300),
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
      const barcodes = dto.barcodes.map(readPackBarcode);
      const found: { id: string; barcode: string }[] = await this.db.query(`SELECT id, barcode FROM packs WHERE barcode = ANY($1::text[])`, [barcodes]);
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
   * hospital time (domain.md §4.1), never UTC; a sub-millisecond end rounds up so the range only widens.
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
    const recalls = await this.db.getRepository(Recall).find({ where: status ? { status } : {}, order: { openedAt: 'DESC' }, take: 200 });
    const rows: { recall_id: string; disposition: Disposition; n: number }[] = recalls.length
      ? await this.db.query(`SELECT recall_id, disposition, count(*)::int AS n FROM recall_items WHERE recall_id = ANY($1::uuid[]) GROUP BY recall_id, disposition`, [recalls.map((r) => r.id)])
      : [];
    return recalls.map((r) => {
      const counts: Record<Disposition, number> = { not_found: 0, pulled: 0, returned: 0, used: 0, out_of_circulation: 0 };
      for (const row of rows) if (row.recall_id === r.id) counts[row.disposition] = row.n;
      return { ...r, reasonText: recallReason(r), counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    });
  }

  /**
   * A recall with its counts, one page of its packs (in sterilizer, cycle, barcode order;
   * optionally of one disposition) and every used pack's patient for follow-up. A recall of a
   * sterilizer's whole history can hold a hundred thousand packs: the list is paged, the
   * follow-up list never is.
   */
  async get(id: string, page: RecallPage = {}) {
    const recall = await this.db.getRepository(Recall).findOneBy({ id });
    if (!recall) throw new DomainError('RECALL_NOT_FOUND');
    const offset = page.offset ?? 0;
    const limit = page.limit ?? RECALL_PAGE_DEFAULT;
    const disposition = page.disposition ?? null;
    const [byDisposition, items, followUp] = await Promise.all([
      this.db.query(`SELECT disposition, count(*)::int AS n FROM recall_items WHERE recall_id = $1 GROUP BY disposition`, [id]) as Promise<{ disposition: Disposition; n: number }[]>,
      this.db.query(`${RECALL_ITEMS_VIEW} WHERE ri.recall_id = $1 AND ($2::text IS NULL OR ri.disposition = $2) ORDER BY s.code, l.cycle_no, p.barcode LIMIT $3 OFFSET $4`, [id, disposition, limit, offset]),
      this.db.query(`${RECALL_ITEMS_VIEW} WHERE ri.recall_id = $1 AND ri.disposition = 'used' ORDER BY s.code, l.cycle_no, p.barcode`, [id]),
    ]);
    const counts: Record<Disposition, number> = { not_found: 0, pulled: 0, returned: 0, used: 0, out_of_circulation: 0 };
    for (const r of byDisposition) counts[r.disposition] = r.n;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return { ...recall, reasonText: recallReason(recall), counts, total, page: { offset, limit, disposition, matching: disposition ? counts[disposition] : total }, items, followUp };
  }

  /**
   * Scan a recalled pack back: pulled from storage, or returned by its department. One scan
   * settles the pack in every open recall still waiting for it (overlapping recalls, §4.4), with
   * one event on its history naming them all: the pack came back once, and its history says so
   * once (an event per recall would read as several returns).
   */
  account(ctx: StepContext, recallId: string, code: string) {
    const barcode = readPackBarcode(code);
    return this.db.transaction(async (m) => {
      const recall = await m.getRepository(Recall).findOne({ where: { id: recallId }, lock: { mode: 'pessimistic_write' } });
      if (!recall) throw new DomainError('RECALL_NOT_FOUND');
      if (recall.status !== 'open') throw new DomainError('RECALL_NOT_OPEN');
      const pack = await this.ledger.lockByBarcode(m, barcode, { allowSuperseded: true });
      const item = await m.getRepository(RecallItem).findOneBy({ recallId, packId: pack.id });
      if (!item) throw new DomainError('PACK_NOT_IN_RECALL');
      let settledRecallIds: string[] = [];
      if (item.disposition === 'not_found') {
        const disposition = INSIDE_CSSD.includes(item.stateAtRecall) ? 'pulled' : 'returned';
        const settled: { recall_id: string }[] = await m.query(
          `WITH settled AS (
             UPDATE recall_items ri
                SET disposition = CASE WHEN ri.state_at_recall = ANY($2::text[]) THEN 'pulled' ELSE 'returned' END, accounted_at = $3, accounted_by = $4
               FROM recalls r
              WHERE r.id = ri.recall_id AND r.status = 'open' AND ri.pack_id = $1 AND ri.disposition = 'not_found'
          RETURNING ri.recall_id
           )
           SELECT recall_id FROM settled`,
          [pack.id, INSIDE_CSSD, this.clock.now(), ctx.actor.id],
        );
        settledRecallIds = settled.map((r) => r.recall_id).sort();
        await this.ledger.record(m, pack, `recall_${disposition}`, ctx, { data: { recallId, recallIds: settledRecallIds } });
        item.disposition = disposition;
      }
      const [{ left }] = await m.query(`SELECT count(*)::int AS left FROM recall_items WHERE recall_id = $1 AND disposition = 'not_found'`, [recallId]);
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
   * A department sends back a recalled pack it holds (§4.4 "returned by its department"), from its
   * own page: the pack is settled as returned in every open recall that found it at this
   * department, recording who sent it and from where. A pack the department never held answers as
   * an unknown barcode (§5). The CSSD then takes the set in at recycling as a new cycle, as for any
   * recalled pack; a recall scan of it afterwards finds it already returned.
   */
  returnFromDepartment(ctx: StepContext, code: string) {
    const barcode = readPackBarcode(code);
    const departmentId = ctx.actor.departmentId!;
    return this.db.transaction(async (m) => {
      const pack = await this.ledger.lockDepartmentPack(m, barcode, departmentId);
      const settled: { recall_id: string }[] = await m.query(
        `WITH settled AS (
           UPDATE recall_items ri
              SET disposition = 'returned', accounted_at = $3, accounted_by = $4, returned_from_department_id = $2
             FROM recalls r
            WHERE r.id = ri.recall_id AND r.status = 'open' AND ri.pack_id = $1 AND ri.department_id = $2 AND ri.disposition = 'not_found'
        RETURNING ri.recall_id
         )
         SELECT recall_id FROM settled`,
        [pack.id, departmentId, this.clock.now(), ctx.actor.id],
      );
      if (settled.length === 0) {
        const [done] = await m.query(
          `SELECT 1 FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id
            WHERE r.status = 'open' AND ri.pack_id = $1 AND ri.department_id = $2 AND ri.disposition IN ('returned', 'pulled') LIMIT 1`,
          [pack.id, departmentId],
        );
        throw new DomainError(done ? 'RECALL_ALREADY_RETURNED' : 'RECALL_NOTHING_TO_RETURN');
      }
      const recallIds = settled.map((r) => r.recall_id).sort();
      const department = await getById(m, Department, departmentId);
      // The department as it is named today, kept with the event: a later rename does not rewrite it.
      await this.ledger.record(m, pack, 'recall_returned', ctx, {
        data: { recallIds, sentBackByDepartment: true, fromDepartmentId: department.id, fromDepartmentCode: department.code, fromDepartmentNameZh: department.nameZh, fromDepartmentNameEn: department.nameEn },
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
      const recall = await m.getRepository(Recall).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!recall) throw new DomainError('RECALL_NOT_FOUND');
      if (recall.status !== 'open') throw new DomainError('RECALL_NOT_OPEN');
      const [{ left }] = await m.query(`SELECT count(*)::int AS left FROM recall_items WHERE recall_id = $1 AND disposition = 'not_found'`, [id]);
      if (left > 0) throw new DomainError('RECALL_HAS_UNFOUND_PACKS', { count: left });
      const [{ back }] = await m.query(`SELECT count(*)::int AS back FROM recall_items WHERE recall_id = $1 AND disposition IN ('pulled', 'returned')`, [id]);
      if (dto.reprocessedCount + dto.discardedCount !== back) {
        throw new DomainError('RECALL_PACKS_NOT_DISPOSED', { back, reprocessed: dto.reprocessedCount, discarded: dto.discardedCount });
      }
      const now = this.clock.now();
      const reportedAt = hospitalInstant(dto.reportedAt, this.config.timezone);
      if (!reportedAt) throw new DomainError('VALIDATION_FAILED', { fields: 'reportedAt' });
      // A form states minutes: a report in the minute the recall opened is not "before" it.
      if (reportedAt.getTime() > now.getTime() + STATED_TIME_TOLERANCE_MS || reportedAt.getTime() < recall.openedAt.getTime() - 60_000) {
        throw new DomainError('RECALL_REPORTED_AT_INVALID', { reportedAt: reportedAt.toISOString(), openedAt: recall.openedAt.toISOString() });
      }
      await m.getRepository(Recall).update(
        { id },
        {
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
        },
      );
      return m.getRepository(Recall).findOneByOrFail({ id });
    });
  }

  /** The department's recalled packs still to return. */
  async departmentItems(departmentId: string) {
    const rows: { trigger: string; reason: string; scope: Record<string, unknown> }[] = await this.db.query(
      `SELECT r.id AS recall_id, r.trigger, r.reason, r.scope, r.opened_at, p.barcode, t.name_zh, t.name_en, ri.disposition
         FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id JOIN packs p ON p.id = ri.pack_id JOIN set_templates t ON t.id = p.template_id
        WHERE ri.department_id = $1 AND r.status = 'open' AND ri.disposition IN ('not_found', 'used')
        ORDER BY r.opened_at DESC, p.barcode`,
      [departmentId],
    );
    return rows.map(({ trigger, scope, ...row }) => {
      const reason = recallReason({ trigger, scope, reason: row.reason });
      return { ...row, reason_zh: reason.zh, reason_en: reason.en };
    });
  }

  async packIdsOf(recallId: string): Promise<string[]> {
    const rows = await this.db.getRepository(RecallItem).find({ where: { recallId }, select: { packId: true } });
    return rows.map((r) => r.packId);
  }
}
