import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import type { Visitor, VisitZone } from './visit.entity.js';

type Db = DataSource | EntityManager;

/** The row of `table` aliased `x` is in force: no later row corrects it. */
const IN_FORCE = (table: string, x: string) => `NOT EXISTS (SELECT 1 FROM ${table} n WHERE n.corrects_id = ${x}.id)`;

/**
 * Every visit by its request entry in force, with who first asked for it, the decision, the
 * cancellation, and the check-in and check-out in force ($1: the hospital's time zone, for the
 * visit's day: the day it came in, else the planned day).
 */
const VISITS = `SELECT r.visit_id AS id, r.id AS "entryId", r.unit, r.visitors, r.contact, r.purpose, r.planned_date::text AS "plannedDate",
              to_char(r.window_start, 'HH24:MI') AS "windowStart", to_char(r.window_end, 'HH24:MI') AS "windowEnd", r.zones,
              f.requested_by AS "requestedBy", coalesce(fu.display_name, '') AS "requestedByName", f.requested_at AS "requestedAt",
              (SELECT count(*)::int FROM visit_requests e WHERE e.visit_id = r.visit_id) AS entries,
              d.approved, d.reason AS "decisionReason", d.decided_by AS "decidedBy", coalesce(du.display_name, '') AS "decidedByName",
              d.decided_at AS "decidedAt",
              c.reason AS "cancelReason", c.cancelled_by AS "cancelledBy", coalesce(cu.display_name, '') AS "cancelledByName",
              c.cancelled_at AS "cancelledAt",
              ci.id AS "checkInId", ci.in_at AS "inAt", ci.escort_user_id AS "escortUserId", coalesce(eu.display_name, '') AS "escortName",
              co.id AS "checkOutId", co.out_at AS "outAt", co.zones_entered AS "zonesEntered",
              (SELECT count(*)::int FROM visit_comments m WHERE m.visit_id = r.visit_id) AS "commentCount",
              coalesce((ci.in_at AT TIME ZONE $1)::date, r.planned_date)::text AS day
         FROM visit_requests r
         JOIN visit_requests f ON f.id = r.visit_id
         LEFT JOIN users fu ON fu.id = f.requested_by
         LEFT JOIN visit_decisions d ON d.visit_id = r.visit_id
         LEFT JOIN users du ON du.id = d.decided_by
         LEFT JOIN visit_cancellations c ON c.visit_id = r.visit_id
         LEFT JOIN users cu ON cu.id = c.cancelled_by
         LEFT JOIN LATERAL (SELECT x.id, x.in_at, x.escort_user_id FROM visit_check_ins x
                             WHERE x.visit_id = r.visit_id AND ${IN_FORCE('visit_check_ins', 'x')}) ci ON true
         LEFT JOIN users eu ON eu.id = ci.escort_user_id
         LEFT JOIN LATERAL (SELECT x.id, x.out_at, x.zones_entered FROM visit_check_outs x
                             WHERE x.visit_id = r.visit_id AND ${IN_FORCE('visit_check_outs', 'x')}) co ON true
        WHERE ${IN_FORCE('visit_requests', 'r')}`;

/** The visitors register's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const VISITORS_SQL = {
  /**
   * The register: the visits whose day (the day they came in, else the planned day; hospital zone $1)
   * lies in [$2, $3] (hospital dates, inclusive), by day and planned time; 1000 at most.
   */
  list: `SELECT * FROM (${VISITS}) v WHERE v.day::date BETWEEN $2::date AND $3::date ORDER BY v.day, v."windowStart", v."requestedAt", v.id LIMIT 1000`,
  /** Visit $2 ($1: the hospital's zone). */
  one: `${VISITS} AND r.visit_id = $2`,
  /** Every entry of the request of visit $1, oldest first. */
  history: `SELECT r.id, r.unit, r.visitors, r.contact, r.purpose, r.planned_date::text AS "plannedDate",
              to_char(r.window_start, 'HH24:MI') AS "windowStart", to_char(r.window_end, 'HH24:MI') AS "windowEnd", r.zones,
              r.corrects_id AS "correctsId", r.reason, r.requested_by AS "requestedBy", coalesce(u.display_name, '') AS "requestedByName",
              r.requested_at AS "requestedAt"
         FROM visit_requests r LEFT JOIN users u ON u.id = r.requested_by
        WHERE r.visit_id = $1 ORDER BY r.requested_at, r.id`,
  /** The check-in of visit $1 and its corrections, oldest first. */
  checkIns: `SELECT x.id, x.in_at AS "inAt", x.escort_user_id AS "escortUserId", coalesce(e.display_name, '') AS "escortName",
              x.corrects_id AS "correctsId", x.reason, x.recorded_by AS "recordedBy", coalesce(u.display_name, '') AS "recordedByName",
              x.recorded_at AS "recordedAt"
         FROM visit_check_ins x LEFT JOIN users e ON e.id = x.escort_user_id LEFT JOIN users u ON u.id = x.recorded_by
        WHERE x.visit_id = $1 ORDER BY x.recorded_at, x.id`,
  /** The check-out of visit $1 and its corrections, oldest first. */
  checkOuts: `SELECT x.id, x.out_at AS "outAt", x.zones_entered AS "zonesEntered", x.corrects_id AS "correctsId", x.reason,
              x.recorded_by AS "recordedBy", coalesce(u.display_name, '') AS "recordedByName", x.recorded_at AS "recordedAt"
         FROM visit_check_outs x LEFT JOIN users u ON u.id = x.recorded_by
        WHERE x.visit_id = $1 ORDER BY x.recorded_at, x.id`,
  /** The comments of visit $1, oldest first. */
  comments: `SELECT m.id, m.author, m.text, m.recorded_by AS "recordedBy", coalesce(u.display_name, '') AS "recordedByName",
              m.recorded_at AS "recordedAt"
         FROM visit_comments m LEFT JOIN users u ON u.id = m.recorded_by
        WHERE m.visit_id = $1 ORDER BY m.recorded_at, m.id`,
  /** The comments of the visits $1, oldest first (the exports). */
  commentsOf: `SELECT m.visit_id AS "visitId", m.author, m.text FROM visit_comments m WHERE m.visit_id = ANY($1::uuid[])
        ORDER BY m.recorded_at, m.id`,
  /**
   * Serialises the steps of visit $1 (its rows are history: no row lock, which needs UPDATE): a
   * check-in while the visit is cancelled, or two decisions, wait for one another.
   */
  lock: `SELECT pg_advisory_xact_lock(hashtext('visit:' || $1::text))`,
  /** Who may escort visitors: an active CSSD nurse, head nurse or quality monitor. */
  escort: `SELECT 1 FROM users WHERE id = $1 AND active AND role IN ('nurse', 'head_nurse', 'monitor')`,
  /** Everyone who may escort visitors, by name. */
  escorts: `SELECT id, display_name AS "displayName", role FROM users WHERE active AND role IN ('nurse', 'head_nurse', 'monitor')
        ORDER BY display_name, id`,
} as const satisfies Statements;

