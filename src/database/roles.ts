import pg from 'pg';

/**
 * Two database roles (issue 13 §2, docs/domain.md §4.5): the owner runs migrations and owns every
 * table, trigger and function; the service runs as a runtime role with only what it needs.
 * Without ownership and without CREATE on the schema, the runtime role cannot disable or drop
 * a trigger, replace a trigger function, or truncate — so the history triggers hold against
 * the service's own credentials, not only against the service's code.
 */

/** Append-only tables: the runtime role may read and add rows, never change them (§4.5). */
export const HISTORY_TABLES = [
  'pack_events',
  'load_items',
  'bd_tests',
  'environment_readings',
  'emergency_releases',
  'webhook_deliveries',
  'voided_labels',
  'audit_log',
  'set_template_versions',
  'load_checks',
  'problem_reports',
  'problem_report_outcomes',
  'bi_positive_controls',
  // Disposable sterile supplies (seed 16): the register, stock movements, stocktakes, adverse events.
  // (supply_batches is append-only by its trigger, but not here: issues lock its rows FOR UPDATE,
  // which PostgreSQL grants only with the UPDATE privilege.)
  'supply_suppliers',
  'supply_products',
  'supply_licences',
  'supply_receipts',
  'supply_stocktakes',
  'supply_stocktake_lines',
  'supply_movements',
  'supply_adverse_events',
  'supply_adverse_event_closures',
  'supply_notices',
  'ledger_seals',
  'ledger_journal',
  // The disinfectant preparation log (seed 1.2, 7.4): corrections are new rows.
  'disinfectant_preparations',
  // Base quantities, requisitions and handover manifests (issue 16). (requisitions is append-only
  // by its trigger, but not here: a dispatch counting against one locks its row FOR UPDATE.)
  'base_quantities',
  'requisition_lines',
  'requisition_fulfilments',
  'requisition_closures',
  'rounds',
  'round_items',
  'round_closings',
  'round_signatures',
  'round_signature_lines',
  // The defect register and the monthly quality review (seed 20, 10): each step is a new row.
  'defects',
  'defect_investigations',
  'defect_actions',
  'defect_verifications',
  'defect_closures',
  'quality_reviews',
  'quality_review_decisions',
  'quality_review_amendments',
  // The visitors register (issue 17): requests, decisions, cancellations, check-ins and -outs, comments.
  'visit_requests',
  'visit_decisions',
  'visit_cancellations',
  'visit_check_ins',
  'visit_check_outs',
  'visit_comments',
  // Loaner trays (issue 16): the receipt with its count sheet, the return to the lender.
  'loaner_trays',
  'loaner_returns',
  // The shift handover (issue 17, seed 17): the note, its checklist, signatures and corrections are new rows.
  'shift_handovers',
  'shift_handover_checklists',
  'shift_handover_signatures',
  'shift_handover_corrections',
  // Department satisfaction surveys (issue 17, seed 5.2): versions, answers, closures, actions are new rows.
  // (surveys is append-only by its trigger, but not here: answering and changing lock its row FOR UPDATE.)
  'survey_versions',
  'survey_questions',
  'survey_departments',
  'survey_responses',
  'survey_answers',
  'survey_closures',
  'survey_actions',
  // The repair, scrap and compensation register (issue 16, seed 4.4): dispositions and their later steps.
  'repair_entries',
  'repair_steps',
  // Retention (issue 15): the archivals run and the sealed rows each removed.
  'archive_runs',
  'ledger_archive_marks',
] as const;

/**
 * Written only by the owner: the journal (by the database's trigger) and the archival's records
 * (by `npm run archive`, as the owner). The service reads them (verify), never adds to them.
 */
const OWNER_WRITTEN_TABLES = ['ledger_journal', 'archive_runs', 'ledger_archive_marks'] as const;
/** Not the service's at all: the archival's scratch plan (src/archive/). */
const OWNER_ONLY_TABLES = ['archive_plan'] as const;

/** The only table the service deletes from: its own idempotency records (not history). */
const DELETABLE_TABLES = ['idempotency_records'] as const;

/** The runtime role's name in embedded mode. */
export const EMBEDDED_RUNTIME_ROLE = 'cssd_app';

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

export function roleOfUrl(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  if (!user) throw new Error('The database URL names no user: the runtime role must be explicit');
  return user;
}

