import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';
import { MACHINE_STATE } from '../kernel/kernel.repository.js';
import type { MachineStateRow } from '../kernel/machine-status.js';

type Db = DataSource | EntityManager;

export interface EquipmentRow extends MachineStateRow {
  kind: string;
  nameZh: string;
  nameEn: string;
  sterilizerId: string | null;
  washerId: string | null;
  responsibleUserId: string;
  responsibleName: string;
  documents: string | null;
  lastSelfInspectionAt: Date | null;
}

export interface FaultRow {
  id: string;
  equipmentId: string;
  description: string;
  outOfUse: boolean;
  open: boolean;
  occurredAt: Date;
  reportedBy: string;
  reportedByName: string;
  reportedAt: Date;
}

export interface MaintenanceRow {
  id: string;
  kind: string;
  outcome: string;
  faultId: string | null;
  note: string;
  performer: string | null;
  performedAt: Date;
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
}

const EQUIPMENT = `SELECT st.*, e.kind, e.name_zh AS "nameZh", e.name_en AS "nameEn", e.sterilizer_id AS "sterilizerId",
                          e.washer_id AS "washerId", e.responsible_user_id AS "responsibleUserId",
                          coalesce(u.display_name, '') AS "responsibleName", e.documents,
                          (SELECT max(i.performed_at) FROM equipment_maintenance i
                            WHERE i.equipment_id = e.id AND i.kind = 'self_inspection' AND i.outcome = 'passed') AS "lastSelfInspectionAt"
                     FROM (${MACHINE_STATE}) st JOIN equipment e ON e.id = st.id LEFT JOIN users u ON u.id = e.responsible_user_id`;

const FAULTS = `SELECT f.id, f.equipment_id AS "equipmentId", f.description, f.out_of_use AS "outOfUse",
                       (f.out_of_use AND NOT EXISTS (SELECT 1 FROM equipment_maintenance r
                                                      WHERE r.fault_id = f.id AND r.kind = 'return_to_service')) AS open,
                       f.occurred_at AS "occurredAt", f.reported_by AS "reportedBy", coalesce(u.display_name, '') AS "reportedByName",
                       f.reported_at AS "reportedAt"
                  FROM equipment_faults f LEFT JOIN users u ON u.id = f.reported_by`;

/** Every statement of the equipment register, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const EQUIPMENT_SQL = {
  list: `${EQUIPMENT} ORDER BY e.code LIMIT 1000`,
  one: `${EQUIPMENT} WHERE e.id = $1`,
  lock: `SELECT id FROM equipment WHERE id = $1 FOR UPDATE`,
  /** The faults of machines ($1), all or ($2) only those still keeping them out of use. */
  faults: `SELECT * FROM (${FAULTS} WHERE f.equipment_id = ANY($1::uuid[])) x WHERE $2::boolean IS FALSE OR x.open ORDER BY x."reportedAt" DESC`,
  fault: `${FAULTS} WHERE f.equipment_id = $1 AND f.id = $2`,
  maintenance: `SELECT x.id, x.kind, x.outcome, x.fault_id AS "faultId", x.note, x.performer, x.performed_at AS "performedAt",
              x.recorded_by AS "recordedBy", coalesce(u.display_name, '') AS "recordedByName", x.recorded_at AS "recordedAt"
         FROM equipment_maintenance x LEFT JOIN users u ON u.id = x.recorded_by
        WHERE x.equipment_id = $1 ORDER BY x.performed_at DESC, x.recorded_at DESC LIMIT 500`,
  /** The faults noticed in [$1, $2), with their machine's code, in time order (the register's export; 5000 at most). */
  periodFaults: `SELECT x.*, e.code AS "equipmentCode" FROM (${FAULTS} WHERE f.occurred_at >= $1 AND f.occurred_at < $2) x
         JOIN equipment e ON e.id = x."equipmentId" ORDER BY x."occurredAt", e.code LIMIT 5000`,
  /** The services, repairs, self-inspections and returns to service done in [$1, $2), with the machine's code, in time order. */
  periodMaintenance: `SELECT x.id, x.equipment_id AS "equipmentId", e.code AS "equipmentCode", x.kind, x.outcome, x.fault_id AS "faultId", x.note,
              x.performer, x.performed_at AS "performedAt", x.recorded_by AS "recordedBy", coalesce(u.display_name, '') AS "recordedByName",
              x.recorded_at AS "recordedAt"
         FROM equipment_maintenance x JOIN equipment e ON e.id = x.equipment_id LEFT JOIN users u ON u.id = x.recorded_by
        WHERE x.performed_at >= $1 AND x.performed_at < $2 ORDER BY x.performed_at, e.code LIMIT 5000`,
  cssdStaff: `SELECT 1 FROM users WHERE id = $1 AND active AND role <> 'department'`,
  sterilizerExists: `SELECT 1 FROM sterilizers WHERE id = $1`,
  washerExists: `SELECT 1 FROM washers WHERE id = $1`,
  /** A register entry with the code ($1) or for the machine ($2 sterilizer, $3 washer); the code first. */
  registered: `SELECT code = $1 AS same_code FROM equipment WHERE code = $1 OR sterilizer_id = $2 OR washer_id = $3 ORDER BY (code = $1) DESC LIMIT 1`,
} as const satisfies Statements;

