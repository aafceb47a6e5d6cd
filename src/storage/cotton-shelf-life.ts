import type { EntityManager } from 'typeorm';
import { storageCompliant } from '../kernel/storage-environment.js';
import { computeExpiry, shelfLife } from '../kernel/expiry.js';
import type { PackAmendment, PackLedger, StepContext } from '../packs/pack-ledger.service.js';
import type { PackState } from '../kernel/pack-state.js';
import { Pack } from '../kernel/pack.entity.js';
import { EXPIRY_SHORTENED } from '../kernel/pack-event-types.js';
import type { StorageRepository } from './storage.repository.js';

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

/** A recorded environment reading (monitoring's EnvironmentReading), as far as the shortening reads it. */
export interface StorageReading {
  id: string;
  kind: string;
  value: number;
  limitMax: number | null;
  withinLimits: boolean;
  measuredAt: Date;
}

/**
 * A storage temperature or humidity reading out of its limits shortens every cotton pack in the
 * CSSD that lived under it: those whose load had started by the time it was measured, and, while
 * storage is still out of its limits (this reading is the newest), every other one too — they
 * will be stored in it. One event each on the pack's history, by whoever recorded the reading.
 * Packs already past their new expiry are expired: dispatch refuses them (PACK_EXPIRED).
 */
export async function shortenCottonAfterReading(
  m: EntityManager,
  storage: StorageRepository,
  ledger: PackLedger,
  ctx: StepContext,
  reading: StorageReading,
): Promise<number> {
  if (!STORAGE_KINDS.includes(reading.kind) || reading.withinLimits) return 0;
  const stillOut = !(await storageCompliant(m));
  const days = shelfLife('cotton', false).days!;
  const packs = await storage.lockCottonToShorten(m, IN_CSSD_STATES, days, stillOut, reading.measuredAt);
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

async function shorten(
  m: EntityManager,
  ledger: PackLedger,
  ctx: StepContext,
  packs: Pack[],
  cause: Record<string, unknown>,
): Promise<number> {
  const amendments = packs.flatMap((pack): PackAmendment[] => {
    const expiryDate = outOfStandardExpiry(pack);
    if (!expiryDate) return [];
    return [{ pack, type: EXPIRY_SHORTENED, changes: { expiryDate }, data: { expiryDate, previousExpiryDate: pack.expiryDate, ...cause } }];
  });
  await ledger.amendEach(m, amendments, ctx);
  return amendments.length;
}
