import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Statements } from '../database/statements.js';
import { controlFailedSql } from '../kernel/bi-verdict.js';

/** The head nurse's board's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const BOARD_SQL = {
  /** Open and running loads, by cycle number. */
  activeLoads: `SELECT sterilizer_id, cycle_no, status FROM sterilizer_loads WHERE status IN ('open', 'running') ORDER BY cycle_no`,
  /** Active washers, each with its open cycle if any. */
  washers: `SELECT w.id, w.code, w.name_zh, w.name_en, c.cycle_no, c.opened_at
         FROM washers w
         LEFT JOIN LATERAL (SELECT cycle_no, opened_at FROM washer_cycles wc WHERE wc.washer_id = w.id AND wc.status = 'open' ORDER BY cycle_no DESC LIMIT 1) c ON true
        WHERE w.active ORDER BY w.code`,
  /** Implant and EO packs sent out whose load's negative BI reading a failed positive control invalidated (the 100 latest). */
  outUnderInvalidBi: `SELECT p.barcode, p.state, s.code AS sterilizer_code, l.cycle_no, b.lot, b.read_date::text AS read_date,
              d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en
         FROM bi_tests b
         JOIN sterilizer_loads l ON l.id = b.load_id
         JOIN sterilizers s ON s.id = l.sterilizer_id
         JOIN packs p ON p.load_id = l.id
         LEFT JOIN departments d ON d.id = p.department_id
        WHERE b.result = 'passed' AND ${controlFailedSql('b')}
          AND p.state IN ('dispatched', 'received', 'used', 'use_unrecorded')
          AND (p.implant OR coalesce(l.run_snapshot->'sterilizer'->>'type', s.type) = 'ethylene_oxide')
        ORDER BY b.read_date DESC, p.barcode LIMIT 100`,
  /** Packs in the states $1 expiring by $2, soonest first (the first 100). */
  expiringPacks: `SELECT p.barcode, p.state, p.expiry_date::text AS expiry_date, t.code AS template_code, t.name_zh, t.name_en, d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en
           FROM packs p JOIN set_templates t ON t.id = p.template_id LEFT JOIN departments d ON d.id = p.department_id
          WHERE p.state = ANY($1::text[]) AND p.expiry_date <= $2
          ORDER BY p.expiry_date, p.barcode LIMIT 100`,
  /** How many packs in the states $1 expire by $2. */
  expiringCount: `SELECT count(*)::int AS n FROM packs WHERE state = ANY($1::text[]) AND expiry_date <= $2`,
  /** Pack steps since $1, per event type. */
  stepsSince: `SELECT type, count(*)::int AS n FROM pack_events WHERE at >= $1 GROUP BY type`,
  /** Packs back with no use recorded, the latest collections first (the first 100). */
  useNotRecordedPacks: `SELECT p.barcode, p.updated_at AS collected_at, t.code AS template_code, t.name_zh, t.name_en,
                d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en
           FROM packs p JOIN set_templates t ON t.id = p.template_id LEFT JOIN departments d ON d.id = p.department_id
          WHERE p.state = 'use_unrecorded'
          ORDER BY p.updated_at DESC, p.barcode LIMIT 100`,
  /** How many packs are back with no use recorded. */
  useNotRecordedCount: `SELECT count(*)::int AS n FROM packs WHERE state = 'use_unrecorded'`,
  /** Collections from another department than the pack was sent to, since $1 (the 100 latest). */
  collectedElsewhere: `SELECT p.barcode, e.at, e.data, t.code AS template_code, t.name_zh, t.name_en
         FROM pack_events e JOIN packs p ON p.id = e.pack_id JOIN set_templates t ON t.id = p.template_id
        WHERE e.type = 'collected_elsewhere' AND e.at >= $1
        ORDER BY e.at DESC, e.id DESC LIMIT 100`,
  /** Problem reports the CSSD has not closed. */
  openProblemReports: `SELECT count(*)::int AS n FROM problem_reports r WHERE NOT EXISTS (SELECT 1 FROM problem_report_outcomes o WHERE o.report_id = r.id)`,
  /** Loads whose packs wait for their BI, with their quarantined implant packs. */
  awaitingBi: `SELECT l.id, l.cycle_no, l.completed_at, s.code AS sterilizer_code, s.name_zh, s.name_en,
              (SELECT count(*)::int FROM packs p WHERE p.load_id = l.id AND p.state = 'quarantined') AS quarantined,
              (SELECT count(*)::int FROM emergency_releases e WHERE e.load_id = l.id) AS emergency_released,
              (SELECT min(b.readout_minutes) FROM bi_tests b WHERE b.load_id = l.id AND b.result = 'pending') AS readout_minutes,
              (SELECT bool_or(b.pcd_type5_passed) FROM bi_tests b WHERE b.load_id = l.id AND b.result = 'pending') AS pcd_passed,
              (SELECT coalesce(json_agg(json_build_object('barcode', p.barcode, 'templateCode', t.code, 'nameZh', t.name_zh, 'nameEn', t.name_en) ORDER BY p.barcode), '[]'::json)
                 FROM packs p JOIN set_templates t ON t.id = p.template_id WHERE p.load_id = l.id AND p.state = 'quarantined' AND p.implant) AS implant_packs
         FROM sterilizer_loads l JOIN sterilizers s ON s.id = l.sterilizer_id
        WHERE l.release = 'awaiting_bi' AND l.status <> 'cancelled'
        ORDER BY l.completed_at NULLS LAST, s.code, l.cycle_no`,
} as const satisfies Statements;

/** What the board reads (read-only, each list one statement); the service shapes it. */
@Injectable()
export class BoardRepository {
  static readonly statements = BOARD_SQL;

  activeSterilizers(m: EntityManager): Promise<Sterilizer[]> {
    return m.getRepository(Sterilizer).find({ where: { active: true }, order: { code: 'ASC' } });
  }

  activeLoads(m: EntityManager) {
    return m.query(BOARD_SQL.activeLoads);
  }

  washers(m: EntityManager) {
    return m.query(BOARD_SQL.washers);
  }

  outUnderInvalidBi(m: EntityManager) {
    return m.query(BOARD_SQL.outUnderInvalidBi);
  }

  expiringPacks(m: EntityManager, ...params: unknown[]) {
    return m.query(BOARD_SQL.expiringPacks, params);
  }

  expiringCount(m: EntityManager, ...params: unknown[]) {
    return m.query(BOARD_SQL.expiringCount, params);
  }

  stepsSince(m: EntityManager, ...params: unknown[]) {
    return m.query(BOARD_SQL.stepsSince, params);
  }

  useNotRecordedPacks(m: EntityManager) {
    return m.query(BOARD_SQL.useNotRecordedPacks);
  }

  useNotRecordedCount(m: EntityManager) {
    return m.query(BOARD_SQL.useNotRecordedCount);
  }

  collectedElsewhere(m: EntityManager, ...params: unknown[]) {
    return m.query(BOARD_SQL.collectedElsewhere, params);
  }

  openProblemReports(m: EntityManager) {
    return m.query(BOARD_SQL.openProblemReports);
  }

  awaitingBi(m: EntityManager) {
    return m.query(BOARD_SQL.awaitingBi);
  }
}
