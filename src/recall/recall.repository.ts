import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { getById } from '../database/prepared.js';
import type { Statements } from '../database/statements.js';
import { RecallItem, type Disposition } from './recall-item.entity.js';
import { recallScopeQuery, SCOPE_ANCHOR_SQL, scopeSql, type RecallScope } from './recall-scope.js';
import { Recall } from './recall.entity.js';

/** A recall item with where its pack is and what it is (the list and the follow-up). */
const RECALL_ITEMS_VIEW = `SELECT p.barcode, p.id AS pack_id, p.state AS current_state, t.code AS template_code, t.name_zh, t.name_en, p.implant,
              s.code AS sterilizer_code, l.cycle_no, ri.state_at_recall, ri.disposition, ri.patient_id, ri.operation_id,
              d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en, ri.accounted_at,
              u.display_name AS accounted_by_name, ri.returned_from_department_id IS NOT NULL AS sent_back_by_department, ri.handed_in_by
         FROM recall_items ri
         JOIN packs p ON p.id = ri.pack_id
         JOIN set_templates t ON t.id = p.template_id
         JOIN sterilizer_loads l ON l.id = ri.load_id
         JOIN sterilizers s ON s.id = l.sterilizer_id
         LEFT JOIN departments d ON d.id = ri.department_id
         LEFT JOIN users u ON u.id = ri.accounted_by`;

/**
 * Lists the packs of a scope ($3…, from recallScopeQuery) in recall $1 with where each is now;
 * packs in the states $2 are still to be found. A used pack's patient and operation come from the
 * pack (recorded at use): a recall of thousands of used packs reads no events. A pack that came
 * back with no use recorded is listed apart (issue 18): its department is asked. The packs are
 * locked in id order. Exported for bench/data/explain.mjs, which shows its plan on generated history.
 *
 * A pack an earlier open recall has taken out of circulation (state `recalled`) but not yet found
 * is still to be found here too (§4.4: every pack accounted for, in every recall), listed where
 * that recall found it — its state and department then — so its department is told again and
 * this recall waits for it as well. `prior` is probed only for packs already `recalled`.
 */
export function recallItemsInsert(scopeSql: string): string {
  return `WITH scope AS (${scopeSql}),
       locked AS (
         SELECT pk.id, pk.state, pk.department_id, pk.patient_id, pk.operation_id, s.load_id
           FROM packs pk JOIN (SELECT DISTINCT pack_id, load_id FROM scope) s ON s.pack_id = pk.id
          ORDER BY pk.id
            FOR UPDATE OF pk
       )
       INSERT INTO recall_items (recall_id, pack_id, load_id, state_at_recall, department_id, disposition, patient_id, operation_id)
       SELECT $1, l.id, l.load_id, CASE WHEN prior.pending THEN prior.state_at_recall ELSE l.state END, CASE WHEN prior.pending THEN prior.department_id ELSE l.department_id END,
              CASE WHEN prior.pending OR l.state = ANY($2::text[]) THEN 'not_found' WHEN l.state = 'used' THEN 'used'
                   WHEN l.state = 'use_unrecorded' THEN 'use_not_recorded' ELSE 'out_of_circulation' END,
              CASE WHEN l.state = 'used' THEN l.patient_id END, CASE WHEN l.state = 'used' THEN l.operation_id END
         FROM locked l
         LEFT JOIN LATERAL (
           SELECT true AS pending, ri.state_at_recall, ri.department_id
             FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id
            WHERE l.state = 'recalled' AND ri.pack_id = l.id AND ri.disposition = 'not_found' AND r.status = 'open'
            ORDER BY r.opened_at LIMIT 1
         ) prior ON true
       ON CONFLICT DO NOTHING`;
}

