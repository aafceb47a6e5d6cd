import { DomainError } from '../common/errors/domain-error.js';
import type { LabelContent } from './label-content.js';
import type { FontWeight, LabelFont, ShapedText } from './label-font.js';
import type { BarcodeSymbol } from './symbology.js';

/**
 * THE label layout — the one place that decides what goes where. Every format (SVG, PNG,
 * PDF, ZPL) draws this and nothing else, so they cannot disagree. Units: millimetres, origin
 * top-left, y down; text by its baseline.
 *
 * Reading order (and the order of `texts`): name (zh) · template code · name (en) ·
 * shortfall (a pack packed short) · sterilizer · cycle · sterilization date · expiry date · packer · checker · barcode text
 * (· GS1 text). Linear symbols run across the bottom; 2D symbols sit top-right.
 */
export type LabelField =
  | 'nameZh'
  | 'templateCode'
  | 'nameEn'
  | 'shortfall'
  | 'sterilizer'
  | 'cycleNo'
  | 'sterilizationDate'
  | 'sampleMark'
  | 'expiryDate'
  | 'packer'
  | 'checker'
  | 'barcodeText'
  | 'gs1Text';

/** Reading order: the order of `LabelLayout.texts`. */
export const FIELD_ORDER: readonly LabelField[] = [
  'nameZh',
  'templateCode',
  'nameEn',
  'shortfall',
  'sterilizer',
  'cycleNo',
  'sterilizationDate',
  'sampleMark',
  'expiryDate',
  'packer',
  'checker',
  'barcodeText',
  'gs1Text',
];

