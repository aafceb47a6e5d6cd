import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import type { DefectCount } from './defect-analysis.js';
import type { DefectKind, DefectZone } from './defect.entity.js';

type Db = DataSource | EntityManager;

/** `d` is the entry in force of its case: no later entry corrects it. */
const IN_FORCE = `NOT EXISTS (SELECT 1 FROM defects n WHERE n.corrects_id = d.id)`;

/** Whether corrective action `ca` is done (closed with what was done, seed 7.8). */
const DONE = (ca: string) => `EXISTS (SELECT 1 FROM corrective_action_closures x WHERE x.action_id = ${ca}.id)`;

/**
 * An action the head nurse set, by its corrective action `ca` (joined by ASSIGNED_JOINS on the caller's
 * column): its owner, due date, whether it is overdue as of today $1, and its closing (what was done).
 */
export const ASSIGNED_COLUMNS = `ca.responsible_user_id AS "ownerUserId", coalesce(ou.display_name, '') AS "ownerName", ca.due_date::text AS "dueDate",
              (x.id IS NULL AND ca.due_date < $1::date) AS overdue, x.action_taken AS "actionTaken", x.done_at AS "doneAt",
              x.closed_by AS "closedBy", coalesce(xu.display_name, '') AS "closedByName", x.closed_at AS "closedAt"`;
export const ASSIGNED_JOINS = (correctiveActionId: string) => `JOIN corrective_actions ca ON ca.id = ${correctiveActionId}
         LEFT JOIN corrective_action_closures x ON x.action_id = ca.id
         LEFT JOIN users ou ON ou.id = ca.responsible_user_id
         LEFT JOIN users xu ON xu.id = x.closed_by`;

/** Every case by its entry in force, with who first reported it and where it stands ($1: today, a hospital date). */
const CASES = `SELECT d.case_id AS id, d.id AS "entryId", d.occurred_at AS "occurredAt", d.zone, d.kind, d.description, d.involved,
              d.immediate_remedy AS "immediateRemedy", d.problem_report_id AS "problemReportId", pk.barcode AS "problemReportBarcode",
              f.reported_by AS "reportedBy", coalesce(fu.display_name, '') AS "reportedByName", f.reported_at AS "reportedAt",
              (SELECT count(*)::int FROM defects e WHERE e.case_id = d.case_id) AS entries,
              (i.id IS NOT NULL) AS investigated, coalesce(a.n, 0) AS "actionCount", coalesce(a.open, 0) AS "openActionCount",
              coalesce(a.overdue, 0) > 0 AS overdue, a.next_due AS "nextDue",
              v.covers_seq AS "verifiedSeq", v.effective AS "verifiedEffective", coalesce(a.last_seq, 0) AS "lastSeq", cl.closed_at AS "closedAt"
         FROM defects d
         JOIN defects f ON f.id = d.case_id
         LEFT JOIN users fu ON fu.id = f.reported_by
         LEFT JOIN problem_reports pr ON pr.id = d.problem_report_id
         LEFT JOIN packs pk ON pk.id = pr.pack_id
         LEFT JOIN defect_investigations i ON i.case_id = d.case_id
         LEFT JOIN LATERAL (
           SELECT count(*)::int AS n, max(da.seq)::int AS last_seq,
                  count(*) FILTER (WHERE NOT ${DONE('ca')})::int AS open,
                  count(*) FILTER (WHERE NOT ${DONE('ca')} AND ca.due_date < $1::date)::int AS overdue,
                  (min(ca.due_date) FILTER (WHERE NOT ${DONE('ca')}))::text AS next_due
             FROM defect_actions da JOIN corrective_actions ca ON ca.id = da.corrective_action_id
            WHERE da.case_id = d.case_id) a ON true
         LEFT JOIN LATERAL (SELECT covers_seq, effective FROM defect_verifications x WHERE x.case_id = d.case_id
                             ORDER BY covers_seq DESC LIMIT 1) v ON true
         LEFT JOIN defect_closures cl ON cl.case_id = d.case_id
        WHERE ${IN_FORCE}`;

