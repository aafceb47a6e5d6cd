import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';

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

/** Problem reports' SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const PROBLEMS_SQL = {
  /** The CSSD's list ($1: 'open', 'closed' or null for both): open reports first (oldest first), then the latest closed. */
  list: `SELECT * FROM (${REPORTS_VIEW}) x WHERE ($1::text IS NULL OR ($1 = 'open') = (x.outcome_id IS NULL))
        ORDER BY (x.outcome_id IS NULL) DESC, CASE WHEN x.outcome_id IS NULL THEN x.reported_at END ASC, x.reported_at DESC LIMIT 500`,
  /** Department $1's own reports, newest first. */
  ofDepartment: `${REPORTS_VIEW} WHERE r.department_id = $1 ORDER BY r.reported_at DESC LIMIT 200`,
  /** Report $1. */
  report: `${REPORTS_VIEW} WHERE r.id = $1`,
  /** The outcome in force of report $1 (none while it is open). */
  outcomeInForce: `SELECT o.id FROM problem_report_outcomes o WHERE o.report_id = $1 AND NOT EXISTS (SELECT 1 FROM problem_report_outcomes c WHERE c.corrects_id = o.id)`,
} as const satisfies Statements;

/** A row of the reports' view, keyed by column name. */
export type ProblemReportRow = Record<string, unknown> & { outcome_id: string | null };

/** What problem reports read besides their entities; transactions stay the service's. */
@Injectable()
export class ProblemsRepository {
  static readonly statements = PROBLEMS_SQL;

  list(m: EntityManager, status: 'open' | 'closed' | null): Promise<ProblemReportRow[]> {
    return m.query(PROBLEMS_SQL.list, [status]);
  }

  ofDepartment(m: EntityManager, departmentId: string): Promise<ProblemReportRow[]> {
    return m.query(PROBLEMS_SQL.ofDepartment, [departmentId]);
  }

  async report(m: EntityManager, id: string): Promise<ProblemReportRow | undefined> {
    const [row] = await m.query(PROBLEMS_SQL.report, [id]);
    return row;
  }

  async outcomeInForce(m: EntityManager, reportId: string): Promise<{ id: string } | null> {
    const [row] = await m.query(PROBLEMS_SQL.outcomeInForce, [reportId]);
    return row ?? null;
  }
}
