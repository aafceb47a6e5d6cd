import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import type { CheckFrequency } from '../kernel/quality-check-task.entity.js';

/**
 * A corrective action with its task, the failed record that opened it (or the defect case, quality
 * review or satisfaction survey that set it: their rows name the action), who answers for it and its
 * closure. A defect's action dates from when the defect happened (its entry in force), a review's
 * decision from the meeting, a survey's improvement action from when it was agreed; what it is to
 * do, as written, is its `findings`.
 */
const ACTIONS_VIEW = `SELECT a.id, a.what_zh, a.what_en, a.reading_id, a.random_check_id, a.responsible_user_id, a.due_date::text AS due_date,
              a.opened_by, a.opened_at, t.code AS task_code, coalesce(r.measured_at, c.checked_at, dd.occurred_at, qr.held_at, sa.recorded_at) AS failed_at,
              coalesce(c.findings, da.corrective, qd.decision, sa.what) AS findings, da.case_id AS defect_id, qd.review_id, sa.survey_id,
              ru.display_name AS responsible_name, x.action_taken, x.done_at, x.closed_by, x.closed_at, xu.display_name AS closed_by_name
         FROM corrective_actions a
         LEFT JOIN quality_check_tasks t ON t.id = a.task_id
         LEFT JOIN environment_readings r ON r.id = a.reading_id
         LEFT JOIN quality_random_checks c ON c.id = a.random_check_id
         LEFT JOIN defect_actions da ON da.corrective_action_id = a.id
         LEFT JOIN LATERAL (SELECT d.occurred_at FROM defects d
                             WHERE d.case_id = da.case_id AND NOT EXISTS (SELECT 1 FROM defects n WHERE n.corrects_id = d.id)) dd ON true
         LEFT JOIN quality_review_decisions qd ON qd.corrective_action_id = a.id
         LEFT JOIN quality_reviews qr ON qr.id = qd.review_id
         LEFT JOIN survey_actions sa ON sa.corrective_action_id = a.id
         LEFT JOIN users ru ON ru.id = a.responsible_user_id
         LEFT JOIN corrective_action_closures x ON x.action_id = a.id
         LEFT JOIN users xu ON xu.id = x.closed_by`;

