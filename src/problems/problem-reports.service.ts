import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { StepContext } from '../packs/pack-ledger.service.js';
import type { Pack } from '../kernel/pack.entity.js';
import type { CloseProblemReportDto, CorrectProblemReportDto } from './dto/problems.dto.js';
import { ProblemReportOutcome } from './problem-report-outcome.entity.js';
import { ProblemReport, type ProblemKind } from './problem-report.entity.js';
import { ProblemsRepository, type ProblemReportRow } from './problems.repository.js';

type Row = ProblemReportRow;

function view(r: Row) {
  return {
    id: r.id as string,
    kind: r.kind as string,
    note: r.note as string | null,
    afterUse: r.after_use as boolean,
    reportedAt: r.reported_at as Date,
    barcode: r.barcode as string,
    templateCode: r.template_code as string,
    nameZh: r.name_zh as string,
    nameEn: r.name_en as string,
    departmentId: r.department_id as string,
    departmentCode: r.department_code as string,
    departmentNameZh: r.department_name_zh as string,
    departmentNameEn: r.department_name_en as string,
    sterilizerCode: r.sterilizer_code as string | null,
    cycleNo: r.cycle_no as number | null,
    recallId: r.recall_id as string | null,
    status: r.outcome_id ? 'closed' : 'open',
    outcome: r.outcome_id
      ? {
          id: r.outcome_id,
          investigation: r.investigation as string,
          cause: r.cause as string,
          action: r.action as string,
          closedBy: r.closed_by as string,
          closedByName: r.closed_by_name as string,
          closedAt: r.closed_at as Date,
          correctsId: r.corrects_id as string | null,
          correctionReason: r.correction_reason as string | null,
          records: r.records as number,
        }
      : null,
  };
}

/**
 * Problem reports and their outcomes (seed 8.6, 20): a department reports, the CSSD investigates
 * and closes with the cause and the action taken, the department reads the outcome. A closed
 * report is never rewritten: a correction is a new outcome naming the one it corrects.
 */
@Injectable()
export class ProblemReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ProblemsRepository) private readonly repo: ProblemsRepository,
  ) {}

  /** Records the report inside the caller's transaction (the pack's step and the report: both or neither). */
  async record(
    m: EntityManager,
    ctx: StepContext,
    pack: Pack,
    r: { kind: ProblemKind; note: string | null; afterUse: boolean; loadId: string | null; recallId: string | null },
  ): Promise<string> {
    const saved = await m
      .getRepository(ProblemReport)
      .save(
        m
          .getRepository(ProblemReport)
          .create({ ...r, packId: pack.id, departmentId: pack.departmentId!, reportedBy: ctx.actor.id, reportedAt: this.clock.instant() }),
      );
    return saved.id;
  }

  /** The CSSD's list: open reports first (oldest first: the longest waiting), then the latest closed. */
  async list(status?: 'open' | 'closed') {
    const rows = await this.repo.list(this.db.manager, status ?? null);
    return rows.map(view);
  }

  /** A department's own reports with their outcomes, newest first (§5: only its own). */
  async ofDepartment(departmentId: string) {
    const rows = await this.repo.ofDepartment(this.db.manager, departmentId);
    return rows.map(view);
  }

  async get(id: string) {
    const row = await this.repo.report(this.db.manager, id);
    if (!row) throw new DomainError('PROBLEM_REPORT_NOT_FOUND');
    return view(row);
  }

  /** Closes an open report with its outcome; a closed one is refused (409), whoever wins a race. */
  async close(actor: Actor, id: string, dto: CloseProblemReportDto) {
    const report = await this.db.getRepository(ProblemReport).findOneBy({ id });
    if (!report) throw new DomainError('PROBLEM_REPORT_NOT_FOUND');
    const latest = await this.outcomeInForce(this.db.manager, id);
    if (latest) throw new DomainError('PROBLEM_REPORT_CLOSED');
    await this.insertOutcome(
      { reportId: id, ...pick(dto), closedBy: actor.id, correctsId: null, correctionReason: null },
      'PROBLEM_REPORT_CLOSED',
    );
    return this.get(id);
  }

  /** A correction of a closed report: a new outcome that corrects the one in force. */
  async correct(actor: Actor, id: string, dto: CorrectProblemReportDto) {
    const report = await this.db.getRepository(ProblemReport).findOneBy({ id });
    if (!report) throw new DomainError('PROBLEM_REPORT_NOT_FOUND');
    const latest = await this.outcomeInForce(this.db.manager, id);
    if (!latest) throw new DomainError('PROBLEM_REPORT_OPEN');
    // Two corrections of the same outcome at once: the unique index lets one in; the other is told to look again.
    await this.insertOutcome(
      { reportId: id, ...pick(dto), closedBy: actor.id, correctsId: latest.id, correctionReason: dto.reason.trim() },
      'PROBLEM_OUTCOME_CORRECTED',
    );
    return this.get(id);
  }

  private outcomeInForce(m: EntityManager, reportId: string): Promise<{ id: string } | null> {
    return this.repo.outcomeInForce(m, reportId);
  }

  private async insertOutcome(
    o: Omit<ProblemReportOutcome, 'id' | 'closedAt' | 'report'>,
    onConflict: 'PROBLEM_REPORT_CLOSED' | 'PROBLEM_OUTCOME_CORRECTED',
  ) {
    try {
      await this.db.getRepository(ProblemReportOutcome).insert({ ...o, closedAt: this.clock.instant() });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') throw new DomainError(onConflict);
      throw e;
    }
  }
}

function pick(dto: CloseProblemReportDto) {
  return { investigation: dto.investigation.trim(), cause: dto.cause.trim(), action: dto.action.trim() };
}
