import type { LabelLayout } from './label-layout.js';
import { renderBitmap, type Bitmap } from './render-raster.js';

/** Zebra print heads: 203 dpi = 8 dots/mm, 300 dpi = 12, 600 dpi = 24. */
export const ZPL_DOTS_PER_MM = { 203: 8, 300: 12, 600: 24 } as const;
export type ZplDpi = keyof typeof ZPL_DOTS_PER_MM;

/**
 * ZPL II for Zebra thermal printers. The whole label — Chinese text and barcode — goes as
 * one ^GF graphic field, so nothing depends on fonts in the printer (a Zebra has no CJK font
 * unless one is bought and loaded) and the print is exactly the layout. The bitmap is sent
 * in ZPL's ASCII compression (run lengths, `,` `!` `:`), which every ZPL II printer reads.
 */
export async function renderZpl(layout: LabelLayout, dotsPerMm: number): Promise<string> {
  const bitmap = await renderBitmap(layout, dotsPerMm);
  const bytesPerRow = Math.ceil(bitmap.width / 8);
  const total = bytesPerRow * bitmap.height;
  return [
    '^XA',
    `^FX cssd-trace label ${layout.barcode.symbol.hri.replace(/[\^~]/g, '')} ^FS`,
    `^PW${bitmap.width}`,
    `^LL${bitmap.height}`,
    '^LH0,0',
    `^FO0,0^GFA,${total},${total},${bytesPerRow},${compressRows(bitmap, bytesPerRow)}^FS`,
    '^PQ1',
    '^XZ',
    '',
  ].join('\n');
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

function compressRows(bitmap: Bitmap, bytesPerRow: number): string {
  const out: string[] = [];
  let previous = '';
  const row: string[] = new Array(bytesPerRow);
  for (let y = 0; y < bitmap.height; y++) {
    const start = y * bitmap.width;
    for (let b = 0; b < bytesPerRow; b++) {
      let byte = 0;
      const end = Math.min(8, bitmap.width - b * 8);
      for (let bit = 0; bit < end; bit++) if (bitmap.dots[start + b * 8 + bit]) byte |= 0x80 >> bit;
      row[b] = HEX[byte];
    }
    const hex = row.join('');
    out.push(hex === previous ? ':' : compressRow(hex));
    previous = hex;
  }
  return out.join('');
}

/** One row: trailing 0s → `,`, trailing Fs → `!`, runs of a hex digit → count letters + digit. */
function compressRow(hex: string): string {
  let end = hex.length;
  let tail = '';
  const last = hex[end - 1];
  if (last === '0' || last === 'F') {
    while (end > 0 && hex[end - 1] === last) end--;
    tail = last === '0' ? ',' : '!';
  }
  let out = '';
  for (let i = 0; i < end;) {
    let j = i;
    while (j < end && hex[j] === hex[i]) j++;
    out += runLength(j - i) + hex[i];
    i = j;
  }
  return out + tail;
}

/** ZPL counts: G–Y are 1–19, g–z are 20–400 in steps of 20; a single digit needs none. */
function runLength(n: number): string {
  if (n === 1) return '';
  let out = '';
  while (n >= 400) {
    out += 'z';
    n -= 400;
  }
  if (n >= 20) {
    out += String.fromCharCode('g'.charCodeAt(0) + Math.floor(n / 20) - 1);
    n %= 20;
  }
  if (n > 0) out += String.fromCharCode('G'.charCodeAt(0) + n - 1);
  return out;
}