/** The defect register's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const DEFECTS_SQL = {
  /**
   * The cases ($2: 'open', 'closed' or null for both) that happened in [$3, $4) (either null: unbounded), as
   * of today $1: open ones first, then closed; the latest first (ix_defects_occurred); 500 at most.
   */
  list: `${CASES}
          AND ($2::text IS NULL OR ($2 = 'open') = (cl.case_id IS NULL))
          AND ($3::timestamptz IS NULL OR d.occurred_at >= $3) AND ($4::timestamptz IS NULL OR d.occurred_at < $4)
        ORDER BY (cl.case_id IS NULL) DESC, d.occurred_at DESC, d.case_id LIMIT 500`,
  /** Case $2 as of today $1. */
  one: `${CASES} AND d.case_id = $2`,
  /** Every entry of case $1, oldest first. */
  history: `SELECT d.id, d.occurred_at AS "occurredAt", d.zone, d.kind, d.description, d.involved, d.immediate_remedy AS "immediateRemedy",
              d.problem_report_id AS "problemReportId", pk.barcode AS "problemReportBarcode", d.corrects_id AS "correctsId", d.reason,
              d.reported_by AS "reportedBy", coalesce(u.display_name, '') AS "reportedByName", d.reported_at AS "reportedAt"
         FROM defects d LEFT JOIN users u ON u.id = d.reported_by
         LEFT JOIN problem_reports pr ON pr.id = d.problem_report_id LEFT JOIN packs pk ON pk.id = pr.pack_id
        WHERE d.case_id = $1 ORDER BY d.reported_at, d.id`,
  investigation: `SELECT i.cause, i.responsibility, i.recorded_by AS "recordedBy", coalesce(u.display_name, '') AS "recordedByName",
              i.recorded_at AS "recordedAt"
         FROM defect_investigations i LEFT JOIN users u ON u.id = i.recorded_by WHERE i.case_id = $1`,
  /** The actions of case $2, with their corrective action (owner, due date, closing) as of today $1. */
  actions: `SELECT da.id, da.seq, da.corrective, da.preventive, da.corrective_action_id AS "correctiveActionId", ${ASSIGNED_COLUMNS},
              da.recorded_by AS "recordedBy", coalesce(ru.display_name, '') AS "recordedByName", da.recorded_at AS "recordedAt"
         FROM defect_actions da
         ${ASSIGNED_JOINS('da.corrective_action_id')}
         LEFT JOIN users ru ON ru.id = da.recorded_by
        WHERE da.case_id = $2 ORDER BY da.seq`,
  verifications: `SELECT v.covers_seq AS "coversSeq", v.effective, v.note, v.verified_by AS "verifiedBy",
              coalesce(u.display_name, '') AS "verifiedByName", v.verified_at AS "verifiedAt"
         FROM defect_verifications v LEFT JOIN users u ON u.id = v.verified_by WHERE v.case_id = $1 ORDER BY v.covers_seq`,
  closure: `SELECT c.conclusion, c.closed_by AS "closedBy", coalesce(u.display_name, '') AS "closedByName", c.closed_at AS "closedAt"
         FROM defect_closures c LEFT JOIN users u ON u.id = c.closed_by WHERE c.case_id = $1`,
  /**
   * What the rules of case $1 need: its entry in force, whether it is investigated or closed, its
   * last round, the actions not done, and the latest verification.
   */
  state: `SELECT d.id AS "entryId", d.reported_by AS "reportedBy", d.occurred_at AS "occurredAt", d.kind, d.zone,
              EXISTS (SELECT 1 FROM defect_investigations i WHERE i.case_id = $1) AS investigated,
              EXISTS (SELECT 1 FROM defect_closures c WHERE c.case_id = $1) AS closed,
              (SELECT coalesce(max(a.seq), 0)::int FROM defect_actions a WHERE a.case_id = $1) AS "lastSeq",
              (SELECT count(*)::int FROM defect_actions a JOIN corrective_actions ca ON ca.id = a.corrective_action_id
                WHERE a.case_id = $1 AND NOT ${DONE('ca')}) AS "openActions",
              v.covers_seq AS "verifiedSeq", v.effective AS "verifiedEffective"
         FROM defects d
         LEFT JOIN LATERAL (SELECT covers_seq, effective FROM defect_verifications x WHERE x.case_id = $1
                             ORDER BY covers_seq DESC LIMIT 1) v ON true
        WHERE d.case_id = $1 AND ${IN_FORCE}`,
  /**
   * Serialises the steps of case $1 (its rows are history: no row lock, which needs UPDATE):
   * an action added while the case closes, or two verifications, wait for one another.
   */
  lock: `SELECT pg_advisory_xact_lock(hashtext('defect-case:' || $1::text))`,
  /** Action $2 of case $1 with its corrective action's owner. */
  action: `SELECT da.id, da.corrective_action_id AS "correctiveActionId", ca.responsible_user_id AS "ownerUserId"
         FROM defect_actions da JOIN corrective_actions ca ON ca.id = da.corrective_action_id WHERE da.case_id = $1 AND da.id = $2`,
  /** Who may own an action: an active nurse, head nurse or quality monitor. */
  actionOwner: `SELECT 1 FROM users WHERE id = $1 AND active AND role IN ('nurse', 'head_nurse', 'monitor')`,
  problemReportExists: `SELECT 1 FROM problem_reports WHERE id = $1`,
  /**
   * The analysis (seed 10.1): the cases whose entry in force happened in [$1, $2), counted per month in
   * the hospital's zone $3, kind, zone, closed or not, and overdue as of today $4 (an action not done past due).
   */
  analysis: `SELECT to_char(d.occurred_at AT TIME ZONE $3, 'YYYY-MM') AS month, d.kind, d.zone, (cl.case_id IS NOT NULL) AS closed,
              (cl.case_id IS NULL AND EXISTS (SELECT 1 FROM defect_actions da JOIN corrective_actions ca ON ca.id = da.corrective_action_id
                                               WHERE da.case_id = d.case_id AND ca.due_date < $4::date AND NOT ${DONE('ca')})) AS overdue,
              count(*)::int AS n
         FROM defects d LEFT JOIN defect_closures cl ON cl.case_id = d.case_id
        WHERE d.occurred_at >= $1 AND d.occurred_at < $2 AND ${IN_FORCE}
        GROUP BY 1, 2, 3, 4, 5`,
} as const satisfies Statements;

