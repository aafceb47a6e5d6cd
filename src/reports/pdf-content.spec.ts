import { describe, expect, it } from '@jest/globals';
import { pdfPagesToPng, pdfText } from '../../test/support/pdf.js';
import { labelFont } from '../labels/label-font.js';
import { PdfContent } from './pdf-content.js';

/**
 * The reports write their text as content operators of their own (pdf-content.ts) instead of
 * pdfkit's text(), which was most of a month's PDF. What a reader sees and searches must not
 * change: the same strings set both ways print the same pixels and read back as the same text.
 */
const TEXTS = [
  '2026-11-03 14:22:05',
  '134.5 -0.5 +1,000 (3) 12%',
  '-1 -2 7/8 #12',
  'P2026000100123 RC-20261120-0001 WS-3',
  'AVAST To WAVE ffi office',
  '1号脉动真空灭菌器 合格 passed',
  '中文，标点。“引号”（Asia/Shanghai）',
  'Cafe\u0301 naïve  two  spaces\tand a tab ',
];

type Run = { slice: string; text: string };

/** A page of TEXTS, each in its slices of the label font, drawn by `draw`. */
async function page(draw: (pdf: PDFKit.PDFDocument, runs: Run[][]) => void): Promise<Buffer> {
  const font = await labelFont();
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({ size: 'A4', margin: 0, compress: true, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  const runs = TEXTS.map((t) => font.runs(t));
  for (const slice of new Set(runs.flat().map((r) => r.slice)))
    pdf.registerFont(`S${slice}`, (await font.sliceFont(slice)) as unknown as string);
  draw(pdf, runs);
  pdf.end();
  return done;
}

/** Each text's runs one after the other on its line, as the writer sets a cell: at 7 pt regular, and at 10 pt bold. */
function lines(runs: Run[][], set: (slice: string, text: string, x: number, y: number, size: number, lineWidth: number) => void) {
  runs.forEach((line, i) => {
    for (const [size, lineWidth, left] of [
      [7, 7 * 0.045, 30],
      [10, 10 * 0.075, 290],
    ]) {
      let x = left;
      for (const r of line) {
        set(r.slice, r.text, x, 40.1234567 + i * 24.3183, size, lineWidth);
        x += r.text.length * size * 0.6137;
      }
    }
  });
}

describe('the reports’ PDF text', () => {
  it('prints and reads back as pdfkit’s own text() set it', async () => {
    const before = await page((pdf, runs) =>
      lines(runs, (slice, text, x, y, size, lineWidth) => {
        pdf.save();
        pdf.lineWidth(lineWidth).lineJoin('round').fillColor('#000000').strokeColor('#000000');
        pdf.font(`S${slice}`).fontSize(size);
        pdf.text(text, x, y, { lineBreak: false, fill: true, stroke: true });
        pdf.restore();
      }),
    );
    const now = await page((pdf, runs) => {
      const content = new PdfContent(pdf);
      lines(runs, (slice, text, x, y, size, lineWidth) => content.text(`S${slice}`, text, x, y, size, lineWidth));
      content.flush();
    });
    expect(await pdfText(now)).toEqual(await pdfText(before));
    const [a, b] = [await pdfPagesToPng(now, 150), await pdfPagesToPng(before, 150)];
    expect(a.length).toBe(1);
    expect(a[0].equals(b[0])).toBe(true);
  });
});
