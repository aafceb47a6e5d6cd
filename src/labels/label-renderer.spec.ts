import { describe, expect, it } from '@jest/globals';
import { decodeImage, type Decoded } from '../../test/support/barcodes.js';
import { pdfPagesToPng, pdfPageSizesMm } from '../../test/support/pdf.js';
import { svgToPng } from '../../test/support/svg.js';
import { zplLabels, zplToPng } from '../../test/support/zpl.js';
import { packBarcode } from '../kernel/barcode.js';
import { parseScan } from '../kernel/gs1.js';
import type { LabelContent } from './label-content.js';
import { renderLabels, type LabelFormat } from './label-renderer.js';
import { gs1ElementsFor, type Symbology } from './symbology.js';

const LABEL: LabelContent = {
  barcode: 'P00000012344',
  templateCode: 'TPL-APP-01',
  nameZh: '阑尾切除手术包',
  nameEn: 'Appendectomy set',
  sterilizerCode: 'S1',
  cycleNo: 42,
  sterilizationDate: '2026-05-01',
  expiryDate: '2026-11-01',
  packer: '张晓玥',
  checker: '李喆',
  gtin: null,
  provenanceUrl: 'http://cssd.example:3000/api/trace/packs/P00000012344',
};
const GS1_LABEL: LabelContent = { ...LABEL, gtin: '09501101530003' };

/** The pictures each format turns into, as a printer or viewer would produce them. */
async function pictures(
  format: LabelFormat,
  content: LabelContent,
  symbology?: Symbology,
  size = { widthMm: 60, heightMm: 40 },
): Promise<Buffer[]> {
  const out = await renderLabels([content], { format, symbology, ...size }, 'test');
  switch (format) {
    case 'png':
      return [out.body];
    case 'svg':
      return [svgToPng(out.body.toString('utf8'), Math.round((size.widthMm * 300) / 25.4))];
    case 'pdf':
      return pdfPagesToPng(out.body, 300);
    case 'zpl':
      return zplLabels(out.body.toString('ascii')).map((l) => zplToPng(l).png);
  }
}

async function decodedFrom(
  format: LabelFormat,
  content: LabelContent,
  symbology?: Symbology,
  size?: { widthMm: number; heightMm: number },
): Promise<Decoded> {
  const [picture] = await pictures(format, content, symbology, size);
  const found = await decodeImage(picture);
  expect(found).toHaveLength(1);
  return found[0];
}

const FORMATS: LabelFormat[] = ['png', 'svg', 'pdf', 'zpl'];

describe('each format’s barcode, read back by an independent decoder (ZXing)', () => {
  describe.each(FORMATS)('%s', (format) => {
    it('Code 128 (default without a GTIN) carries the pack barcode, which a station reads as a plain code', async () => {
      const d = await decodedFrom(format, LABEL);
      expect(d.format).toBe('Code128');
      expect(d.text).toBe(LABEL.barcode);
      expect(parseScan(d.scanned, { referenceYear: 2026 })).toEqual({ kind: 'plain', code: LABEL.barcode });
    });

    it('GS1 DataMatrix (default with a GTIN) carries GTIN, expiry, load and the pack as serial; it round-trips through parseScan', async () => {
      const d = await decodedFrom(format, GS1_LABEL);
      expect(d.format).toBe('DataMatrix');
      const scan = parseScan(d.scanned, { referenceYear: 2026 });
      expect(scan).toMatchObject({ kind: 'gs1', gtin: GS1_LABEL.gtin, expiry: '2026-11-01', batch: 'S1-42', serial: LABEL.barcode });
      expect(scan.kind === 'gs1' && scan.elements).toEqual(gs1ElementsFor(GS1_LABEL));
    });

    it('QR carries the pack’s provenance URL', async () => {
      const d = await decodedFrom(format, LABEL, 'qr');
      expect(d.format).toBe('QRCode');
      expect(d.text).toBe(LABEL.provenanceUrl);
    });
  });

  it.each(['png', 'pdf', 'zpl'] as LabelFormat[])(
    '%s: GS1-128 on a label wide enough for it round-trips through parseScan',
    async (format) => {
      const d = await decodedFrom(format, GS1_LABEL, 'gs1-128', { widthMm: 110, heightMm: 40 });
      expect(d.format).toBe('Code128');
      expect(d.scanned.startsWith(']C1')).toBe(true);
      const scan = parseScan(d.scanned, { referenceYear: 2026 });
      expect(scan.kind === 'gs1' && scan.elements).toEqual(gs1ElementsFor(GS1_LABEL));
    },
  );

  it('decodes at a Zebra 300 dpi head and at a small 50 × 30 mm label as well', async () => {
    const out = await renderLabels([LABEL], { format: 'zpl', dpi: 300, widthMm: 60, heightMm: 40 }, 't');
    const [label] = zplLabels(out.body.toString('ascii'));
    expect(zplToPng(label).width).toBe(720);
    expect((await decodeImage(zplToPng(label).png)).map((d) => d.text)).toEqual([LABEL.barcode]);
    expect((await decodedFrom('zpl', LABEL, undefined, { widthMm: 50, heightMm: 30 })).text).toBe(LABEL.barcode);
  });
});

describe('documents of many labels', () => {
  const labels = Array.from({ length: 20 }, (_, i) => ({ ...LABEL, barcode: packBarcode(100 + i) }));

  it('an A4 sheet tiles the labels in order, 18 to a page, every barcode readable', async () => {
    const out = await renderLabels(labels, { format: 'pdf', sheet: 'a4', widthMm: 60, heightMm: 40 }, 'load');
    expect(out.count).toBe(20);
    expect(await pdfPageSizesMm(out.body)).toEqual([
      { widthMm: 210, heightMm: 297 },
      { widthMm: 210, heightMm: 297 },
    ]);
    const pages = await pdfPagesToPng(out.body, 200);
    const read: string[] = [];
    for (const page of pages) {
      // Reading order: rows top to bottom (a row's symbols share their y to within a few pixels), then left to right.
      const found = (await decodeImage(page, 30)).sort((a, b) => (Math.abs(a.at.y - b.at.y) > 50 ? a.at.y - b.at.y : a.at.x - b.at.x));
      read.push(...found.map((d) => d.text));
    }
    expect(read).toEqual(labels.map((l) => l.barcode));
  });

  it('a label-size PDF has one page per label, of the label’s size', async () => {
    const out = await renderLabels(labels.slice(0, 3), { format: 'pdf', sheet: 'label', widthMm: 70, heightMm: 50 }, 'load');
    expect(await pdfPageSizesMm(out.body)).toEqual(Array(3).fill({ widthMm: 70, heightMm: 50 }));
  });

  it('a ZPL stream holds one ^XA…^XZ label per pack, each with its own barcode', async () => {
    const out = await renderLabels(labels.slice(0, 3), { format: 'zpl', widthMm: 60, heightMm: 40 }, 'load');
    const zpl = out.body.toString('ascii');
    // Chinese text travels as graphics: no printer font (^A), no text field (^FD), no ^CI code page.
    expect(zpl).not.toMatch(/\^A|\^FD|\^CI/);
    const read = [];
    for (const label of zplLabels(zpl)) read.push(...(await decodeImage(zplToPng(label).png)).map((d) => d.text));
    expect(read).toEqual(labels.slice(0, 3).map((l) => l.barcode));
  });
});
