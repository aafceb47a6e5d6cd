import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import { ASSIGNED_COLUMNS, ASSIGNED_JOINS, type AssignedRow } from '../defects/defects.repository.js';
import type { QuestionKind } from './survey.entity.js';

type Db = DataSource | EntityManager;

/** A survey's current version (the latest), joined as `v`. */
const CURRENT = `JOIN LATERAL (SELECT * FROM survey_versions x WHERE x.survey_id = s.id ORDER BY x.version DESC LIMIT 1) v ON true`;
/** An improvement action `a` (a survey_actions row) not done yet. */
const OPEN_ACTION = `NOT EXISTS (SELECT 1 FROM corrective_action_closures x WHERE x.action_id = a.corrective_action_id)`;

/** A survey by its current version, how many departments it asks and answered, its closure and actions as of today $1. */
const SURVEYS = `SELECT s.id, v.id AS "versionId", v.version, v.title_zh AS "titleZh", v.title_en AS "titleEn",
              v.period_from AS "periodFrom", v.period_to AS "periodTo", s.created_at AS "createdAt",
              (SELECT count(*)::int FROM survey_departments d WHERE d.version_id = v.id) AS asked,
              (SELECT count(*)::int FROM survey_responses r WHERE r.survey_id = s.id) AS answered,
              c.closed_at AS "closedAt",
              (SELECT count(*)::int FROM survey_actions a WHERE a.survey_id = s.id) AS "actionCount",
              (SELECT count(*)::int FROM survey_actions a WHERE a.survey_id = s.id AND ${OPEN_ACTION}) AS "openActionCount",
              (SELECT count(*)::int FROM survey_actions a JOIN corrective_actions ca ON ca.id = a.corrective_action_id
                WHERE a.survey_id = s.id AND ca.due_date < $1::date AND ${OPEN_ACTION}) AS "overdueActionCount"
         FROM surveys s
         ${CURRENT}
         LEFT JOIN survey_closures c ON c.survey_id = s.id`;

/** The surveys asking department $1 (in their current version), with its answer and the closure. */
const MINE = `SELECT s.id, v.title_zh AS "titleZh", v.title_en AS "titleEn", v.period_from AS "periodFrom", v.period_to AS "periodTo",
              v.id AS "versionId", r.id AS "responseId", r.answered_at AS "answeredAt", u.display_name AS "answeredByName",
              c.closed_at AS "closedAt"
         FROM surveys s
         ${CURRENT}
         JOIN survey_departments d ON d.version_id = v.id AND d.department_id = $1
         LEFT JOIN survey_responses r ON r.survey_id = s.id AND r.department_id = $1
         LEFT JOIN users u ON u.id = r.answered_by
         LEFT JOIN survey_closures c ON c.survey_id = s.id`;

