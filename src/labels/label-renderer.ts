import type { LabelContent } from './label-content.js';
import { labelFont } from './label-font.js';
import { labelTexts, layoutLabel, type LabelLayout, type LabelSize } from './label-layout.js';
import { renderPdf, type PdfSheet } from './render-pdf.js';
import { renderPng } from './render-raster.js';
import { renderSvg } from './render-svg.js';
import { renderZpl, ZPL_DOTS_PER_MM, type ZplDpi } from './render-zpl.js';
import { barcodeSymbol, chooseSymbology, type Symbology } from './symbology.js';

export const LABEL_FORMATS = ['png', 'svg', 'pdf', 'zpl'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

export const CONTENT_TYPES: Record<LabelFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  // Zebra's own; sent raw to port 9100 or through the driver as-is.
  zpl: 'application/zpl',
};

export interface RenderOptions extends LabelSize {
  format: LabelFormat;
  symbology?: Symbology;
  /** PNG: any 96–600; ZPL: the print head's 203, 300 or 600. */
  dpi?: number;
  /** PDF only: one label per page, or labels tiled on A4. */
  sheet?: PdfSheet;
}

export interface RenderedLabels {
  body: Buffer;
  contentType: string;
  format: LabelFormat;
  count: number;
}

export const DEFAULT_PNG_DPI = 300;
export const DEFAULT_ZPL_DPI: ZplDpi = 203;

/** Lays out each label once and draws it in the wanted format. SVG and PNG take one label. */
export async function renderLabels(contents: LabelContent[], opts: RenderOptions, title: string): Promise<RenderedLabels> {
  if (contents.length === 0) throw new RangeError('no labels to render');
  if ((opts.format === 'svg' || opts.format === 'png') && contents.length !== 1) throw new RangeError(`${opts.format} holds one label`);
  const size = { widthMm: opts.widthMm, heightMm: opts.heightMm };
  let dotsPerMm: number | undefined;
  if (opts.format === 'zpl') dotsPerMm = ZPL_DOTS_PER_MM[(opts.dpi ?? DEFAULT_ZPL_DPI) as ZplDpi];
  // Whole pixels across the label, and modules snapped to that exact grid.
  if (opts.format === 'png') dotsPerMm = Math.round((size.widthMm * (opts.dpi ?? DEFAULT_PNG_DPI)) / 25.4) / size.widthMm;
  if (dotsPerMm === undefined && (opts.format === 'zpl' || opts.format === 'png')) throw new RangeError(`unsupported dpi ${opts.dpi}`);

  const font = await labelFont();
  const layouts: LabelLayout[] = [];
  for (const content of contents) {
    const symbol = barcodeSymbol(content, chooseSymbology(opts.symbology, content.gtin));
    await font.prepare(labelTexts(content, symbol));
    layouts.push(layoutLabel(content, symbol, { ...size, dotsPerMm }, font));
  }
  let body: Buffer;
  switch (opts.format) {
    case 'svg':
      body = Buffer.from(renderSvg(layouts[0]), 'utf8');
      break;
    case 'png':
      body = await renderPng(layouts[0], dotsPerMm! * 25.4);
      break;
    case 'pdf':
      body = await renderPdf(layouts, opts.sheet ?? 'label', title);
      break;
    case 'zpl':
      // Two labels drawing at a time: faster than one, and the thread pool keeps room for the
      // password checks of co-signatures.
      body = Buffer.from((await mapInTurn(layouts, 2, (l) => renderZpl(l, dotsPerMm!))).join(''), 'ascii');
      break;
  }
  return { body, contentType: CONTENT_TYPES[opts.format], format: opts.format, count: layouts.length };
}

/** The layout alone (what every format draws): for previews and the golden tests. */
export async function layoutFor(
  content: LabelContent,
  opts: LabelSize & { symbology?: Symbology; dotsPerMm?: number },
): Promise<LabelLayout> {
  const font = await labelFont();
  const symbol = barcodeSymbol(content, chooseSymbology(opts.symbology, content.gtin));
  await font.prepare(labelTexts(content, symbol));
  return layoutLabel(content, symbol, opts, font);
}

/** `fn` over `items`, at most `width` at a time, results in order. */
async function mapInTurn<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return out;
}