/** Recall's SQL, by name (snapshotted in test/contract/sql-statements.spec.ts). */
export const RECALL_SQL = {
  /** since_last_passing_bi's anchor load (recall-scope.ts). */
  scopeAnchor: SCOPE_ANCHOR_SQL,
  /** Opening: the scope's packs into recall $1, one statement per kind of scope (its parameters from $3). */
  insertItemsSinceLastPassingBi: recallItemsInsert(scopeSql('since_last_passing_bi', 3)),
  insertItemsOfLoads: recallItemsInsert(scopeSql('loads', 3)),
  insertItemsOfTimeRange: recallItemsInsert(scopeSql('time_range', 3)),
  insertItemsOfPacks: recallItemsInsert(scopeSql('packs', 3)),
  itemCount: `SELECT count(*)::int AS n FROM recall_items WHERE recall_id = $1`,
  /** The packs of recall $1 (the ledger steps them all to `recalled` at once). */
  itemPackIds: `SELECT pack_id FROM recall_items WHERE recall_id = $1`,
  /** Per department holding packs of recall $1: its packs, how many used and how many back with no use recorded. */
  departmentsToNotify: `SELECT ri.department_id, json_agg(json_build_object('id', p.id, 'barcode', p.barcode) ORDER BY p.barcode) AS packs,
              count(*) FILTER (WHERE ri.disposition = 'used')::int AS used,
              count(*) FILTER (WHERE ri.disposition = 'use_not_recorded')::int AS unrecorded
         FROM recall_items ri JOIN packs p ON p.id = ri.pack_id
        WHERE ri.recall_id = $1 AND ri.department_id IS NOT NULL AND ri.disposition IN ('not_found', 'used', 'use_not_recorded')
        GROUP BY ri.department_id`,
  packsByBarcode: `SELECT id, barcode FROM packs WHERE barcode = ANY($1::text[])`,
  countsOfRecalls: `SELECT recall_id, disposition, count(*)::int AS n FROM recall_items WHERE recall_id = ANY($1::uuid[]) GROUP BY recall_id, disposition`,
  countsByDisposition: `SELECT disposition, count(*)::int AS n FROM recall_items WHERE recall_id = $1 GROUP BY disposition`,
  /** One page ($3 items from $4) of recall $1's packs, optionally of one disposition ($2). */
  itemsPage: `${RECALL_ITEMS_VIEW} WHERE ri.recall_id = $1 AND ($2::text IS NULL OR ri.disposition = $2) ORDER BY s.code, l.cycle_no, p.barcode LIMIT $3 OFFSET $4`,
  usedItems: `${RECALL_ITEMS_VIEW} WHERE ri.recall_id = $1 AND ri.disposition = 'used' ORDER BY s.code, l.cycle_no, p.barcode`,
  useNotRecordedItems: `${RECALL_ITEMS_VIEW} WHERE ri.recall_id = $1 AND ri.disposition = 'use_not_recorded' ORDER BY d.code, s.code, l.cycle_no, p.barcode`,
  /** Pack $1's "use not recorded" items in open recalls, completed by its department. */
  completeUse: `UPDATE recall_items ri
          SET disposition = $2, patient_id = $3, operation_id = $4, accounted_at = $5, accounted_by = $6
         FROM recalls r
        WHERE r.id = ri.recall_id AND r.status = 'open' AND ri.pack_id = $1 AND ri.disposition = 'use_not_recorded'`,
  /**
   * Pack $1 scanned back: pulled (it was inside the CSSD, states $2) or returned, in every open recall
   * waiting for it; a returned one records who of the department handed it in ($5, when stated).
   */
  settleScanned: `WITH settled AS (
             UPDATE recall_items ri
                SET disposition = CASE WHEN ri.state_at_recall = ANY($2::text[]) THEN 'pulled' ELSE 'returned' END, accounted_at = $3, accounted_by = $4,
                    handed_in_by = CASE WHEN ri.state_at_recall = ANY($2::text[]) THEN NULL ELSE $5::text END
               FROM recalls r
              WHERE r.id = ri.recall_id AND r.status = 'open' AND ri.pack_id = $1 AND ri.disposition = 'not_found'
          RETURNING ri.recall_id
           )
           SELECT recall_id FROM settled`,
  notFoundLeft: `SELECT count(*)::int AS left FROM recall_items WHERE recall_id = $1 AND disposition = 'not_found'`,
  /** Pack $1 sent back by department $2, in every open recall that found it there. */
  settleSentBack: `WITH settled AS (
           UPDATE recall_items ri
              SET disposition = 'returned', accounted_at = $3, accounted_by = $4, returned_from_department_id = $2
             FROM recalls r
            WHERE r.id = ri.recall_id AND r.status = 'open' AND ri.pack_id = $1 AND ri.department_id = $2 AND ri.disposition = 'not_found'
        RETURNING ri.recall_id
         )
         SELECT recall_id FROM settled`,
  alreadyBack: `SELECT 1 FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id
            WHERE r.status = 'open' AND ri.pack_id = $1 AND ri.department_id = $2 AND ri.disposition IN ('returned', 'pulled') LIMIT 1`,
  backCount: `SELECT count(*)::int AS back FROM recall_items WHERE recall_id = $1 AND disposition IN ('pulled', 'returned')`,
  /** Department $1's packs in open recalls still to return, used, or to complete. */
  departmentItems: `SELECT r.id AS recall_id, r.trigger, r.reason, r.scope, r.opened_at, p.barcode, t.name_zh, t.name_en, ri.disposition
         FROM recall_items ri JOIN recalls r ON r.id = ri.recall_id JOIN packs p ON p.id = ri.pack_id JOIN set_templates t ON t.id = p.template_id
        WHERE ri.department_id = $1 AND r.status = 'open' AND ri.disposition IN ('not_found', 'used', 'use_not_recorded')
        ORDER BY r.opened_at DESC, p.barcode`,
  /**
   * Department $2 acknowledges its notice $1 (by $3, at $4, station $5): the row, or none when the
   * notice is not that department's or was acknowledged already (one acknowledgement per notice).
   */
  acknowledgeNotice: `INSERT INTO department_notice_acknowledgements (notice_id, acknowledged_by, acknowledged_at, station)
       SELECT n.id, $3, $4, $5 FROM department_notices n WHERE n.id = $1 AND n.department_id = $2
       ON CONFLICT (notice_id) DO NOTHING
       RETURNING acknowledged_at`,
  /** Whether notice $1 is department $2's. */
  noticeOfDepartment: `SELECT 1 FROM department_notices WHERE id = $1 AND department_id = $2`,
  /** The acknowledgements of notices $1, with who acknowledged. */
  acknowledgements: `SELECT a.notice_id, a.acknowledged_at, u.display_name AS acknowledged_by
         FROM department_notice_acknowledgements a JOIN users u ON u.id = a.acknowledged_by
        WHERE a.notice_id = ANY($1::uuid[])`,
} as const satisfies Statements;

