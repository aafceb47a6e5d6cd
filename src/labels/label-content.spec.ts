import { describe, expect, it } from '@jest/globals';
import { labelContent, missingLabelFields, type LabelFacts } from './label-content.js';

const COMPLETE: LabelFacts = {
  barcode: 'P00000012344',
  templateCode: 'T1',
  nameZh: '阑尾包',
  nameEn: 'Appendectomy set',
  sterilizerCode: 'S1',
  cycleNo: 7,
  sterilizationDate: '2026-05-01',
  expiryDate: '2026-11-01',
  packer: '张三',
  checker: '李四',
  gtin: null,
};

describe('§6: a label missing any field is not printed', () => {
  it('a complete label misses nothing', () => {
    expect(missingLabelFields(COMPLETE)).toEqual([]);
  });

  it('a pack not yet in a started load misses sterilizer, cycle and both dates, named in label order', () => {
    expect(missingLabelFields({ ...COMPLETE, sterilizerCode: null, cycleNo: null, sterilizationDate: null, expiryDate: null })).toEqual([
      'sterilizer',
      'cycleNo',
      'sterilizationDate',
      'expiryDate',
    ]);
  });

  it('names every unknown field, and cycle 0 is a known number', () => {
    expect(missingLabelFields({ ...COMPLETE, packer: null, checker: null, barcode: null })).toEqual(['barcode', 'packer', 'checker']);
    expect(missingLabelFields({ ...COMPLETE, cycleNo: 0 })).toEqual([]);
  });

  it('drops an English name that is empty or repeats the Chinese one', () => {
    expect(labelContent({ ...COMPLETE, nameEn: '  ' }, 'u').nameEn).toBeNull();
    expect(labelContent({ ...COMPLETE, nameEn: '阑尾包' }, 'u').nameEn).toBeNull();
    expect(labelContent(COMPLETE, 'u').nameEn).toBe('Appendectomy set');
  });

  it('cannot be built while a field is missing', () => {
    expect(() => labelContent({ ...COMPLETE, expiryDate: null }, 'u')).toThrow(RangeError);
  });
});
