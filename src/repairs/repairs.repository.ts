import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { TemplateItem } from '../catalog/set-template.entity.js';
import { preparedQuery } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import { INSTRUMENT_REPLACED } from '../kernel/pack-event-types.js';
import type { Disposition, Finding, FoundAtStep, RepairStepKind } from './repair.entity.js';

/** Every entry with its set's home department, the charged department, who decided, and its steps (oldest first). */
const ENTRIES = `SELECT r.id, r.pack_id AS "packId", r.pack_event_id::text AS "packEventId", r.found_at_step AS "foundAtStep",
              r.found_at AS "foundAt", r.finding, r.set_id AS "setId", r.asset_code AS "assetCode", r.template_version AS "templateVersion",
              r.line, r.name_zh AS "nameZh", r.name_en AS "nameEn", r.specification, r.quantity, r.disposition, r.reason,
              r.cost::float8 AS cost, r.vendor, r.charged_department_id AS "chargedDepartmentId",
              d.code AS "chargedDepartmentCode", d.name_zh AS "chargedDepartmentNameZh", d.name_en AS "chargedDepartmentNameEn",
              r.compensation::float8 AS compensation, r.decided_by AS "decidedBy", coalesce(u.display_name, '') AS "decidedByName",
              r.decided_at AS "decidedAt", (r.decided_at AT TIME ZONE $1)::date::text AS day,
              coalesce((SELECT json_agg(json_build_object('id', s.id, 'step', s.step, 'vendor', s.vendor, 'cost', s.cost::float8,
                                 'note', s.note, 'recordedBy', s.recorded_by, 'recordedByName', coalesce(su.display_name, ''),
                                 'recordedAt', s.recorded_at) ORDER BY s.recorded_at, s.id)
                          FROM repair_steps s LEFT JOIN users su ON su.id = s.recorded_by WHERE s.entry_id = r.id), '[]'::json) AS steps
         FROM repair_entries r
         LEFT JOIN departments d ON d.id = r.charged_department_id
         LEFT JOIN users u ON u.id = r.decided_by`;

/** The register's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const REPAIRS_SQL = {
  /** Pack event $1 with its pack's set and template: where a finding was recorded. */
  event: `SELECT e.id::text AS id, e.pack_id AS "packId", e.type, e.data, e.at, p.set_id AS "setId", p.template_id AS "templateId"
         FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE e.id = $1::bigint`,
  /** The recycling count that opened pack $1's cycle: the template version, the department it was collected from. */
  cycleCount: `SELECT id::text AS id, data FROM pack_events WHERE pack_id = $1 AND type = 'recycle' ORDER BY id LIMIT 1`,
  /** The set $1: its asset code, template and home department. */
  set: `SELECT id, asset_code AS "assetCode", template_id AS "templateId", home_department_id AS "homeDepartmentId"
         FROM instrument_sets WHERE id = $1`,
  setByCode: `SELECT id FROM instrument_sets WHERE asset_code = $1`,
  packSet: `SELECT set_id AS "setId" FROM packs WHERE barcode = $1`,
  /** The set's newest cycle (its pack with the highest cycle number). */
  currentPack: `SELECT id FROM packs WHERE set_id = $1 ORDER BY cycle_no DESC NULLS LAST, id LIMIT 1`,
  /** The counts and failed inspections of pack $1, in order: its findings. */
  findingEvents: `SELECT id::text AS id, type, data, at FROM pack_events WHERE pack_id = $1 AND type IN ('recycle', 'inspection_failed')
        ORDER BY id`,
  /** The contents of template $1 at version $2. */
  contents: `SELECT contents FROM set_template_versions WHERE template_id = $1 AND version = $2`,
  /** The entry of a finding (pack event $1, line $2, damaged or missing $3), if one was recorded. */
  entryOfFinding: `SELECT id, disposition FROM repair_entries WHERE pack_event_id = $1::bigint AND line = $2 AND finding = $3`,
  /** Serialises the steps of entry $1 (history rows: no row lock, which needs UPDATE). */
  lock: `SELECT pg_advisory_xact_lock(hashtext('repair:' || $1::text))`,
  /** Entry $2 ($1: the hospital's zone, for its day). */
  one: `${ENTRIES} WHERE r.id = $2`,
  /** The entries of pack $2 ($1: the hospital's zone). */
  ofPack: `${ENTRIES} WHERE r.pack_id = $2 ORDER BY r.decided_at, r.id`,
  /**
   * The register: entries decided on hospital days [$2, $3] ($1: the zone), optionally one disposition
   * ($4), one charged department ($5), one set by asset code ($6); by time decided, 2000 at most.
   */
  list: `${ENTRIES} WHERE r.decided_at >= ($2::date::timestamp AT TIME ZONE $1) AND r.decided_at < (($3::date + 1)::timestamp AT TIME ZONE $1)
           AND ($4::varchar IS NULL OR r.disposition = $4) AND ($5::uuid IS NULL OR r.charged_department_id = $5)
           AND ($6::varchar IS NULL OR r.asset_code = $6)
        ORDER BY r.decided_at, r.id LIMIT 2000`,
  /** Every replacement put into set $1's packs, oldest first, with the register entry it answers. */
  replacements: `SELECT e.id::text AS id, e.at, e.pack_id AS "packId", p.cycle_no AS "cycleNo", p.barcode, e.data,
              e.actor_id AS "actorId", coalesce(u.display_name, '') AS "actorName"
         FROM pack_events e JOIN packs p ON p.id = e.pack_id LEFT JOIN users u ON u.id = e.actor_id
        WHERE p.set_id = $1 AND e.type = '${INSTRUMENT_REPLACED}' ORDER BY e.id`,
  /** The departments by id, for the register's totals. */
  departments: `SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn" FROM departments WHERE id = ANY($1::uuid[])`,
} as const satisfies Statements;

