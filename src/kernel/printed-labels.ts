import type { EntityManager } from 'typeorm';
import { KERNEL_SQL } from './kernel.repository.js';
import { LABEL_PRINTED, LABEL_REPRINTED } from './pack-event-types.js';

/** What the last printed label of a pack's current barcode says, and how many times it was printed. */
export interface PrintedLabel {
  packId: string;
  /** The sterilizer code the label names (null for prints recorded before labels kept it). */
  sterilizerCode: string | null;
  sterilizationDate: string | null;
  expiryDate: string | null;
  prints: number;
}

/**
 * The labels printed for the packs' current barcodes (a voided barcode's prints do not
 * count: the pack has a new label to print). Packs never printed are absent from the map.
 */
export async function printedLabels(m: EntityManager, packIds: string[]): Promise<Map<string, PrintedLabel>> {
  if (packIds.length === 0) return new Map();
  const rows: {
    pack_id: string;
    sterilizer_code: string | null;
    sterilization_date: string | null;
    expiry_date: string | null;
    prints: number;
  }[] = await m.query(KERNEL_SQL.printedLabels, [packIds, LABEL_PRINTED, LABEL_REPRINTED]);
  return new Map(
    rows.map((r) => [
      r.pack_id,
      {
        packId: r.pack_id,
        sterilizerCode: r.sterilizer_code,
        sterilizationDate: r.sterilization_date,
        expiryDate: r.expiry_date,
        prints: r.prints,
      },
    ]),
  );
}

/** A pack whose printed label promises a later expiry than the one that now applies. */
export interface OutdatedExpiryLabel {
  packId: string;
  barcode: string;
  state: string;
  templateCode: string;
  nameZh: string;
  nameEn: string;
  printedExpiryDate: string;
  expiryDate: string;
  storageLocation: string | null;
}

/**
 * The packs in `states` whose last printed label (of their current barcode, as `printedLabels`)
 * shows an expiry later than the pack's own — its expiry was shortened after printing (seed 13.4:
 * cotton when storage leaves its limits). Earliest real expiry first. A reprint records the new
 * expiry, which takes the pack off the list.
 */
export async function labelsWithLaterExpiry(m: EntityManager, states: readonly string[], limit = 1000): Promise<OutdatedExpiryLabel[]> {
  const rows: {
    pack_id: string;
    barcode: string;
    state: string;
    code: string;
    name_zh: string;
    name_en: string;
    printed: string;
    expiry: string;
    storage_location: string | null;
  }[] = await m.query(KERNEL_SQL.labelsWithLaterExpiry, [states, LABEL_PRINTED, LABEL_REPRINTED, limit]);
  return rows.map((r) => ({
    packId: r.pack_id,
    barcode: r.barcode,
    state: r.state,
    templateCode: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    printedExpiryDate: r.printed,
    expiryDate: r.expiry,
    storageLocation: r.storage_location,
  }));
}
