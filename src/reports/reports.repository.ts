import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import { controlFailedSql } from '../kernel/bi-verdict.js';
import { SCOPE_ANCHOR_SQL } from '../recall/recall-scope.js';
import { CO_SIGNED } from './workload.js';
import { EXPIRY_COUNTS, talliedCounters, UNLOADED_TYPES, type TallyPosition } from './day-tallies.js';
import type { BdTestRow, BiLineRow, LoadPackRow } from './load-record.js';
import type {
  AnchorRow,
  RecallHeaderRow,
  RecallItemRow,
  RecallLoadRow,
  RecallNoticeRow,
  SterilizerRow,
  TriggerBiRow,
} from './recall-report.js';
import type { RegisterRow } from './sterilization-register.js';

/** Without JIT: compiling the workload aggregate took 130–345 ms of a 0.8 s regional month on PostgreSQL 15 (a setting, not a statement to prepare). */
const JIT_OFF = `SET LOCAL jit = off`;

/**
 * A cycle's sterilizer (code, names, method) and program as it ran: its run snapshot, fixed at its
 * start (§4.5); today's rows (aliased s, p) for a cycle that never started. The cycle is aliased l.
 */
const AS_IT_RAN = `coalesce(l.run_snapshot->'sterilizer'->>'code', s.code) AS sterilizer_code,
         coalesce(l.run_snapshot->'sterilizer'->>'nameZh', s.name_zh) AS sterilizer_name_zh,
         coalesce(l.run_snapshot->'sterilizer'->>'nameEn', s.name_en) AS sterilizer_name_en,
         coalesce(l.run_snapshot->'sterilizer'->>'type', s.type) AS method,
         coalesce(l.run_snapshot->'program'->>'code', p.code) AS program_code,
         coalesce(l.run_snapshot->'program'->>'nameZh', p.name_zh) AS program_name_zh,
         coalesce(l.run_snapshot->'program'->>'nameEn', p.name_en) AS program_name_en`;

/**
 * A register line (灭菌登记, seed 8.3) of each sterilizer cycle the caller's WHERE keeps: the cycle as
 * it ran (its run snapshot, §4.5), its physical record, who ran and unloaded it, its packs, its
 * loading check, the B-D that let it run, its BIs and any emergency release.
 */
const REGISTER_LINE = `
  SELECT l.id, l.kind, l.cycle_no, l.sterilizer_id, l.status, l.release, l.sterilization_date,
         ${AS_IT_RAN},
         l.opened_at, l.started_at, l.completed_at, l.reported_cycle_started_at, l.reported_cycle_ended_at,
         l.temp_min_c, l.temp_max_c, l.pressure_min_kpa, l.pressure_max_kpa, l.hold_minutes, l.h2o2_mg_l,
         l.physical_passed, l.physical_problems, l.chemical_passed, l.contains_implant, l.empty_chamber, l.note,
         op.display_name AS operator, ub.display_name AS unloaded_by, uc.display_name AS unload_checked_by,
         (SELECT count(*)::int FROM (SELECT 1 FROM load_items i WHERE i.load_id = l.id GROUP BY i.pack_id
                                      HAVING sum(CASE i.action WHEN 'add' THEN 1 ELSE -1 END) > 0) AS inside) AS packs,
         (SELECT jsonb_build_object('passed', c.passed, 'at', c.checked_at, 'by', cu.display_name, 'secondBy', su.display_name)
            FROM load_checks c JOIN users cu ON cu.id = c.checked_by LEFT JOIN users su ON su.id = c.second_checked_by
           WHERE c.load_id = l.id ORDER BY c.id DESC LIMIT 1) AS loading_check,
         -- A load: the day's B-D that let it run (the latest of its day before its start); a B-D cycle: its own result.
         -- Two subqueries, not one with a CASE in its WHERE: the load's reads the sterilizer's index
         -- from its start back to two days before its day (a test dated that day was run that
         -- hospital day, its local date), where the CASE walked every later B-D of the sterilizer, and
         -- on a day without one its whole history (3 years of a regional sterilizer: ~1,000 rows a load).
         CASE WHEN l.kind = 'bowie_dick'
              THEN (SELECT jsonb_build_object('cycleNo', d.cycle_no, 'testedAt', d.tested_at, 'passed', d.passed, 'by', du.display_name)
                      FROM bd_tests d JOIN users du ON du.id = d.operator_id
                     WHERE d.sterilizer_id = l.sterilizer_id AND d.load_id = l.id
                     ORDER BY d.tested_at DESC, d.id DESC LIMIT 1)
              ELSE (SELECT jsonb_build_object('cycleNo', d.cycle_no, 'testedAt', d.tested_at, 'passed', d.passed, 'by', du.display_name)
                      FROM bd_tests d JOIN users du ON du.id = d.operator_id
                     WHERE d.sterilizer_id = l.sterilizer_id AND d.test_date = l.sterilization_date
                       AND d.tested_at <= l.started_at AND d.tested_at >= (l.sterilization_date - 2)::timestamptz
                     ORDER BY d.tested_at DESC, d.id DESC LIMIT 1)
         END AS bd,
         (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'lot', b.lot, 'result', b.result, 'readAt', b.read_at, 'recordedAt', b.result_recorded_at, 'by', ru.display_name,
                   'invalid', b.result = 'passed' AND ${controlFailedSql('b')}) ORDER BY b.placed_at, b.id), '[]'::jsonb)
            FROM bi_tests b LEFT JOIN users ru ON ru.id = b.read_by WHERE b.load_id = l.id) AS bis,
         (SELECT jsonb_build_object('at', r.at, 'reason', r.reason, 'by', au.display_name)
            FROM emergency_releases r JOIN users au ON au.id = r.approved_by
           WHERE r.load_id = l.id ORDER BY r.at DESC LIMIT 1) AS emergency
    FROM sterilizer_loads l
    JOIN sterilizers s ON s.id = l.sterilizer_id
    LEFT JOIN sterilizer_programs p ON p.id = l.program_id
    LEFT JOIN users op ON op.id = coalesce(l.started_by, l.opened_by)
    LEFT JOIN users ub ON ub.id = l.unloaded_by
    LEFT JOIN users uc ON uc.id = l.unload_checked_by
`;

