/**
 * What one pack label says (§6, WS 310.3): pack name and code, sterilizer number, cycle
 * (load) number, sterilization date, expiry date, packer and checker, and the barcode.
 */
export interface LabelContent {
  barcode: string;
  templateCode: string;
  nameZh: string;
  /** Printed under the Chinese name when the template has one. */
  nameEn: string | null;
  sterilizerCode: string;
  cycleNo: number;
  /** YYYY-MM-DD, in the hospital's time zone. */
  sterilizationDate: string;
  expiryDate: string;
  packer: string;
  checker: string;
  /** GS1 GTIN-14 of the template: GS1 symbologies carry it in AI (01). */
  gtin: string | null;
  /** Instruments the pack lacks: packed short with the head nurse's approval (issue 18). */
  shortfall?: ShortItem[];
  /** The pack's provenance page, carried by the QR code option. */
  provenanceUrl: string;
  /** A printer set-up sample: marked as such, with a barcode no pack ever gets. */
  sample?: boolean;
}

/** One instrument line a pack was packed without, and how many. */
export interface ShortItem {
  nameZh: string;
  nameEn: string;
  specification: string;
  quantity: number;
}

/** A field that must be known before the label may be printed (machine name, as in error details). */
export type RequiredLabelField = 'name' | 'barcode' | 'sterilizer' | 'cycleNo' | 'sterilizationDate' | 'expiryDate' | 'packer' | 'checker';

export const REQUIRED_FIELD_NAMES: Record<RequiredLabelField, { zh: string; en: string }> = {
  name: { zh: '包名', en: 'pack name' },
  barcode: { zh: '条码', en: 'barcode' },
  sterilizer: { zh: '灭菌器编号', en: 'sterilizer number' },
  cycleNo: { zh: '锅次', en: 'cycle (load) number' },
  sterilizationDate: { zh: '灭菌日期', en: 'sterilization date' },
  expiryDate: { zh: '失效日期', en: 'expiry date' },
  packer: { zh: '包装者', en: 'packer' },
  checker: { zh: '核对者', en: 'checker' },
};

/** The facts a label is made of, as found: any may still be unknown (null). */
export interface LabelFacts {
  barcode: string | null;
  templateCode: string;
  nameZh: string | null;
  nameEn: string | null;
  sterilizerCode: string | null;
  cycleNo: number | null;
  sterilizationDate: string | null;
  expiryDate: string | null;
  packer: string | null;
  checker: string | null;
  gtin: string | null;
  shortfall?: ShortItem[];
}

/** §6: "a label missing any of these fields is not printed" — the ones still unknown, in label order. */
export function missingLabelFields(f: LabelFacts): RequiredLabelField[] {
  const known: Record<RequiredLabelField, boolean> = {
    name: !!f.nameZh,
    barcode: !!f.barcode,
    sterilizer: !!f.sterilizerCode,
    cycleNo: f.cycleNo !== null,
    sterilizationDate: !!f.sterilizationDate,
    expiryDate: !!f.expiryDate,
    packer: !!f.packer,
    checker: !!f.checker,
  };
  return (Object.keys(known) as RequiredLabelField[]).filter((k) => !known[k]);
}

/** The content of a label whose fields are all known (call after `missingLabelFields` is empty). */
export function labelContent(f: LabelFacts, provenanceUrl: string): LabelContent {
  const missing = missingLabelFields(f);
  if (missing.length > 0) throw new RangeError(`label fields missing: ${missing.join(', ')}`);
  return {
    barcode: f.barcode!,
    templateCode: f.templateCode,
    nameZh: f.nameZh!,
    nameEn: f.nameEn && f.nameEn.trim() !== '' && f.nameEn !== f.nameZh ? f.nameEn : null,
    sterilizerCode: f.sterilizerCode!,
    cycleNo: f.cycleNo!,
    sterilizationDate: f.sterilizationDate!,
    expiryDate: f.expiryDate!,
    packer: f.packer!,
    checker: f.checker!,
    gtin: f.gtin,
    ...(f.shortfall?.length ? { shortfall: f.shortfall } : {}),
    provenanceUrl,
  };
}
