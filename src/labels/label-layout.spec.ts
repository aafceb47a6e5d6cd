import { isDeepStrictEqual } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DomainError } from '../common/errors/domain-error.js';
import type { LabelContent } from './label-content.js';
import { labelFont, type LabelFont } from './label-font.js';
import { FIELD_ORDER, labelTexts, layoutLabel, type LabelLayout } from './label-layout.js';
import { layoutFor } from './label-renderer.js';
import { renderSvg } from './render-svg.js';
import { barcodeSymbol, type Symbology } from './symbology.js';

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
  provenanceUrl: 'http://cssd.example/api/trace/packs/P00000012344',
};

const GOLDEN = new URL('./label-layout.golden.json', import.meta.url);
/** Written when the layout differs from the golden file: after a deliberate change, copy it over the golden file. */
const ACTUAL = new URL('./label-layout.golden.actual.json', import.meta.url);

/** The layout as the golden file keeps it: each text with its place (0.1 mm), and the symbol's box. */
function summary(layout: LabelLayout) {
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    size: `${layout.widthMm}x${layout.heightMm}`,
    texts: layout.texts.map((t) => ({
      field: t.field,
      text: t.text,
      x: r(t.x),
      baseline: r(t.baseline),
      size: r(t.sizeMm),
      weight: t.weight,
      narrowed: t.scaleX < 1,
    })),
    barcode: {
      symbology: layout.barcode.symbol.symbology,
      data: layout.barcode.symbol.data,
      box: Object.fromEntries(Object.entries(layout.barcode.box).map(([k, v]) => [k, r(v)])),
      moduleMm: r(layout.barcode.moduleMm * 100) / 100,
    },
  };
}