/** A biological indicator as the printed records list it: its load's cycle, product, placing, reading and its lot's positive control. */
const BI_LINE = `
  SELECT b.id, l.cycle_no, l.empty_chamber, b.lot, pr.code AS product_code, pr.name_zh AS product_name_zh, pr.name_en AS product_name_en,
         b.placed_at, pu.display_name AS placed_by, b.pcd_type5_passed, b.result, b.read_at, b.result_recorded_at, ru.display_name AS read_by,
         (SELECT pc.grew FROM bi_positive_controls pc
           WHERE pc.lot = b.lot AND (b.product_id IS NULL OR pc.product_id = b.product_id) AND pc.control_date = b.read_date
           ORDER BY pc.grew, pc.read_at DESC LIMIT 1) AS control_grew,
         b.result = 'passed' AND ${controlFailedSql('b')} AS invalid
    FROM bi_tests b JOIN sterilizer_loads l ON l.id = b.load_id JOIN users pu ON pu.id = b.placed_by
    LEFT JOIN users ru ON ru.id = b.read_by LEFT JOIN bi_products pr ON pr.id = b.product_id
  `;

/** A department's sets collected (and short, and the instruments missing or damaged) and packs dispatched with their turnaround hours. */
const DEPARTMENT_SUMS = `coalesce(sum(c.n) FILTER (WHERE c.dim = 'collected_from'), 0)::int AS sets, sum(c.short)::int AS short,
         sum(c.missing)::int AS missing, sum(c.damaged)::int AS damaged,
         coalesce(sum(c.n) FILTER (WHERE c.dim = 'dispatched_to'), 0)::int AS dispatched, sum(c.hours)::float8 AS hours`;

const UNLOADED = UNLOADED_TYPES.map((t) => `'${t}'`).join(', ');