/** Department satisfaction surveys' SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const SURVEYS_SQL = {
  /** Every survey as of today $1: open ones first, the latest period first (200 at most). */
  list: `${SURVEYS} ORDER BY (c.closed_at IS NULL) DESC, v.period_to DESC, s.created_at DESC LIMIT 200`,
  /** Survey $2 as of today $1. */
  one: `${SURVEYS} WHERE s.id = $2`,
  /** Survey $1 locked: a change, an answer, a closure or an action at once go one after the other. */
  lock: `SELECT id FROM surveys WHERE id = $1 FOR UPDATE`,
  /**
   * Where survey $1 stands, read after its lock (a statement of its own: one that waited for the lock
   * would otherwise read what stood before the other transaction committed).
   */
  state: `SELECT (SELECT id FROM survey_versions x WHERE x.survey_id = $1 ORDER BY x.version DESC LIMIT 1) AS "versionId",
              (SELECT max(version) FROM survey_versions x WHERE x.survey_id = $1) AS version,
              (SELECT period_from FROM survey_versions x WHERE x.survey_id = $1 ORDER BY x.version DESC LIMIT 1) AS "periodFrom",
              (SELECT period_to FROM survey_versions x WHERE x.survey_id = $1 ORDER BY x.version DESC LIMIT 1) AS "periodTo",
              EXISTS (SELECT 1 FROM survey_closures c WHERE c.survey_id = $1) AS closed,
              (SELECT count(*)::int FROM survey_responses r WHERE r.survey_id = $1) AS answered,
              (SELECT coalesce(max(seq), 0)::int FROM survey_actions a WHERE a.survey_id = $1) AS "lastActionSeq"`,
  /** The questions of version $1, in order. */
  questions: `SELECT id, seq, kind, text_zh AS "textZh", text_en AS "textEn" FROM survey_questions WHERE version_id = $1 ORDER BY seq`,
  /** The departments version $2 of survey $1 asks, by code, with their answer. */
  departments: `SELECT d.department_id AS "departmentId", dp.code, dp.name_zh AS "nameZh", dp.name_en AS "nameEn",
              r.id AS "responseId", r.answered_at AS "answeredAt", u.display_name AS "answeredByName"
         FROM survey_departments d JOIN departments dp ON dp.id = d.department_id
         LEFT JOIN survey_responses r ON r.survey_id = $1 AND r.department_id = d.department_id
         LEFT JOIN users u ON u.id = r.answered_by
        WHERE d.version_id = $2 ORDER BY dp.code`,
  /** Whether version $1 asks department $2. */
  asks: `SELECT 1 FROM survey_departments WHERE version_id = $1 AND department_id = $2`,
  /** The versions of survey $1, oldest first. */
  versions: `SELECT v.version, v.reason, v.recorded_by AS "recordedBy", coalesce(u.display_name, '') AS "recordedByName", v.recorded_at AS "recordedAt"
         FROM survey_versions v LEFT JOIN users u ON u.id = v.recorded_by WHERE v.survey_id = $1 ORDER BY v.version`,
  closure: `SELECT c.note, c.closed_by AS "closedBy", coalesce(u.display_name, '') AS "closedByName", c.closed_at AS "closedAt"
         FROM survey_closures c LEFT JOIN users u ON u.id = c.closed_by WHERE c.survey_id = $1`,
  /** The improvement actions of survey $2 with their corrective action as of today $1. */
  actions: `SELECT a.id, a.seq, a.what, a.department_id AS "departmentId", dp.code AS "departmentCode", dp.name_zh AS "departmentNameZh",
              dp.name_en AS "departmentNameEn", a.corrective_action_id AS "correctiveActionId", ${ASSIGNED_COLUMNS},
              a.recorded_by AS "recordedBy", coalesce(ru.display_name, '') AS "recordedByName", a.recorded_at AS "recordedAt"
         FROM survey_actions a
         ${ASSIGNED_JOINS('a.corrective_action_id')}
         LEFT JOIN departments dp ON dp.id = a.department_id
         LEFT JOIN users ru ON ru.id = a.recorded_by
        WHERE a.survey_id = $2 ORDER BY a.seq`,
  /** Action $2 of survey $1, with its corrective action's owner. */
  action: `SELECT a.id, a.corrective_action_id AS "correctiveActionId", ca.responsible_user_id AS "ownerUserId"
         FROM survey_actions a JOIN corrective_actions ca ON ca.id = a.corrective_action_id WHERE a.survey_id = $1 AND a.id = $2`,
  /** Every answer to survey $1, with the department that gave it. */
  answers: `SELECT r.department_id AS "departmentId", a.question_id AS "questionId", a.rating, a.text
         FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id WHERE r.survey_id = $1`,
  /** The departments of $1 that exist and are active. */
  activeDepartments: `SELECT id FROM departments WHERE id = ANY($1::uuid[]) AND active`,
  /** The surveys asking department $1: open ones first, then the latest period (100 at most). */
  mine: `${MINE} ORDER BY (r.id IS NULL AND c.closed_at IS NULL) DESC, v.period_to DESC, s.created_at DESC LIMIT 100`,
  /** Survey $2 if it asks department $1. */
  mineOne: `${MINE} WHERE s.id = $2`,
  /**
   * Per survey whose period meets months $1..$2 (YYYY-MM) and per department it asks: whether it
   * answered and the mean of its ratings (2 decimals), surveys by period (results per department and period).
   */
  comparison: `SELECT s.id AS "surveyId", v.title_zh AS "titleZh", v.title_en AS "titleEn", v.period_from AS "periodFrom", v.period_to AS "periodTo",
              d.department_id AS "departmentId", dp.code, dp.name_zh AS "nameZh", dp.name_en AS "nameEn", (r.id IS NOT NULL) AS answered,
              (SELECT round(avg(a.rating), 2)::float8 FROM survey_answers a WHERE a.response_id = r.id AND a.rating IS NOT NULL) AS average
         FROM surveys s
         ${CURRENT}
         JOIN survey_departments d ON d.version_id = v.id
         JOIN departments dp ON dp.id = d.department_id
         LEFT JOIN survey_responses r ON r.survey_id = s.id AND r.department_id = d.department_id
        WHERE v.period_from <= $2 AND v.period_to >= $1
        ORDER BY v.period_from, v.period_to, s.created_at, s.id, dp.code
        LIMIT 5000`,
  /** Department $2's answers to survey $1. */
  myAnswers: `SELECT a.question_id AS "questionId", a.rating, a.text
         FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id WHERE r.survey_id = $1 AND r.department_id = $2`,
} as const satisfies Statements;

export interface SurveyRow {
  id: string;
  versionId: string;
  version: number;
  titleZh: string;
  titleEn: string;
  periodFrom: string;
  periodTo: string;
  createdAt: Date;
  asked: number;
  answered: number;
  closedAt: Date | null;
  actionCount: number;
  openActionCount: number;
  overdueActionCount: number;
}

