import { createHash } from 'node:crypto';

export type BreakKind = 'edited' | 'deleted' | 'inserted' | 'reordered';

export interface LedgerBreak {
  table: string;
  /** The row's id (a sealed table), key (a journaled table) or the batch number (ledger_seals). */
  rowId: string;
  /** The sealed batch the break is in; null for a journaled row whose journal line is not sealed yet. */
  batch: string | null;
  kind: BreakKind;
}

export const GENESIS: Buffer = Buffer.alloc(32);
export const DIGEST_BYTES = 32;

/**
 * Batch n's hash = SHA-256(batch n-1's hash ‖ table name ‖ 0x00 ‖ for each row: id as 8 bytes
 * big-endian ‖ the row's digest). The ids are in the hash, so a row moved to another id, a row
 * left out or one added breaks the batch; the previous hash chains the batches, so a batch
 * removed or rewritten breaks every later one.
 */
export function batchHash(prev: Buffer, table: string, ids: readonly string[], digests: Buffer): Buffer {
  const h = createHash('sha256').update(prev).update(table, 'utf8').update(Buffer.of(0));
  const id = Buffer.alloc(8);
  ids.forEach((v, i) => {
    id.writeBigInt64BE(BigInt(v));
    h.update(id).update(digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES));
  });
  return h.digest();
}

/**
 * The first difference between a sealed batch (ids ascending, their digests) and the rows now in
 * its id range (id → digest of the row without its id), or null. A row whose content is sealed
 * under another id of the batch was moved: 'reordered'. A sealed row that is gone was archived
 * only when `archived` (the archive marks of this batch: id → the digest the mark recorded) names
 * it with the digest it was sealed with; otherwise it was deleted.
 */
export function compareBatch(
  table: string,
  batch: string,
  sealedIds: readonly string[],
  sealedDigests: Buffer,
  rows: ReadonlyMap<string, Buffer>,
  archived: ReadonlyMap<string, Buffer> = new Map(),
): LedgerBreak | null {
  const sealed = new Map<string, string>();
  const byDigest = new Map<string, string>();
  sealedIds.forEach((id, i) => {
    const d = sealedDigests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES).toString('hex');
    sealed.set(id, d);
    byDigest.set(d, id);
  });
  const found: LedgerBreak[] = [];
  for (const [id, d] of sealed) {
    const now = rows.get(id);
    if (!now) {
      if (archived.get(id)?.toString('hex') !== d) found.push({ table, rowId: id, batch, kind: 'deleted' });
    } else if (now.toString('hex') !== d) {
      const other = byDigest.get(now.toString('hex'));
      found.push({ table, rowId: id, batch, kind: other !== undefined && other !== id ? 'reordered' : 'edited' });
    }
  }
  for (const id of rows.keys()) if (!sealed.has(id)) found.push({ table, rowId: id, batch, kind: 'inserted' });
  found.sort((a, b) => (BigInt(a.rowId) < BigInt(b.rowId) ? -1 : BigInt(a.rowId) > BigInt(b.rowId) ? 1 : 0));
  return found[0] ?? null;
}