export interface EventRow {
  id: string;
  packId: string;
  type: string;
  data: Record<string, unknown>;
  at: Date;
  setId: string | null;
  templateId: string;
}

export interface StepRow {
  id: string;
  step: RepairStepKind;
  vendor: string | null;
  cost: number | null;
  note: string | null;
  recordedBy: string;
  recordedByName: string;
  recordedAt: string;
}

export interface EntryRow {
  id: string;
  packId: string;
  packEventId: string;
  foundAtStep: FoundAtStep;
  foundAt: Date;
  finding: Finding;
  setId: string;
  assetCode: string;
  templateVersion: number;
  line: number;
  nameZh: string;
  nameEn: string;
  specification: string;
  quantity: number;
  disposition: Disposition;
  reason: string;
  cost: number | null;
  vendor: string | null;
  chargedDepartmentId: string | null;
  chargedDepartmentCode: string | null;
  chargedDepartmentNameZh: string | null;
  chargedDepartmentNameEn: string | null;
  compensation: number | null;
  decidedBy: string;
  decidedByName: string;
  decidedAt: Date;
  day: string;
  steps: StepRow[];
}

export interface ReplacementRow {
  id: string;
  at: Date;
  packId: string;
  cycleNo: number | null;
  barcode: string | null;
  data: Record<string, unknown>;
  actorId: string;
  actorName: string;
}

/** What the register reads; transactions stay the service's. */
@Injectable()
export class RepairsRepository {
  static readonly statements = REPAIRS_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async event(m: EntityManager, id: string): Promise<EventRow | null> {
    return (await preparedQuery<EventRow>(m, REPAIRS_SQL.event, [id]))[0] ?? null;
  }

  async cycleCount(m: EntityManager, packId: string): Promise<{ id: string; data: Record<string, unknown> } | null> {
    return (await preparedQuery<{ id: string; data: Record<string, unknown> }>(m, REPAIRS_SQL.cycleCount, [packId]))[0] ?? null;
  }

  async set(m: EntityManager, id: string) {
    return (
      (await preparedQuery<{ id: string; assetCode: string; templateId: string; homeDepartmentId: string }>(m, REPAIRS_SQL.set, [id]))[0] ??
      null
    );
  }

  async setIdByCode(m: EntityManager, assetCode: string): Promise<string | null> {
    return (await preparedQuery<{ id: string }>(m, REPAIRS_SQL.setByCode, [assetCode]))[0]?.id ?? null;
  }

  /** Undefined: no such label; null: a label of no set (single-use). */
  async setIdOfLabel(m: EntityManager, barcode: string): Promise<string | null | undefined> {
    const [row] = await preparedQuery<{ setId: string | null }>(m, REPAIRS_SQL.packSet, [barcode]);
    return row ? row.setId : undefined;
  }

  async currentPackId(m: EntityManager, setId: string): Promise<string | null> {
    return (await preparedQuery<{ id: string }>(m, REPAIRS_SQL.currentPack, [setId]))[0]?.id ?? null;
  }

  findingEvents(m: EntityManager, packId: string) {
    return preparedQuery<{ id: string; type: string; data: Record<string, unknown>; at: Date }>(m, REPAIRS_SQL.findingEvents, [packId]);
  }

  async contents(m: EntityManager, templateId: string, version: number): Promise<TemplateItem[] | null> {
    return (await preparedQuery<{ contents: TemplateItem[] }>(m, REPAIRS_SQL.contents, [templateId, version]))[0]?.contents ?? null;
  }

  async entryOfFinding(m: EntityManager, eventId: string, line: number, finding: Finding) {
    return (
      (await preparedQuery<{ id: string; disposition: Disposition }>(m, REPAIRS_SQL.entryOfFinding, [eventId, line, finding]))[0] ?? null
    );
  }

  async lock(m: EntityManager, entryId: string): Promise<void> {
    await m.query(REPAIRS_SQL.lock, [entryId]);
  }

  async one(m: EntityManager, timezone: string, id: string): Promise<EntryRow | null> {
    return (await preparedQuery<EntryRow>(m, REPAIRS_SQL.one, [timezone, id]))[0] ?? null;
  }

  ofPack(m: EntityManager, timezone: string, packId: string): Promise<EntryRow[]> {
    return preparedQuery<EntryRow>(m, REPAIRS_SQL.ofPack, [timezone, packId]);
  }

  list(
    timezone: string,
    fromDate: string,
    toDate: string,
    f: { disposition?: string; departmentId?: string; assetCode?: string },
  ): Promise<EntryRow[]> {
    return this.db.query(REPAIRS_SQL.list, [
      timezone,
      fromDate,
      toDate,
      f.disposition ?? null,
      f.departmentId ?? null,
      f.assetCode ?? null,
    ]);
  }

  replacements(setId: string): Promise<ReplacementRow[]> {
    return this.db.query(REPAIRS_SQL.replacements, [setId]);
  }

  departments(ids: string[]): Promise<{ id: string; code: string; nameZh: string; nameEn: string }[]> {
    return this.db.query(REPAIRS_SQL.departments, [ids]);
  }
}
