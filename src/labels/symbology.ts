import bwipjs from 'bwip-js';
import { DomainError } from '../common/errors/domain-error.js';
import { encodeGs1ForBwip, formatGs1HumanReadable, Gs1Error, type Gs1Element } from '../kernel/gs1.js';
import type { LabelContent } from './label-content.js';

/**
 * The barcode on a label (§6). Code 128 carries the pack barcode; when the template has a
 * GTIN, GS1 DataMatrix (default: it fits a 60 × 40 mm label at a printable module size) or
 * GS1-128 carry (01) GTIN, (17) expiry, (10) load and (21) the pack barcode as serial; the
 * QR option carries the pack's provenance URL. bwip-js encodes; we take the module pattern
 * (bwipjs.raw) and let the one label layout place it, so every format draws the same bars.
 */
export const SYMBOLOGIES = ['code128', 'gs1-128', 'gs1-datamatrix', 'qr'] as const;
export type Symbology = (typeof SYMBOLOGIES)[number];

export type SymbolGeometry =
  /** Bars as [start, width] in modules, left to right; `modules` excludes the quiet zones. */
  | { kind: 'linear'; modules: number; quietZone: number; bars: [number, number][] }
  /** Dark runs per row as [row, start column, length]. */
  | { kind: 'matrix'; cols: number; rows: number; quietZone: number; runs: [number, number, number][] };

export interface BarcodeSymbol {
  symbology: Symbology;
  /** What a scanner reads: the pack barcode, the GS1 element string in bracketed form, or the URL. */
  data: string;
  /** The human-readable line printed with the symbol. */
  hri: string;
  gs1: Gs1Element[] | null;
  geometry: SymbolGeometry;
}

// GS1 GenSpecs set 82 without brackets (brackets cannot be written in the bracketed form).
const LOT_CHARS = /^[!"%&'*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

export function chooseSymbology(requested: Symbology | undefined, gtin: string | null): Symbology {
  const symbology = requested ?? (gtin ? 'gs1-datamatrix' : 'code128');
  if ((symbology === 'gs1-128' || symbology === 'gs1-datamatrix') && !gtin) {
    throw new DomainError('LABEL_SYMBOLOGY_UNAVAILABLE', { symbology: symbology.toUpperCase() });
  }
  return symbology;
}

/** (01) GTIN, (17) expiry YYMMDD, (10) the load as `<sterilizer>-<cycle>` when GS1 allows it, (21) the pack barcode. */
export function gs1ElementsFor(c: Pick<LabelContent, 'gtin' | 'expiryDate' | 'sterilizerCode' | 'cycleNo' | 'barcode'>): Gs1Element[] {
  if (!c.gtin) throw new RangeError('GS1 elements need a GTIN');
  const lot = `${c.sterilizerCode}-${c.cycleNo}`;
  return [
    { ai: '01', value: c.gtin },
    { ai: '17', value: c.expiryDate.slice(2, 4) + c.expiryDate.slice(5, 7) + c.expiryDate.slice(8, 10) },
    // A sterilizer code outside GS1 set 82 (e.g. Chinese) is left out: (21) still names the pack.
    ...(LOT_CHARS.test(lot) ? [{ ai: '10', value: lot }] : []),
    { ai: '21', value: c.barcode },
  ];
}

export function barcodeSymbol(c: LabelContent, symbology: Symbology): BarcodeSymbol {
  switch (symbology) {
    case 'code128':
      return { symbology, data: c.barcode, hri: c.barcode, gs1: null, geometry: linear('code128', c.barcode) };
    case 'qr':
      return { symbology, data: c.provenanceUrl, hri: c.barcode, gs1: null, geometry: matrix('qrcode', c.provenanceUrl, 'eclevel=M', 4) };
    case 'gs1-128':
    case 'gs1-datamatrix': {
      const elements = gs1ElementsFor(c);
      // The label's own sterilization date (from the service's clock) places its YYMMDD expiry.
      const referenceYear = Number(c.sterilizationDate.slice(0, 4));
      let data: string;
      try {
        data = encodeGs1ForBwip(elements, referenceYear);
      } catch (e) {
        if (e instanceof Gs1Error) throw new DomainError('LABEL_GS1_INVALID', { problem: e.describe() }, { code: e.code, ai: e.ai });
        throw e;
      }
      const hri = formatGs1HumanReadable(elements, referenceYear);
      const geometry = symbology === 'gs1-128' ? linear('gs1-128', data) : matrix('gs1datamatrix', data, '', 1);
      return { symbology, data, hri, gs1: elements, geometry };
    }
  }
}

type RawLinear = { sbs: number[] };
type RawMatrix = { pixs: number[]; pixx: number; pixy: number };

function linear(bcid: string, text: string): SymbolGeometry {
  const [raw] = bwipjs.raw(bcid, text, '') as RawLinear[];
  const bars: [number, number][] = [];
  let x = 0;
  // sbs alternates bar, space, bar … widths in modules, starting with a bar.
  raw.sbs.forEach((w, i) => {
    if (i % 2 === 0) bars.push([x, w]);
    x += w;
  });
  // ISO/IEC 15417: Code 128 needs a quiet zone of 10 modules each side.
  return { kind: 'linear', modules: x, quietZone: 10, bars };
}

function matrix(bcid: string, text: string, opts: string, quietZone: number): SymbolGeometry {
  const [raw] = bwipjs.raw(bcid, text, opts) as RawMatrix[];
  const runs: [number, number, number][] = [];
  for (let row = 0; row < raw.pixy; row++) {
    let start = -1;
    for (let col = 0; col <= raw.pixx; col++) {
      const dark = col < raw.pixx && raw.pixs[row * raw.pixx + col] === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { kind: 'matrix', cols: raw.pixx, rows: raw.pixy, quietZone, runs };
}
