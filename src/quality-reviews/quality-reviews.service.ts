import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate, startOfLocalDay } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AssignedActions, assignedView } from '../defects/assigned-actions.js';
import { DefectsService } from '../defects/defects.service.js';
import type { CloseCorrectiveActionDto } from '../quality-checks/dto/quality-checks.dto.js';
import { addMonths } from '../reports/quality-indicators.js';
import { reportPdf } from '../reports/report-pdf.js';
import { ReportsService } from '../reports/reports.service.js';
import type { AmendQualityReviewDto, RecordQualityReviewDto } from './dto/quality-reviews.dto.js';
import { QualityReview, QualityReviewAmendment, QualityReviewDecision } from './quality-review.entity.js';
import { QualityReviewsRepository, type ReviewRow } from './quality-reviews.repository.js';
import { reviewDocument } from './review-document.js';

const iso = (d: Date | string) => new Date(d).toISOString();
const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';

/**
 * The monthly quality review (质量分析会, seed 10.1, 10.4): the head nurse records the meeting of a
 * month — when, who attended, the minutes, the decisions each with its owner and due date (a
 * corrective action of seed 7.8: on the desk and the board, closed later with what was done). What
 * it looked at is the month's defect analysis and quality indicators: named by the month, read from
 * where they live (src/defects, src/reports), never copied. One review per month; a correction of
 * the minutes is an amendment. Printable as the minutes (A4 PDF).
 */
@Injectable()
export class QualityReviewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(QualityReviewsRepository) private readonly repo: QualityReviewsRepository,
    @Inject(AssignedActions) private readonly assigned: AssignedActions,
    @Inject(DefectsService) private readonly defects: DefectsService,
    @Inject(ReportsService) private readonly reports: ReportsService,
  ) {}

  private today(): string {
    return localDate(this.clock.instant(), this.config.timezone);
  }

  async list() {
    return (await this.repo.list(this.today())).map((r) => reviewView(r));
  }

  get(id: string) {
    return this.detail(this.db.manager, id);
  }

  /** The head nurse records the month's meeting with its decisions (each a corrective action), all or nothing. */
  async record(actor: Actor, dto: RecordQualityReviewDto) {
    const tz = this.config.timezone;
    // Held during or after the month it reviews, and not in the future (stated-time.ts).
    const heldAt = statedInstant(dto.heldAt, this.clock.instant(), 'heldAt', {
      timezone: tz,
      earliest: startOfLocalDay(`${dto.month}-01`, tz),
    });
    const id = await this.db.transaction(async (m) => {
      if (await this.repo.ofMonth(m, dto.month)) throw new DomainError('QUALITY_REVIEW_EXISTS', { month: dto.month });
      for (const d of dto.decisions) await this.assigned.check(m, d);
      let saved: QualityReview;
      try {
        saved = await m.save(
          m.create(QualityReview, {
            month: dto.month,
            heldAt,
            attendees: dto.attendees.map((a) => a.trim()),
            minutes: dto.minutes.trim(),
            recordedBy: actor.id,
            recordedAt: this.clock.instant(),
          }),
        );
      } catch (e) {
        // Two reviews of one month at once: the unique index lets one in.
        if (isUniqueViolation(e)) throw new DomainError('QUALITY_REVIEW_EXISTS', { month: dto.month });
        throw e;
      }
      for (const [i, d] of dto.decisions.entries()) await this.insertDecision(m, actor, saved, i + 1, d);
      return saved.id;
    });
    return this.get(id);
  }

  /** A correction of the minutes: a new record with the text and the reason. */
  async amend(actor: Actor, id: string, dto: AmendQualityReviewDto) {
    if (!(await this.repo.one(this.db, this.today(), id))) throw new DomainError('QUALITY_REVIEW_NOT_FOUND');
    await this.db
      .getRepository(QualityReviewAmendment)
      .insert({ reviewId: id, text: dto.text.trim(), reason: dto.reason.trim(), recordedBy: actor.id, recordedAt: this.clock.instant() });
    return this.get(id);
  }

  /** A decision done, with what was done: its owner, the head nurse or a monitor; once. */
  async decisionDone(actor: Actor, id: string, decisionId: string, dto: CloseCorrectiveActionDto) {
    if (!(await this.repo.one(this.db, this.today(), id))) throw new DomainError('QUALITY_REVIEW_NOT_FOUND');
    const decision = await this.repo.decision(this.db, id, decisionId);
    if (!decision) throw new DomainError('QUALITY_REVIEW_DECISION_NOT_FOUND');
    await this.assigned.done(actor, decision, dto);
    return this.get(id);
  }

  /** The minutes as an A4 PDF, with the month's defects and quality indicators as they stand now. */
  async minutesPdf(id: string): Promise<{ month: string; body: Buffer }> {
    const r = await this.get(id);
    const indicators = await this.reports.qualityIndicators({ from: addMonths(r.month, -1), to: r.month });
    const doc = reviewDocument(
      { ...r, heldAt: new Date(r.heldAt), amendments: r.amendments.map((a) => ({ ...a, recordedAt: new Date(a.recordedAt) })) },
      r.defects,
      indicators.months,
      { hospital: this.config.hospitalName, timezone: this.config.timezone },
    );
    return { month: r.month, body: await reportPdf(doc, this.clock.instant()) };
  }

  private async insertDecision(
    m: EntityManager,
    actor: Actor,
    review: QualityReview,
    seq: number,
    d: RecordQualityReviewDto['decisions'][number],
  ) {
    const correctiveActionId = await this.assigned.open(m, actor, {
      whatZh: `质量分析会（${review.month}）决定第 ${seq} 项`,
      whatEn: `Quality review (${review.month}) decision ${seq}`,
      ownerUserId: d.ownerUserId,
      dueDate: d.dueDate,
    });
    await m.insert(QualityReviewDecision, { reviewId: review.id, seq, decision: d.decision.trim(), correctiveActionId });
  }

  private async detail(m: EntityManager, id: string) {
    const today = this.today();
    const row = await this.repo.one(m, today, id);
    if (!row) throw new DomainError('QUALITY_REVIEW_NOT_FOUND');
    const [decisions, amendments, analysis] = await Promise.all([
      this.repo.decisions(m, today, id),
      this.repo.amendments(m, id),
      this.defects.analysis({ from: row.month, to: row.month }),
    ]);
    const trend = `from=${addMonths(row.month, -1)}&to=${row.month}`;
    return {
      ...reviewView(row),
      minutes: row.minutes,
      decisions: decisions.map((d) => ({ id: d.id, seq: d.seq, decision: d.decision, ...assignedView(d) })),
      amendments: amendments.map((a) => ({ ...a, recordedAt: iso(a.recordedAt) })),
      defects: analysis.months[0],
      analysis: { defects: `/api/defects/analysis?${trend}`, qualityIndicators: `/api/reports/quality-indicators?${trend}` },
    };
  }
}

function reviewView(r: ReviewRow) {
  return {
    id: r.id,
    month: r.month,
    heldAt: iso(r.heldAt),
    attendees: r.attendees,
    recordedBy: r.recordedBy,
    recordedByName: r.recordedByName,
    recordedAt: iso(r.recordedAt),
    decisionCount: r.decisionCount,
    openDecisionCount: r.openDecisionCount,
    overdueDecisionCount: r.overdueDecisionCount,
    amendmentCount: r.amendmentCount,
  };
}
