import type { LabelLayout, Rect } from './label-layout.js';
import type { Glyph } from './label-font.js';

const PT_PER_MM = 72 / 25.4;
const A4 = { widthMm: 210, heightMm: 297, marginMm: 8, gapMm: 2 };

export type PdfSheet = 'label' | 'a4';

/**
 * PDF of one or many labels: `label` — one page per label, the label's own size (label
 * printers); `a4` — as many labels as fit on each A4 page, in reading order, with a hairline
 * frame to cut along (office printers). Text is drawn as glyph outlines, each outline stored
 * once per document as a form XObject and reused: no font embedding, and a 200-label sheet
 * stays small.
 */
export async function renderPdf(layouts: LabelLayout[], sheet: PdfSheet, title: string): Promise<Buffer> {
  // Loaded on the first PDF label, not at start-up (0.4 s of CPU).
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    info: { Title: title, Producer: 'cssd-trace', Creator: 'cssd-trace labels' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const glyphs = new GlyphForms(doc);
  if (sheet === 'label') {
    for (const layout of layouts) {
      doc.addPage({ size: [layout.widthMm * PT_PER_MM, layout.heightMm * PT_PER_MM], margin: 0 });
      drawLabel(doc, glyphs, layout, 0, 0, false);
    }
  } else {
    const { widthMm, heightMm } = layouts[0];
    const cols = Math.max(1, Math.floor((A4.widthMm - 2 * A4.marginMm + A4.gapMm) / (widthMm + A4.gapMm)));
    const rows = Math.max(1, Math.floor((A4.heightMm - 2 * A4.marginMm + A4.gapMm) / (heightMm + A4.gapMm)));
    // Centre the grid on the page.
    const left = (A4.widthMm - cols * widthMm - (cols - 1) * A4.gapMm) / 2;
    const top = (A4.heightMm - rows * heightMm - (rows - 1) * A4.gapMm) / 2;
    layouts.forEach((layout, i) => {
      const slot = i % (cols * rows);
      if (slot === 0) doc.addPage({ size: 'A4', margin: 0 });
      const x = left + (slot % cols) * (widthMm + A4.gapMm);
      const y = top + Math.floor(slot / cols) * (heightMm + A4.gapMm);
      drawLabel(doc, glyphs, layout, x, y, true);
    });
  }
  doc.end();
  return done;
}

function drawLabel(doc: PDFKit.PDFDocument, glyphs: GlyphForms, layout: LabelLayout, xMm: number, yMm: number, frame: boolean): void {
  doc.save();
  doc.transform(PT_PER_MM, 0, 0, PT_PER_MM, xMm * PT_PER_MM, yMm * PT_PER_MM); // from here on: label millimetres
  if (frame) doc.lineWidth(0.1).rect(0, 0, layout.widthMm, layout.heightMm).stroke('#b0b0b0');
  for (const t of layout.texts) {
    for (const { glyph, x } of t.shaped.glyphs) {
      if (!glyph.path) continue;
      const k = t.sizeMm / glyph.unitsPerEm;
      doc.addContent(
        `q ${scale(k * t.scaleX)} 0 0 ${scale(-k)} ${n(t.x + x * t.sizeMm * t.scaleX)} ${n(t.baseline)} cm /${glyphs.use(glyph)} Do Q`,
      );
    }
  }
  const rects: Rect[] = layout.barcode.rects;
  for (const r of rects) doc.rect(r.x, r.y, r.w, r.h);
  doc.fill('#000000');
  doc.restore();
}

/** Each glyph outline once per document, as a form XObject in font units. */
class GlyphForms {
  private readonly forms = new Map<string, { name: string; ref: PDFKit.PDFKitReference }>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  use(glyph: Glyph): string {
    let form = this.forms.get(glyph.key);
    if (!form) {
      const u = glyph.unitsPerEm;
      const ref = this.doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [-u, -u, 2 * u, 2 * u], Resources: {} });
      ref.end(`${pdfPath(glyph.path)} f`);
      form = { name: `G${this.forms.size}`, ref };
      this.forms.set(glyph.key, form);
    }
    // pdfkit keeps resources per page: register the form on the page that uses it.
    const page = (this.doc as unknown as { page: { xobjects: Record<string, PDFKit.PDFKitReference> } }).page;
    page.xobjects[form.name] = form.ref;
    return form.name;
  }
}

/** fontkit's SVG path (absolute M, L, Q, C, Z) as PDF path operators; quadratics become cubics. */
function pdfPath(svg: string): string {
  const ops: string[] = [];
  let cx = 0;
  let cy = 0;
  for (const [, cmd, args] of svg.matchAll(/([MLQCZ])([^MLQCZ]*)/g)) {
    const a =
      args.trim() === ''
        ? []
        : args
            .trim()
            .split(/[\s,]+/)
            .map(Number);
    switch (cmd) {
      case 'M':
        [cx, cy] = a;
        ops.push(`${n(cx)} ${n(cy)} m`);
        break;
      case 'L':
        [cx, cy] = a;
        ops.push(`${n(cx)} ${n(cy)} l`);
        break;
      case 'Q': {
        const [qx, qy, x, y] = a;
        ops.push(
          `${n(cx + (2 / 3) * (qx - cx))} ${n(cy + (2 / 3) * (qy - cy))} ${n(x + (2 / 3) * (qx - x))} ${n(y + (2 / 3) * (qy - y))} ${n(x)} ${n(y)} c`,
        );
        [cx, cy] = [x, y];
        break;
      }
      case 'C':
        ops.push(`${a.map(n).join(' ')} c`);
        [cx, cy] = [a[4], a[5]];
        break;
      case 'Z':
        ops.push('h');
        break;
    }
  }
  return ops.join('\n');
}

/** Coordinates to 1/1000 of the unit (µm on the label, 1/1000 em in outlines). */
function n(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

/** Scale factors are tiny (mm per font unit): keep 6 significant digits. */
function scale(v: number): string {
  return String(Number(v.toPrecision(6)));
}
