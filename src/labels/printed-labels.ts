import type { EntityManager } from 'typeorm';

export const LABEL_PRINTED = 'label_printed';
export const LABEL_REPRINTED = 'label_reprinted';

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
  const rows: { pack_id: string; sterilizer_code: string | null; sterilization_date: string | null; expiry_date: string | null; prints: number }[] = await m.query(
    `SELECT DISTINCT ON (e.pack_id) e.pack_id, e.data->>'sterilizerCode' AS sterilizer_code, e.data->>'sterilizationDate' AS sterilization_date, e.data->>'expiryDate' AS expiry_date,
            count(*) OVER (PARTITION BY e.pack_id)::int AS prints
       FROM pack_events e JOIN packs p ON p.id = e.pack_id
      WHERE e.pack_id = ANY($1::uuid[]) AND e.type IN ($2, $3) AND coalesce(e.data->>'barcode', p.barcode) = p.barcode
      ORDER BY e.pack_id, e.id DESC`,
    [packIds, LABEL_PRINTED, LABEL_REPRINTED],
  );
  return new Map(rows.map((r) => [r.pack_id, { packId: r.pack_id, sterilizerCode: r.sterilizer_code, sterilizationDate: r.sterilization_date, expiryDate: r.expiry_date, prints: r.prints }]));
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
  const rows: { pack_id: string; barcode: string; state: string; code: string; name_zh: string; name_en: string; printed: string; expiry: string; storage_location: string | null }[] = await m.query(
    `SELECT p.id AS pack_id, p.barcode, p.state, t.code, t.name_zh, t.name_en, l.printed, to_char(p.expiry_date, 'YYYY-MM-DD') AS expiry, p.storage_location
       FROM packs p
       JOIN set_templates t ON t.id = p.template_id
       JOIN LATERAL (
         SELECT e.data->>'expiryDate' AS printed FROM pack_events e
          WHERE e.pack_id = p.id AND e.type IN ($2, $3) AND coalesce(e.data->>'barcode', p.barcode) = p.barcode
          ORDER BY e.id DESC LIMIT 1
       ) l ON true
      WHERE p.state = ANY($1::text[]) AND p.expiry_date IS NOT NULL AND l.printed > to_char(p.expiry_date, 'YYYY-MM-DD')
      ORDER BY p.expiry_date, p.barcode
      LIMIT $4`,
    [states, LABEL_PRINTED, LABEL_REPRINTED, limit],
  );
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