/** The reports' SQL, by name (snapshotted in test/contract/sql-statements.spec.ts; bench/data/explain.mjs explains `workload`). */
export const REPORTS_SQL = {
  /**
   * Each person's pack steps in [$1, $2) ($3 the time zone; $4, $5 the tallies' position, see
   * day-tallies.ts), of the event types $6: under its type, and once more as CO_SIGNED for the
   * events co-signed as second person.
   */
  workload: `
  WITH c AS (${talliedCounters(['actor', 'cosign'])})
  SELECT c.key AS actor_id, CASE c.dim WHEN 'cosign' THEN '${CO_SIGNED}' ELSE c.kind END AS kind, sum(c.n)::int AS n
    FROM c
   WHERE c.kind = ANY($6::text[])
   GROUP BY 1, 2`,
  usersByIds: `SELECT id, username, display_name, role FROM users WHERE id = ANY($1::uuid[])`,
  /**
   * 工作量统计 over any period (seed 4.6): the zones' pack steps per hospital day and per set
   * template, and the use of the washers (cycles) and sterilizers (loads, B-D cycles, packs).
   * Per person comes from the monthly report's query over the same range. $4, $5: the tallies'
   * position (day-tallies.ts); $6: the event types counted.
   */
  workPerDay: `
  WITH c AS (${talliedCounters(['type'])})
  SELECT to_char(c.day, 'YYYY-MM-DD') AS day, c.kind, sum(c.n)::int AS n
    FROM c
   WHERE c.kind = ANY($6::text[])
   GROUP BY 1, 2`,
  workPerTemplate: `
  WITH c AS (${talliedCounters(['template'])})
  SELECT t.code, t.name_zh, t.name_en, c.kind, sum(c.n)::int AS n
    FROM c JOIN set_templates t ON t.id = c.key
   WHERE c.kind = ANY($6::text[])
   GROUP BY t.code, t.name_zh, t.name_en, c.kind`,
  /** Washer cycles opened in the period, by how they ended (open: not completed yet). */
  washerUse: `
  SELECT w.code, w.name_zh, w.name_en, count(*)::int AS cycles,
         count(*) FILTER (WHERE c.status = 'passed')::int AS passed, count(*) FILTER (WHERE c.status = 'failed')::int AS failed
    FROM washer_cycles c JOIN washers w ON w.id = c.washer_id
   WHERE c.opened_at >= $1 AND c.opened_at < $2
   GROUP BY w.code, w.name_zh, w.name_en ORDER BY w.code`,
  /** Sterilizer cycles that ran (started) in the period: loads, of which failed, B-D cycles, and the packs the loads held. */
  sterilizerUse: `
  SELECT s.code, s.name_zh, s.name_en,
         count(*) FILTER (WHERE l.kind = 'load')::int AS loads,
         count(*) FILTER (WHERE l.kind = 'load' AND l.status = 'failed')::int AS failed_loads,
         count(*) FILTER (WHERE l.kind = 'bowie_dick')::int AS bd_cycles,
         coalesce(sum((SELECT count(*) FROM (SELECT 1 FROM load_items i WHERE i.load_id = l.id GROUP BY i.pack_id
                                              HAVING sum(CASE i.action WHEN 'add' THEN 1 ELSE -1 END) > 0) AS inside)), 0)::int AS packs
    FROM sterilizer_loads l JOIN sterilizers s ON s.id = l.sterilizer_id
   WHERE l.started_at >= $1 AND l.started_at < $2
   GROUP BY s.code, s.name_zh, s.name_en ORDER BY s.code`,
  /**
   * 灭菌登记 — the daily sterilization register (seed 8.3): every cycle each sterilizer ran in the
   * period, in cycle-number order — the loads and the day's B-D cycles, so the numbers have no gap
   * an inspector must ask about (a cancelled load keeps its number and is listed as cancelled).
   * A cycle belongs to the day it started (a load never started: the day it was opened). The
   * sterilizer and program are shown as they were when the cycle ran (its run snapshot, §4.5).
   */
  sterilizationRegister: `${REGISTER_LINE}   WHERE ((l.started_at >= $1 AND l.started_at < $2) OR (l.started_at IS NULL AND l.opened_at >= $1 AND l.opened_at < $2))
     AND ($3::uuid IS NULL OR l.sterilizer_id = $3)
   ORDER BY sterilizer_code, l.sterilizer_id, l.cycle_no`,
  /**
   * 监测合规 — monitoring compliance (§4.2, issue 15): for each sterilizer and day it ran, the B-D
   * (pre-vacuum: done and passed before the first load), the BIs when due (steam once in every
   * calendar week, plasma every day, EO and implant loads every load), the physical and chemical
   * results — and every gap, listed. The cycles of whole weeks are read, so a steam week is judged
   * whole; a week or day not over yet is not a gap.
   */
  monitoringCompliance: `
  SELECT l.sterilizer_id, l.kind, l.cycle_no, l.started_at, l.status, l.physical_passed, l.chemical_passed, l.contains_implant,
         to_char(l.started_at AT TIME ZONE $3, 'YYYY-MM-DD') AS day,
         coalesce(l.run_snapshot->'sterilizer'->>'code', s.code) AS code,
         coalesce(l.run_snapshot->'sterilizer'->>'nameZh', s.name_zh) AS name_zh,
         coalesce(l.run_snapshot->'sterilizer'->>'nameEn', s.name_en) AS name_en,
         coalesce(l.run_snapshot->'sterilizer'->>'type', s.type) AS method,
         (SELECT count(*)::int FROM bi_tests b WHERE b.load_id = l.id) AS bis,
         (SELECT count(*)::int FROM bi_tests b WHERE b.load_id = l.id AND b.result = 'failed') AS bis_positive
    FROM sterilizer_loads l JOIN sterilizers s ON s.id = l.sterilizer_id
   WHERE l.started_at >= $1 AND l.started_at < $2 AND l.status <> 'cancelled'
   ORDER BY l.sterilizer_id, l.started_at, l.cycle_no`,
  /**
   * 质量指标 (issue 15): the pack steps behind the CSSD's monthly indicators, from the day tallies
   * of the months — packs unloaded (wet at unloading or found wet at storage), inspections before
   * packing (a dressing pack has none) and their failures, packs opened at the departments (used,
   * or reported as a problem before use). $1, $2: the instants; $3: the time zone; $4, $5: the
   * tallies' position (day-tallies.ts).
   */
  indicatorPackSteps: `
  WITH c AS (${talliedCounters(['type', 'flag'])})
  SELECT to_char(c.day, 'YYYY-MM') AS month,
         coalesce(sum(c.n) FILTER (WHERE c.dim = 'type' AND c.kind IN (${UNLOADED})), 0)::int AS unloaded,
         coalesce(sum(c.n) FILTER (WHERE c.dim = 'flag' AND c.kind = 'wet'), 0)::int AS wet,
         coalesce(sum(c.n) FILTER (WHERE c.dim = 'type' AND c.kind = 'inspection_failed'), 0)::int AS inspection_failed,
         coalesce(sum(c.n) FILTER (WHERE (c.dim = 'type' AND c.kind = 'inspection_failed') OR (c.dim = 'flag' AND c.kind = 'inspected')), 0)::int AS inspections,
         coalesce(sum(c.n) FILTER (WHERE c.dim = 'type' AND c.kind IN ('use', 'complete_use', 'report_problem')), 0)::int AS opened
    FROM c
   WHERE c.dim = 'flag' OR c.kind IN (${UNLOADED}, 'storage_rejected', 'inspection_failed', 'pack', 'use', 'complete_use', 'report_problem')
   GROUP BY 1`,
  /** Loads completed per month (empty-chamber test runs and B-D cycles are not loads) and those whose load indicator failed. */
  indicatorLoads: `
  SELECT to_char(l.completed_at AT TIME ZONE $3, 'YYYY-MM') AS month,
         count(*) FILTER (WHERE l.chemical_passed IS NOT NULL)::int AS loads,
         count(*) FILTER (WHERE l.chemical_passed = false)::int AS chemical_failed
    FROM sterilizer_loads l
   WHERE l.completed_at >= $1 AND l.completed_at < $2 AND l.kind = 'load' AND NOT l.empty_chamber
   GROUP BY 1`,
  /** BIs read per month (by when the reading was recorded) and the positive ones. */
  indicatorBis: `
  SELECT to_char(b.result_recorded_at AT TIME ZONE $3, 'YYYY-MM') AS month,
         count(*) FILTER (WHERE b.result IN ('passed', 'failed'))::int AS read,
         count(*) FILTER (WHERE b.result = 'failed')::int AS positive
    FROM bi_tests b
   WHERE b.result_recorded_at >= $1 AND b.result_recorded_at < $2
   GROUP BY 1`,
  /** The departments' problem reports per month (seed 8.6). */
  indicatorProblems: `
  SELECT to_char(r.reported_at AT TIME ZONE $3, 'YYYY-MM') AS month, count(*)::int AS reports
    FROM problem_reports r
   WHERE r.reported_at >= $1 AND r.reported_at < $2
   GROUP BY 1`,
  /** Recalls opened per month; recalls closed per month and the hours they were open. */
  indicatorRecalls: `
  SELECT month, sum(opened)::int AS opened, sum(closed)::int AS closed, coalesce(sum(hours), 0)::float8 AS hours
    FROM (SELECT to_char(r.opened_at AT TIME ZONE $3, 'YYYY-MM') AS month, 1 AS opened, 0 AS closed, NULL::float8 AS hours
            FROM recalls r WHERE r.opened_at >= $1 AND r.opened_at < $2
          UNION ALL
          SELECT to_char(r.closed_at AT TIME ZONE $3, 'YYYY-MM'), 0, 1, extract(epoch FROM r.closed_at - r.opened_at) / 3600
            FROM recalls r WHERE r.closed_at >= $1 AND r.closed_at < $2) AS x
   GROUP BY month`,
  /**
   * Packs stored whose expiry date falls in the months ($2, $3: first and last day; $1 the time zone), and of them
   * those still on the shelf when their expiry date was over (no dispatch, return, recall,
   * incineration or withdrawn release before the next day began) — counted once that day has
   * begun ($6: now). The expiry date is the pack's current one (a storage excursion shortens it).
   * $4, $5: the tallies' position (day-tallies.ts: the counters per expiry day, and the events above it read live).
   */
  indicatorExpired: `
  WITH x AS (${EXPIRY_COUNTS})
  SELECT to_char(x.day, 'YYYY-MM') AS month, coalesce(sum(x.n) FILTER (WHERE x.kind = 'stored'), 0)::int AS stored,
         coalesce(sum(x.n) FILTER (WHERE x.kind = 'on_shelf' AND ((x.day + 1)::timestamp AT TIME ZONE $1) <= $6), 0)::int AS expired
    FROM x
   GROUP BY 1
  HAVING sum(x.n) FILTER (WHERE x.kind = 'stored') <> 0`,
  /**
   * Per department and month: the sets collected from it, those counted short (missing or
   * damaged instruments, seed 1.1) and how many instruments; the packs dispatched to it and the
   * hours from their collection (the cycle's recycle step) to their dispatch. $4, $5: the
   * tallies' position (day-tallies.ts).
   */
  indicatorDepartments: `
  WITH c AS (${talliedCounters(['collected_from', 'dispatched_to'])})
  SELECT to_char(c.day, 'YYYY-MM') AS month, d.id, d.code, d.name_zh, d.name_en, ${DEPARTMENT_SUMS}
    FROM c JOIN departments d ON d.id = c.key
   GROUP BY 1, d.id, d.code, d.name_zh, d.name_en`,
  /**
   * 本科室报表 (issue 15): department $6's sets collected per hospital day ($3 the time zone) of
   * [$1, $2) — how many, how many counted short (missing or damaged instruments) and how many
   * instruments — and the packs dispatched to it with the hours from their collection. $4, $5: the
   * tallies' position (day-tallies.ts).
   */
  departmentDays: `
  WITH c AS (${talliedCounters(['collected_from', 'dispatched_to'])})
  SELECT to_char(c.day, 'YYYY-MM-DD') AS day, ${DEPARTMENT_SUMS}
    FROM c
   WHERE c.key = $6::uuid
   GROUP BY 1`,
  /** Department $4's problem reports per month of [$1, $2) and kind ($3 the time zone). */
  departmentProblems: `
  SELECT to_char(r.reported_at AT TIME ZONE $3, 'YYYY-MM') AS month, r.kind, count(*)::int AS reports
    FROM problem_reports r
   WHERE r.department_id = $4 AND r.reported_at >= $1 AND r.reported_at < $2
   GROUP BY 1, 2`,
  /** The recalls opened in [$1, $2) that found packs at department $4, per month, and how many of its packs. */
  departmentRecalls: `
  SELECT to_char(r.opened_at AT TIME ZONE $3, 'YYYY-MM') AS month, count(DISTINCT r.id)::int AS recalls, count(*)::int AS packs
    FROM recalls r JOIN recall_items ri ON ri.recall_id = r.id
   WHERE ri.department_id = $4 AND r.opened_at >= $1 AND r.opened_at < $2
   GROUP BY 1`,
  /** One department, by id. */
  departmentById: `SELECT id, code, name_zh, name_en FROM departments WHERE id = $1`,
  /**
   * 召回报告 (issue 15): recall $1 with who opened and closed it, and its number: RC-<hospital day it
   * opened>-<its place among that day's recalls, in opening order> ($2 the time zone). Recalls are
   * never deleted, so a number once printed stays the recall's.
   */
  recallHeader: `
  SELECT r.id, r.trigger, r.reason, r.scope, r.status, r.opened_at, r.closed_at, r.close_note, r.cause, r.reprocessed_count,
         r.discarded_count, r.reported_to, r.reported_at, r.conclusion, ou.display_name AS opened_by, cu.display_name AS closed_by,
         'RC-' || to_char(r.opened_at AT TIME ZONE $2, 'YYYYMMDD') || '-' || lpad(n.nth::text, 2, '0') AS number
    FROM recalls r
    JOIN users ou ON ou.id = r.opened_by
    LEFT JOIN users cu ON cu.id = r.closed_by
    CROSS JOIN LATERAL (SELECT count(*) AS nth FROM recalls o
                         WHERE o.opened_at >= (date_trunc('day', r.opened_at AT TIME ZONE $2) AT TIME ZONE $2)
                           AND (o.opened_at, o.id) <= (r.opened_at, r.id)) AS n
   WHERE r.id = $1`,
  /** Whether recall $1 found any pack at department $2 (a department sees only such recalls, and only its slice of them). */
  recallOfDepartment: `
  SELECT d.code, d.name_zh, d.name_en FROM departments d
   WHERE d.id = $2 AND EXISTS (SELECT 1 FROM recall_items ri WHERE ri.recall_id = $1 AND ri.department_id = d.id)`,
  /** How many packs recall $1 holds (of department $2 only, when given). */
  recallItemCount: `SELECT count(*)::int AS n FROM recall_items WHERE recall_id = $1 AND ($2::uuid IS NULL OR department_id = $2)`,
  /** The BI whose positive reading opened a recall (its id is in the recall's scope). */
  recallTriggerBi: `
  SELECT b.lot, b.placed_at, b.read_at, b.result_recorded_at, ru.display_name AS read_by, l.cycle_no,
         pr.code AS product_code, pr.name_zh AS product_name_zh, pr.name_en AS product_name_en
    FROM bi_tests b JOIN sterilizer_loads l ON l.id = b.load_id
    LEFT JOIN users ru ON ru.id = b.read_by LEFT JOIN bi_products pr ON pr.id = b.product_id
   WHERE b.id = $1`,
  /**
   * Every pack of recall $1 (of department $2 only, when given): where it was when the recall
   * opened, how it is accounted for, by whom, when and at which station (the pack's own recall
   * step, or its department's completion of a use not recorded, issue 18), and for a used pack
   * when and by whom it was used.
   */
  recallItems: `
  SELECT p.barcode, ri.load_id, t.code AS template_code, t.name_zh, t.name_en, p.implant, ri.state_at_recall, ri.disposition,
         ri.patient_id, ri.operation_id, d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en,
         ri.accounted_at, au.display_name AS accounted_by, ri.returned_from_department_id IS NOT NULL AS sent_back_by_department,
         ri.handed_in_by, acc.type AS accounted_step, acc.station AS accounted_station, used.at AS used_at, uu.display_name AS used_by
    FROM recall_items ri
    JOIN packs p ON p.id = ri.pack_id
    JOIN set_templates t ON t.id = p.template_id
    LEFT JOIN departments d ON d.id = ri.department_id
    LEFT JOIN users au ON au.id = ri.accounted_by
    LEFT JOIN LATERAL (
      SELECT e.type, e.station FROM pack_events e
       WHERE ri.accounted_at IS NOT NULL AND e.pack_id = ri.pack_id
         AND ((e.type IN ('recall_pulled', 'recall_returned') AND e.data->'recallIds' @> jsonb_build_array(ri.recall_id::text))
              OR e.type IN ('complete_use', 'complete_unused'))
       ORDER BY e.id LIMIT 1) AS acc ON true
    LEFT JOIN LATERAL (
      SELECT e.at, e.actor_id FROM pack_events e
       WHERE ri.disposition = 'used' AND e.pack_id = ri.pack_id AND e.type IN ('use', 'complete_use')
       ORDER BY e.id DESC LIMIT 1) AS used ON true
    LEFT JOIN users uu ON uu.id = used.actor_id
   WHERE ri.recall_id = $1 AND ($2::uuid IS NULL OR ri.department_id = $2)
   ORDER BY p.barcode`,
  /** The loads of recall $1's packs, as they ran (their run snapshot). */
  recallLoads: `
  SELECT l.id, l.sterilizer_id, l.cycle_no, l.started_at, l.completed_at, l.status, l.release,
         ${AS_IT_RAN}
    FROM sterilizer_loads l
    JOIN sterilizers s ON s.id = l.sterilizer_id
    LEFT JOIN sterilizer_programs p ON p.id = l.program_id
   WHERE l.id IN (SELECT ri.load_id FROM recall_items ri WHERE ri.recall_id = $1)
   ORDER BY sterilizer_code, l.cycle_no`,
  /**
   * The departments recall $1 told (department $2 only, when given): when, how many packs, when the
   * webhook delivered it, and when the department acknowledged it (who, at which station).
   */
  recallNotices: `
  SELECT n.created_at, jsonb_array_length(n.packs)::int AS packs, d.code AS department_code,
         d.name_zh AS department_name_zh, d.name_en AS department_name_en,
         (SELECT min(w.at) FROM webhook_deliveries w WHERE w.notice_id = n.id AND w.delivered) AS delivered_at,
         a.acknowledged_at, au.display_name AS acknowledged_by, a.station AS acknowledged_station
    FROM department_notices n JOIN departments d ON d.id = n.department_id
    LEFT JOIN department_notice_acknowledgements a ON a.notice_id = n.id
    LEFT JOIN users au ON au.id = a.acknowledged_by
   WHERE n.recall_id = $1 AND n.kind = 'recall' AND ($2::uuid IS NULL OR n.department_id = $2)
   ORDER BY n.created_at, d.code`,
  /**
   * "Since the last passing test": the load of sterilizer $1 whose BIs last all passed before its
   * cycle $2 (the first the recall covers) — the recall scope's own anchor rule (recall-scope.ts) —
   * and when that passing result was recorded.
   */
  recallAnchor: `
  WITH anchor AS (${SCOPE_ANCHOR_SQL})
  SELECT a.anchor AS cycle_no, a.started_at,
         (SELECT max(b.result_recorded_at) FROM bi_tests b JOIN sterilizer_loads al ON al.id = b.load_id
           WHERE al.sterilizer_id = $1 AND al.cycle_no = a.anchor) AS bi_recorded_at
    FROM anchor a`,
  /** One load's register line (its printed record). */
  loadRecord: `${REGISTER_LINE}   WHERE l.id = $1`,
  /** The packs sterilized in load $1, where each is now. */
  loadPacks: `
  SELECT p.barcode, t.code AS template_code, t.name_zh, t.name_en, p.implant, p.state, s.asset_code,
         d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en
    FROM packs p JOIN set_templates t ON t.id = p.template_id
    LEFT JOIN instrument_sets s ON s.id = p.set_id
    LEFT JOIN departments d ON d.id = p.department_id
   WHERE p.load_id = $1
   ORDER BY p.barcode`,
  /** Load $1's biological indicators, each with its reading and its lot's positive control that day. */
  loadBis: `${BI_LINE} WHERE b.load_id = $1 ORDER BY b.placed_at, b.id`,
  /** The BIs of sterilizer $1's cycles that ran (started) in [$2, $3). */
  sterilizerBis: `${BI_LINE} WHERE b.sterilizer_id = $1 AND l.started_at >= $2 AND l.started_at < $3 ORDER BY l.cycle_no, b.placed_at, b.id`,
  /** Sterilizer $1's Bowie-Dick tests in [$2, $3). */
  sterilizerBdTests: `
  SELECT to_char(d.test_date, 'YYYY-MM-DD') AS test_date, d.tested_at, d.cycle_no, d.passed, u.display_name AS operator, d.note
    FROM bd_tests d JOIN users u ON u.id = d.operator_id
   WHERE d.sterilizer_id = $1 AND d.tested_at >= $2 AND d.tested_at < $3
   ORDER BY d.tested_at, d.id`,
  sterilizers: `SELECT id, code, name_zh, name_en, type FROM sterilizers WHERE id = ANY($1::uuid[]) ORDER BY code`,
} as const satisfies Statements;

