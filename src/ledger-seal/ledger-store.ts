import { DIGEST_BYTES, GENESIS, batchHash, compareBatch, type LedgerBreak } from './ledger-chain.js';
import { JOURNALED, SEALED_BY_ID, rowKeySql } from './covered-tables.js';
import { waitSettled, type TransactionalDb } from '../database/settled.js';

/** The little the sealer needs of a connection: the service's EntityManager and the CLI's pg client both fit. */
export type LedgerDb = TransactionalDb;

export interface SealOptions {
  /** The instant recorded on each new batch (the service's clock). */
  now: Date;
  /** Rows per batch. */
  batchRows?: number;
  /** At most this many rows per table in one run (a first run on years of history catches up over several). */
  maxRowsPerTable?: number;
  /** How long to wait for the transactions running at the start to end (see `seal`). */
  settleMs?: number;
}

export interface SealResult {
  batches: number;
  rows: number;
  /** False: a transaction older than settleMs was still running; nothing was sealed. */
  settled: boolean;
}

export interface VerifyResult {
  ok: boolean;
  sealedRows: number;
  batches: number;
  /** Rows written since the last seal (not yet covered). */
  unsealedRows: number;
  /** Sealed rows an archival removed, each named by an archive mark with the digest it was sealed with. */
  archivedRows: number;
  /** The chain's newest hash (hex): an operator who notes it elsewhere can tell a rebuilt chain. */
  headHash: string | null;
  firstBreak?: LedgerBreak;
}

const SEAL_LOCK = `hashtext('cssd_ledger_seal')`;

/**
 * A row's digest, as the journal trigger computes it (cssd_ledger_digest in the migration): SHA-256
 * of its jsonb text without the listed keys. Written inline, not through cssd_ledger_row_digest:
 * a function with SET clauses is not inlined and took 2.3× as long (8.2 s against 3.6 s for 794 k
 * pack events); the settings it fixes are set once per transaction instead (`canonicalSettings`).
 */
export const digestSql = (alias: string, dropKeys: string) =>
  `sha256(convert_to((to_jsonb(${alias}) - '{${dropKeys}}'::text[])::text, 'UTF8'))`;

/** The session settings jsonb's text depends on, fixed for this transaction (the same as the trigger function's). */
export async function canonicalSettings(q: Pick<LedgerDb, 'query'>): Promise<void> {
  await q.query(
    `SELECT set_config('timezone', 'UTC', true), set_config('extra_float_digits', '1', true), set_config('intervalstyle', 'iso_8601', true)`,
  );
}
/**
 * Seals the rows not sealed yet, up to a high-water mark per table.
 *
 * Ids are handed out when a row is inserted, not when its transaction commits: a scan that took
 * id 101 may commit after one that took 102. Sealing "everything visible" could seal 102 while 101
 * is in flight, and 101 would then look like a back-dated insert. So the high-water mark is the
 * largest id visible when read, and nothing is sealed until every transaction writing then
 * has ended (see waitSettled): any id at or below the mark
 * belongs to a transaction that has committed (the row is there) or rolled back (a gap for
 * good). A later transaction can only take a larger id. Waiting costs the stations nothing —
 * no lock is taken on their tables — and batches are chained under an advisory lock held only
 * by sealers, so two service instances never interleave a chain.
 */
export async function seal(db: LedgerDb, opts: SealOptions): Promise<SealResult> {
  const batchRows = opts.batchRows ?? 10_000;
  const maxRows = opts.maxRowsPerTable ?? Number.MAX_SAFE_INTEGER;
  const marks = SEALED_BY_ID.map((t) => `(SELECT max(id) FROM "${t}")::text AS "${t}"`).join(', ');
  const [observed] = await db.query<Record<string, string | null>>(`SELECT ${marks}`);
  // Waits for the transactions writing when the marks were read (see waitSettled).
  if (!(await waitSettled(db, opts.settleMs ?? 10_000))) return { batches: 0, rows: 0, settled: false };
  return db.transaction(async (q) => {
    await q.query(`SELECT pg_advisory_xact_lock(${SEAL_LOCK})`);
    await canonicalSettings(q);
    const [head] = await q.query<{ batch: string; hash: Buffer }>(
      `SELECT batch::text, hash FROM ledger_seals s ORDER BY s.batch DESC LIMIT 1`,
    );
    let batch = head ? BigInt(head.batch) : 0n;
    let prev = head ? head.hash : GENESIS;
    let batches = 0;
    let rows = 0;
    for (const table of SEALED_BY_ID) {
      const mark = observed[table];
      if (mark === null) continue;
      const [last] = await q.query<{ id: string }>(
        `SELECT last_id::text AS id FROM ledger_seals WHERE table_name = $1 ORDER BY batch DESC LIMIT 1`,
        [table],
      );
      let after = last?.id ?? '0';
      let sealedHere = 0;
      while (sealedHere < maxRows) {
        const page = await q.query<{ id: string; d: Buffer }>(
          `SELECT id::text AS id, ${digestSql('t', 'id')} AS d FROM "${table}" t WHERE t.id > $1 AND t.id <= $2 ORDER BY t.id LIMIT $3`,
          [after, mark, Math.min(batchRows, maxRows - sealedHere)],
        );
        if (page.length === 0) break;
        const ids = page.map((r) => r.id);
        const digests = Buffer.concat(page.map((r) => r.d));
        batch += 1n;
        const hash = batchHash(prev, table, ids, digests);
        await q.query(
          `INSERT INTO ledger_seals (batch, table_name, first_id, last_id, row_ids, row_digests, prev_hash, hash, sealed_at)
           VALUES ($1, $2, $3, $4, $5::bigint[], $6, $7, $8, $9)`,
          [batch.toString(), table, ids[0], ids[ids.length - 1], ids, digests, prev, hash, opts.now],
        );
        prev = hash;
        after = ids[ids.length - 1];
        sealedHere += ids.length;
        batches++;
      }
      rows += sealedHere;
    }
    return { batches, rows, settled: true };
  });
}

