import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { encodeGs1ElementString, parseScan } from '../kernel/gs1.js';
import type { LabelContent } from './label-content.js';
import { barcodeSymbol, chooseSymbology, gs1ElementsFor } from './symbology.js';

const LABEL: LabelContent = {
  barcode: 'P00000012344',
  templateCode: 'T1',
  nameZh: '敷料包',
  nameEn: null,
  sterilizerCode: 'S1',
  cycleNo: 42,
  sterilizationDate: '2026-05-01',
  expiryDate: '2026-05-15',
  packer: '王',
  checker: '李',
  gtin: '09501101530003',
  provenanceUrl: 'http://h/api/trace/packs/P00000012344',
};

describe('choosing the symbology (§6)', () => {
  it('is Code 128 without a GTIN and GS1 DataMatrix with one, unless asked otherwise', () => {
    expect(chooseSymbology(undefined, null)).toBe('code128');
    expect(chooseSymbology(undefined, '09501101530003')).toBe('gs1-datamatrix');
    expect(chooseSymbology('gs1-128', '09501101530003')).toBe('gs1-128');
    expect(chooseSymbology('qr', null)).toBe('qr');
  });

  it('refuses a GS1 symbology for a template without a GTIN', () => {
    expect(() => chooseSymbology('gs1-datamatrix', null)).toThrow(expect.objectContaining({ code: 'LABEL_SYMBOLOGY_UNAVAILABLE' }));
    expect(() => chooseSymbology('gs1-128', null)).toThrow(DomainError);
  });
});

describe('the GS1 element string of a pack label', () => {
  it('is (01) GTIN, (17) expiry YYMMDD, (10) sterilizer-cycle, (21) the pack barcode — and reads back through the station parser', () => {
    const elements = gs1ElementsFor(LABEL);
    expect(elements).toEqual([
      { ai: '01', value: '09501101530003' },
      { ai: '17', value: '260515' },
      { ai: '10', value: 'S1-42' },
      { ai: '21', value: 'P00000012344' },
    ]);
    // As a scanner types it: ]d2 (GS1 DataMatrix), FNC1 as GS after the variable-length lot.
    const scanned = `]d2${encodeGs1ElementString(elements, 2026)}`;
    expect(scanned).toBe(']d2' + '0109501101530003' + '17260515' + '10S1-42\x1d' + '21P00000012344');
    expect(parseScan(scanned, { referenceYear: 2026 })).toMatchObject({
      kind: 'gs1',
      gtin: '09501101530003',
      expiry: '2026-05-15',
      batch: 'S1-42',
      serial: 'P00000012344',
    });
  });

  it('leaves the lot out when the sterilizer code has characters GS1 does not allow; the serial still names the pack', () => {
    expect(gs1ElementsFor({ ...LABEL, sterilizerCode: '脉动1号' }).map((e) => e.ai)).toEqual(['01', '17', '21']);
    expect(gs1ElementsFor({ ...LABEL, sterilizerCode: 'A-VERY-LONG-STERILIZER' }).map((e) => e.ai)).toEqual(['01', '17', '21']);
  });

  it('refuses a GTIN with a wrong check digit with LABEL_GS1_INVALID', () => {
    expect(() => barcodeSymbol({ ...LABEL, gtin: '09501101530004' }, 'gs1-datamatrix')).toThrow(
      expect.objectContaining({ code: 'LABEL_GS1_INVALID' }),
    );
  });
});

describe('symbol geometry', () => {
  it('Code 128 bars fill the symbol; QR and DataMatrix are square grids', () => {
    const c = barcodeSymbol(LABEL, 'code128').geometry;
    expect(c.kind).toBe('linear');
    if (c.kind === 'linear') {
      const [lastStart, lastWidth] = c.bars[c.bars.length - 1];
      expect(lastStart + lastWidth).toBe(c.modules); // Code 128 ends with a bar (stop pattern)
      expect(c.quietZone).toBe(10);
    }
    for (const s of ['qr', 'gs1-datamatrix'] as const) {
      const g = barcodeSymbol(LABEL, s).geometry;
      expect(g.kind === 'matrix' && g.cols === g.rows).toBe(true);
    }
  });
});
