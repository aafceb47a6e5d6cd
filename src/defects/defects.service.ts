import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate, startOfLocalDay } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { CloseCorrectiveActionDto } from '../quality-checks/dto/quality-checks.dto.js';
import { addMonths, monthsOf } from '../reports/quality-indicators.js';
import { periodLabel } from '../reports/report-table.js';
import { AssignedActions, assignedView } from './assigned-actions.js';
import { defectMonths } from './defect-analysis.js';
import { caseStatus } from './defect-status.js';
import {
  Defect,
  DefectAction,
  DefectClosure,
  DefectInvestigation,
  DefectVerification,
  DEFECT_KIND_NAMES,
  DEFECT_ZONE_NAMES,
} from './defect.entity.js';
import { DefectsRepository, type ActionRow, type CaseRow, type CaseState, type EntryRow } from './defects.repository.js';
import { defectsDocument } from './defects-export.js';
import type {
  CloseDefectDto,
  CorrectDefectDto,
  DefectActionDto,
  InvestigateDefectDto,
  ReportDefectDto,
  VerifyDefectDto,
} from './dto/defects.dto.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';

/** The analysis covers six months to this one unless told otherwise (the trend, with the months before). */
export const ANALYSIS_DEFAULT_MONTHS = 6;

/**
 * The defect register (差错/缺陷登记, seed 20, 7.8) and its periodic analysis (seed 10.1). Any of the
 * CSSD's staff reports a defect; the head nurse records the cause and responsibility with a
 * corrective and preventive action (its owner and due date: a corrective action of seed 7.8, on
 * the desk and her board), verifies the actions once done, and only then closes the case. Each step
 * is a new row; a correction of the report is a new entry of the case naming the one it corrects.
 */