/** A case as the register lists it (CASES). */
export interface CaseRow {
  id: string;
  entryId: string;
  occurredAt: Date;
  zone: DefectZone;
  kind: DefectKind;
  description: string;
  involved: string | null;
  immediateRemedy: string;
  problemReportId: string | null;
  problemReportBarcode: string | null;
  reportedBy: string;
  reportedByName: string;
  reportedAt: Date;
  entries: number;
  investigated: boolean;
  actionCount: number;
  openActionCount: number;
  overdue: boolean;
  nextDue: string | null;
  verifiedSeq: number | null;
  verifiedEffective: boolean | null;
  lastSeq: number;
  closedAt: Date | null;
}

export interface EntryRow {
  id: string;
  occurredAt: Date;
  zone: string;
  kind: string;
  description: string;
  involved: string | null;
  immediateRemedy: string;
  problemReportId: string | null;
  problemReportBarcode: string | null;
  correctsId: string | null;
  reason: string | null;
  reportedBy: string;
  reportedByName: string;
  reportedAt: Date;
}

/** ASSIGNED_COLUMNS, as read. */
export interface AssignedRow {
  correctiveActionId: string;
  ownerUserId: string;
  ownerName: string;
  dueDate: string;
  overdue: boolean;
  actionTaken: string | null;
  doneAt: Date | null;
  closedBy: string | null;
  closedByName: string;
  closedAt: Date | null;
}

export interface ActionRow extends AssignedRow {
  id: string;
  seq: number;
  corrective: string;
  preventive: string;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
}

export interface CaseState {
  entryId: string;
  reportedBy: string;
  occurredAt: Date;
  kind: DefectKind;
  zone: DefectZone;
  investigated: boolean;
  closed: boolean;
  lastSeq: number;
  openActions: number;
  verifiedSeq: number | null;
  verifiedEffective: boolean | null;
}

const first = <T>(rows: T[]): T | undefined => rows[0];

/** Every query of the defect register; the service holds the rules. */
@Injectable()
export class DefectsRepository {
  static readonly statements = DEFECTS_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(today: string, status: 'open' | 'closed' | null, from: Date | null, to: Date | null): Promise<CaseRow[]> {
    return this.db.query(DEFECTS_SQL.list, [today, status, from, to]);
  }

  one(m: Db, today: string, caseId: string): Promise<CaseRow | undefined> {
    return m.query(DEFECTS_SQL.one, [today, caseId]).then(first<CaseRow>);
  }

  history(m: Db, caseId: string): Promise<EntryRow[]> {
    return m.query(DEFECTS_SQL.history, [caseId]);
  }

  investigation(m: Db, caseId: string) {
    return m
      .query(DEFECTS_SQL.investigation, [caseId])
      .then(first<{ cause: string; responsibility: string; recordedBy: string; recordedByName: string; recordedAt: Date }>);
  }

  actions(m: Db, today: string, caseId: string): Promise<ActionRow[]> {
    return m.query(DEFECTS_SQL.actions, [today, caseId]);
  }

  verifications(
    m: Db,
    caseId: string,
  ): Promise<{ coversSeq: number; effective: boolean; note: string; verifiedBy: string; verifiedByName: string; verifiedAt: Date }[]> {
    return m.query(DEFECTS_SQL.verifications, [caseId]);
  }

  closure(m: Db, caseId: string) {
    return m
      .query(DEFECTS_SQL.closure, [caseId])
      .then(first<{ conclusion: string; closedBy: string; closedByName: string; closedAt: Date }>);
  }

  state(m: Db, caseId: string): Promise<CaseState | undefined> {
    return m.query(DEFECTS_SQL.state, [caseId]).then(first<CaseState>);
  }

  /** Takes the case's lock for the rest of the transaction (DEFECTS_SQL.lock). */
  async lock(m: EntityManager, caseId: string): Promise<void> {
    await m.query(DEFECTS_SQL.lock, [caseId]);
  }

  action(m: Db, caseId: string, actionId: string): Promise<{ id: string; correctiveActionId: string; ownerUserId: string } | undefined> {
    return m.query(DEFECTS_SQL.action, [caseId, actionId]).then(first<{ id: string; correctiveActionId: string; ownerUserId: string }>);
  }

  isActionOwner(m: Db, userId: string): Promise<boolean> {
    return m.query(DEFECTS_SQL.actionOwner, [userId]).then((r: unknown[]) => r.length > 0);
  }

  problemReportExists(m: Db, id: string): Promise<boolean> {
    return m.query(DEFECTS_SQL.problemReportExists, [id]).then((r: unknown[]) => r.length > 0);
  }

  analysis(from: Date, to: Date, timezone: string, today: string): Promise<DefectCount[]> {
    return this.db.query(DEFECTS_SQL.analysis, [from, to, timezone, today]);
  }
}
