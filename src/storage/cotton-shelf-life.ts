import type { EntityManager } from 'typeorm';
import { columnsOf, hydrate } from '../database/hydrate.js';
import type { EnvironmentReading } from '../monitoring/environment-reading.entity.js';
import { storageCompliant } from '../monitoring/storage-environment.js';
import { computeExpiry, shelfLife } from '../packing/expiry.js';
import type { PackLedger, StepContext } from '../packs/pack-ledger.service.js';
import type { PackState } from '../packs/pack-state.js';
import { Pack } from '../packs/pack.entity.js';

/** The pack event that records a shorter expiry (its data: the new and the previous expiry, and why). */
export const EXPIRY_SHORTENED = 'expiry_shortened';

/** Packs whose load has started and that have not left the CSSD: sterile storage is (or will be) their environment. */
export const IN_CSSD_STATES: readonly PackState[] = ['sterilizing', 'quarantined', 'released', 'stored'];

const STORAGE_KINDS: readonly string[] = ['storage_temperature', 'storage_humidity'];

/**
 * Seed 13.4 (§4.1): cotton cloth keeps 14 days only while sterile storage meets the standard,
 * otherwise 7 days from its sterilization date. The shorter expiry when it is shorter than the
 * pack's, else null (other materials, packs not sterilized yet, packs already shortened).
 */
export function outOfStandardExpiry(pack: Pick<Pack, 'packagingMaterial' | 'sterilizationDate' | 'expiryDate'>): string | null {
  if (pack.packagingMaterial !== 'cotton' || !pack.sterilizationDate || !pack.expiryDate) return null;
  const shorter = computeExpiry(pack.sterilizationDate, 'cotton', false);
  // Both are YYYY-MM-DD: string order is calendar order.
  return shorter < pack.expiryDate ? shorter : null;
}

/**
 * A storage temperature or humidity reading out of its limits shortens every cotton pack in the
 * CSSD that lived under it: those whose load had started by the time it was measured, and, while
 * storage is still out of its limits (this reading is the newest), every other one too — they
 * will be stored in it. One event each on the pack's history, by whoever recorded the reading.
 * Packs already past their new expiry are expired: dispatch refuses them (PACK_EXPIRED).
 */
export async function shortenCottonAfterReading(m: EntityManager, ledger: PackLedger, ctx: StepContext, reading: EnvironmentReading): Promise<number> {
  if (!STORAGE_KINDS.includes(reading.kind) || reading.withinLimits) return 0;
  const stillOut = !(await storageCompliant(m));
  const days = shelfLife('cotton', false).days!;
  const rows = await m.query(
    `SELECT ${columnsOf(m, Pack)} FROM packs
      WHERE state = ANY($1::text[]) AND packaging_material = 'cotton' AND expiry_date > sterilization_date + $2::int
        AND ($3 OR EXISTS (SELECT 1 FROM sterilizer_loads l WHERE l.id = packs.load_id AND l.started_at <= $4))
      ORDER BY id FOR UPDATE`,
    [IN_CSSD_STATES, days, stillOut, reading.measuredAt],
  );
  const packs = rows.map((r: Record<string, unknown>) => hydrate(m, Pack, r));
  const cause = {
    cause: 'storage_reading',
    readingId: reading.id,
    kind: reading.kind,
    value: reading.value,
    limitMax: reading.limitMax,
    measuredAt: reading.measuredAt.toISOString(),
  };
  return shorten(m, ledger, ctx, packs, cause);
}

/** A cotton pack received into storage while storage is out of its limits gets the same shortening. */
export async function shortenCottonAtReceipt(m: EntityManager, ledger: PackLedger, ctx: StepContext, pack: Pack): Promise<void> {
  if (!outOfStandardExpiry(pack) || (await storageCompliant(m))) return;
  await shorten(m, ledger, ctx, [pack], { cause: 'received_while_storage_out_of_standard' });
}

async function shorten(m: EntityManager, ledger: PackLedger, ctx: StepContext, packs: Pack[], cause: Record<string, unknown>): Promise<number> {
  const amendments = packs.flatMap((pack) => {
    const expiryDate = outOfStandardExpiry(pack);
    if (!expiryDate) return [];
    return [{ pack, type: EXPIRY_SHORTENED, changes: { expiryDate }, data: { expiryDate, previousExpiryDate: pack.expiryDate, ...cause } }];
  });
  await ledger.amendEach(m, amendments, ctx);
  return amendments.length;
}
