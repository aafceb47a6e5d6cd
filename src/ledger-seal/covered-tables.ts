/**
 * What the tamper-evident record covers (issue 15, §4.5), and how.
 *
 * SEALED_BY_ID: append-only tables with a bigint identity id. The sealer reads them straight,
 * in id order; nothing is added to the transaction that writes them (a station's scan writes
 * pack_events and load_items and pays nothing for the seal).
 *
 * JOURNALED: tables whose rows change by design (a load moves through its phases, a recall
 * closes, a user is deactivated) or that are keyed by uuid. The database's own trigger appends
 * one line per insert and update to ledger_journal (the row's key and digest); the journal is
 * sealed by id like the tables above, and verify compares every current row with its latest
 * journal line. A change made with the triggers off (a superuser) leaves no line and is found.
 * These are low-volume tables: the catalog, users and certifications, washer cycles, loads,
 * monitoring results, recalls and their steps, problem reports, routine checks, and the registers
 * (supplies, equipment, disinfectant preparations, requisitions and rounds, defects, quality
 * reviews, visitors, shift handovers, surveys).
 *
 * Not covered directly: `packs` (its state and dates change at every step, each change is a
 * pack event, sealed above), `idempotency_records` (a retry cache, purged by design),
 * `archive_plan` (an archival's scratch, empty outside its transaction).
 *
 * Archival (issue 15, src/archive/) removes old rows of some of these tables; each removed row is
 * named, with its sealed digest, by a line of `ledger_archive_marks` (sealed above), and verify
 * accepts a row that is gone only when such a mark covers exactly it.
 * The list is frozen per migration (migrations/1795763000000-LedgerSeal.ts adds the triggers);
 * a table added later needs its trigger in a migration and its line here.
 */
export const SEALED_BY_ID = [
  'pack_events',
  'load_items',
  'load_checks',
  'audit_log',
  'webhook_deliveries',
  'ledger_journal',
  // migrations/1795770000000-Archival.ts (issue 15, retention): which sealed rows each archival removed.
  'ledger_archive_marks',
] as const;

/** Journaled tables and their key columns (a composite key is joined with '/'). */
export const JOURNALED: Readonly<Record<string, readonly string[]>> = {
  departments: ['id'],
  set_templates: ['id'],
  set_template_versions: ['template_id', 'version'],
  instrument_sets: ['id'],
  sterilizers: ['id'],
  sterilizer_programs: ['id'],
  washers: ['id'],
  washer_programs: ['id'],
  bi_products: ['id'],
  users: ['id'],
  user_certifications: ['id'],
  washer_cycles: ['id'],
  sterilizer_loads: ['id'],
  bd_tests: ['id'],
  bi_tests: ['id'],
  bi_positive_controls: ['id'],
  emergency_releases: ['id'],
  environment_readings: ['id'],
  recalls: ['id'],
  recall_items: ['recall_id', 'pack_id'],
  department_notices: ['id'],
  problem_reports: ['id'],
  problem_report_outcomes: ['id'],
  quality_check_tasks: ['id'],
  quality_random_checks: ['id'],
  corrective_actions: ['id'],
  corrective_action_closures: ['id'],
  voided_labels: ['barcode'],
  // migrations/1795766000000-Equipment.ts (issue 17): the equipment register, its faults and maintenance.
  equipment: ['id'],
  equipment_faults: ['id'],
  equipment_maintenance: ['id'],
  // migrations/1795769000000-NoticeAcknowledgements.ts (issue 15): a department acknowledged a notice.
  department_notice_acknowledgements: ['id'],
  // migrations/1795770000000-Archival.ts (issue 15, retention): each archival's record.
  archive_runs: ['id'],
  // migrations/1795779000000-RegistersSealed.ts (issue 17): the registers kept beside the pack chain.
  // migrations/1795765000000-Supplies.ts: suppliers, products, licences, batches and their movements.
  supply_suppliers: ['id'],
  supply_products: ['id'],
  supply_licences: ['id'],
  supply_batches: ['id'],
  supply_receipts: ['id'],
  supply_stocktakes: ['id'],
  supply_stocktake_lines: ['id'],
  supply_movements: ['id'],
  supply_adverse_events: ['id'],
  supply_adverse_event_closures: ['id'],
  supply_notices: ['id'],
  // migrations/1795768000000-DisinfectantPreparations.ts
  disinfectant_preparations: ['id'],
  // migrations/1795771000000-Requisitions.ts: requisitions and the rounds' manifests.
  base_quantities: ['id'],
  requisitions: ['id'],
  requisition_lines: ['id'],
  requisition_fulfilments: ['id'],
  requisition_closures: ['id'],
  rounds: ['id'],
  round_items: ['id'],
  round_closings: ['id'],
  round_signatures: ['id'],
  round_signature_lines: ['id'],
  // migrations/1795772000000-Defects.ts: defects and their corrective actions, quality reviews.
  defects: ['id'],
  defect_investigations: ['id'],
  defect_actions: ['id'],
  defect_verifications: ['id'],
  defect_closures: ['id'],
  quality_reviews: ['id'],
  quality_review_decisions: ['id'],
  quality_review_amendments: ['id'],
  // migrations/1795773000000-Visitors.ts
  visit_requests: ['id'],
  visit_decisions: ['id'],
  visit_cancellations: ['id'],
  visit_check_ins: ['id'],
  visit_check_outs: ['id'],
  visit_comments: ['id'],
  // migrations/1795774000000-ShiftHandovers.ts
  shift_handovers: ['id'],
  shift_handover_checklists: ['id'],
  shift_handover_signatures: ['id'],
  shift_handover_corrections: ['id'],
  // migrations/1795775000000-Surveys.ts
  surveys: ['id'],
  survey_versions: ['id'],
  survey_questions: ['id'],
  survey_departments: ['id'],
  survey_responses: ['id'],
  survey_answers: ['id'],
  survey_closures: ['id'],
  survey_actions: ['id'],
  // migrations/1795781000000-LoanersRepairsSealed.ts (issue 16): loaner trays and the repair register.
  loaner_trays: ['id'],
  loaner_returns: ['id'],
  repair_entries: ['id'],
  repair_steps: ['id'],
};

/**
 * The tables deliberately outside the record (see above), with the migrations' own table and the seal
 * chain itself (verified as a chain). Every other table must be in SEALED_BY_ID or JOURNALED
 * (test/e2e/tamper-evidence.e2e-spec.ts checks the database against these lists).
 */
export const NOT_COVERED = [
  'packs',
  'idempotency_records',
  'archive_plan',
  'ledger_seals',
  'migrations',
  // The reports' day tallies (src/reports/day-tallies.ts): sums of pack_events, rebuildable from them.
  'report_day_tallies',
  'report_pack_shelf',
  'report_tally_state',
] as const;

/** The SQL expression of a journaled row's key, as the trigger writes it (`t` is the row). */
export function rowKeySql(keys: readonly string[]): string {
  return keys.map((k) => `(to_jsonb(t) ->> '${k}')`).join(` || '/' || `);
}
