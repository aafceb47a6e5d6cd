import type { LabelLayout, PlacedText, Rect } from './label-layout.js';

/**
 * SVG of the label layout, in millimetres. Text is drawn as the font's glyph outlines (each
 * outline defined once, then `<use>`d), so the file shows Chinese correctly in any viewer
 * without any font installed. Each text run is a `<g data-field aria-label>` naming its
 * field and text, in reading order: screen readers and tests read the label from there.
 */
export function renderSvg(layout: LabelLayout): string {
  const defs = new Map<string, string>();
  const body: string[] = [];
  for (const t of layout.texts) body.push(textGroup(t, defs));
  const { symbol } = layout.barcode;
  body.push(
    `<path data-symbology="${symbol.symbology}" aria-label="${escapeXml(symbol.data)}" fill="#000" shape-rendering="crispEdges" d="${rectsPath(layout.barcode.rects)}"/>`,
  );
  const W = num(layout.widthMm);
  const H = num(layout.heightMm);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}mm" height="${H}mm" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(layout.texts.map((t) => t.text).join(' '))}">` +
    `<defs>${[...defs].map(([id, d]) => `<path id="${id}" d="${d}"/>`).join('')}</defs>` +
    `<rect width="${W}" height="${H}" fill="#fff"/>` +
    body.join('') +
    '</svg>'
  );
}

function textGroup(t: PlacedText, defs: Map<string, string>): string {
  const uses: string[] = [];
  for (const { glyph, x } of t.shaped.glyphs) {
    if (!glyph.path) continue; // a blank
    const id = `g${glyph.key.replace(/\W/g, '_')}`;
    if (!defs.has(id)) defs.set(id, glyph.path);
    const k = t.sizeMm / glyph.unitsPerEm;
    uses.push(
      `<use href="#${id}" transform="matrix(${scale(k * t.scaleX)} 0 0 ${scale(-k)} ${num(t.x + x * t.sizeMm * t.scaleX)} ${num(t.baseline)})"/>`,
    );
  }
  return `<g data-field="${t.field}" aria-label="${escapeXml(t.text)}">${uses.join('')}</g>`;
}

function rectsPath(rects: Rect[]): string {
  return rects.map((r) => `M${num(r.x)} ${num(r.y)}h${num(r.w)}v${num(r.h)}h${num(-r.w)}z`).join('');
}

/** Up to 4 decimals (0.1 µm): exact enough for any printer, short enough for big sheets. */
function num(n: number): string {
  return String(Math.round(n * 10000) / 10000);
}

/** Scale factors are tiny (mm per font unit): keep 6 significant digits. */
function scale(n: number): string {
  return String(Number(n.toPrecision(6)));
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