export interface LockedSurvey {
  id: string;
  versionId: string;
  version: number;
  /** The current version's period (YYYY-MM, inclusive). */
  periodFrom: string;
  periodTo: string;
  closed: boolean;
  answered: number;
  lastActionSeq: number;
}

/** One department asked by one survey whose period meets the months compared, with its answer's mean rating. */
export interface ComparisonRow {
  surveyId: string;
  titleZh: string;
  titleEn: string;
  periodFrom: string;
  periodTo: string;
  departmentId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  answered: boolean;
  average: number | null;
}

export interface QuestionRow {
  id: string;
  seq: number;
  kind: QuestionKind;
  textZh: string;
  textEn: string;
}

export interface DepartmentRow {
  departmentId: string;
  code: string;
  nameZh: string;
  nameEn: string;
  responseId: string | null;
  answeredAt: Date | null;
  answeredByName: string | null;
}

export interface VersionRow {
  version: number;
  reason: string | null;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
}

export interface ClosureRow {
  note: string | null;
  closedBy: string;
  closedByName: string;
  closedAt: Date;
}

export interface ActionRow extends AssignedRow {
  id: string;
  seq: number;
  what: string;
  departmentId: string | null;
  departmentCode: string | null;
  departmentNameZh: string | null;
  departmentNameEn: string | null;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
}

export interface AnswerRow {
  departmentId: string;
  questionId: string;
  rating: number | null;
  text: string | null;
}

export interface MineRow {
  id: string;
  titleZh: string;
  titleEn: string;
  periodFrom: string;
  periodTo: string;
  versionId: string;
  responseId: string | null;
  answeredAt: Date | null;
  answeredByName: string | null;
  closedAt: Date | null;
}

const first = <T>(rows: T[]): T | undefined => rows[0];

/** Every query of the surveys; the service holds the rules. */
@Injectable()
export class SurveysRepository {
  static readonly statements = SURVEYS_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(today: string): Promise<SurveyRow[]> {
    return this.db.query(SURVEYS_SQL.list, [today]);
  }

  one(m: Db, today: string, id: string): Promise<SurveyRow | undefined> {
    return m.query(SURVEYS_SQL.one, [today, id]).then(first<SurveyRow>);
  }

  /** Locks survey `id` and reads where it stands; undefined when there is none. */
  async lock(m: EntityManager, id: string): Promise<LockedSurvey | undefined> {
    const locked: unknown[] = await m.query(SURVEYS_SQL.lock, [id]);
    if (locked.length === 0) return undefined;
    const [state] = await m.query(SURVEYS_SQL.state, [id]);
    return { id, ...state };
  }

  comparison(from: string, to: string): Promise<ComparisonRow[]> {
    return this.db.query(SURVEYS_SQL.comparison, [from, to]);
  }

  questions(m: Db, versionId: string): Promise<QuestionRow[]> {
    return m.query(SURVEYS_SQL.questions, [versionId]);
  }

  departments(m: Db, id: string, versionId: string): Promise<DepartmentRow[]> {
    return m.query(SURVEYS_SQL.departments, [id, versionId]);
  }

  asks(m: Db, versionId: string, departmentId: string): Promise<boolean> {
    return m.query(SURVEYS_SQL.asks, [versionId, departmentId]).then((r: unknown[]) => r.length > 0);
  }

  versions(m: Db, id: string): Promise<VersionRow[]> {
    return m.query(SURVEYS_SQL.versions, [id]);
  }

  closure(m: Db, id: string): Promise<ClosureRow | undefined> {
    return m.query(SURVEYS_SQL.closure, [id]).then(first<ClosureRow>);
  }

  actions(m: Db, today: string, id: string): Promise<ActionRow[]> {
    return m.query(SURVEYS_SQL.actions, [today, id]);
  }

  action(m: Db, id: string, actionId: string): Promise<{ id: string; correctiveActionId: string; ownerUserId: string } | undefined> {
    return m.query(SURVEYS_SQL.action, [id, actionId]).then(first<{ id: string; correctiveActionId: string; ownerUserId: string }>);
  }

  answers(m: Db, id: string): Promise<AnswerRow[]> {
    return m.query(SURVEYS_SQL.answers, [id]);
  }

  async activeDepartments(m: Db, ids: string[]): Promise<Set<string>> {
    const rows: { id: string }[] = await m.query(SURVEYS_SQL.activeDepartments, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  mine(departmentId: string): Promise<MineRow[]> {
    return this.db.query(SURVEYS_SQL.mine, [departmentId]);
  }

  mineOne(m: Db, departmentId: string, id: string): Promise<MineRow | undefined> {
    return m.query(SURVEYS_SQL.mineOne, [departmentId, id]).then(first<MineRow>);
  }

  myAnswers(m: Db, id: string, departmentId: string): Promise<{ questionId: string; rating: number | null; text: string | null }[]> {
    return m.query(SURVEYS_SQL.myAnswers, [id, departmentId]);
  }
}