/** What the reports read; the service shapes them. */
@Injectable()
export class ReportsRepository {
  static readonly statements = REPORTS_SQL;

  /**
   * The work counted per actor and kind in [from, to) (hospital days in `timezone`), of the event
   * types `types`, at the tallies' position `at`; `tx` is a transaction (JIT is turned off in it).
   */
  async workload(
    tx: EntityManager,
    from: Date,
    to: Date,
    timezone: string,
    at: TallyPosition,
    types: string[],
  ): Promise<{ actor_id: string; kind: string; n: number }[]> {
    await tx.query(JIT_OFF);
    return tx.query(REPORTS_SQL.workload, [from, to, timezone, at.tallied, at.after, types]);
  }

  usersByIds(m: EntityManager, ids: string[]): Promise<{ id: string; username: string; display_name: string; role: string }[]> {
    return m.query(REPORTS_SQL.usersByIds, [ids]);
  }

  recallHeader(m: EntityManager, id: string, timezone: string): Promise<RecallHeaderRow | undefined> {
    return first(m.query(REPORTS_SQL.recallHeader, [id, timezone]));
  }

  /** Department `departmentId` (code and names) when recall `id` found packs there; undefined otherwise. */
  recallOfDepartment(
    m: EntityManager,
    id: string,
    departmentId: string,
  ): Promise<{ code: string; name_zh: string; name_en: string } | undefined> {
    return first(m.query(REPORTS_SQL.recallOfDepartment, [id, departmentId]));
  }

