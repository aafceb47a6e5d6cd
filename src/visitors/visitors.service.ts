import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { reportPeriod, type PeriodQuery } from '../reports/period.js';
import { formatWallClock, periodLabel } from '../reports/report-table.js';
import type {
  ApproveVisitDto,
  CheckInDto,
  CheckOutDto,
  CorrectCheckInDto,
  CorrectCheckOutDto,
  CorrectVisitDto,
  ReasonDto,
  RequestVisitDto,
  VisitCommentDto,
} from './dto/visitors.dto.js';
import { CHECK_IN_EARLY_MINUTES, checkInRefusal, checkInWindow, visitStatus, zonesNotApproved } from './visit-status.js';
import {
  VisitCancellation,
  VisitCheckIn,
  VisitCheckOut,
  VisitComment,
  VisitDecision,
  VisitRequest,
  VISIT_ZONE_NAMES,
  type VisitZone,
} from './visit.entity.js';
import { visitorsDocument } from './visitors-export.js';
import { VisitorsRepository, type CheckInRow, type CheckOutRow, type RequestEntryRow, type VisitRow } from './visitors.repository.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';

/** The longest period the register lists or exports: a year. */
export const REGISTER_MAX_DAYS = 366;

/**
 * The visitors register (参观/来访登记, issue 17). The CSSD is a restricted department: a visit is
 * asked for in advance by its staff, approved (or refused, with the reason) by the head nurse or an
 * administrator, and recorded as it happened — time in and out (stated, checked against the
 * service's clock), the escort, the zones actually entered (approved ones only), the visitors'
 * comments. Every step is a new row; a correction is a new row naming the one it corrects, with
 * the reason; a visit not yet started may be cancelled, with the reason.
 */
