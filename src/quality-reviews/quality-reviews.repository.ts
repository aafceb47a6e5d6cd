import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import { ASSIGNED_COLUMNS, ASSIGNED_JOINS, type AssignedRow } from '../defects/defects.repository.js';

type Db = DataSource | EntityManager;

/** A review with who recorded it and its decisions' standing as of today $1. */
const REVIEWS = `SELECT r.id, r.month, r.held_at AS "heldAt", r.attendees, r.minutes, r.recorded_by AS "recordedBy",
              coalesce(u.display_name, '') AS "recordedByName", r.recorded_at AS "recordedAt",
              (SELECT count(*)::int FROM quality_review_decisions q WHERE q.review_id = r.id) AS "decisionCount",
              (SELECT count(*)::int FROM quality_review_decisions q
                WHERE q.review_id = r.id AND NOT EXISTS (SELECT 1 FROM corrective_action_closures x WHERE x.action_id = q.corrective_action_id))
                AS "openDecisionCount",
              (SELECT count(*)::int FROM quality_review_decisions q JOIN corrective_actions ca ON ca.id = q.corrective_action_id
                WHERE q.review_id = r.id AND ca.due_date < $1::date
                  AND NOT EXISTS (SELECT 1 FROM corrective_action_closures x WHERE x.action_id = ca.id)) AS "overdueDecisionCount",
              (SELECT count(*)::int FROM quality_review_amendments a WHERE a.review_id = r.id) AS "amendmentCount"
         FROM quality_reviews r LEFT JOIN users u ON u.id = r.recorded_by`;

/** The monthly quality review's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const QUALITY_REVIEWS_SQL = {
  /** Every review, the latest month first (ten years of months at most), as of today $1. */
  list: `${REVIEWS} ORDER BY r.month DESC LIMIT 120`,
  /** Review $2 as of today $1. */
  one: `${REVIEWS} WHERE r.id = $2`,
  /** The review of month $1, if any (uq_quality_reviews_month). */
  ofMonth: `SELECT id FROM quality_reviews WHERE month = $1`,
  /** The decisions of review $2 with their corrective action as of today $1. */
  decisions: `SELECT q.id, q.seq, q.decision, q.corrective_action_id AS "correctiveActionId", ${ASSIGNED_COLUMNS}
         FROM quality_review_decisions q
         ${ASSIGNED_JOINS('q.corrective_action_id')}
        WHERE q.review_id = $2 ORDER BY q.seq`,
  /** Decision $2 of review $1, with its corrective action's owner. */
  decision: `SELECT q.id, q.corrective_action_id AS "correctiveActionId", ca.responsible_user_id AS "ownerUserId"
         FROM quality_review_decisions q JOIN corrective_actions ca ON ca.id = q.corrective_action_id WHERE q.review_id = $1 AND q.id = $2`,
  amendments: `SELECT a.id, a.text, a.reason, a.recorded_by AS "recordedBy", coalesce(u.display_name, '') AS "recordedByName",
              a.recorded_at AS "recordedAt"
         FROM quality_review_amendments a LEFT JOIN users u ON u.id = a.recorded_by WHERE a.review_id = $1 ORDER BY a.recorded_at, a.id`,
} as const satisfies Statements;

export interface ReviewRow {
  id: string;
  month: string;
  heldAt: Date;
  attendees: string[];
  minutes: string;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
  decisionCount: number;
  openDecisionCount: number;
  overdueDecisionCount: number;
  amendmentCount: number;
}

export interface DecisionRow extends AssignedRow {
  id: string;
  seq: number;
  decision: string;
}

export interface AmendmentRow {
  id: string;
  text: string;
  reason: string;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
}

const first = <T>(rows: T[]): T | undefined => rows[0];

/** Every query of the monthly quality review; the service holds the rules. */
@Injectable()
export class QualityReviewsRepository {
  static readonly statements = QUALITY_REVIEWS_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(today: string): Promise<ReviewRow[]> {
    return this.db.query(QUALITY_REVIEWS_SQL.list, [today]);
  }

  one(m: Db, today: string, id: string): Promise<ReviewRow | undefined> {
    return m.query(QUALITY_REVIEWS_SQL.one, [today, id]).then(first<ReviewRow>);
  }

  ofMonth(m: Db, month: string): Promise<{ id: string } | undefined> {
    return m.query(QUALITY_REVIEWS_SQL.ofMonth, [month]).then(first<{ id: string }>);
  }

  decisions(m: Db, today: string, id: string): Promise<DecisionRow[]> {
    return m.query(QUALITY_REVIEWS_SQL.decisions, [today, id]);
  }

  decision(m: Db, id: string, decisionId: string): Promise<{ id: string; correctiveActionId: string; ownerUserId: string } | undefined> {
    return m
      .query(QUALITY_REVIEWS_SQL.decision, [id, decisionId])
      .then(first<{ id: string; correctiveActionId: string; ownerUserId: string }>);
  }

  amendments(m: Db, id: string): Promise<AmendmentRow[]> {
    return m.query(QUALITY_REVIEWS_SQL.amendments, [id]);
  }
}
