import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { findById } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import { HELD_STATES, LOOP_STATES, type ClosureKind, type RoundKind, type Urgency } from './requisition-rules.js';
import { Requisition } from './requisition.entity.js';

type Db = DataSource | EntityManager;
const list = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ');

/** A base quantity in force (the latest row of its department and template). */
export interface BaseRow {
  departmentId: string;
  templateId: string;
  quantity: number;
  emergency: boolean;
  note: string | null;
  setAt: Date;
  setByName: string;
}

/** Packs of a template per department (held on the ward, or in the CSSD's loop for it). */
export interface CountRow {
  departmentId: string;
  templateId: string;
  n: number;
}

export interface LineRow {
  lineId: string;
  templateId: string;
  templateCode: string;
  nameZh: string;
  nameEn: string;
  quantity: number;
  fulfilled: number;
}

export interface RequisitionRow {
  id: string;
  no: number;
  departmentId: string;
  departmentCode: string;
  departmentNameZh: string;
  departmentNameEn: string;
  urgency: Urgency;
  note: string | null;
  requestedAt: Date;
  requestedByName: string;
  closure: ClosureKind | null;
  closureReason: string | null;
  closedAt: Date | null;
  closedByName: string | null;
  lines: LineRow[];
}

export interface RoundRow {
  id: string;
  no: number;
  kind: RoundKind;
  departmentId: string;
  departmentCode: string;
  departmentNameZh: string;
  departmentNameEn: string;
  station: string | null;
  openedAt: Date;
  openedByName: string;
  closedAt: Date | null;
  closedByName: string | null;
  signedAt: Date | null;
  signedByName: string | null;
  reconciled: boolean | null;
  signatureNote: string | null;
  items: number;
}

export interface RoundItemRow {
  packId: string;
  barcode: string | null;
  templateId: string;
  templateCode: string;
  nameZh: string;
  nameEn: string;
  setAssetCode: string | null;
  state: string;
  requisitionNo: number | null;
  handedOverBy: string | null;
  actorName: string;
  at: Date;
}

export interface SignatureLineRow {
  templateId: string;
  templateCode: string;
  nameZh: string;
  nameEn: string;
  expected: number;
  counted: number;
  difference: number;
  note: string | null;
}

