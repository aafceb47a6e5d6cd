import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The department's own registers (issue 17) and the books kept beside the pack chain, in the
 * tamper-evident record (issue 15, §4.5): frozen copy of the tables this migration adds to JOURNALED
 * in src/ledger-seal/covered-tables.ts (a migration does not follow later code). All are keyed by uuid
 * `id`; none is archivable (migrations/1795770000000-Archival.ts changed only its nine tables' DELETE
 * triggers, and nothing here touches a DELETE trigger).
 */
const JOURNALED_TABLES = [
  // migrations/1795765000000-Supplies.ts: suppliers, products, licences, batches and their movements.
  'supply_suppliers',
  'supply_products',
  'supply_licences',
  'supply_batches',
  'supply_receipts',
  'supply_stocktakes',
  'supply_stocktake_lines',
  'supply_movements',
  'supply_adverse_events',
  'supply_adverse_event_closures',
  'supply_notices',
  // migrations/1795768000000-DisinfectantPreparations.ts
  'disinfectant_preparations',
  // migrations/1795771000000-Requisitions.ts: requisitions and the rounds' manifests.
  'base_quantities',
  'requisitions',
  'requisition_lines',
  'requisition_fulfilments',
  'requisition_closures',
  'rounds',
  'round_items',
  'round_closings',
  'round_signatures',
  'round_signature_lines',
  // migrations/1795772000000-Defects.ts: defects and their corrective actions, quality reviews.
  'defects',
  'defect_investigations',
  'defect_actions',
  'defect_verifications',
  'defect_closures',
  'quality_reviews',
  'quality_review_decisions',
  'quality_review_amendments',
  // migrations/1795773000000-Visitors.ts
  'visit_requests',
  'visit_decisions',
  'visit_cancellations',
  'visit_check_ins',
  'visit_check_outs',
  'visit_comments',
  // migrations/1795774000000-ShiftHandovers.ts
  'shift_handovers',
  'shift_handover_checklists',
  'shift_handover_signatures',
  'shift_handover_corrections',
  // migrations/1795775000000-Surveys.ts
  'surveys',
  'survey_versions',
  'survey_questions',
  'survey_departments',
  'survey_responses',
  'survey_answers',
  'survey_closures',
  'survey_actions',
];

/**
 * Issue 17: every register's rows journaled (the database's trigger appends each insert's and
 * update's digest to ledger_journal), so a row edited, deleted or inserted behind the triggers by a
 * superuser is found by verify. The rows already there start the journal, as they are now.
 */
export class RegistersSealed1795779000000 implements MigrationInterface {
  name = 'RegistersSealed1795779000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of JOURNALED_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_ledger AFTER INSERT OR UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_ledger_journal('id')`,
      );
      await queryRunner.query(
        `INSERT INTO ledger_journal (table_name, row_key, digest) SELECT '${table}', t.id::text, cssd_ledger_row_digest(t, '{}') FROM "${table}" t ORDER BY 2`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The journal's lines stay (append-only); without the trigger the table is simply not covered.
    for (const table of [...JOURNALED_TABLES].reverse()) await queryRunner.query(`DROP TRIGGER tr_${table}_ledger ON "${table}"`);
  }
}