export interface PlacedText {
  field: LabelField;
  text: string;
  /** Left end of the run and its baseline. */
  x: number;
  baseline: number;
  /** Font size (em) in mm; `scaleX` < 1 narrows a run that would not fit even smaller. */
  sizeMm: number;
  scaleX: number;
  weight: FontWeight;
  shaped: ShapedText;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedBarcode {
  symbol: BarcodeSymbol;
  /** The symbol's box including its quiet zones. */
  box: Rect;
  moduleMm: number;
  /** The dark modules, in label millimetres. */
  rects: Rect[];
}

export interface LabelLayout {
  widthMm: number;
  heightMm: number;
  texts: PlacedText[];
  barcode: PlacedBarcode;
}

export interface LabelSize {
  widthMm: number;
  heightMm: number;
}

export interface LayoutOptions extends LabelSize {
  /**
   * For raster output: the printer's or image's dots per mm. Module widths and the symbol's
   * origin then fall on whole dots, so bars print crisp and equal (a Zebra at 203 dpi: 8).
   */
  dotsPerMm?: number;
}

export const DEFAULT_LABEL_SIZE: LabelSize = { widthMm: 60, heightMm: 40 };
export const LABEL_SIZE_LIMITS = { minWidthMm: 40, maxWidthMm: 110, minHeightMm: 25, maxHeightMm: 80 } as const;

// Module (X) sizes: below these, thermal printers and hand scanners stop being reliable.
const MIN_LINEAR_X = 0.24;
const MAX_LINEAR_X = 0.5;
const MIN_MATRIX_X = 0.25;
const MAX_MATRIX_X = 0.7;
const MIN_BAR_HEIGHT = 5;
// Ideographs reach about 0.88 em above the baseline; a line is 1.2 em.
const CAP = 0.88;
const LINE = 1.2;

/** Every string the layout may draw: the font loads these before `layoutLabel` runs. */
export function labelTexts(c: LabelContent, symbol: BarcodeSymbol): string[] {
  return Object.values(captions(c, symbol)).filter((t): t is string => !!t);
}

function captions(c: LabelContent, symbol: BarcodeSymbol): Record<LabelField, string | null> {
  return {
    nameZh: c.nameZh,
    templateCode: c.templateCode,
    nameEn: c.nameEn,
    // Packed short with the head nurse's approval (issue 18): the ward must see it before opening the pack.
    shortfall: c.shortfall?.length
      ? `缺件 SHORT: ${c.shortfall.map((x) => `${x.nameZh}${x.specification ? ` ${x.specification}` : ''} ×${x.quantity}`).join('；')}`
      : null,
    sterilizer: `灭菌器 ${c.sterilizerCode}`,
    cycleNo: `锅次 ${c.cycleNo}`,
    sterilizationDate: `灭菌日期 ${c.sterilizationDate}`,
    sampleMark: c.sample ? '样张 SAMPLE' : null,
    expiryDate: `失效日期 ${c.expiryDate}`,
    packer: `包装 ${c.packer}`,
    checker: `核对 ${c.checker}`,
    barcodeText: symbol.symbology === 'gs1-128' ? symbol.hri : c.barcode,
    gs1Text: symbol.symbology === 'gs1-datamatrix' ? symbol.hri : null,
  };
}

/** Places everything; `font` must have been prepared with `labelTexts(c, symbol)`. */
export function layoutLabel(c: LabelContent, symbol: BarcodeSymbol, opts: LayoutOptions, font: LabelFont): LabelLayout {
  const { widthMm: W, heightMm: H } = opts;
  const text = captions(c, symbol);
  const s = Math.min(W / DEFAULT_LABEL_SIZE.widthMm, H / DEFAULT_LABEL_SIZE.heightMm);
  const margin = Math.max(1, 1.5 * s);
  const size = { title: 3.4 * s, body: 2.6 * s, small: 2.1 * s };
  const gap = 1.2 * s;
  const snap = (mm: number) => (opts.dotsPerMm ? Math.round(mm * opts.dotsPerMm) / opts.dotsPerMm : mm);
  const sizeName = `${W} × ${H} mm`;
  const texts: PlacedText[] = [];

  const place = (
    field: LabelField,
    x: number,
    baseline: number,
    sizeMm: number,
    weight: FontWeight,
    maxWidth: number,
    align: 'left' | 'right' | 'center' = 'left',
  ) => {
    const t = text[field];
    if (!t) return;
    const fitted = fit(font.shape(t, weight), sizeMm, maxWidth);
    const width = fitted.shaped.width * fitted.sizeMm * fitted.scaleX;
    const left = align === 'left' ? x : align === 'right' ? x - width : x - width / 2;
    texts.push({ field, text: t, x: left, baseline, weight, ...fitted });
  };

  // The symbol first: its size decides what room the text has.
  const g = symbol.geometry;
  const contentWidth = W - 2 * margin;
  let barcode: PlacedBarcode;
  let textRight: number; // right edge of the text column
  let textBottomLimit: number;
  if (g.kind === 'linear') {
    const totalModules = g.modules + 2 * g.quietZone;
    let x = Math.min(MAX_LINEAR_X, contentWidth / totalModules);
    if (opts.dotsPerMm) x = Math.floor(x * opts.dotsPerMm) / opts.dotsPerMm;
    if (x < MIN_LINEAR_X)
      throw new DomainError(
        'LABEL_TOO_SMALL',
        { size: sizeName, what: symbol.symbology.toUpperCase() },
        { neededWidthMm: Math.ceil(totalModules * MIN_LINEAR_X + 2 * margin) },
      );
    const hriTop = H - margin - size.small * LINE;
    const textBlock =
      size.title * LINE + (text.nameEn ? size.small * LINE : 0) + (text.shortfall ? size.small * LINE : 0) + 4 * size.body * LINE;
    const barHeight = Math.min(12 * s, hriTop - 0.3 * gap - (margin + textBlock + 0.5 * gap));
    if (barHeight < MIN_BAR_HEIGHT)
      throw new DomainError(
        'LABEL_TOO_SMALL',
        { size: sizeName, what: symbol.symbology.toUpperCase() },
        { neededHeightMm: Math.ceil(H + MIN_BAR_HEIGHT - barHeight) },
      );
    const width = totalModules * x;
    const left = snap(margin + (contentWidth - width) / 2);
    const top = snap(hriTop - 0.3 * gap - barHeight);
    const barTop = top;
    const bh = snap(barHeight);
    barcode = {
      symbol,
      box: { x: left, y: top, w: width, h: bh },
      moduleMm: x,
      rects: g.bars.map(([start, w]) => ({ x: left + (g.quietZone + start) * x, y: barTop, w: w * x, h: bh })),
    };
    textRight = W - margin;
    textBottomLimit = top - 0.5 * gap;
    place('barcodeText', W / 2, H - margin - size.small * (LINE - CAP), size.small, 400, contentWidth, 'center');
  } else {
    const modules = g.cols + 2 * g.quietZone;
    const bottomLine = text.gs1Text ? size.small * LINE : 0;
    const room = Math.min(H - 2 * margin - bottomLine, 0.42 * contentWidth);
    let x = Math.min(MAX_MATRIX_X, room / modules);
    if (opts.dotsPerMm) x = Math.floor(x * opts.dotsPerMm) / opts.dotsPerMm;
    if (x < MIN_MATRIX_X)
      throw new DomainError(
        'LABEL_TOO_SMALL',
        { size: sizeName, what: symbol.symbology.toUpperCase() },
        { neededSideMm: Math.ceil(modules * MIN_MATRIX_X) },
      );
    const side = modules * x;
    const left = snap(W - margin - side);
    const top = snap(margin);
    const origin = { x: left + g.quietZone * x, y: top + g.quietZone * x };
    barcode = {
      symbol,
      box: { x: left, y: top, w: side, h: (g.rows + 2 * g.quietZone) * x },
      moduleMm: x,
      rects: g.runs.map(([row, col, len]) => ({ x: origin.x + col * x, y: origin.y + row * x, w: len * x, h: x })),
    };
    textRight = left - 0.5 * gap;
    textBottomLimit = H - margin - bottomLine;
  }

  // The text column, top down; spare height opens the lines up a little.
  const columnWidth = textRight - margin;
  const half = columnWidth / 2;
  const rowSizes = [
    size.title,
    ...(text.nameEn ? [size.small] : []),
    ...(text.shortfall ? [size.small] : []),
    size.body,
    size.body,
    size.body,
    size.body,
    ...(g.kind === 'matrix' ? [size.body] : []),
  ];
  const slack = textBottomLimit - margin - rowSizes.reduce((sum, h) => sum + h * LINE, 0);
  if (slack < -0.01)
    throw new DomainError(
      'LABEL_TOO_SMALL',
      { size: sizeName, what: { zh: '文字', en: 'text' } },
      { neededHeightMm: Math.ceil(H - slack) },
    );
  const extra = Math.min(slack / rowSizes.length, 0.4 * size.body);
  let y = margin;
  const row = (sizeMm: number) => {
    const baseline = y + CAP * sizeMm;
    y += sizeMm * LINE + extra;
    return baseline;
  };
  const codeWidth = font.shape(text.templateCode!, 400).width * size.small;
  const titleBase = row(size.title);
  place('nameZh', margin, titleBase, size.title, 700, columnWidth - Math.min(codeWidth, half) - gap);
  place('templateCode', textRight, titleBase, size.small, 400, half, 'right');
  if (text.nameEn) place('nameEn', margin, row(size.small), size.small, 400, columnWidth);
  if (text.shortfall) place('shortfall', margin, row(size.small), size.small, 700, columnWidth);
  const r1 = row(size.body);
  place('sterilizer', margin, r1, size.body, 400, half - gap);
  place('cycleNo', margin + half, r1, size.body, 400, half);
  const r2 = row(size.body);
  place('sterilizationDate', margin, r2, size.body, 400, text.sampleMark ? columnWidth * 0.62 : columnWidth);
  if (text.sampleMark) place('sampleMark', textRight, r2, size.body, 700, columnWidth * 0.36, 'right');
  // The expiry is what dispatch and the ward check: bold.
  place('expiryDate', margin, row(size.body), size.body, 700, columnWidth);
  const r4 = row(size.body);
  place('packer', margin, r4, size.body, 400, half - gap);
  place('checker', margin + half, r4, size.body, 400, half);
  if (g.kind === 'matrix') {
    place('barcodeText', margin, row(size.body), size.body, 700, columnWidth);
    if (text.gs1Text) place('gs1Text', W / 2, H - margin - size.small * (LINE - CAP), size.small, 400, contentWidth, 'center');
  }
  texts.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
  return { widthMm: W, heightMm: H, texts, barcode };
}

/** Shrinks a run to `maxWidth`: first the size (down to 70 %), then the run's width. */
function fit(shaped: ShapedText, sizeMm: number, maxWidth: number): { shaped: ShapedText; sizeMm: number; scaleX: number } {
  const width = shaped.width * sizeMm;
  if (width <= maxWidth || width === 0) return { shaped, sizeMm, scaleX: 1 };
  const smaller = Math.max(0.7 * sizeMm, (sizeMm * maxWidth) / width);
  return { shaped, sizeMm: smaller, scaleX: Math.min(1, maxWidth / (shaped.width * smaller)) };
}