  async recallItemCount(m: EntityManager, id: string, departmentId: string | null): Promise<number> {
    const [{ n }] = await m.query(REPORTS_SQL.recallItemCount, [id, departmentId]);
    return n;
  }

  recallTriggerBi(m: EntityManager, biTestId: string): Promise<TriggerBiRow | undefined> {
    return first(m.query(REPORTS_SQL.recallTriggerBi, [biTestId]));
  }

  /** The recall's packs; of one department only when `departmentId` is given. */
  recallItems(m: EntityManager, id: string, departmentId: string | null): Promise<RecallItemRow[]> {
    return m.query(REPORTS_SQL.recallItems, [id, departmentId]);
  }

  recallLoads(m: EntityManager, id: string): Promise<RecallLoadRow[]> {
    return m.query(REPORTS_SQL.recallLoads, [id]);
  }

  recallNotices(m: EntityManager, id: string, departmentId: string | null): Promise<RecallNoticeRow[]> {
    return m.query(REPORTS_SQL.recallNotices, [id, departmentId]);
  }

  /** The last load of the sterilizer whose BIs all passed, run before its cycle `beforeCycleNo` (or any). */
  recallAnchor(m: EntityManager, sterilizerId: string, beforeCycleNo: number | null): Promise<AnchorRow | undefined> {
    return first(m.query(REPORTS_SQL.recallAnchor, [sterilizerId, beforeCycleNo]));
  }

