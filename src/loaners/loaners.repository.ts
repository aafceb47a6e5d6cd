import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { findById } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import type { PackState } from '../kernel/pack-state.js';
import type { CountSheetLine, ReturnedLine } from './loaner-tray.entity.js';

/**
 * Every loaner tray with its department, who received it, its template's method and packaging,
 * its current pack (the set's newest cycle) and its return, if any.
 */
const TRAYS = `SELECT t.id, t.code, s.asset_code AS "trayCode", t.lender_name AS "lenderName", t.delivered_by AS "deliveredBy",
              t.department_id AS "departmentId", d.code AS "departmentCode", d.name_zh AS "departmentNameZh", d.name_en AS "departmentNameEn",
              t.surgeon, t.patient_id AS "patientId", t.operation, t.planned_at AS "plannedAt",
              t.template_id AS "templateId", t.set_id AS "setId", tp.implant, tp.sterilization_method AS "sterilizationMethod",
              tp.packaging_material AS "packagingMaterial", t.lines, t.note,
              t.received_by AS "receivedBy", coalesce(ru.display_name, '') AS "receivedByName", t.received_at AS "receivedAt",
              p.id AS "packId", p.barcode, p.state,
              r.lines AS "returnedLines", r.count_matches AS "countMatches", r.lender_representative AS "lenderRepresentative",
              r.note AS "returnNote", r.returned_by AS "returnedBy", coalesce(bu.display_name, '') AS "returnedByName", r.returned_at AS "returnedAt"
         FROM loaner_trays t
         JOIN departments d ON d.id = t.department_id
         JOIN instrument_sets s ON s.id = t.set_id
         JOIN set_templates tp ON tp.id = t.template_id
         LEFT JOIN users ru ON ru.id = t.received_by
         LEFT JOIN LATERAL (SELECT x.id, x.barcode, x.state FROM packs x WHERE x.set_id = t.set_id
                             ORDER BY x.created_at DESC, x.id DESC LIMIT 1) p ON true
         LEFT JOIN loaner_returns r ON r.tray_id = t.id
         LEFT JOIN users bu ON bu.id = r.returned_by`;

/** Loaner trays' SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const LOANERS_SQL = {
  /**
   * The register: trays received in [$1, $2) or returned in it, or still out at its end (in process),
   * of department $3 when not null; by receipt, 1000 at most.
   */
  list: `${TRAYS}
        WHERE ((t.received_at >= $1 AND t.received_at < $2) OR (r.returned_at >= $1 AND r.returned_at < $2)
               OR (t.received_at < $2 AND (r.returned_at IS NULL OR r.returned_at >= $2)))
          AND ($3::uuid IS NULL OR t.department_id = $3::uuid)
        ORDER BY t.received_at, t.code LIMIT 1000`,
  /** Tray $1. */
  one: `${TRAYS} WHERE t.id = $1`,
  /**
   * The set of tray $1, locked (the chain's lock order: set, then pack): two returns of the same
   * tray, or a return and a scan of it, cannot both win. The tray's own row is history, which the
   * runtime role may not lock (FOR UPDATE needs the UPDATE privilege).
   */
  lockSet: `SELECT s.id FROM loaner_trays t JOIN instrument_sets s ON s.id = t.set_id WHERE t.id = $1 FOR UPDATE OF s`,
  /** The loaner tray whose set is $1, if any: its code and operation's department (dispatch, provenance). */
  ofSet: `SELECT t.id, t.code, t.department_id AS "departmentId" FROM loaner_trays t WHERE t.set_id = $1`,
  /** How many trays carry a code starting $1 (the day's prefix): the next one's number. */
  dayCount: `SELECT count(*)::int AS n FROM loaner_trays WHERE code LIKE $1 || '%'`,
  /** One receipt number at a time per database: the day's numbering cannot hand out a number twice. */
  numberLock: `SELECT pg_advisory_xact_lock(hashtext('loaner_trays.code'))`,
} as const satisfies Statements;

export interface TrayRow {
  id: string;
  code: string;
  trayCode: string;
  lenderName: string;
  deliveredBy: string;
  departmentId: string;
  departmentCode: string;
  departmentNameZh: string;
  departmentNameEn: string;
  surgeon: string;
  patientId: string;
  operation: string;
  plannedAt: Date;
  templateId: string;
  setId: string;
  implant: boolean;
  sterilizationMethod: string;
  packagingMaterial: string;
  lines: CountSheetLine[];
  note: string | null;
  receivedBy: string;
  receivedByName: string;
  receivedAt: Date;
  packId: string | null;
  barcode: string | null;
  state: PackState | null;
  returnedLines: ReturnedLine[] | null;
  countMatches: boolean | null;
  lenderRepresentative: string | null;
  returnNote: string | null;
  returnedBy: string | null;
  returnedByName: string | null;
  returnedAt: Date | null;
}

/** What loaner trays read; transactions stay the service's. */
@Injectable()
export class LoanersRepository {
  static readonly statements = LOANERS_SQL;

  list(m: EntityManager, from: Date, to: Date, departmentId: string | null): Promise<TrayRow[]> {
    return m.query(LOANERS_SQL.list, [from, to, departmentId]);
  }

  async one(m: EntityManager, id: string): Promise<TrayRow | null> {
    const [row] = await m.query(LOANERS_SQL.one, [id]);
    return row ?? null;
  }

  async lockSet(m: EntityManager, id: string): Promise<boolean> {
    const rows = await m.query(LOANERS_SQL.lockSet, [id]);
    return rows.length > 0;
  }

  async ofSet(m: EntityManager, setId: string): Promise<{ id: string; code: string; departmentId: string } | null> {
    const [row] = await m.query(LOANERS_SQL.ofSet, [setId]);
    return row ?? null;
  }

  /** The next receipt code of a day: LN-<yyyymmdd>-<nn>. */
  async nextCode(m: EntityManager, day: string): Promise<string> {
    await m.query(LOANERS_SQL.numberLock);
    const prefix = `LN-${day.replaceAll('-', '')}-`;
    const [{ n }] = await m.query(LOANERS_SQL.dayCount, [prefix]);
    return `${prefix}${String(n + 1).padStart(2, '0')}`;
  }

  department(m: EntityManager, id: string): Promise<Department | null> {
    return findById(m, Department, id);
  }

  async setByAssetCode(m: EntityManager, assetCode: string): Promise<InstrumentSet | null> {
    return m.getRepository(InstrumentSet).findOneBy({ assetCode });
  }
}
