import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { preparedQuery } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import { controlFailedSql } from '../kernel/bi-verdict.js';
import { Pack } from '../kernel/pack.entity.js';

type Json = Record<string, unknown>;
type PersonRef = { id: string; username: string; displayName: string } | null;

export interface ProvenanceRow {
  pack: Json;
  events: Json[];
  template: Json;
  template_version: Json | null;
  set: Json | null;
  destination: Json | null;
  cycle: Json | null;
  washer: Json | null;
  washer_program: Json | null;
  load: Json | null;
  sterilizer: Json | null;
  sterilizer_program: Json | null;
  replaced_by: Json | null;
  from_department: Json | null;
  /** The department of the set's previous pack (the cycle this one's recycling closed). */
  previous_department_id: string | null;
  people: NonNullable<PersonRef>[];
}

export type LoadMonitoringRow = {
  bis: (Json & { lot: string; result: string; resultRecordedAt: string | null })[];
  bd: Json | null;
  emergency: Json | null;
};

/** Trace's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts; bench/data/explain.mjs explains them). */
export const TRACE_SQL = {
  /** The loaner tray (issue 16) set $1 is, if any: the lender, the operation it came for, the receipt's count sheet. */
  loaner: `SELECT t.code, t.lender_name AS "lenderName", t.delivered_by AS "deliveredBy", t.surgeon, t.patient_id AS "patientId",
              t.operation, t.planned_at AS "plannedAt", t.received_at AS "receivedAt", t.lines
         FROM loaner_trays t WHERE t.set_id = $1`,
  /**
   * A pack's whole provenance in one statement (one round trip, planned once per connection):
   * the pack by its barcode or a voided label of it, each related row as a `to_jsonb` object,
   * and the people who appear anywhere in its chain. Barcodes come from one sequence and are
   * never reused: at most one pack matches.
   *
   * The catalog as each step saw it (issue 19 item 14): the template version the pack was packed
   * to, the load's run snapshot (sterilizer and program at start). Today's rows are read only
   * where no step kept them: a pack not packed yet, a load not started, records from before.
   */
  provenance: `
  SELECT to_jsonb(p) AS pack,
    (SELECT coalesce(jsonb_agg(to_jsonb(e) ORDER BY e.id), '[]'::jsonb) FROM pack_events e WHERE e.pack_id = p.id) AS events,
    (SELECT to_jsonb(t) FROM set_templates t WHERE t.id = p.template_id) AS template,
    (SELECT to_jsonb(v) FROM set_template_versions v WHERE v.template_id = p.template_id AND v.version = p.template_version) AS template_version,
    (SELECT to_jsonb(s) FROM instrument_sets s WHERE s.id = p.set_id) AS set,
    (SELECT to_jsonb(d) FROM departments d WHERE d.id = p.department_id) AS destination,
    (SELECT to_jsonb(c) FROM washer_cycles c WHERE c.id = p.washer_cycle_id) AS cycle,
    (SELECT to_jsonb(w) FROM washer_cycles c JOIN washers w ON w.id = c.washer_id WHERE c.id = p.washer_cycle_id) AS washer,
    (SELECT to_jsonb(wp) FROM washer_cycles c JOIN washer_programs wp ON wp.id = c.program_id WHERE c.id = p.washer_cycle_id) AS washer_program,
    (SELECT to_jsonb(l) FROM sterilizer_loads l WHERE l.id = p.load_id) AS load,
    (SELECT to_jsonb(st) FROM sterilizer_loads l JOIN sterilizers st ON st.id = l.sterilizer_id WHERE l.id = p.load_id AND l.run_snapshot IS NULL) AS sterilizer,
    (SELECT to_jsonb(sp) FROM sterilizer_loads l JOIN sterilizer_programs sp ON sp.id = l.program_id WHERE l.id = p.load_id AND l.run_snapshot IS NULL) AS sterilizer_program,
    (SELECT to_jsonb(r) FROM packs r WHERE r.id = p.replaced_by_pack_id) AS replaced_by,
    (SELECT to_jsonb(fd) FROM departments fd WHERE fd.id = (
        SELECT e.data->>'fromDepartmentId' FROM pack_events e WHERE e.pack_id = p.id AND e.type = 'recycle' ORDER BY e.id DESC LIMIT 1)::uuid) AS from_department,
    (SELECT pp.department_id FROM packs pp WHERE pp.id = (
        SELECT e.data->>'previousPackId' FROM pack_events e WHERE e.pack_id = p.id AND e.type = 'recycle' ORDER BY e.id DESC LIMIT 1)::uuid) AS previous_department_id,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name)), '[]'::jsonb)
       FROM users u WHERE u.id IN (
         SELECT e.actor_id FROM pack_events e WHERE e.pack_id = p.id
         UNION SELECT e.second_actor_id FROM pack_events e WHERE e.pack_id = p.id
         UNION SELECT unnest(ARRAY[p.packed_by, p.checked_by])
         UNION SELECT unnest(ARRAY[c.opened_by, c.completed_by]) FROM washer_cycles c WHERE c.id = p.washer_cycle_id
         UNION SELECT unnest(ARRAY[l.started_by, l.unloaded_by, l.unload_checked_by]) FROM sterilizer_loads l WHERE l.id = p.load_id)) AS people
  FROM packs p
  WHERE p.barcode = $1 OR p.id = (SELECT v.pack_id FROM voided_labels v WHERE v.barcode = $1)`,

  /**
   * The monitoring results that let the pack's load run and released it (§4.2, §4.3): the load's
   * biological indicators (lot, placed, readable from, read, result, who; the PCD's type 5
   * indicator), the B-D that opened the sterilizer that day (pre-vacuum), and any emergency
   * release. One statement, by the load's id; people as display names (nobody sees an id).
   */
  loadMonitoring: `
  SELECT
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'lot', b.lot, 'productCode', pr.code, 'productNameZh', pr.name_zh, 'productNameEn', pr.name_en,
        'placedAt', b.placed_at, 'placedBy', pu.display_name, 'readoutMinutes', b.readout_minutes,
        'readableFrom', l.completed_at + make_interval(mins => b.readout_minutes),
        'pcdType5Passed', b.pcd_type5_passed, 'result', b.result, 'readAt', b.read_at, 'resultRecordedAt', b.result_recorded_at, 'readBy', ru.display_name,
        -- the day's positive control of its lot; one that did not grow decides (it invalidates the reading)
        'positiveControl', (SELECT jsonb_build_object('grew', pc.grew, 'readAt', pc.read_at, 'by', cu.display_name)
                              FROM bi_positive_controls pc JOIN users cu ON cu.id = pc.read_by
                             WHERE pc.lot = b.lot AND (b.product_id IS NULL OR pc.product_id = b.product_id) AND pc.control_date = b.read_date
                             ORDER BY pc.grew, pc.read_at DESC LIMIT 1),
        'invalid', b.result = 'passed' AND ${controlFailedSql('b')}) ORDER BY b.placed_at, b.id), '[]'::jsonb)
       FROM bi_tests b JOIN users pu ON pu.id = b.placed_by LEFT JOIN users ru ON ru.id = b.read_by LEFT JOIN bi_products pr ON pr.id = b.product_id
      WHERE b.load_id = l.id) AS bis,
    (SELECT jsonb_build_object('testedAt', d.tested_at, 'testDate', d.test_date, 'cycleNo', d.cycle_no, 'passed', d.passed, 'by', du.display_name)
       FROM bd_tests d JOIN users du ON du.id = d.operator_id
      WHERE d.sterilizer_id = l.sterilizer_id AND d.test_date = l.sterilization_date AND d.tested_at <= l.started_at
      ORDER BY d.tested_at DESC, d.id DESC LIMIT 1) AS bd,
    (SELECT jsonb_build_object('at', r.at, 'reason', r.reason, 'approvedBy', au.display_name)
       FROM emergency_releases r JOIN users au ON au.id = r.approved_by
      WHERE r.load_id = l.id ORDER BY r.at DESC LIMIT 1) AS emergency
  FROM sterilizer_loads l WHERE l.id = $1`,
} as const satisfies Statements;