@Injectable()
export class DefectsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DefectsRepository) private readonly repo: DefectsRepository,
    @Inject(AssignedActions) private readonly assigned: AssignedActions,
  ) {}

  private today(): string {
    return localDate(this.clock.instant(), this.config.timezone);
  }

  /** The instants bounding the months from..to (inclusive) in the hospital's time zone. */
  private monthBounds(from: string, to: string): [Date, Date] {
    const tz = this.config.timezone;
    return [startOfLocalDay(`${from}-01`, tz), startOfLocalDay(`${addMonths(to, 1)}-01`, tz)];
  }

  /** The cases (open ones first, the latest first), of one month (hospital time zone) when asked. */
  async list(q: { status?: 'open' | 'closed'; month?: string }) {
    const [from, to] = q.month ? this.monthBounds(q.month, q.month) : [null, null];
    const rows = await this.repo.list(this.today(), q.status ?? null, from, to);
    return rows.map((r) => caseView(r));
  }

  get(caseId: string) {
    return this.detail(this.db.manager, caseId);
  }

  /** Anyone of the CSSD reports a defect: a new case. */
  async report(actor: Actor, dto: ReportDefectDto) {
    const entry = this.entry(dto);
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      await this.assertProblemReport(m, dto.problemReportId);
      await m.insert(Defect, {
        id,
        caseId: id,
        correctsId: null,
        reason: null,
        ...entry,
        reportedBy: actor.id,
        reportedAt: this.clock.instant(),
      });
    });
    return this.get(id);
  }

  /** A correction of the entry in force (by who recorded it, or the head nurse): a new entry of the case, with the reason. */
  async correct(actor: Actor, caseId: string, dto: CorrectDefectDto) {
    const entry = this.entry(dto);
    await this.db.transaction(async (m) => {
      const state = await this.lockedOpen(m, caseId);
      if (dto.correctsId !== state.entryId) {
        const known = (await this.repo.history(m, caseId)).some((e) => e.id === dto.correctsId);
        throw new DomainError(known ? 'DEFECT_ENTRY_ALREADY_CORRECTED' : 'DEFECT_NOT_FOUND');
      }
      if (actor.role !== 'head_nurse' && actor.id !== state.reportedBy) throw new DomainError('DEFECT_NOT_REPORTER');
      await this.assertProblemReport(m, dto.problemReportId);
      await this.insertOnce(
        () =>
          m.insert(Defect, {
            caseId,
            correctsId: dto.correctsId,
            reason: dto.reason.trim(),
            ...entry,
            reportedBy: actor.id,
            reportedAt: this.clock.instant(),
          }),
        'DEFECT_ENTRY_ALREADY_CORRECTED',
      );
    });
    return this.get(caseId);
  }

  /** The head nurse records the cause and the responsibility, with the first corrective and preventive action. */
  async investigate(actor: Actor, caseId: string, dto: InvestigateDefectDto) {
    await this.db.transaction(async (m) => {
      const state = await this.lockedOpen(m, caseId);
      if (state.investigated) throw new DomainError('DEFECT_ALREADY_INVESTIGATED');
      await this.assigned.check(m, dto);
      await this.insertOnce(
        () =>
          m.insert(DefectInvestigation, {
            caseId,
            cause: dto.cause.trim(),
            responsibility: dto.responsibility.trim(),
            recordedBy: actor.id,
            recordedAt: this.clock.instant(),
          }),
        'DEFECT_ALREADY_INVESTIGATED',
      );
      await this.insertAction(m, actor, caseId, state, dto);
    });
    return this.get(caseId);
  }

  /** A further action (e.g. after a verification found the last ones not effective), until the case is closed. */
  async addAction(actor: Actor, caseId: string, dto: DefectActionDto) {
    await this.db.transaction(async (m) => {
      const state = await this.lockedOpen(m, caseId);
      if (!state.investigated) throw new DomainError('DEFECT_NOT_INVESTIGATED');
      await this.assigned.check(m, dto);
      await this.insertAction(m, actor, caseId, state, dto);
    });
    return this.get(caseId);
  }

  /** An action done, with what was done (its corrective action's closing): its owner, the head nurse or a monitor. */
  async actionDone(actor: Actor, caseId: string, actionId: string, dto: CloseCorrectiveActionDto) {
    const state = await this.repo.state(this.db, caseId);
    if (!state) throw new DomainError('DEFECT_NOT_FOUND');
    const action = await this.repo.action(this.db, caseId, actionId);
    if (!action) throw new DomainError('DEFECT_ACTION_NOT_FOUND');
    await this.assigned.done(actor, action, dto);
    return this.get(caseId);
  }

  /** The head nurse verifies the actions, all done: effective or not. Once per round. */
  async verify(actor: Actor, caseId: string, dto: VerifyDefectDto) {
    await this.db.transaction(async (m) => {
      const state = await this.lockedOpen(m, caseId);
      this.assertActionsDone(state);
      if (state.verifiedSeq === state.lastSeq) throw new DomainError('DEFECT_ALREADY_VERIFIED');
      await this.insertOnce(
        () =>
          m.insert(DefectVerification, {
            caseId,
            coversSeq: state.lastSeq,
            effective: dto.effective,
            note: dto.note.trim(),
            verifiedBy: actor.id,
            verifiedAt: this.clock.instant(),
          }),
        'DEFECT_ALREADY_VERIFIED',
      );
    });
    return this.get(caseId);
  }

  /** Seed 20: the head nurse closes a case only once its actions are done and she verified them effective. */
  async close(actor: Actor, caseId: string, dto: CloseDefectDto) {
    await this.db.transaction(async (m) => {
      const state = await this.lockedOpen(m, caseId);
      this.assertActionsDone(state);
      if (state.verifiedSeq !== state.lastSeq) throw new DomainError('DEFECT_NOT_VERIFIED');
      if (!state.verifiedEffective) throw new DomainError('DEFECT_NOT_EFFECTIVE');
      await this.insertOnce(
        () => m.insert(DefectClosure, { caseId, conclusion: dto.conclusion.trim(), closedBy: actor.id, closedAt: this.clock.instant() }),
        'DEFECT_CLOSED',
      );
    });
    return this.get(caseId);
  }

  /** The months from..to (YYYY-MM, hospital time zone; six to this month unless told): by kind, zone, open, overdue, closed. */
  async analysis(q: { from?: string; to?: string }) {
    const tz = this.config.timezone;
    const today = this.today();
    const to = q.to ?? today.slice(0, 7);
    const months = monthsOf(q.from ?? addMonths(to, -(ANALYSIS_DEFAULT_MONTHS - 1)), to);
    const [start, end] = this.monthBounds(months[0], to);
    const counts = await this.repo.analysis(start, end, tz, today);
    return { from: months[0], to, timezone: tz, months: defectMonths(months, counts) };
  }

  /** The analysis as an XLSX / PDF document, with the period's defects listed. */
  async analysisDocument(a: Awaited<ReturnType<DefectsService['analysis']>>) {
    const rows = await this.repo.list(this.today(), null, ...this.monthBounds(a.from, a.to));
    const defects = rows.map((r) => ({ ...r, ...statusOf(r) })).sort((x, y) => +new Date(x.occurredAt) - +new Date(y.occurredAt));
    return defectsDocument(a.months, defects, {
      hospital: this.config.hospitalName,
      period: periodLabel(a.from, a.to),
      timezone: a.timezone,
    });
  }

  printedAt(): Date {
    return this.clock.instant();
  }

  /** The reported facts, the stated time checked against the clock (not in the future). */
  private entry(dto: ReportDefectDto) {
    return {
      occurredAt: statedInstant(dto.occurredAt, this.clock.instant(), 'occurredAt', { timezone: this.config.timezone }),
      zone: dto.zone,
      kind: dto.kind,
      description: dto.description.trim(),
      involved: dto.involved?.trim() || null,
      immediateRemedy: dto.immediateRemedy.trim(),
      problemReportId: dto.problemReportId ?? null,
    };
  }

  private async assertProblemReport(m: EntityManager, id: string | undefined): Promise<void> {
    if (id && !(await this.repo.problemReportExists(m, id))) throw new DomainError('PROBLEM_REPORT_NOT_FOUND');
  }

  /** The case's state under its lock; refused when unknown or already closed. */
  private async lockedOpen(m: EntityManager, caseId: string): Promise<CaseState> {
    await this.repo.lock(m, caseId);
    const state = await this.repo.state(m, caseId);
    if (!state) throw new DomainError('DEFECT_NOT_FOUND');
    if (state.closed) throw new DomainError('DEFECT_CLOSED');
    return state;
  }

  private assertActionsDone(state: CaseState): void {
    if (!state.investigated) throw new DomainError('DEFECT_NOT_INVESTIGATED');
    if (state.openActions > 0) throw new DomainError('DEFECT_ACTIONS_OPEN', { open: state.openActions });
  }

  /** The next round's action and the corrective action it opens, named after the defect as it stands. */
  private async insertAction(m: EntityManager, actor: Actor, caseId: string, state: CaseState, dto: DefectActionDto): Promise<void> {
    const kind = DEFECT_KIND_NAMES[state.kind];
    const zone = DEFECT_ZONE_NAMES[state.zone];
    const day = localDate(new Date(state.occurredAt), this.config.timezone);
    const correctiveActionId = await this.assigned.open(m, actor, {
      whatZh: `差错整改：${kind.zh}（${zone.zh}），发生于 ${day}`,
      whatEn: `Defect action: ${kind.en} (${zone.en}), occurred ${day}`,
      ownerUserId: dto.ownerUserId,
      dueDate: dto.dueDate,
    });
    await this.insertOnce(
      () =>
        m.insert(DefectAction, {
          caseId,
          seq: state.lastSeq + 1,
          correctiveActionId,
          corrective: dto.corrective.trim(),
          preventive: dto.preventive.trim(),
          recordedBy: actor.id,
          recordedAt: this.clock.instant(),
        }),
      'DEFECT_ALREADY_INVESTIGATED',
    );
  }

  /** An insert a unique index keeps to once (a race the lock did not see): the loser is told why. */
  private async insertOnce(
    insert: () => Promise<unknown>,
    code: 'DEFECT_ENTRY_ALREADY_CORRECTED' | 'DEFECT_ALREADY_INVESTIGATED' | 'DEFECT_ALREADY_VERIFIED' | 'DEFECT_CLOSED',
  ) {
    try {
      await insert();
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError(code);
      throw e;
    }
  }

  private async detail(m: EntityManager, caseId: string) {
    const today = this.today();
    const row = await this.repo.one(m, today, caseId);
    if (!row) throw new DomainError('DEFECT_NOT_FOUND');
    const [history, investigation, actions, verifications, closure] = await Promise.all([
      this.repo.history(m, caseId),
      this.repo.investigation(m, caseId),
      this.repo.actions(m, today, caseId),
      this.repo.verifications(m, caseId),
      this.repo.closure(m, caseId),
    ]);
    return {
      ...caseView(row),
      history: history.map(entryView),
      investigation: investigation ? { ...investigation, recordedAt: iso(investigation.recordedAt) } : null,
      actions: actions.map(actionView),
      verifications: verifications.map((v) => ({ ...v, verifiedAt: iso(v.verifiedAt) })),
      closure: closure ? { ...closure, closedAt: iso(closure.closedAt) } : null,
    };
  }
}