/** The requisitions module's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const REQUISITIONS_SQL = {
  nextRequisitionNo: `SELECT nextval('requisition_no_seq')::int AS no`,
  nextRoundNo: `SELECT nextval('round_no_seq')::int AS no`,
  /**
   * The base quantities in force (the latest row of each department and template, 0 meaning none),
   * of department $1 (null: every department).
   */
  baseQuantities: `SELECT * FROM (
          SELECT DISTINCT ON (b.department_id, b.template_id)
                 b.department_id AS "departmentId", b.template_id AS "templateId", b.quantity, b.emergency, b.note,
                 b.set_at AS "setAt", u.display_name AS "setByName"
            FROM base_quantities b JOIN users u ON u.id = b.set_by
           WHERE $1::uuid IS NULL OR b.department_id = $1
           ORDER BY b.department_id, b.template_id, b.set_at DESC, b.id DESC) latest
        WHERE quantity > 0`,
  /** Every base quantity ever set for department $1 and template $2, the latest first: who, when, why. */
  baseQuantityHistory: `SELECT b.quantity, b.emergency, b.note, b.set_at AS "setAt", u.display_name AS "setByName"
         FROM base_quantities b JOIN users u ON u.id = b.set_by
        WHERE b.department_id = $1 AND b.template_id = $2
        ORDER BY b.set_at DESC, b.id DESC LIMIT 100`,
  /** Packs on the wards, per department and template: dispatched there and not yet collected ($1: one department, null: all). */
  held: `SELECT department_id AS "departmentId", template_id AS "templateId", count(*)::int AS n
         FROM packs
        WHERE state IN (${list(HELD_STATES)}) AND department_id IS NOT NULL AND ($1::uuid IS NULL OR department_id = $1)
        GROUP BY department_id, template_id`,
  /**
   * Packs in the CSSD's loop for a department, per template: the cycles of sets collected from it
   * (its collection rounds) being reprocessed, up to their release (LOOP_STATES: not sterile
   * storage, whose thousands of packs would each cost a probe of round_items). A cycle in the CSSD
   * has no department yet, so the department-and-state index finds them ($1: one department, null: all).
   */
  inLoop: `SELECT r.department_id AS "departmentId", p.template_id AS "templateId", count(*)::int AS n
         FROM packs p
         JOIN round_items i ON i.pack_id = p.id
         JOIN rounds r ON r.id = i.round_id AND r.kind = 'collection'
        WHERE p.department_id IS NULL AND p.state IN (${list(LOOP_STATES)}) AND ($1::uuid IS NULL OR r.department_id = $1)
        GROUP BY r.department_id, p.template_id`,
  /**
   * Usable packs in sterile storage per template: stored, not expired on day $1 (the hospital's
   * today), not wet or damaged, no failed indicator — what dispatch would let out (§4.3).
   */
  inStorage: `SELECT template_id AS "templateId", count(*)::int AS n
         FROM packs
        WHERE state = 'stored' AND expiry_date >= $1 AND NOT wet AND NOT damaged AND outside_indicator_passed IS NOT FALSE
        GROUP BY template_id`,
  /**
   * Requisitions with their lines and how many packs counted against each: of department $1, or
   * only requisition $2, or only number $3 (each null: any); $4 true: only those still open (not
   * closed, a line still short); the newest first, 300 at most.
   */
  requisitions: `SELECT q.id, q.no, q.department_id AS "departmentId", d.code AS "departmentCode", d.name_zh AS "departmentNameZh",
              d.name_en AS "departmentNameEn", q.urgency, q.note, q.requested_at AS "requestedAt", u.display_name AS "requestedByName",
              c.kind AS closure, c.reason AS "closureReason", c.closed_at AS "closedAt", cu.display_name AS "closedByName",
              (SELECT json_agg(json_build_object('lineId', l.id, 'templateId', l.template_id, 'templateCode', t.code, 'nameZh', t.name_zh,
                        'nameEn', t.name_en, 'quantity', l.quantity,
                        'fulfilled', (SELECT count(*) FROM requisition_fulfilments f WHERE f.line_id = l.id)) ORDER BY t.code)
                 FROM requisition_lines l JOIN set_templates t ON t.id = l.template_id WHERE l.requisition_id = q.id) AS lines
         FROM requisitions q
         JOIN departments d ON d.id = q.department_id
         JOIN users u ON u.id = q.requested_by
         LEFT JOIN requisition_closures c ON c.requisition_id = q.id
         LEFT JOIN users cu ON cu.id = c.closed_by
        WHERE ($1::uuid IS NULL OR q.department_id = $1) AND ($2::uuid IS NULL OR q.id = $2) AND ($3::int IS NULL OR q.no = $3)
          AND (NOT $4 OR (c.id IS NULL AND EXISTS (
                SELECT 1 FROM requisition_lines l WHERE l.requisition_id = q.id
                   AND l.quantity > (SELECT count(*) FROM requisition_fulfilments f WHERE f.line_id = l.id))))
        ORDER BY q.requested_at DESC, q.no DESC LIMIT 300`,
  /** The lines of requisition $1 with the packs counted so far (read under the requisition's lock). */
  lines: `SELECT l.id AS "lineId", l.template_id AS "templateId", t.code AS "templateCode", t.name_zh AS "nameZh", t.name_en AS "nameEn",
              l.quantity, (SELECT count(*) FROM requisition_fulfilments f WHERE f.line_id = l.id)::int AS fulfilled
         FROM requisition_lines l JOIN set_templates t ON t.id = l.template_id
        WHERE l.requisition_id = $1 ORDER BY t.code`,
  /** Whether requisition $1 was closed (cancelled or refused). */
  closure: `SELECT kind FROM requisition_closures WHERE requisition_id = $1`,
  /** The packs that counted against requisition $1: label, template, when, by whom. */
  fulfilments: `SELECT p.barcode, t.code AS "templateCode", t.name_zh AS "nameZh", t.name_en AS "nameEn", f.at, u.display_name AS "dispatchedByName"
         FROM requisition_fulfilments f
         JOIN requisition_lines l ON l.id = f.line_id
         JOIN packs p ON p.id = f.pack_id
         JOIN set_templates t ON t.id = l.template_id
         JOIN users u ON u.id = f.dispatched_by
        WHERE l.requisition_id = $1 ORDER BY f.at, p.barcode`,
  /**
   * Serializes the rounds of department $1 and kind $2 for the rest of the transaction: a scan
   * finding (or opening) the open round and a closing of it do not interleave.
   */
  lockRounds: `SELECT pg_advisory_xact_lock(hashtextextended('cssd-round:' || $1 || ':' || $2, 0))`,
  /** The open round (not closed) of department $1 and kind $2, if any. */
  openRound: `SELECT r.id, r.no FROM rounds r
        WHERE r.department_id = $1 AND r.kind = $2 AND NOT EXISTS (SELECT 1 FROM round_closings c WHERE c.round_id = r.id)
        ORDER BY r.opened_at DESC LIMIT 1`,
  /**
   * Rounds with their closing and signature: of department $1, kind $2, or only round $3 (each null:
   * any); $4: 'open' (not closed), 'unsigned' (closed, not signed), 'signed', null: any. The newest
   * first, 200 at most.
   */
  rounds: `SELECT r.id, r.no, r.kind, r.department_id AS "departmentId", d.code AS "departmentCode", d.name_zh AS "departmentNameZh",
              d.name_en AS "departmentNameEn", r.station, r.opened_at AS "openedAt", ou.display_name AS "openedByName",
              c.closed_at AS "closedAt", cu.display_name AS "closedByName",
              s.signed_at AS "signedAt", su.display_name AS "signedByName", s.reconciled, s.note AS "signatureNote",
              (SELECT count(*) FROM round_items i WHERE i.round_id = r.id)::int AS items
         FROM rounds r
         JOIN departments d ON d.id = r.department_id
         JOIN users ou ON ou.id = r.opened_by
         LEFT JOIN round_closings c ON c.round_id = r.id
         LEFT JOIN users cu ON cu.id = c.closed_by
         LEFT JOIN round_signatures s ON s.round_id = r.id
         LEFT JOIN users su ON su.id = s.signed_by
        WHERE ($1::uuid IS NULL OR r.department_id = $1) AND ($2::text IS NULL OR r.kind = $2) AND ($3::uuid IS NULL OR r.id = $3)
          AND CASE $4::text WHEN 'open' THEN c.id IS NULL WHEN 'unsigned' THEN c.id IS NOT NULL AND s.id IS NULL
                            WHEN 'signed' THEN s.id IS NOT NULL ELSE true END
        ORDER BY r.opened_at DESC, r.no DESC LIMIT 200`,
  /** The packs on round $1's manifest, in the order they were scanned, with their state now. */
  roundItems: `SELECT i.pack_id AS "packId", i.barcode, i.template_id AS "templateId", t.code AS "templateCode", t.name_zh AS "nameZh",
              t.name_en AS "nameEn", s.asset_code AS "setAssetCode", p.state, q.no AS "requisitionNo", i.handed_over_by AS "handedOverBy",
              u.display_name AS "actorName", i.at
         FROM round_items i
         JOIN set_templates t ON t.id = i.template_id
         JOIN packs p ON p.id = i.pack_id
         JOIN users u ON u.id = i.actor_id
         LEFT JOIN instrument_sets s ON s.id = i.set_id
         LEFT JOIN requisitions q ON q.id = i.requisition_id
        WHERE i.round_id = $1 ORDER BY i.at, i.id`,
  /** The count signed for round $1, template by template. */
  signatureLines: `SELECT l.template_id AS "templateId", t.code AS "templateCode", t.name_zh AS "nameZh", t.name_en AS "nameEn",
              l.expected, l.counted, l.difference, l.note
         FROM round_signatures s
         JOIN round_signature_lines l ON l.signature_id = s.id
         JOIN set_templates t ON t.id = l.template_id
        WHERE s.round_id = $1 ORDER BY t.code`,
  /** Packs of round $1 still dispatched to its department whose template is one of $2: what a matching count receives. */
  packsToReceive: `SELECT p.id FROM round_items i JOIN rounds r ON r.id = i.round_id JOIN packs p ON p.id = i.pack_id
        WHERE i.round_id = $1 AND p.template_id = ANY($2::uuid[]) AND p.state = 'dispatched' AND p.department_id = r.department_id
        ORDER BY p.id`,
  /** Templates $1 (ids) with their code and names. */
  templates: `SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn", active FROM set_templates WHERE id = ANY($1::uuid[])`,
  /** Active departments (for the stock levels of every department). */
  departments: `SELECT id, code, name_zh AS "nameZh", name_en AS "nameEn" FROM departments WHERE active ORDER BY code`,
} as const satisfies Statements;

