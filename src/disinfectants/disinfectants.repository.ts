import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import type { AgentKind } from './preparation.entity.js';

type Db = DataSource | EntityManager;

/** The reading of the schedule that checks a solution of each kind (seed 7.2–7.7). */
export const READING_KIND_OF: Record<AgentKind, string> = {
  disinfectant: 'disinfectant_concentration',
  cleaning_agent: 'cleaning_agent_concentration',
};

export interface PreparationRow {
  id: string;
  kind: AgentKind;
  product: string;
  lotNumber: string;
  expiryDate: string;
  target: string;
  tolerance: string;
  measured: string;
  unit: string;
  method: string;
  area: string;
  usedFor: string | null;
  solutionTaskId: string | null;
  solutionNameZh: string | null;
  solutionNameEn: string | null;
  solutionCheckedOnDay: boolean | null;
  preparedBy: string;
  preparedByName: string;
  preparedAt: Date;
  correctsId: string | null;
  reason: string | null;
  correctedById: string | null;
  recordedAt: Date;
}

export interface SolutionRow {
  taskId: string;
  readingKind: string;
  nameZh: string;
  nameEn: string;
  lastCheckedAt: Date | null;
  checkedOnDay: boolean;
}

/** Whether the solution of task `t` had its concentration checked in [$1, $2). */
const CHECKED = (t: string) => `EXISTS (SELECT 1 FROM environment_readings r WHERE r.kind = ${t}.reading_kind AND r.task_id = ${t}.id
                    AND r.measured_at >= $1 AND r.measured_at < $2)`;

/** The disinfectant preparation log's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const DISINFECTANTS_SQL = {
  /** The preparations made in [$1, $2) (or only record $3 when it is not null), by area then time; 500 at most. */
  preparations: `SELECT p.id, p.kind, p.product, p.lot_number AS "lotNumber", p.expiry_date::text AS "expiryDate",
              p.target, p.tolerance, p.measured, p.unit, p.method, p.area, p.used_for AS "usedFor",
              p.solution_task_id AS "solutionTaskId", t.name_zh AS "solutionNameZh", t.name_en AS "solutionNameEn",
              CASE WHEN t.id IS NULL THEN NULL ELSE ${CHECKED('t')} END AS "solutionCheckedOnDay",
              p.prepared_by AS "preparedBy", u.display_name AS "preparedByName", p.prepared_at AS "preparedAt",
              p.corrects_id AS "correctsId", p.reason, c.id AS "correctedById", p.recorded_at AS "recordedAt"
         FROM disinfectant_preparations p
         JOIN users u ON u.id = p.prepared_by
         LEFT JOIN quality_check_tasks t ON t.id = p.solution_task_id
         LEFT JOIN disinfectant_preparations c ON c.corrects_id = p.id
        WHERE CASE WHEN $3::uuid IS NULL THEN p.prepared_at >= $1 AND p.prepared_at < $2 ELSE p.id = $3 END
        ORDER BY p.area, p.prepared_at, p.recorded_at LIMIT 500`,
  /** The preparations made in [$1, $2), in time order, with whether a later record corrects them (the log's export; 5000 at most). */
  register: `SELECT p.id, p.kind, p.product, p.lot_number AS "lotNumber", p.expiry_date::text AS "expiryDate",
              p.target, p.tolerance, p.measured, p.unit, p.method, p.area, p.used_for AS "usedFor",
              p.solution_task_id AS "solutionTaskId", t.name_zh AS "solutionNameZh", t.name_en AS "solutionNameEn",
              p.prepared_by AS "preparedBy", u.display_name AS "preparedByName", p.prepared_at AS "preparedAt",
              p.corrects_id AS "correctsId", p.reason, c.id AS "correctedById", p.recorded_at AS "recordedAt"
         FROM disinfectant_preparations p
         JOIN users u ON u.id = p.prepared_by
         LEFT JOIN quality_check_tasks t ON t.id = p.solution_task_id
         LEFT JOIN disinfectant_preparations c ON c.corrects_id = p.id
        WHERE p.prepared_at >= $1 AND p.prepared_at < $2
        ORDER BY p.prepared_at, p.recorded_at LIMIT 5000`,
  /** Preparation $1, with whether a later record corrects it. */
  preparation: `SELECT p.id, p.solution_task_id AS "solutionTaskId",
              EXISTS (SELECT 1 FROM disinfectant_preparations c WHERE c.corrects_id = p.id) AS corrected
         FROM disinfectant_preparations p WHERE p.id = $1`,
  /** The solutions in use (active concentration tasks of the schedule, or only task $3) with whether each was checked in [$1, $2). */
  solutions: `SELECT t.id AS "taskId", t.reading_kind AS "readingKind", t.name_zh AS "nameZh", t.name_en AS "nameEn",
              (SELECT max(r.measured_at) FROM environment_readings r WHERE r.kind = t.reading_kind AND r.task_id = t.id) AS "lastCheckedAt",
              ${CHECKED('t')} AS "checkedOnDay"
         FROM quality_check_tasks t
        WHERE t.active AND t.reading_kind IN ('disinfectant_concentration', 'cleaning_agent_concentration')
          AND ($3::uuid IS NULL OR t.id = $3)
        ORDER BY t.sort_order, t.code`,
} as const satisfies Statements;

/**
 * Every query of the disinfectant preparation log: a day's preparations with their solution and
 * whether they were corrected, and the solutions in use of the routine-check schedule. The
 * service holds the rules; this class holds the SQL.
 */
@Injectable()
export class DisinfectantsRepository {
  static readonly statements = DISINFECTANTS_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** See DISINFECTANTS_SQL.preparations. */
  preparations(from: Date, to: Date): Promise<PreparationRow[]> {
    return this.db.query(DISINFECTANTS_SQL.preparations, [from, to, null]);
  }

  /** See DISINFECTANTS_SQL.register. */
  register(from: Date, to: Date): Promise<Omit<PreparationRow, 'solutionCheckedOnDay'>[]> {
    return this.db.query(DISINFECTANTS_SQL.register, [from, to]);
  }

  /** One preparation as the day's list shows it, its check judged on [from, to). */
  preparationView(id: string, from: Date, to: Date): Promise<PreparationRow | undefined> {
    return this.db.query(DISINFECTANTS_SQL.preparations, [from, to, id]).then((r: PreparationRow[]) => r[0]);
  }

  preparation(m: Db, id: string): Promise<{ id: string; solutionTaskId: string | null; corrected: boolean } | undefined> {
    return m
      .query(DISINFECTANTS_SQL.preparation, [id])
      .then((r: { id: string; solutionTaskId: string | null; corrected: boolean }[]) => r[0]);
  }

  /** See DISINFECTANTS_SQL.solutions. */
  solutions(m: Db, from: Date, to: Date, taskId?: string): Promise<SolutionRow[]> {
    return m.query(DISINFECTANTS_SQL.solutions, [from, to, taskId ?? null]);
  }
}
