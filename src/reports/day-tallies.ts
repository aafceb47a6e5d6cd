import { waitSettled, type SettledDb, type TransactionalDb } from '../database/settled.js';

/**
 * The reports' day tallies (issue 15): what the reports count of `pack_events`, summed per hospital
 * day once, so that a year is ~a thousand rows a day instead of 20 M events.
 *
 * Exact at every moment, without a "day closed" rule (test clocks and a late reading never reopen a
 * day): the tallies hold the events with ids up to `report_tally_state.through_id`, and a report adds
 * the events above it read live (the tail). A catch-up moves events from the tail into the tallies
 * only below a settled high-water mark (waitSettled): an event committing late with a smaller id is
 * never skipped. History is append-only, so a tallied event never changes; an archival that removes
 * old events leaves their counts in the tallies (the statistics outlive the detailed records).
 *
 * Days are counted in the hospital's time zone, recorded with the tallies; if the configured zone
 * ever differs, the reports ignore the tallies and read every event live (correct, slow) until an
 * operator rebuilds them (README).
 */

/** Parameters every tallied report statement takes first: $1 from, $2 to (instants), $3 time zone, $4 tallies valid, $5 tallied through id. */
export interface TallyPosition {
  /** The tallies are counted in this time zone (else the reports read every event live). */
  tallied: boolean;
  /** Events with ids above this are read live. */
  after: string;
}