  loadRecord(m: EntityManager, loadId: string): Promise<RegisterRow | undefined> {
    return first(m.query(REPORTS_SQL.loadRecord, [loadId]));
  }

  loadPacks(m: EntityManager, loadId: string): Promise<LoadPackRow[]> {
    return m.query(REPORTS_SQL.loadPacks, [loadId]);
  }

  loadBis(m: EntityManager, loadId: string): Promise<BiLineRow[]> {
    return m.query(REPORTS_SQL.loadBis, [loadId]);
  }

  /** The register lines of [from, to), of one sterilizer when given. */
  sterilizationRegister(m: EntityManager, from: Date, to: Date, sterilizerId: string | null): Promise<RegisterRow[]> {
    return m.query(REPORTS_SQL.sterilizationRegister, [from, to, sterilizerId]);
  }

  sterilizerBis(m: EntityManager, sterilizerId: string, from: Date, to: Date): Promise<BiLineRow[]> {
    return m.query(REPORTS_SQL.sterilizerBis, [sterilizerId, from, to]);
  }

  sterilizerBdTests(m: EntityManager, sterilizerId: string, from: Date, to: Date): Promise<BdTestRow[]> {
    return m.query(REPORTS_SQL.sterilizerBdTests, [sterilizerId, from, to]);
  }

  sterilizers(m: EntityManager, ids: string[]): Promise<SterilizerRow[]> {
    return m.query(REPORTS_SQL.sterilizers, [ids]);
  }
}

/** The first row of a query, if any. */
async function first<T>(rows: Promise<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}
