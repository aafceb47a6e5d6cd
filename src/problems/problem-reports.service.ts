import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { StepContext } from '../packs/pack-ledger.service.js';
import type { Pack } from '../packs/pack.entity.js';
import type { CloseProblemReportDto, CorrectProblemReportDto } from './dto/problems.dto.js';
import { ProblemReportOutcome } from './problem-report-outcome.entity.js';
import { ProblemReport, type ProblemKind } from './problem-report.entity.js';

/** A report with its pack, department, load and the outcome in force (the one no later record corrects). */
const REPORTS_VIEW = `SELECT r.id, r.kind, r.note, r.after_use, r.reported_at, r.recall_id, r.department_id,
              p.barcode, t.code AS template_code, t.name_zh, t.name_en,
              d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en,
              s.code AS sterilizer_code, l.cycle_no,
              o.id AS outcome_id, o.investigation, o.cause, o.action, o.closed_by, o.closed_at, o.corrects_id, o.correction_reason, u.display_name AS closed_by_name,
              (SELECT count(*)::int FROM problem_report_outcomes x WHERE x.report_id = r.id) AS records
         FROM problem_reports r
         JOIN packs p ON p.id = r.pack_id
         JOIN set_templates t ON t.id = p.template_id
         JOIN departments d ON d.id = r.department_id
         LEFT JOIN sterilizer_loads l ON l.id = r.load_id
         LEFT JOIN sterilizers s ON s.id = l.sterilizer_id
         LEFT JOIN LATERAL (
           SELECT * FROM problem_report_outcomes o
            WHERE o.report_id = r.id AND NOT EXISTS (SELECT 1 FROM problem_report_outcomes c WHERE c.corrects_id = o.id)
         ) o ON true
         LEFT JOIN users u ON u.id = o.closed_by`;

type Row = Record<string, unknown> & { outcome_id: string | null };

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
  ) {}

  /** Records the report inside the caller's transaction (the pack's step and the report: both or neither). */
  async record(m: EntityManager, ctx: StepContext, pack: Pack, r: { kind: ProblemKind; note: string | null; afterUse: boolean; loadId: string | null; recallId: string | null }): Promise<string> {
    const saved = await m.getRepository(ProblemReport).save(
      m.getRepository(ProblemReport).create({ ...r, packId: pack.id, departmentId: pack.departmentId!, reportedBy: ctx.actor.id, reportedAt: this.clock.now() }),
    );
    return saved.id;
  }

  /** The CSSD's list: open reports first (oldest first: the longest waiting), then the latest closed. */
  async list(status?: 'open' | 'closed') {
    const rows: Row[] = await this.db.query(
      `SELECT * FROM (${REPORTS_VIEW}) x WHERE ($1::text IS NULL OR ($1 = 'open') = (x.outcome_id IS NULL))
        ORDER BY (x.outcome_id IS NULL) DESC, CASE WHEN x.outcome_id IS NULL THEN x.reported_at END ASC, x.reported_at DESC LIMIT 500`,
      [status ?? null],
    );
    return rows.map(view);
  }

  /** A department's own reports with their outcomes, newest first (§5: only its own). */
  async ofDepartment(departmentId: string) {
    const rows: Row[] = await this.db.query(`${REPORTS_VIEW} WHERE r.department_id = $1 ORDER BY r.reported_at DESC LIMIT 200`, [departmentId]);
    return rows.map(view);
  }

  async get(id: string) {
    const [row]: Row[] = await this.db.query(`${REPORTS_VIEW} WHERE r.id = $1`, [id]);
    if (!row) throw new DomainError('PROBLEM_REPORT_NOT_FOUND');
    return view(row);
  }

  /** Closes an open report with its outcome; a closed one is refused (409), whoever wins a race. */
  async close(actor: Actor, id: string, dto: CloseProblemReportDto) {
    const report = await this.db.getRepository(ProblemReport).findOneBy({ id });
    if (!report) throw new DomainError('PROBLEM_REPORT_NOT_FOUND');
    const latest = await this.outcomeInForce(this.db.manager, id);
    if (latest) throw new DomainError('PROBLEM_REPORT_CLOSED');
    await this.insertOutcome({ reportId: id, ...pick(dto), closedBy: actor.id, correctsId: null, correctionReason: null }, 'PROBLEM_REPORT_CLOSED');
    return this.get(id);
  }

  /** A correction of a closed report: a new outcome that corrects the one in force. */
  async correct(actor: Actor, id: string, dto: CorrectProblemReportDto) {
    const report = await this.db.getRepository(ProblemReport).findOneBy({ id });
    if (!report) throw new DomainError('PROBLEM_REPORT_NOT_FOUND');
    const latest = await this.outcomeInForce(this.db.manager, id);
    if (!latest) throw new DomainError('PROBLEM_REPORT_OPEN');
    // Two corrections of the same outcome at once: the unique index lets one in; the other is told to look again.
    await this.insertOutcome({ reportId: id, ...pick(dto), closedBy: actor.id, correctsId: latest.id, correctionReason: dto.reason.trim() }, 'PROBLEM_OUTCOME_CORRECTED');
    return this.get(id);
  }

  private async outcomeInForce(m: EntityManager, reportId: string): Promise<{ id: string } | null> {
    const [row] = await m.query(
      `SELECT o.id FROM problem_report_outcomes o WHERE o.report_id = $1 AND NOT EXISTS (SELECT 1 FROM problem_report_outcomes c WHERE c.corrects_id = o.id)`,
      [reportId],
    );
    return row ?? null;
  }

  private async insertOutcome(o: Omit<ProblemReportOutcome, 'id' | 'closedAt' | 'report'>, onConflict: 'PROBLEM_REPORT_CLOSED' | 'PROBLEM_OUTCOME_CORRECTED') {
    try {
      await this.db.getRepository(ProblemReportOutcome).insert({ ...o, closedAt: this.clock.now() });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') throw new DomainError(onConflict);
      throw e;
    }
  }
}

function pick(dto: CloseProblemReportDto) {
  return { investigation: dto.investigation.trim(), cause: dto.cause.trim(), action: dto.action.trim() };
}