export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'cssd-trace-setup' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface RuntimeRoleOptions {
  role: string;
  /** The password to create the role with (a LOGIN role). */
  password: string;
  /**
   * Also set the password of an existing role (embedded mode and the tests, which keep their
   * own). Off for an operator's role: an existing role keeps the password its DBA gave it.
   */
  resetPassword?: boolean;
}

/**
 * As the owner (after migrations): makes sure the runtime role exists, then gives it exactly
 * the rights the service needs — idempotent, run at every start so tables added by a
 * migration are covered. Roles are cluster-wide: creating one that another process created a
 * moment ago is not an error.
 */
export async function ensureRuntimeRole(ownerUrl: string, opts: RuntimeRoleOptions): Promise<void> {
  const role = quoteIdent(opts.role);
  await withClient(ownerUrl, async (c) => {
    const owner = (await c.query('SELECT current_user AS u')).rows[0].u as string;
    if (owner === opts.role) throw new Error(`The runtime role ${opts.role} is the owner role: give the service a role of its own`);
    const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [opts.role])).rowCount! > 0;
    if (!exists) {
      try {
        await c.query(
          `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${quoteLiteral(opts.password)}`,
        );
      } catch (e) {
        if ((e as { code?: string }).code !== '42710') {
          throw new Error(
            `Could not create the runtime role ${opts.role} as ${owner} (${(e as Error).message}): create it (LOGIN, no other attributes) or give the owner CREATEROLE`,
          );
        }
      }
    } else if (opts.resetPassword) {
      await c.query(`ALTER ROLE ${role} LOGIN PASSWORD ${quoteLiteral(opts.password)}`);
    }
    await grantRuntimeRights(c, opts.role);
  });
}

/** The grants, in one transaction (a concurrent start never sees the role half-granted). */
async function grantRuntimeRights(c: pg.Client, roleName: string): Promise<void> {
  const role = quoteIdent(roleName);
  const { rows } = await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  const tables = new Set(rows.map((r: { tablename: string }) => r.tablename));
  await c.query('BEGIN');
  try {
    // PostgreSQL 15+ already keeps PUBLIC from creating objects in `public`; older clusters not.
    await c.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await c.query(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
    await c.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await c.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await c.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${role}`);
    for (const t of HISTORY_TABLES) if (tables.has(t)) await c.query(`REVOKE UPDATE ON ${quoteIdent(t)} FROM ${role}`);
    for (const t of DELETABLE_TABLES) if (tables.has(t)) await c.query(`GRANT DELETE ON ${quoteIdent(t)} TO ${role}`);
    if (tables.has('migrations')) await c.query(`REVOKE INSERT, UPDATE ON migrations FROM ${role}`);
    // The journal is written by the database's trigger (SECURITY DEFINER), the archival's records by the archival: never by the service itself.
    for (const t of OWNER_WRITTEN_TABLES) if (tables.has(t)) await c.query(`REVOKE INSERT ON ${quoteIdent(t)} FROM ${role}`);
    for (const t of OWNER_ONLY_TABLES) if (tables.has(t)) await c.query(`REVOKE ALL ON ${quoteIdent(t)} FROM ${role}`);
    await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  }
}

/**
 * Connected as the runtime role: refuses a role that could rewrite history — a superuser,
 * a role that owns the tables, or one that may act as their owner — unless the operator said
 * so (CSSD_ALLOW_SUPERUSER=true, e.g. a throwaway development database).
 */
export async function assertRuntimeRole(runtimeUrl: string, allowPrivileged: boolean, warn: (m: string) => void): Promise<void> {
  const problem = await withClient(runtimeUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT r.rolname, r.rolsuper,
              (SELECT string_agg(DISTINCT t.tableowner, ', ') FROM pg_tables t
                WHERE t.schemaname = 'public' AND pg_has_role(current_user, t.tableowner, 'USAGE')) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const me = rows[0];
    if (me.rolsuper) return `${me.rolname} is a superuser`;
    if (me.owns) return `${me.rolname} owns (or is a member of the owner of) the tables (${me.owns})`;
    return null;
  });
  if (!problem) return;
  const message =
    `The service's database role can rewrite history: ${problem}. Run migrations as an owner role ` +
    `(CSSD_MIGRATION_DATABASE_URL) and the service as a role of its own (DATABASE_URL) — see README "Database roles" — ` +
    `or set CSSD_ALLOW_SUPERUSER=true to accept it.`;
  if (!allowPrivileged) throw new Error(message);
  warn(`WARNING: ${message}`);
}
