import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { packBarcode } from './barcode.js';
import { readScan as readScanAt } from './scan.js';

const readScan = (raw: string) => readScanAt(raw, new Date('2026-06-01T00:00:00Z'));

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('readScan: what a station scanner typed', () => {
  it('reads a pack label and a set asset code, ignoring the Enter the scanner sends', () => {
    const label = packBarcode(42);
    expect(readScan(`${label}\r\n`)).toEqual({ kind: 'pack', barcode: label });
    expect(readScan('APP-0001')).toEqual({ kind: 'set', assetCode: 'APP-0001' });
  });

  it('refuses a label with a wrong check digit and codes with spaces or control characters', () => {
    const label = packBarcode(42);
    const wrong = label.slice(0, 11) + String((Number(label[11]) + 1) % 10);
    expect(codeOf(() => readScan(wrong))).toBe('INVALID_BARCODE');
    expect(codeOf(() => readScan('APP 0001'))).toBe('INVALID_BARCODE');
    expect(codeOf(() => readScan(''))).toBe('INVALID_BARCODE');
  });

  it('reads a tray’s GS1 GIAI (AI 8004) as the set asset code, in bracketed and GS-separated form', () => {
    expect(readScan('(8004)0614141ORB0001')).toEqual({ kind: 'set', assetCode: '0614141ORB0001' });
    expect(readScan(']d28004061414' + '1ORB0001')).toEqual({ kind: 'set', assetCode: '0614141ORB0001' });
  });

  it('refuses a malformed GS1 symbol with INVALID_BARCODE and the GS1 reason', () => {
    let err: DomainError | null = null;
    try {
      readScan('(01)09501101530004');
    } catch (e) {
      err = e as DomainError;
    }
    expect(err?.code).toBe('INVALID_BARCODE');
    expect((err?.details as { reason: string }).reason).toBe('GS1_BAD_CHECK_DIGIT');
  });
});