type Settled = { recall_id: string }[];

/** What recalls read and write besides the pack ledger; transactions stay the service's. */
@Injectable()
export class RecallRepository {
  static readonly statements = RECALL_SQL;

  insertRecall(m: EntityManager, recall: Partial<Recall>): Promise<Recall> {
    return m.getRepository(Recall).save(m.getRepository(Recall).create(recall));
  }

  /**
   * Lists the scope's packs in recall `recallId` with where they are now (RECALL_SQL.insertItems…);
   * packs in the states `stillToFind` are to be found. FOR UPDATE: a station dispatching one of
   * these packs right now either finishes first (and the pack is listed as dispatched to its
   * department) or waits and is then refused as recalled.
   */
  async insertItems(m: EntityManager, recallId: string, scope: RecallScope, stillToFind: readonly string[]): Promise<void> {
    const q = await recallScopeQuery(m, scope, 3);
    await m.query(recallItemsInsert(q.sql), [recallId, stillToFind, ...q.params]);
  }

  async itemCount(m: EntityManager, recallId: string): Promise<number> {
    const [{ n }] = await m.query(RECALL_SQL.itemCount, [recallId]);
    return n;
  }

  departmentsToNotify(
    m: EntityManager,
    recallId: string,
  ): Promise<{ department_id: string; packs: { id: string; barcode: string | null }[]; used: number; unrecorded: number }[]> {
    return m.query(RECALL_SQL.departmentsToNotify, [recallId]);
  }

  packsByBarcode(m: EntityManager, barcodes: string[]): Promise<{ id: string; barcode: string }[]> {
    return m.query(RECALL_SQL.packsByBarcode, [barcodes]);
  }

  /** The 200 newest recalls, optionally in one status. */
  recalls(m: EntityManager, status?: 'open' | 'closed'): Promise<Recall[]> {
    return m.getRepository(Recall).find({ where: status ? { status } : {}, order: { openedAt: 'DESC' }, take: 200 });
  }

  countsOfRecalls(m: EntityManager, recallIds: string[]): Promise<{ recall_id: string; disposition: Disposition; n: number }[]> {
    return m.query(RECALL_SQL.countsOfRecalls, [recallIds]);
  }

  recall(m: EntityManager, id: string): Promise<Recall | null> {
    return m.getRepository(Recall).findOneBy({ id });
  }