/** Every query of base quantities, requisitions and manifests; the services hold the rules and the transactions. */
@Injectable()
export class RequisitionsRepository {
  static readonly statements = REQUISITIONS_SQL;

  department(m: EntityManager, id: string): Promise<Department | null> {
    return findById(m, Department, id);
  }

  template(m: EntityManager, id: string): Promise<SetTemplate | null> {
    return findById(m, SetTemplate, id);
  }

  async nextRequisitionNo(m: EntityManager): Promise<number> {
    const [{ no }] = await m.query(REQUISITIONS_SQL.nextRequisitionNo);
    return no;
  }

  async nextRoundNo(m: EntityManager): Promise<number> {
    const [{ no }] = await m.query(REQUISITIONS_SQL.nextRoundNo);
    return no;
  }

  baseQuantities(m: Db, departmentId: string | null): Promise<BaseRow[]> {
    return m.query(REQUISITIONS_SQL.baseQuantities, [departmentId]);
  }

  baseQuantityHistory(m: Db, departmentId: string, templateId: string) {
    return m.query(REQUISITIONS_SQL.baseQuantityHistory, [departmentId, templateId]) as Promise<
      { quantity: number; emergency: boolean; note: string | null; setAt: Date; setByName: string }[]
    >;
  }

  held(m: Db, departmentId: string | null): Promise<CountRow[]> {
    return m.query(REQUISITIONS_SQL.held, [departmentId]);
  }

