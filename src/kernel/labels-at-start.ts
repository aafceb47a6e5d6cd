import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { datesAtStart } from './expiry.js';
import { KERNEL_SQL } from './kernel.repository.js';
import type { Pack } from './pack.entity.js';
import { printedLabels } from './printed-labels.js';

/** How many packs a refusal names before "and N more": the rest are in its details. */
const NAMED = 5;

/** What the run will print on its packs' labels, as the start fixes it. */
export interface RunLabelFacts {
  sterilizerCode: string;
  /** When the load starts, and the hospital's time zone: its day is the sterilization date. */
  startedAt: Date;
  timezone: string;
  /** Sterile storage within its limits (decides cotton expiry, §4.1). */
  storageCompliant: boolean;
}

/**
 * The labels rule at the start of a load (§6, issue 18): every pack carries its printed label
 * before it enters the chamber, and that label tells the truth about this run. Any recorded
 * print of the pack's current barcode counts (a pack's PDF/PNG/SVG, ZPL sent to a station's
 * printer, the load's sheet); drawing a label without printing it does not. Refuses
 * LABELS_NOT_PRINTED naming the packs never printed, then LABELS_OUTDATED naming those whose
 * label no longer matches (the sterilizer renamed, the load waited past midnight, the storage
 * climate changed the cotton shelf life).
 */
export async function assertLabelsReadyToStart(m: EntityManager, packs: Pack[], run: RunLabelFacts): Promise<void> {
  const printed = await printedLabels(
    m,
    packs.map((p) => p.id),
  );
  const unprinted = packs.filter((p) => !printed.has(p.id));
  if (unprinted.length > 0) {
    const named = await packNames(m, unprinted.slice(0, NAMED));
    const more = unprinted.length - named.length;
    throw new DomainError(
      'LABELS_NOT_PRINTED',
      {
        count: unprinted.length,
        packsZh: named.map((p) => `${p.barcode} ${p.nameZh}`).join('、') + (more > 0 ? ` 等另外 ${more} 个` : ''),
        packsEn: named.map((p) => `${p.barcode} ${p.nameEn}`).join(', ') + (more > 0 ? ` and ${more} more` : ''),
      },
      { barcodes: unprinted.map((p) => p.barcode!) },
    );
  }
  const outdated = packs.filter((p) => {
    const label = printed.get(p.id)!;
    // Prints made before labels recorded their sterilizer code have none to compare.
    const renamed = label.sterilizerCode !== null && label.sterilizerCode !== run.sterilizerCode;
    const dates = datesAtStart(run.startedAt, run.timezone, p.packagingMaterial!, run.storageCompliant);
    return renamed || label.sterilizationDate !== dates.sterilizationDate || label.expiryDate !== dates.expiryDate;
  });
  if (outdated.length > 0) {
    const barcodes = outdated.map((p) => p.barcode!);
    throw new DomainError(
      'LABELS_OUTDATED',
      { count: barcodes.length, barcodes: barcodes.slice(0, NAMED).join(', ') + (barcodes.length > NAMED ? ' …' : '') },
      { barcodes },
    );
  }
}

/** The packs' set names as packed (their template version; today's template for packs packed before versions were kept). */
async function packNames(m: EntityManager, packs: Pack[]): Promise<{ barcode: string; nameZh: string; nameEn: string }[]> {
  const rows: { barcode: string; name_zh: string; name_en: string }[] = await m.query(KERNEL_SQL.packNamesAsPacked, [
    packs.map((p) => p.id),
  ]);
  return rows.map((r) => ({ barcode: r.barcode, nameZh: r.name_zh, nameEn: r.name_en }));
}