  lockRecall(m: EntityManager, id: string): Promise<Recall | null> {
    return m.getRepository(Recall).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  knownRecall(m: EntityManager, id: string): Promise<Recall> {
    return m.getRepository(Recall).findOneByOrFail({ id });
  }

  async closeRecall(m: EntityManager, id: string, closing: Omit<Partial<Recall>, 'scope'>): Promise<void> {
    await m.getRepository(Recall).update({ id }, closing);
  }

  countsByDisposition(m: EntityManager, recallId: string): Promise<{ disposition: Disposition; n: number }[]> {
    return m.query(RECALL_SQL.countsByDisposition, [recallId]);
  }

  itemsPage(m: EntityManager, recallId: string, disposition: Disposition | null, limit: number, offset: number) {
    return m.query(RECALL_SQL.itemsPage, [recallId, disposition, limit, offset]);
  }

  usedItems(m: EntityManager, recallId: string) {
    return m.query(RECALL_SQL.usedItems, [recallId]);
  }

  useNotRecordedItems(m: EntityManager, recallId: string) {
    return m.query(RECALL_SQL.useNotRecordedItems, [recallId]);
  }

  async completeUse(
    m: EntityManager,
    packId: string,
    disposition: Disposition,
    patientId: string | null,
    operationId: string | null,
    at: Date,
    actorId: string,
  ): Promise<void> {
    await m.query(RECALL_SQL.completeUse, [packId, disposition, patientId, operationId, at, actorId]);
  }

  item(m: EntityManager, recallId: string, packId: string): Promise<RecallItem | null> {
    return m.getRepository(RecallItem).findOneBy({ recallId, packId });
  }

  settleScanned(
    m: EntityManager,
    packId: string,
    insideCssd: readonly string[],
    at: Date,
    actorId: string,
    handedInBy: string | null,
  ): Promise<Settled> {
    return m.query(RECALL_SQL.settleScanned, [packId, insideCssd, at, actorId, handedInBy]);
  }

  async notFoundLeft(m: EntityManager, recallId: string): Promise<number> {
    const [{ left }] = await m.query(RECALL_SQL.notFoundLeft, [recallId]);
    return left;
  }

  settleSentBack(m: EntityManager, packId: string, departmentId: string, at: Date, actorId: string): Promise<Settled> {
    return m.query(RECALL_SQL.settleSentBack, [packId, departmentId, at, actorId]);
  }

  async alreadyBack(m: EntityManager, packId: string, departmentId: string): Promise<boolean> {
    const [done] = await m.query(RECALL_SQL.alreadyBack, [packId, departmentId]);
    return !!done;
  }

  async backCount(m: EntityManager, recallId: string): Promise<number> {
    const [{ back }] = await m.query(RECALL_SQL.backCount, [recallId]);
    return back;
  }

  department(m: EntityManager, id: string): Promise<Department> {
    return getById(m, Department, id);
  }

  /** A department a client named (it may not exist). */
  findDepartment(m: EntityManager, id: string): Promise<Department | null> {
    return m.getRepository(Department).findOneBy({ id });
  }

  departmentItems(m: EntityManager, departmentId: string): Promise<{ trigger: string; reason: string; scope: Record<string, unknown> }[]> {
    return m.query(RECALL_SQL.departmentItems, [departmentId]);
  }

  /** The acknowledgement's time, or undefined when the notice is not the department's or already acknowledged. */
  async acknowledgeNotice(
    m: EntityManager,
    noticeId: string,
    departmentId: string,
    actorId: string,
    at: Date,
    station: string | null,
  ): Promise<Date | undefined> {
    const [row] = await m.query(RECALL_SQL.acknowledgeNotice, [noticeId, departmentId, actorId, at, station]);
    return row?.acknowledged_at;
  }

  async noticeOfDepartment(m: EntityManager, noticeId: string, departmentId: string): Promise<boolean> {
    return (await m.query(RECALL_SQL.noticeOfDepartment, [noticeId, departmentId])).length > 0;
  }

  acknowledgements(
    m: EntityManager,
    noticeIds: string[],
  ): Promise<{ notice_id: string; acknowledged_at: Date; acknowledged_by: string }[]> {
    return m.query(RECALL_SQL.acknowledgements, [noticeIds]);
  }

  async packIdsOf(m: EntityManager, recallId: string): Promise<string[]> {
    const rows = await m.getRepository(RecallItem).find({ where: { recallId }, select: { packId: true } });
    return rows.map((r) => r.packId);
  }
}
