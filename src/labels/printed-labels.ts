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