interface SealRow {
  batch: string;
  table_name: string;
  first_id: string;
  last_id: string;
  row_ids: string[];
  row_digests: Buffer;
  prev_hash: Buffer;
  hash: Buffer;
}

/** Orders breaks: the earliest sealed batch first; a journaled row not sealed yet last. */
function earlier(a: LedgerBreak | undefined, b: LedgerBreak | null): LedgerBreak | undefined {
  if (!b) return a;
  if (!a) return b;
  const rank = (x: LedgerBreak) => (x.batch === null ? BigInt(Number.MAX_SAFE_INTEGER) * 1000n : BigInt(x.batch));
  return rank(b) < rank(a) ? b : a;
}

/**
 * Recomputes everything: the chain of batches, every sealed row against its batch (edited,
 * deleted, moved, or inserted into a sealed range), and every journaled table's current rows
 * against their latest journal line. Reads only; returns the first break in chain order.
 */
export function verify(db: LedgerDb): Promise<VerifyResult> {
  return db.transaction(async (q) => {
    await canonicalSettings(q);
    return verifyAll(q);
  });
}

async function verifyAll(db: Pick<LedgerDb, 'query'>): Promise<VerifyResult> {
  let first: LedgerBreak | undefined;
  let batches = 0;
  let sealedRows = 0;
  let prev: Buffer = GENESIS;
  let expected = 1n;
  // 1. The chain itself.
  for (let after = '0'; ;) {
    const page = await db.query<SealRow>(
      `SELECT batch::text, table_name, first_id::text, last_id::text, row_ids::text[] AS row_ids, row_digests, prev_hash, hash
         FROM ledger_seals s WHERE s.batch > $1 ORDER BY s.batch LIMIT 50`,
      [after],
    );
    if (page.length === 0) break;
    for (const s of page) {
      batches++;
      sealedRows += s.row_ids.length;
      if (!first) {
        if (BigInt(s.batch) !== expected)
          first = { table: 'ledger_seals', rowId: expected.toString(), batch: expected.toString(), kind: 'deleted' };
        else if (!s.prev_hash.equals(prev) || !batchHash(prev, s.table_name, s.row_ids, s.row_digests).equals(s.hash)) {
          first = { table: 'ledger_seals', rowId: s.batch, batch: s.batch, kind: 'edited' };
        }
      }
      prev = s.hash;
      expected = BigInt(s.batch) + 1n;
    }
    after = page[page.length - 1].batch;
  }
  const headHash = batches > 0 ? prev.toString('hex') : null;
  // 2. Each sealed table against its batches.
  let unsealedRows = 0;
  for (const table of SEALED_BY_ID) {
    const r = await verifyTable(db, table);
    first = earlier(first, r.break);
    unsealedRows += r.unsealed;
  }
  const [{ n: archived }] = await db.query<{ n: string }>(
    `SELECT coalesce(sum(cardinality(row_keys)), 0)::text AS n FROM ledger_archive_marks`,
  );
  // 3. Each journaled table's current rows against their latest journal line.
  for (const [table, keys] of Object.entries(JOURNALED)) first = earlier(first, await verifyJournaled(db, table, keys));
  return {
    ok: !first,
    sealedRows,
    batches,
    unsealedRows,
    archivedRows: Number(archived),
    headHash,
    ...(first ? { firstBreak: first } : {}),
  };
}