function statusOf(r: CaseRow) {
  return {
    status: caseStatus({
      closed: r.closedAt !== null,
      investigated: r.investigated,
      openActions: r.openActionCount,
      lastSeq: r.lastSeq,
      verifiedSeq: r.verifiedSeq,
      verifiedEffective: r.verifiedEffective,
    }),
    overdue: r.closedAt === null && r.overdue,
  };
}

function caseView(r: CaseRow) {
  return {
    id: r.id,
    entryId: r.entryId,
    occurredAt: iso(r.occurredAt),
    zone: r.zone,
    kind: r.kind,
    description: r.description,
    involved: r.involved,
    immediateRemedy: r.immediateRemedy,
    problemReportId: r.problemReportId,
    problemReportBarcode: r.problemReportBarcode,
    reportedBy: r.reportedBy,
    reportedByName: r.reportedByName,
    reportedAt: iso(r.reportedAt),
    entries: r.entries,
    actionCount: r.actionCount,
    openActionCount: r.openActionCount,
    nextDue: r.nextDue,
    closedAt: r.closedAt ? iso(r.closedAt) : null,
    ...statusOf(r),
  };
}

function entryView(e: EntryRow) {
  return { ...e, occurredAt: iso(e.occurredAt), reportedAt: iso(e.reportedAt) };
}

function actionView(a: ActionRow) {
  return {
    id: a.id,
    seq: a.seq,
    corrective: a.corrective,
    preventive: a.preventive,
    ...assignedView(a),
    recordedBy: a.recordedBy,
    recordedByName: a.recordedByName,
    recordedAt: iso(a.recordedAt),
  };
}