/** Every query of the equipment register; the service holds the rules (and src/kernel/machine-status.ts the state of a machine). */
@Injectable()
export class EquipmentRepository {
  static readonly statements = EQUIPMENT_SQL;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(): Promise<EquipmentRow[]> {
    return this.db.query(EQUIPMENT_SQL.list);
  }

  one(m: Db, id: string): Promise<EquipmentRow | undefined> {
    return m.query(EQUIPMENT_SQL.one, [id]).then((r: EquipmentRow[]) => r[0]);
  }

  /** Locks the register entry, so a fault and a return to service of one machine are recorded one after the other. */
  lock(m: EntityManager, id: string): Promise<boolean> {
    return m.query(EQUIPMENT_SQL.lock, [id]).then((r: unknown[]) => r.length > 0);
  }

  /** The faults still keeping the machines out of use (`openOnly`), or all of one machine's. */
  faults(m: Db, equipmentIds: string[], openOnly: boolean): Promise<FaultRow[]> {
    return m.query(EQUIPMENT_SQL.faults, [equipmentIds, openOnly]);
  }

  fault(m: Db, equipmentId: string, faultId: string): Promise<FaultRow | undefined> {
    return m.query(EQUIPMENT_SQL.fault, [equipmentId, faultId]).then((r: FaultRow[]) => r[0]);
  }

  maintenance(m: Db, equipmentId: string): Promise<MaintenanceRow[]> {
    return m.query(EQUIPMENT_SQL.maintenance, [equipmentId]);
  }

  /** See EQUIPMENT_SQL.periodFaults. */
  periodFaults(from: Date, to: Date): Promise<(FaultRow & { equipmentCode: string })[]> {
    return this.db.query(EQUIPMENT_SQL.periodFaults, [from, to]);
  }

  /** See EQUIPMENT_SQL.periodMaintenance. */
  periodMaintenance(from: Date, to: Date): Promise<(MaintenanceRow & { equipmentId: string; equipmentCode: string })[]> {
    return this.db.query(EQUIPMENT_SQL.periodMaintenance, [from, to]);
  }

  /** An active user of the CSSD (not a department user) may be responsible for a machine. */
  isCssdStaff(m: Db, userId: string): Promise<boolean> {
    return m.query(EQUIPMENT_SQL.cssdStaff, [userId]).then((r: unknown[]) => r.length > 0);
  }

  catalogMachineExists(m: Db, machine: { sterilizerId: string } | { washerId: string }): Promise<boolean> {
    const found: Promise<unknown[]> =
      'sterilizerId' in machine
        ? m.query(EQUIPMENT_SQL.sterilizerExists, [machine.sterilizerId])
        : m.query(EQUIPMENT_SQL.washerExists, [machine.washerId]);
    return found.then((r) => r.length > 0);
  }

  isRegistered(m: Db, machine: { code: string; sterilizerId: string | null; washerId: string | null }): Promise<'code' | 'machine' | null> {
    return m
      .query(EQUIPMENT_SQL.registered, [machine.code, machine.sterilizerId, machine.washerId])
      .then((r: { same_code: boolean }[]) => (r.length === 0 ? null : r[0].same_code ? 'code' : 'machine'));
  }
}