describe('the label layout (§6)', () => {
  it('has every field, Chinese included, in reading order: name, code, sterilizer, cycle, dates, packer, checker, barcode', async () => {
    const layout = await layoutFor(LABEL, { widthMm: 60, heightMm: 40 });
    expect(layout.texts.map((t) => [t.field, t.text])).toEqual([
      ['nameZh', '阑尾切除手术包'],
      ['templateCode', 'TPL-APP-01'],
      ['nameEn', 'Appendectomy set'],
      ['sterilizer', '灭菌器 S1'],
      ['cycleNo', '锅次 42'],
      ['sterilizationDate', '灭菌日期 2026-05-01'],
      ['expiryDate', '失效日期 2026-11-01'],
      ['packer', '包装 张晓玥'],
      ['checker', '核对 李喆'],
      ['barcodeText', 'P00000012344'],
    ]);
    // Reading order on the label itself: top to bottom, and left to right within a line.
    for (let i = 1; i < layout.texts.length; i++) {
      const [a, b] = [layout.texts[i - 1], layout.texts[i]];
      if (Math.abs(a.baseline - b.baseline) < 0.5) expect(b.x).toBeGreaterThan(a.x);
      else expect(b.baseline).toBeGreaterThan(a.baseline);
    }
  });

  it('draws every Chinese character with a real glyph of the packaged font (no empty box)', async () => {
    const layout = await layoutFor(LABEL, { widthMm: 60, heightMm: 40 });
    for (const t of layout.texts) {
      [...t.text].forEach((ch, i) => {
        const { glyph } = t.shaped.glyphs[i];
        if (ch === ' ') return;
        expect({ ch, drawn: glyph.path.length > 0 && !glyph.key.endsWith('.0') }).toEqual({ ch, drawn: true });
      });
    }
  });

  it('the SVG carries the same texts, in the same order, each drawn glyph by glyph', async () => {
    const layout = await layoutFor(LABEL, { widthMm: 60, heightMm: 40 });
    const svg = renderSvg(layout);
    const groups = [...svg.matchAll(/<g data-field="(\w+)" aria-label="([^"]*)">(.*?)<\/g>/g)];
    expect(groups.map(([, field, text]) => [field, text])).toEqual(layout.texts.map((t) => [t.field, t.text]));
    for (const [, , text, uses] of groups) expect((uses.match(/<use /g) ?? []).length).toBe([...text].filter((c) => c !== ' ').length);
    // No font is referenced: text is outlines, so the file shows the same on any machine.
    expect(svg).not.toMatch(/<text|font-family/);
  });

  it('puts the GS1 human-readable line under a GS1 DataMatrix, and the pack code beside it', async () => {
    const layout = await layoutFor({ ...LABEL, gtin: '09501101530003' }, { widthMm: 60, heightMm: 40 });
    expect(layout.barcode.symbol.symbology).toBe('gs1-datamatrix');
    expect(layout.texts.slice(-2).map((t) => [t.field, t.text])).toEqual([
      ['barcodeText', 'P00000012344'],
      ['gs1Text', '(01)09501101530003(17)261101(10)S1-42(21)P00000012344'],
    ]);
  });

  it('marks a printer set-up sample as such', async () => {
    const layout = await layoutFor({ ...LABEL, sample: true }, { widthMm: 60, heightMm: 40 });
    expect(layout.texts.find((t) => t.field === 'sampleMark')?.text).toBe('样张 SAMPLE');
  });

  it('matches the golden file (positions to 0.1 mm) for each symbology — a difference is written to label-layout.golden.actual.json', async () => {
    const cases: [string, LabelContent, Symbology | undefined, number, number][] = [
      ['code128 60x40', LABEL, undefined, 60, 40],
      ['gs1-datamatrix 60x40', { ...LABEL, gtin: '09501101530003' }, undefined, 60, 40],
      ['qr 60x40', LABEL, 'qr', 60, 40],
      ['gs1-128 100x50', { ...LABEL, gtin: '09501101530003' }, 'gs1-128', 100, 50],
      ['code128 50x30 no english name', { ...LABEL, nameEn: null }, undefined, 50, 30],
    ];
    const actual: Record<string, unknown> = {};
    for (const [name, content, symbology, widthMm, heightMm] of cases)
      actual[name] = summary(await layoutFor(content, { widthMm, heightMm, symbology }));
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8'));
    if (!isDeepStrictEqual(actual, golden)) writeFileSync(ACTUAL, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(golden);
  });
});

describe('the layout fits any allowed label size', () => {
  let font: LabelFont;
  beforeAll(async () => {
    font = await labelFont();
  });

  const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((cp) => String.fromCodePoint(cp));

  it('keeps every text and the symbol inside the label and apart from each other, or refuses with LABEL_TOO_SMALL', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          widthMm: fc.integer({ min: 40, max: 110 }),
          heightMm: fc.integer({ min: 25, max: 80 }),
          symbology: fc.constantFrom<Symbology>('code128', 'gs1-datamatrix', 'qr', 'gs1-128'),
          nameZh: fc.array(cjk, { minLength: 1, maxLength: 40 }).map((a) => a.join('')),
          packer: fc.array(cjk, { minLength: 1, maxLength: 12 }).map((a) => a.join('')),
          nameEn: fc.option(fc.string({ minLength: 1, maxLength: 60 }).filter((s) => /^[\x20-\x7e]+$/.test(s))),
        }),
        async ({ widthMm, heightMm, symbology, nameZh, packer, nameEn }) => {
          const content: LabelContent = { ...LABEL, nameZh, packer, nameEn, gtin: '09501101530003' };
          const symbol = barcodeSymbol(content, symbology);
          await font.prepare(labelTexts(content, symbol));
          let layout: LabelLayout;
          try {
            layout = layoutLabel(content, symbol, { widthMm, heightMm }, font);
          } catch (e) {
            // Only a linear GS1 symbol may not fit: it is long (about 45 digits).
            expect(e instanceof DomainError && e.code === 'LABEL_TOO_SMALL' && symbology === 'gs1-128').toBe(true);
            return;
          }
          const eps = 0.01;
          const bc = layout.barcode.box;
          expect(bc.x >= -eps && bc.y >= -eps && bc.x + bc.w <= widthMm + eps && bc.y + bc.h <= heightMm + eps).toBe(true);
          const boxes = layout.texts.map((t) => ({
            field: t.field,
            x0: t.x,
            x1: t.x + t.shaped.width * t.sizeMm * t.scaleX,
            y0: t.baseline - 0.88 * t.sizeMm,
            y1: t.baseline + 0.12 * t.sizeMm,
          }));
          for (const b of boxes) {
            expect({ field: b.field, inside: b.x0 >= -eps && b.y0 >= -eps && b.x1 <= widthMm + eps && b.y1 <= heightMm + eps }).toEqual({
              field: b.field,
              inside: true,
            });
            const overlapsSymbol = b.x0 < bc.x + bc.w - eps && b.x1 > bc.x + eps && b.y0 < bc.y + bc.h - eps && b.y1 > bc.y + eps;
            expect({ field: b.field, overlapsSymbol }).toEqual({ field: b.field, overlapsSymbol: false });
          }
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const [a, b] = [boxes[i], boxes[j]];
              const overlap = a.x0 < b.x1 - eps && b.x0 < a.x1 - eps && a.y0 < b.y1 - eps && b.y0 < a.y1 - eps;
              expect({ pair: `${a.field}/${b.field}`, overlap }).toEqual({ pair: `${a.field}/${b.field}`, overlap: false });
            }
          }
          expect(layout.texts.map((t) => t.field)).toEqual(FIELD_ORDER.filter((f) => layout.texts.some((t) => t.field === f)));
        },
      ),
      { numRuns: 80 },
    );
  });
});