/** What provenance and a set's history read; the service shapes the answer. */
@Injectable()
export class TraceRepository {
  static readonly statements = TRACE_SQL;

  /** The provenance row of the pack with this barcode or a voided label of it (see TRACE_SQL.provenance). */
  async provenance(m: EntityManager, barcode: string): Promise<ProvenanceRow | undefined> {
    const [row] = await preparedQuery<ProvenanceRow>(m, TRACE_SQL.provenance, [barcode]);
    return row;
  }

  /** See TRACE_SQL.loaner. */
  async loaner(m: EntityManager, setId: string): Promise<LoanerRow | null> {
    const [row] = await m.query(TRACE_SQL.loaner, [setId]);
    return row ?? null;
  }

  /** The monitoring results of a load (see TRACE_SQL.loadMonitoring). */
  async loadMonitoring(m: EntityManager, loadId: string): Promise<LoadMonitoringRow | undefined> {
    const [row] = await preparedQuery<LoadMonitoringRow>(m, TRACE_SQL.loadMonitoring, [loadId]);
    return row;
  }

  setByAssetCode(m: EntityManager, assetCode: string): Promise<InstrumentSet | null> {
    return m.getRepository(InstrumentSet).findOneBy({ assetCode });
  }

  /** Every cycle (pack) of a set, newest first. */
  packsOfSet(m: EntityManager, setId: string): Promise<Pack[]> {
    return m.getRepository(Pack).find({ where: { setId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }
}

export interface LoanerRow {
  code: string;
  lenderName: string;
  deliveredBy: string;
  surgeon: string;
  patientId: string;
  operation: string;
  plannedAt: Date;
  receivedAt: Date;
  lines: { quantity: number; implant: boolean }[];
}