/** Quality checks' SQL (the schedule, random checks, corrective actions), by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const QUALITY_CHECKS_SQL = {
  /**
   * Each active task's latest record before $1 (ix_environment_readings_kind, ix_quality_random_checks_checked),
   * periods in the hospital zone $2, entered in time (within the grace $3).
   */
  schedule: `SELECT t.id, t.code, t.name_zh, t.name_en, t.frequency, t.reading_kind,
                coalesce(r.at, c.at) AS last_at, coalesce(r.passed, c.passed) AS last_passed
           FROM quality_check_tasks t
           -- A reading does the task it names; one that names none (recorded before the schedule) counts for its kind.
           -- Only a record entered while its period was still open (or within the grace after) does the
           -- task: a reading stated for yesterday and entered today is kept, but does not fill the gap.
           LEFT JOIN LATERAL (SELECT e.measured_at AS at, e.within_limits AS passed FROM environment_readings e
                               WHERE e.kind = t.reading_kind AND (e.task_id = t.id OR e.task_id IS NULL) AND e.measured_at <= $1
                                 AND e.recorded_at <= (date_trunc(CASE t.frequency WHEN 'daily' THEN 'day' ELSE 'month' END, e.measured_at AT TIME ZONE $2)
                                                       + CASE t.frequency WHEN 'daily' THEN interval '1 day' ELSE interval '1 month' END) AT TIME ZONE $2 + $3::interval
                               ORDER BY e.measured_at DESC LIMIT 1) r ON true
           LEFT JOIN LATERAL (SELECT q.checked_at AS at, q.passed FROM quality_random_checks q
                               WHERE t.reading_kind IS NULL AND q.checked_at <= $1
                                 AND q.recorded_at <= (date_trunc('day', q.checked_at AT TIME ZONE $2) + interval '1 day') AT TIME ZONE $2 + $3::interval
                               ORDER BY q.checked_at DESC LIMIT 1) c ON true
          WHERE t.active
          ORDER BY t.sort_order, t.code`,
  /** How many tasks check solutions of kind $1. */
  solutionTaskCount: `SELECT count(*)::int AS n FROM quality_check_tasks WHERE reading_kind = $1`,
  /** The last sort position among tasks of kind $1. */
  solutionLastSort: `SELECT coalesce(max(sort_order), 0) AS sort FROM quality_check_tasks WHERE reading_kind = $1`,
  /** The active tasks of kind $1, locked (two retired at once: one of them stays). */
  lockActiveOfKind: `SELECT id FROM quality_check_tasks WHERE reading_kind = $1 AND active FOR UPDATE`,
  /** Random checks (only $1 when given), newest first, with the corrective action a failed one opened. */
  randomChecks: `SELECT q.*, u.display_name AS checked_by_name, a.id AS corrective_action_id
         FROM quality_random_checks q
         LEFT JOIN users u ON u.id = q.checked_by
         LEFT JOIN corrective_actions a ON a.random_check_id = q.id
        WHERE ($1::uuid IS NULL OR q.id = $1)
        ORDER BY q.checked_at DESC LIMIT 100`,
  /** Corrective actions ($1: 'open', 'closed' or null for both): open ones first (the earliest due first), then the latest closed. */
  correctiveActions: `SELECT * FROM (${ACTIONS_VIEW}) v WHERE ($1::text IS NULL OR ($1 = 'open') = (v.closed_at IS NULL))
        ORDER BY (v.closed_at IS NULL) DESC, CASE WHEN v.closed_at IS NULL THEN v.due_date END ASC, v.closed_at DESC, v.opened_at LIMIT 200`,
  /** Corrective action $1. */
  correctiveAction: `${ACTIONS_VIEW} WHERE a.id = $1`,
} as const satisfies Statements;

/** A task with its latest record in time, as the schedule reads it. */
export interface TaskLastRecord {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  frequency: CheckFrequency;
  reading_kind: string | null;
  last_at: Date | null;
  last_passed: boolean | null;
}

/** What quality checks read besides their entities; transactions stay the services'. */
@Injectable()
export class QualityChecksRepository {
  static readonly statements = QUALITY_CHECKS_SQL;

  schedule(m: EntityManager, now: Date, timezone: string, grace: string): Promise<TaskLastRecord[]> {
    return m.query(QUALITY_CHECKS_SQL.schedule, [now, timezone, grace]);
  }

  async solutionTaskCount(m: EntityManager, readingKind: string): Promise<number> {
    const [{ n }] = await m.query(QUALITY_CHECKS_SQL.solutionTaskCount, [readingKind]);
    return n;
  }

  async solutionLastSort(m: EntityManager, readingKind: string): Promise<number> {
    const [{ sort }] = await m.query(QUALITY_CHECKS_SQL.solutionLastSort, [readingKind]);
    return sort;
  }

  lockActiveOfKind(m: EntityManager, readingKind: string | null): Promise<{ id: string }[]> {
    return m.query(QUALITY_CHECKS_SQL.lockActiveOfKind, [readingKind]);
  }

  randomChecks(m: EntityManager, id: string | null): Promise<Record<string, unknown>[]> {
    return m.query(QUALITY_CHECKS_SQL.randomChecks, [id]);
  }

  correctiveActions(m: EntityManager, status: 'open' | 'closed' | null): Promise<Record<string, unknown>[]> {
    return m.query(QUALITY_CHECKS_SQL.correctiveActions, [status]);
  }

  async correctiveAction(m: EntityManager, id: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await m.query(QUALITY_CHECKS_SQL.correctiveAction, [id]);
    return row;
  }
}