@Injectable()
export class VisitorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(VisitorsRepository) private readonly repo: VisitorsRepository,
  ) {}

  private today(): string {
    return localDate(this.clock.instant(), this.config.timezone);
  }

  /** The register of a period (hospital calendar; this month when none is given). */
  async register(q: PeriodQuery) {
    const tz = this.config.timezone;
    const today = this.today();
    const none = !q.date && !q.week && !q.month && !q.from && !q.to;
    const p = reportPeriod(none ? { month: today.slice(0, 7) } : q, today, tz, REGISTER_MAX_DAYS);
    const rows = await this.repo.list(tz, p.fromDate, p.toDate);
    return { from: p.fromDate, to: p.toDate, timezone: tz, visits: rows.map(visitView) };
  }

  /** The register as an XLSX / PDF document, with the visitors' comments. */
  async registerDocument(r: Awaited<ReturnType<VisitorsService['register']>>) {
    const comments = await this.repo.commentsOf(r.visits.map((v) => v.id));
    return visitorsDocument(r.visits, comments, {
      hospital: this.config.hospitalName,
      period: periodLabel(r.from, r.to),
      timezone: r.timezone,
    });
  }

  printedAt(): Date {
    return this.clock.instant();
  }

  /** Who may escort visitors (the check-in's choice). */
  escorts() {
    return this.repo.escorts();
  }

  get(visitId: string) {
    return this.detail(this.db.manager, visitId);
  }

  /** CSSD staff ask for a visit: a new request, pending the head nurse's decision. */
  async request(actor: Actor, dto: RequestVisitDto) {
    const entry = this.entry(dto);
    const id = randomUUID();
    await this.db.manager.insert(VisitRequest, {
      id,
      visitId: id,
      correctsId: null,
      reason: null,
      ...entry,
      requestedBy: actor.id,
      requestedAt: this.clock.instant(),
    });
    return this.get(id);
  }

  /** A correction of the request entry in force, while it is not decided: a new entry of the visit, with the reason. */
  async correct(actor: Actor, visitId: string, dto: CorrectVisitDto) {
    const entry = this.entry(dto);
    await this.db.transaction(async (m) => {
      const v = await this.locked(m, visitId);
      if (dto.correctsId !== v.entryId) {
        const known = (await this.repo.history(m, visitId)).some((e) => e.id === dto.correctsId);
        throw new DomainError(known ? 'VISIT_ENTRY_ALREADY_CORRECTED' : 'VISIT_NOT_FOUND');
      }
      if (v.cancelledAt) throw new DomainError('VISIT_CANCELLED');
      if (v.approved !== null) throw new DomainError('VISIT_ALREADY_DECIDED');
      await insertOnce(
        () =>
          m.insert(VisitRequest, {
            visitId,
            correctsId: dto.correctsId,
            reason: dto.reason.trim(),
            ...entry,
            requestedBy: actor.id,
            requestedAt: this.clock.instant(),
          }),
        'VISIT_ENTRY_ALREADY_CORRECTED',
      );
    });
    return this.get(visitId);
  }

  /** The head nurse or an administrator approves a pending visit (once), with an optional note. */
  approve(actor: Actor, visitId: string, dto: ApproveVisitDto) {
    return this.decide(actor, visitId, true, dto.note?.trim() || null);
  }

  /** … or refuses it, with the reason. */
  refuse(actor: Actor, visitId: string, dto: ReasonDto) {
    return this.decide(actor, visitId, false, dto.reason.trim());
  }

  /** A visit not yet started (pending or approved, not checked in) is called off, with the reason. Once. */
  async cancel(actor: Actor, visitId: string, dto: ReasonDto) {
    await this.db.transaction(async (m) => {
      const v = await this.locked(m, visitId);
      if (v.cancelledAt) throw new DomainError('VISIT_CANCELLED');
      if (v.checkInId) throw new DomainError('VISIT_ALREADY_STARTED');
      if (v.approved === false) throw new DomainError('VISIT_REFUSED');
      await insertOnce(
        () => m.insert(VisitCancellation, { visitId, reason: dto.reason.trim(), cancelledBy: actor.id, cancelledAt: this.clock.instant() }),
        'VISIT_CANCELLED',
      );
    });
    return this.get(visitId);
  }

  /** The visitors came in: only an approved visit, not cancelled, once; the time stated (not in the future); the escort a CSSD user. */
  async checkIn(actor: Actor, visitId: string, dto: CheckInDto) {
    const now = this.clock.instant();
    const inAt = statedInstant(dto.at, now, 'at', { timezone: this.config.timezone });
    await this.db.transaction(async (m) => {
      const v = await this.locked(m, visitId);
      const refusal = checkInRefusal(facts(v));
      if (refusal) throw new DomainError(refusal);
      this.assertInWindow(v, inAt);
      await this.assertEscort(m, dto.escortUserId);
      await insertOnce(
        () =>
          m.insert(VisitCheckIn, {
            visitId,
            correctsId: null,
            reason: null,
            inAt,
            escortUserId: dto.escortUserId,
            recordedBy: actor.id,
            recordedAt: now,
          }),
        'VISIT_ALREADY_CHECKED_IN',
      );
    });
    return this.get(visitId);
  }

  /** A correction of the check-in in force: a new row naming it, with the reason; still before the time out, if any. */
  async correctCheckIn(actor: Actor, visitId: string, dto: CorrectCheckInDto) {
    const now = this.clock.instant();
    const inAt = statedInstant(dto.at, now, 'at', { timezone: this.config.timezone });
    await this.db.transaction(async (m) => {
      const v = await this.locked(m, visitId);
      if (!v.checkInId) throw new DomainError('VISIT_NOT_CHECKED_IN');
      await this.assertInForce(dto.correctsId, v.checkInId, () => this.repo.checkIns(m, visitId));
      if (v.outAt && new Date(v.outAt) <= inAt) throw new DomainError('VISIT_OUT_BEFORE_IN', { inAt: this.wallClock(inAt) });
      this.assertInWindow(v, inAt);
      await this.assertEscort(m, dto.escortUserId);
      await insertOnce(
        () =>
          m.insert(VisitCheckIn, {
            visitId,
            correctsId: dto.correctsId,
            reason: dto.reason.trim(),
            inAt,
            escortUserId: dto.escortUserId,
            recordedBy: actor.id,
            recordedAt: now,
          }),
        'VISIT_ENTRY_ALREADY_CORRECTED',
      );
    });
    return this.get(visitId);
  }

  /** The visitors left: after they came in (not in the future), once; the zones they entered, approved ones only. */
  async checkOut(actor: Actor, visitId: string, dto: CheckOutDto) {
    const now = this.clock.instant();
    const outAt = statedInstant(dto.at, now, 'at', { timezone: this.config.timezone });
    await this.db.transaction(async (m) => {
      const v = await this.locked(m, visitId);
      if (!v.checkInId) throw new DomainError('VISIT_NOT_CHECKED_IN');
      if (v.checkOutId) throw new DomainError('VISIT_ALREADY_CHECKED_OUT');
      this.assertOut(v, outAt, dto.zonesEntered);
      await insertOnce(
        () =>
          m.insert(VisitCheckOut, {
            visitId,
            correctsId: null,
            reason: null,
            outAt,
            zonesEntered: dto.zonesEntered,
            recordedBy: actor.id,
            recordedAt: now,
          }),
        'VISIT_ALREADY_CHECKED_OUT',
      );
    });
    return this.get(visitId);
  }

  /** A correction of the check-out in force: a new row naming it, with the reason. */
  async correctCheckOut(actor: Actor, visitId: string, dto: CorrectCheckOutDto) {
    const now = this.clock.instant();
    const outAt = statedInstant(dto.at, now, 'at', { timezone: this.config.timezone });
    await this.db.transaction(async (m) => {
      const v = await this.locked(m, visitId);
      if (!v.checkOutId) throw new DomainError('VISIT_NOT_CHECKED_IN');
      await this.assertInForce(dto.correctsId, v.checkOutId, () => this.repo.checkOuts(m, visitId));
      this.assertOut(v, outAt, dto.zonesEntered);
      await insertOnce(
        () =>
          m.insert(VisitCheckOut, {
            visitId,
            correctsId: dto.correctsId,
            reason: dto.reason.trim(),
            outAt,
            zonesEntered: dto.zonesEntered,
            recordedBy: actor.id,
            recordedAt: now,
          }),
        'VISIT_ENTRY_ALREADY_CORRECTED',
      );
    });
    return this.get(visitId);
  }

  /** A comment a visitor gave, once the visit started (during it or as they leave); several allowed. */
  async comment(actor: Actor, visitId: string, dto: VisitCommentDto) {
    await this.db.transaction(async (m) => {
      const v = await this.locked(m, visitId);
      if (!v.checkInId) throw new DomainError('VISIT_NOT_CHECKED_IN');
      await m.insert(VisitComment, {
        visitId,
        author: dto.author?.trim() || null,
        text: dto.text.trim(),
        recordedBy: actor.id,
        recordedAt: this.clock.instant(),
      });
    });
    return this.get(visitId);
  }

  private async decide(actor: Actor, visitId: string, approved: boolean, reason: string | null) {
    await this.db.transaction(async (m) => {
      const v = await this.locked(m, visitId);
      if (v.cancelledAt) throw new DomainError('VISIT_CANCELLED');
      if (v.approved !== null) throw new DomainError('VISIT_ALREADY_DECIDED');
      await insertOnce(
        () => m.insert(VisitDecision, { visitId, approved, reason, decidedBy: actor.id, decidedAt: this.clock.instant() }),
        'VISIT_ALREADY_DECIDED',
      );
    });
    return this.get(visitId);
  }

  /** The request's facts; the planned day not before today, the window ending after it starts. */
  private entry(dto: RequestVisitDto) {
    const today = this.today();
    if (dto.plannedDate < today) throw new DomainError('VISIT_PLANNED_PAST', { date: dto.plannedDate, today });
    if (dto.windowEnd <= dto.windowStart) throw new DomainError('VISIT_WINDOW_INVALID');
    return {
      unit: dto.unit.trim(),
      visitors: dto.visitors.map((p) => ({ name: p.name.trim(), title: p.title.trim() })),
      contact: dto.contact.trim(),
      purpose: dto.purpose.trim(),
      plannedDate: dto.plannedDate,
      windowStart: dto.windowStart,
      windowEnd: dto.windowEnd,
      zones: dto.zones,
    };
  }

  /** The time out after the time in in force; every zone entered approved (requested, and the request approved). */
  private assertOut(v: VisitRow, outAt: Date, zones: VisitZone[]): void {
    const inAt = new Date(v.inAt!);
    if (outAt <= inAt) throw new DomainError('VISIT_OUT_BEFORE_IN', { inAt: this.wallClock(inAt) });
    const [zone] = zonesNotApproved(zones, v.zones);
    if (zone)
      throw new DomainError('VISIT_ZONE_NOT_APPROVED', { zone, zoneZh: VISIT_ZONE_NAMES[zone].zh, zoneEn: VISIT_ZONE_NAMES[zone].en });
  }

  private async assertEscort(m: EntityManager, userId: string): Promise<void> {
    if (!(await this.repo.isEscort(m, userId))) throw new DomainError('VISIT_ESCORT_INVALID');
  }

  /** Only the entry in force is corrected: an older one is told so, an unknown one is not found. */
  private async assertInForce(correctsId: string, inForce: string, rows: () => Promise<{ id: string }[]>): Promise<void> {
    if (correctsId === inForce) return;
    const known = (await rows()).some((r) => r.id === correctsId);
    throw new DomainError(known ? 'VISIT_ENTRY_ALREADY_CORRECTED' : 'VISIT_NOT_FOUND');
  }

  /**
   * The time in (stated, never after the service's clock; by default the clock's now) falls in the
   * approved window: not more than CHECK_IN_EARLY_MINUTES before its start, not after its end. A visit
   * outside it is a new request (the approval was for that day and those hours).
   */
  private assertInWindow(v: VisitRow, inAt: Date) {
    const { from, to } = checkInWindow(v, this.config.timezone);
    if (inAt < from || inAt > to) {
      throw new DomainError('VISIT_OUTSIDE_WINDOW', {
        inAt: this.wallClock(inAt),
        date: v.plannedDate,
        windowStart: v.windowStart,
        windowEnd: v.windowEnd,
        minutes: CHECK_IN_EARLY_MINUTES,
      });
    }
  }

  private wallClock(at: Date): string {
    return formatWallClock(at, this.config.timezone).slice(0, 16);
  }

  /** The visit as it stands under its lock; refused when unknown. */
  private async locked(m: EntityManager, visitId: string): Promise<VisitRow> {
    await this.repo.lock(m, visitId);
    const v = await this.repo.one(m, this.config.timezone, visitId);
    if (!v) throw new DomainError('VISIT_NOT_FOUND');
    return v;
  }

  private async detail(m: EntityManager, visitId: string) {
    const row = await this.repo.one(m, this.config.timezone, visitId);
    if (!row) throw new DomainError('VISIT_NOT_FOUND');
    const [history, checkIns, checkOuts, comments] = await Promise.all([
      this.repo.history(m, visitId),
      this.repo.checkIns(m, visitId),
      this.repo.checkOuts(m, visitId),
      this.repo.comments(m, visitId),
    ]);
    return {
      ...visitView(row),
      history: history.map(entryView),
      checkIns: checkIns.map(checkInView),
      checkOuts: checkOuts.map(checkOutView),
      comments: comments.map((c) => ({ ...c, recordedAt: iso(c.recordedAt) })),
    };
  }
}

