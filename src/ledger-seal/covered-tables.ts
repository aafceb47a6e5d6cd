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
 * monitoring results, recalls and their steps, problem reports, routine checks.
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
};

/** The SQL expression of a journaled row's key, as the trigger writes it (`t` is the row). */
export function rowKeySql(keys: readonly string[]): string {
  return keys.map((k) => `(to_jsonb(t) ->> '${k}')`).join(` || '/' || `);
}