const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`;
const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;
const asUuid = (text: string) => `CASE WHEN ${text} ~ ${UUID_TEXT} THEN (${text})::uuid END`;
const quantities = (field: string) =>
  `CASE WHEN e.type = 'recycle' THEN (SELECT coalesce(sum((i->>'quantity')::int), 0) FROM jsonb_array_elements(coalesce(e.data->'${field}', '[]')) AS i) ELSE 0 END`;

/** The pack steps counted as unloaded (and wet when found so at unloading or at storage). */
export const UNLOADED_TYPES = ['sterilization_failed', 'unload_rejected', 'unload_quarantined', 'unload_released'];
const WET_TYPES = [...UNLOADED_TYPES, 'storage_rejected'];
/**
 * Steps that take a stored pack off the shelf (or out of use) before its expiry: "expired on the
 * shelf" is a pack with none. A loaner tray handed back to its lender sterile (its operation
 * cancelled) has left it too.
 */
export const LEAVES_SHELF = ['dispatch', 'return_unused', 'recall', 'incinerate', 'release_withdrawn', 'return_to_lender'];
const SHELF_TYPES = ['store', ...LEAVES_SHELF, 'expiry_shortened'];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * The counters of the events `where` keeps (`e` is the event), per hospital day in time zone `tz`:
 * - type: every event by its type;
 * - actor / cosign: by its type, per person who did it / co-signed it as second person;
 * - template: by its type, per set template of its pack;
 * - flag: 'wet' (unloaded or refused at storage wet), 'inspected' (packed from cleaned: an inspection passed);
 * - collected_from: recycling, per department the set came from, with those counted short and the
 *   missing and damaged instruments;
 * - dispatched_to: dispatch, per department, with the hours since the pack's collection (a pack with
 *   no collection step is not counted: the turnaround has no start).
 */
export function tallySource(tz: string, where: string): string {
  return `
  SELECT c.dim, (e.at AT TIME ZONE ${tz})::date AS day, c.kind, c.key, count(*)::int AS n,
         sum(c.short)::int AS short, sum(c.missing)::int AS missing, sum(c.damaged)::int AS damaged,
         coalesce(sum(c.hours), 0)::float8 AS hours
    FROM pack_events e
    LEFT JOIN packs p ON p.id = e.pack_id
    LEFT JOIN LATERAL (SELECT r.at FROM pack_events r
                        WHERE e.type = 'dispatch' AND r.pack_id = e.pack_id AND r.type = 'recycle' ORDER BY r.id LIMIT 1) AS collected ON true
    CROSS JOIN LATERAL (VALUES
      ('type', e.type, ${NIL}, 0, 0, 0, NULL::float8),
      ('actor', e.type, e.actor_id, 0, 0, 0, NULL),
      ('cosign', e.type, e.second_actor_id, 0, 0, 0, NULL),
      ('template', e.type, p.template_id, 0, 0, 0, NULL),
      ('flag', 'wet', CASE WHEN e.type IN (${list(WET_TYPES)}) AND e.data->>'wet' = 'true' THEN ${NIL} END, 0, 0, 0, NULL),
      ('flag', 'inspected', CASE WHEN e.type = 'pack' AND e.from_state = 'cleaned' THEN ${NIL} END, 0, 0, 0, NULL),
      ('collected_from', '', CASE WHEN e.type = 'recycle' THEN ${asUuid(`e.data->>'fromDepartmentId'`)} END,
       CASE WHEN e.type = 'recycle' AND e.data->>'countMatches' = 'false' THEN 1 ELSE 0 END, ${quantities('missing')}, ${quantities('damaged')}, NULL),
      ('dispatched_to', '', CASE WHEN e.type = 'dispatch' AND collected.at IS NOT NULL THEN ${asUuid(`e.data->>'departmentId'`)} END,
       0, 0, 0, extract(epoch FROM e.at - collected.at) / 3600)
    ) AS c(dim, kind, key, short, missing, damaged, hours)
   WHERE ${where} AND c.key IS NOT NULL
   GROUP BY c.dim, 2, c.kind, c.key`;
}

/**
 * The counters of `dims` for the hospital days of [$1, $2) in time zone $3: the tallies ($4: valid)
 * and the events above $5 read live. Columns: dim, day, kind, key, n, short, missing, damaged, hours.
 */
export function talliedCounters(dims: string[]): string {
  return `
  SELECT t.dim, t.day, t.kind, t.key, t.n, t.short, t.missing, t.damaged, t.hours
    FROM report_day_tallies t
   WHERE $4::boolean AND t.dim IN (${list(dims)}) AND t.day >= ($1::timestamptz AT TIME ZONE $3)::date AND t.day < ($2::timestamptz AT TIME ZONE $3)::date
  UNION ALL
  SELECT * FROM (${tallySource('$3', `e.id > $5::bigint AND e.at >= $1 AND e.at < $2`)}) AS live
   WHERE live.dim IN (${list(dims)})`;
}

/**
 * The shelf span of each pack in `packs` (a subquery of pack ids) from its shelf steps that `bound`
 * keeps (`e` the event), its expiry day ending in time zone `tz`: its expiry date; when it was first
 * stored; and when it first left the shelf after the last time it was stored before its expiry day
 * ended (a pack whose release was withdrawn and that was stored again is on the shelf again), or
 * first left at all when it was not stored by then. So it was stored by the end of its expiry day
 * when stored_at < that end, and still on the shelf then when besides left_at is null or not before
 * it. Columns: pack_id, expiry_date, stored_at, left_at.
 */
function shelfSpans(packs: string, bound: string, tz: string): string {
  return `
  SELECT p.id AS pack_id, p.expiry_date, st.stored_at, lv.left_at
    FROM packs p
    CROSS JOIN LATERAL (SELECT ((p.expiry_date + 1)::timestamp AT TIME ZONE ${tz}) AS ends) AS z
    CROSS JOIN LATERAL (SELECT min(e.at) AS stored_at FROM pack_events e WHERE e.pack_id = p.id AND e.type = 'store' AND ${bound}) AS st
    LEFT JOIN LATERAL (SELECT e.at, e.id FROM pack_events e
                        WHERE e.pack_id = p.id AND e.type = 'store' AND e.at < z.ends AND ${bound}
                        ORDER BY e.at DESC, e.id DESC LIMIT 1) AS ls ON true
    CROSS JOIN LATERAL (SELECT min(e.at) AS left_at FROM pack_events e
                         WHERE e.pack_id = p.id AND e.type IN (${list(LEAVES_SHELF)}) AND ${bound}
                           AND (ls.id IS NULL OR e.at > ls.at OR (e.at = ls.at AND e.id > ls.id))) AS lv
   WHERE p.id IN (${packs})`;
}

/**
 * "Expired in storage", per pack: from its shelf span (`d`: expiry_date, stored_at, left_at) the
 * counters of its expiry day in time zone `tz` — 'stored' when it was stored before that day ended,
 * 'on_shelf' when besides it had not left the shelf (dispatch, return, recall, incineration, withdrawn
 * release) by then. Whether that day is over is the reader's question (the counters do not change
 * with time). Columns: day (the expiry date), kind.
 */
function shelfCounters(tz: string): string {
  return `
    CROSS JOIN LATERAL (SELECT ((d.expiry_date + 1)::timestamp AT TIME ZONE ${tz}) AS ends) AS e
    CROSS JOIN LATERAL (VALUES ('stored', d.stored_at < e.ends),
                               ('on_shelf', d.stored_at < e.ends AND (d.left_at IS NULL OR d.left_at >= e.ends))) AS k(kind, counts)
   WHERE k.counts AND d.expiry_date IS NOT NULL`;
}

/**
 * Per expiry date in [$2, $3] (dates; $1 the time zone): the packs stored before their expiry day
 * ended, and of them those still on the shelf when it did (kinds 'stored', 'on_shelf'), each pack by
 * its current expiry date. The tallies ($4: valid; dim 'expiry', day = the expiry date) hold the sums
 * of report_pack_shelf's rows for the events up to $5; the packs with events above it are taken out
 * by their shelf row and put back merged with those events read live. Columns: day, kind, n.
 */
export const EXPIRY_COUNTS = `
  WITH tail AS (SELECT DISTINCT e.pack_id FROM pack_events e WHERE e.id > $5::bigint AND e.type IN (${list(SHELF_TYPES)})),
  changed AS (
    SELECT s.expiry_date, s.stored_at, s.left_at, -1 AS sign
      FROM tail t JOIN report_pack_shelf s ON $4::boolean AND s.pack_id = t.pack_id
    UNION ALL
    SELECT n.expiry_date, n.stored_at, n.left_at, 1 FROM (${shelfSpans('SELECT pack_id FROM tail', 'true', '$1')}) AS n)
  SELECT t.day, t.kind, t.n
    FROM report_day_tallies t
   WHERE $4::boolean AND t.dim = 'expiry' AND t.day >= $2::date AND t.day <= $3::date
  UNION ALL
  SELECT d.expiry_date, k.kind, d.sign
    FROM changed d ${shelfCounters('$1')}
     AND d.expiry_date >= $2::date AND d.expiry_date <= $3::date`;

/** The catch-up's statements: events with ids in ($1, $2] into the tallies, days in time zone $3. */
export const TALLY_SQL = {
  state: `SELECT through_id::text AS through_id, timezone FROM report_tally_state WHERE id = 1`,
  lockedState: `SELECT through_id::text AS through_id, timezone FROM report_tally_state WHERE id = 1 FOR UPDATE`,
  mark: `SELECT (SELECT max(id) FROM pack_events)::text AS mark`,
  addDays: `
  INSERT INTO report_day_tallies AS t (dim, day, kind, key, n, short, missing, damaged, hours)
  SELECT s.dim, s.day, s.kind, s.key, s.n, s.short, s.missing, s.damaged, s.hours
    FROM (${tallySource('$3', 'e.id > $1::bigint AND e.id <= $2::bigint')}) AS s
  ON CONFLICT (dim, day, kind, key) DO UPDATE
     SET n = t.n + EXCLUDED.n, short = t.short + EXCLUDED.short, missing = t.missing + EXCLUDED.missing,
         damaged = t.damaged + EXCLUDED.damaged, hours = t.hours + EXCLUDED.hours`,
  /**
   * The shelf spans of the packs with shelf steps in ($1, $2], and the expiry counters (dim 'expiry',
   * days in time zone $3) moved with them: each changed row's old counters out, its new ones in (both
   * read in the statement's one snapshot: `s` below is the row before the upsert, `upd` after).
   */
  addShelf: `
  WITH upd AS (
    INSERT INTO report_pack_shelf AS s (pack_id, expiry_date, stored_at, left_at)
    ${shelfSpans(`SELECT DISTINCT e.pack_id FROM pack_events e WHERE e.id > $1::bigint AND e.id <= $2::bigint AND e.type IN (${list(SHELF_TYPES)})`, 'e.id <= $2::bigint', '$3')}
    ON CONFLICT (pack_id) DO UPDATE
       SET expiry_date = EXCLUDED.expiry_date, stored_at = EXCLUDED.stored_at, left_at = EXCLUDED.left_at
    RETURNING s.pack_id, s.expiry_date, s.stored_at, s.left_at),
  changed AS (
    SELECT s.expiry_date, s.stored_at, s.left_at, -1 AS sign
      FROM report_pack_shelf s WHERE s.pack_id IN (SELECT pack_id FROM upd)
    UNION ALL
    SELECT expiry_date, stored_at, left_at, 1 FROM upd)
  INSERT INTO report_day_tallies AS t (dim, day, kind, key, n)
  SELECT 'expiry', d.expiry_date, k.kind, ${NIL}, sum(d.sign)
    FROM changed d ${shelfCounters('$3')}
   GROUP BY d.expiry_date, k.kind
  HAVING sum(d.sign) <> 0
  ON CONFLICT (dim, day, kind, key) DO UPDATE SET n = t.n + EXCLUDED.n`,
  advance: `UPDATE report_tally_state SET through_id = $2::bigint, timezone = $3, updated_at = $4 WHERE id = 1 AND through_id = $1::bigint`,
} as const;

/** The little the catch-up needs of a connection: the service's data source and a pg client both fit. */
export type TallyDb = TransactionalDb;

export interface CatchUpOptions {
  timezone: string;
  /** When the tallies were brought up to date (the service's clock). */
  now: Date;
  /** Events per transaction. */
  chunk?: number;
  /** At most this many events' ids in one run (a first run on years of history catches up over several). */
  maxEvents?: number;
  /** How long to wait for the transactions running at the start to end. */
  settleMs?: number;
}

export interface CatchUpResult {
  /** The id the tallies now hold events up to. */
  throughId: string;
  /** Ids taken in by this run. */
  ids: number;
  /** Why nothing was taken in, if so. */
  skipped?: 'timezone' | 'unsettled';
}

const LOCK = `hashtext('cssd_report_tallies')`;

/** The reports' position: whether the tallies count days in `timezone`, and through which event id. */
export async function tallyPosition(db: SettledDb, timezone: string): Promise<TallyPosition> {
  const [s] = await db.query<{ through_id: string; timezone: string | null }>(TALLY_SQL.state);
  return s && s.timezone === timezone ? { tallied: true, after: s.through_id } : { tallied: false, after: '0' };
}

/**
 * Takes the events written since into the tallies, up to a settled high-water mark, in chunks of ids
 * (each its own transaction, so the stations' tables are never locked for long: these are reads of
 * pack_events and writes of the tally tables only).
 */
export async function catchUpTallies(db: TallyDb, opts: CatchUpOptions): Promise<CatchUpResult> {
  const chunk = BigInt(opts.chunk ?? 200_000);
  const [state] = await db.query<{ through_id: string; timezone: string | null }>(TALLY_SQL.state);
  if (state.timezone !== null && state.timezone !== opts.timezone) return { throughId: state.through_id, ids: 0, skipped: 'timezone' };
  const [{ mark }] = await db.query<{ mark: string | null }>(TALLY_SQL.mark);
  if (mark === null || BigInt(mark) <= BigInt(state.through_id)) return { throughId: state.through_id, ids: 0 };
  if (!(await waitSettled(db, opts.settleMs ?? 10_000))) return { throughId: state.through_id, ids: 0, skipped: 'unsettled' };
  const limit = BigInt(opts.maxEvents ?? Number.MAX_SAFE_INTEGER);
  let taken = 0n;
  let through = state.through_id;
  while (taken < limit) {
    const step = await db.transaction(async (q) => {
      await q.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
      const [s] = await q.query<{ through_id: string; timezone: string | null }>(TALLY_SQL.lockedState);
      if (s.timezone !== null && s.timezone !== opts.timezone) return null;
      const from = BigInt(s.through_id);
      if (from >= BigInt(mark)) return { from, to: from };
      const room = limit - taken < chunk ? limit - taken : chunk;
      const to = from + room < BigInt(mark) ? from + room : BigInt(mark);
      const args = [from.toString(), to.toString(), opts.timezone];
      await q.query(TALLY_SQL.addDays, args);
      await q.query(TALLY_SQL.addShelf, args);
      await q.query(TALLY_SQL.advance, [...args, opts.now]);
      return { from, to };
    });
    if (step === null) return { throughId: through, ids: Number(taken), skipped: 'timezone' };
    through = step.to.toString();
    if (step.to === step.from) break;
    taken += step.to - step.from;
    if (step.to >= BigInt(mark)) break;
  }
  return { throughId: through, ids: Number(taken) };
}