/** A visit as the register lists it (VISITS). */
export interface VisitRow {
  id: string;
  entryId: string;
  unit: string;
  visitors: Visitor[];
  contact: string;
  purpose: string;
  plannedDate: string;
  windowStart: string;
  windowEnd: string;
  zones: VisitZone[];
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
  entries: number;
  approved: boolean | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedByName: string;
  decidedAt: Date | null;
  cancelReason: string | null;
  cancelledBy: string | null;
  cancelledByName: string;
  cancelledAt: Date | null;
  checkInId: string | null;
  inAt: Date | null;
  escortUserId: string | null;
  escortName: string;
  checkOutId: string | null;
  outAt: Date | null;
  zonesEntered: VisitZone[] | null;
  commentCount: number;
  day: string;
}

export interface RequestEntryRow {
  id: string;
  unit: string;
  visitors: Visitor[];
  contact: string;
  purpose: string;
  plannedDate: string;
  windowStart: string;
  windowEnd: string;
  zones: VisitZone[];
  correctsId: string | null;
  reason: string | null;
  requestedBy: string;
  requestedByName: string;
  requestedAt: Date;
}

interface Recorded {
  id: string;
  correctsId: string | null;
  reason: string | null;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
}
export interface CheckInRow extends Recorded {
  inAt: Date;
  escortUserId: string;
  escortName: string;
}
export interface CheckOutRow extends Recorded {
  outAt: Date;
  zonesEntered: VisitZone[];
}
export interface CommentRow {
  id: string;
  author: string | null;
  text: string;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
}

const first = <T>(rows: T[]): T | undefined => rows[0];

/** Every query of the visitors register; the service holds the rules. */
@Injectable()
export class VisitorsRepository {
  static readonly statements = VISITORS_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(timezone: string, fromDate: string, toDate: string): Promise<VisitRow[]> {
    return this.db.query(VISITORS_SQL.list, [timezone, fromDate, toDate]);
  }

  one(m: Db, timezone: string, visitId: string): Promise<VisitRow | undefined> {
    return m.query(VISITORS_SQL.one, [timezone, visitId]).then(first<VisitRow>);
  }

  history(m: Db, visitId: string): Promise<RequestEntryRow[]> {
    return m.query(VISITORS_SQL.history, [visitId]);
  }

  checkIns(m: Db, visitId: string): Promise<CheckInRow[]> {
    return m.query(VISITORS_SQL.checkIns, [visitId]);
  }

  checkOuts(m: Db, visitId: string): Promise<CheckOutRow[]> {
    return m.query(VISITORS_SQL.checkOuts, [visitId]);
  }

  comments(m: Db, visitId: string): Promise<CommentRow[]> {
    return m.query(VISITORS_SQL.comments, [visitId]);
  }

  commentsOf(visitIds: string[]): Promise<{ visitId: string; author: string | null; text: string }[]> {
    return this.db.query(VISITORS_SQL.commentsOf, [visitIds]);
  }

  /** Takes the visit's lock for the rest of the transaction (VISITORS_SQL.lock). */
  async lock(m: EntityManager, visitId: string): Promise<void> {
    await m.query(VISITORS_SQL.lock, [visitId]);
  }

  escorts(): Promise<{ id: string; displayName: string; role: string }[]> {
    return this.db.query(VISITORS_SQL.escorts);
  }

  isEscort(m: Db, userId: string): Promise<boolean> {
    return m.query(VISITORS_SQL.escort, [userId]).then((r: unknown[]) => r.length > 0);
  }
}