/** An insert a unique index keeps to once (a race the lock did not see): the loser is told why. */
async function insertOnce(insert: () => Promise<unknown>, code: VisitOnceCode) {
  try {
    await insert();
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError(code);
    throw e;
  }
}
type VisitOnceCode =
  'VISIT_ENTRY_ALREADY_CORRECTED' | 'VISIT_ALREADY_DECIDED' | 'VISIT_CANCELLED' | 'VISIT_ALREADY_CHECKED_IN' | 'VISIT_ALREADY_CHECKED_OUT';

function facts(v: VisitRow) {
  return { approved: v.approved, cancelled: v.cancelledAt !== null, checkedIn: v.checkInId !== null, checkedOut: v.checkOutId !== null };
}

function visitView(r: VisitRow) {
  return {
    id: r.id,
    entryId: r.entryId,
    status: visitStatus(facts(r)),
    day: r.day,
    unit: r.unit,
    visitors: r.visitors,
    contact: r.contact,
    purpose: r.purpose,
    plannedDate: r.plannedDate,
    windowStart: r.windowStart,
    windowEnd: r.windowEnd,
    zones: r.zones,
    requestedBy: r.requestedBy,
    requestedByName: r.requestedByName,
    requestedAt: iso(r.requestedAt),
    entries: r.entries,
    decision:
      r.approved === null
        ? null
        : {
            approved: r.approved,
            reason: r.decisionReason,
            decidedBy: r.decidedBy!,
            decidedByName: r.decidedByName,
            decidedAt: iso(r.decidedAt!),
          },
    cancellation: r.cancelledAt
      ? { reason: r.cancelReason!, cancelledBy: r.cancelledBy!, cancelledByName: r.cancelledByName, cancelledAt: iso(r.cancelledAt) }
      : null,
    inAt: r.inAt ? iso(r.inAt) : null,
    escortUserId: r.escortUserId,
    escortName: r.checkInId ? r.escortName : null,
    outAt: r.outAt ? iso(r.outAt) : null,
    zonesEntered: r.zonesEntered,
    commentCount: r.commentCount,
  };
}

export type VisitViewData = ReturnType<typeof visitView>;

function entryView(e: RequestEntryRow) {
  return { ...e, requestedAt: iso(e.requestedAt) };
}

function checkInView(c: CheckInRow) {
  return { ...c, inAt: iso(c.inAt), recordedAt: iso(c.recordedAt) };
}

function checkOutView(c: CheckOutRow) {
  return { ...c, outAt: iso(c.outAt), recordedAt: iso(c.recordedAt) };
}