  inLoop(m: Db, departmentId: string | null): Promise<CountRow[]> {
    return m.query(REQUISITIONS_SQL.inLoop, [departmentId]);
  }

  async inStorage(m: Db, today: string): Promise<Map<string, number>> {
    const rows: { templateId: string; n: number }[] = await m.query(REQUISITIONS_SQL.inStorage, [today]);
    return new Map(rows.map((r) => [r.templateId, r.n]));
  }

  requisitions(
    m: Db,
    f: { departmentId?: string | null; id?: string | null; no?: number | null; openOnly?: boolean },
  ): Promise<RequisitionRow[]> {
    return m
      .query(REQUISITIONS_SQL.requisitions, [f.departmentId ?? null, f.id ?? null, f.no ?? null, f.openOnly ?? false])
      .then((rows: (RequisitionRow & { lines: LineRow[] | null })[]) =>
        rows.map((r) => ({ ...r, lines: (r.lines ?? []).map((l) => ({ ...l, fulfilled: Number(l.fulfilled) })) })),
      );
  }

  /** Requisition `id`, locked while a dispatch counts against it or it is cancelled or refused. */
  lockRequisition(m: EntityManager, id: string): Promise<Requisition | null> {
    return findById(m, Requisition, id, { lock: true });
  }

  lines(m: Db, requisitionId: string): Promise<LineRow[]> {
    return m.query(REQUISITIONS_SQL.lines, [requisitionId]);
  }

  async closure(m: Db, requisitionId: string): Promise<ClosureKind | null> {
    const [row] = await m.query(REQUISITIONS_SQL.closure, [requisitionId]);
    return row?.kind ?? null;
  }

  fulfilments(m: Db, requisitionId: string) {
    return m.query(REQUISITIONS_SQL.fulfilments, [requisitionId]) as Promise<
      { barcode: string; templateCode: string; nameZh: string; nameEn: string; at: Date; dispatchedByName: string }[]
    >;
  }

  async lockRounds(m: EntityManager, departmentId: string, kind: RoundKind): Promise<void> {
    await m.query(REQUISITIONS_SQL.lockRounds, [departmentId, kind]);
  }

  async openRound(m: EntityManager, departmentId: string, kind: RoundKind): Promise<{ id: string; no: number } | null> {
    const [row] = await m.query(REQUISITIONS_SQL.openRound, [departmentId, kind]);
    return row ?? null;
  }

  rounds(
    m: Db,
    f: { departmentId?: string | null; kind?: RoundKind | null; id?: string | null; status?: 'open' | 'unsigned' | 'signed' | null },
  ): Promise<RoundRow[]> {
    return m.query(REQUISITIONS_SQL.rounds, [f.departmentId ?? null, f.kind ?? null, f.id ?? null, f.status ?? null]);
  }

  roundItems(m: Db, roundId: string): Promise<RoundItemRow[]> {
    return m.query(REQUISITIONS_SQL.roundItems, [roundId]);
  }

  signatureLines(m: Db, roundId: string): Promise<SignatureLineRow[]> {
    return m.query(REQUISITIONS_SQL.signatureLines, [roundId]);
  }

  async packsToReceive(m: EntityManager, roundId: string, templateIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await m.query(REQUISITIONS_SQL.packsToReceive, [roundId, templateIds]);
    return rows.map((r) => r.id);
  }

  templates(m: Db, ids: string[]): Promise<{ id: string; code: string; nameZh: string; nameEn: string; active: boolean }[]> {
    return m.query(REQUISITIONS_SQL.templates, [ids]);
  }

  departments(m: Db): Promise<{ id: string; code: string; nameZh: string; nameEn: string }[]> {
    return m.query(REQUISITIONS_SQL.departments);
  }
}