/** The archive marks of one sealed batch: row id → the digest the mark recorded, and the marks' own ids. */
async function archivedIn(db: Pick<LedgerDb, 'query'>, table: string, batch: string) {
  const marks = await db.query<{ id: string; row_keys: string[]; digests: Buffer }>(
    `SELECT id::text, row_keys::text[] AS row_keys, digests FROM ledger_archive_marks m WHERE m.table_name = $1 AND m.batch = $2 ORDER BY m.id`,
    [table, batch],
  );
  const rows = new Map<string, Buffer>();
  const markOf = new Map<string, string>();
  for (const m of marks)
    m.row_keys.forEach((k, i) => {
      rows.set(k, m.digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES));
      markOf.set(k, m.id);
    });
  return { rows, markOf };
}

async function verifyTable(db: Pick<LedgerDb, 'query'>, table: string): Promise<{ break: LedgerBreak | null; unsealed: number }> {
  // The batches an archival removed rows from (few): only those read their marks.
  const marked = new Set(
    (
      await db.query<{ batch: string }>(
        `SELECT DISTINCT batch::text FROM ledger_archive_marks m WHERE m.table_name = $1 AND m.batch IS NOT NULL`,
        [table],
      )
    ).map((r) => r.batch),
  );
  let lastId = '0';
  for (let after = '0'; ;) {
    const seals = await db.query<SealRow>(
      `SELECT batch::text, first_id::text, last_id::text, row_ids::text[] AS row_ids, row_digests
         FROM ledger_seals s WHERE s.table_name = $1 AND s.batch > $2 ORDER BY s.batch LIMIT 20`,
      [table, after],
    );
    if (seals.length === 0) break;
    for (const s of seals) {
      // Rows between the previous batch and this one were never sealed: inserted into a sealed range.
      const rows = await db.query<{ id: string; d: Buffer }>(
        `SELECT id::text AS id, ${digestSql('t', 'id')} AS d FROM "${table}" t WHERE t.id > $1 AND t.id <= $2 ORDER BY t.id`,
        [lastId, s.last_id],
      );
      const archived = marked.has(s.batch) ? await archivedIn(db, table, s.batch) : null;
      // A mark naming a row the batch never sealed covers nothing: the mark itself was forged or edited.
      const sealedIds = archived ? new Set(s.row_ids) : null;
      for (const [id, mark] of archived?.markOf ?? [])
        if (!sealedIds!.has(id))
          return { break: { table: 'ledger_archive_marks', rowId: mark, batch: s.batch, kind: 'edited' }, unsealed: 0 };
      const found = compareBatch(table, s.batch, s.row_ids, s.row_digests, new Map(rows.map((r) => [r.id, r.d])), archived?.rows);
      if (found) return { break: found, unsealed: 0 };
      if (s.row_digests.length !== s.row_ids.length * DIGEST_BYTES)
        return { break: { table, rowId: s.first_id, batch: s.batch, kind: 'edited' }, unsealed: 0 };
      lastId = s.last_id;
    }
    after = seals[seals.length - 1].batch;
  }
  const [{ n }] = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${table}" WHERE id > $1`, [lastId]);
  return { break: null, unsealed: Number(n) };
}

/**
 * A journaled row that is gone was archived only when an archive mark names its key with the
 * digest of its latest journal line (the row as it last was); otherwise it was deleted.
 */
async function verifyJournaled(db: Pick<LedgerDb, 'query'>, table: string, keys: readonly string[]): Promise<LedgerBreak | null> {
  const [diff] = await db.query<{ key: string; current: Buffer | null; journaled: Buffer | null; line: string | null }>(
    `SELECT coalesce(c.k, j.row_key) AS key, c.d AS current, j.digest AS journaled, j.id::text AS line
       FROM (SELECT ${rowKeySql(keys)} AS k, ${digestSql('t', '')} AS d FROM "${table}" t) c
       FULL JOIN (SELECT DISTINCT ON (row_key) row_key, digest, id FROM ledger_journal WHERE table_name = $1 ORDER BY row_key, id DESC) j
         ON j.row_key = c.k
       LEFT JOIN (SELECT a.k, substring(m.digests FROM (a.o::int - 1) * 32 + 1 FOR 32) AS d
                    FROM ledger_archive_marks m, unnest(m.row_keys) WITH ORDINALITY AS a(k, o)
                   WHERE m.table_name = $1 AND m.batch IS NULL) a
         ON c.k IS NULL AND a.k = j.row_key AND a.d = j.digest
      WHERE c.d IS DISTINCT FROM j.digest AND a.k IS NULL
      ORDER BY j.id NULLS LAST, 1 LIMIT 1`,
    [table],
  );
  if (!diff) return null;
  const kind = diff.current === null ? 'deleted' : diff.journaled === null ? 'inserted' : 'edited';
  const [covering] = diff.line
    ? await db.query<{ batch: string }>(
        `SELECT batch::text FROM ledger_seals s WHERE s.table_name = 'ledger_journal' AND s.first_id <= $1 AND s.last_id >= $1 ORDER BY s.batch LIMIT 1`,
        [diff.line],
      )
    : [];
  return { table, rowId: diff.key, batch: covering?.batch ?? null, kind };
}
