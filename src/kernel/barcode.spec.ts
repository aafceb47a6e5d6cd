import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PACK_BARCODE, isValidPackBarcode, mod10CheckDigit, packBarcode } from './barcode.js';

/** Every serial a 10-digit label can carry. */
const serials = fc.bigInt({ min: 0n, max: 9_999_999_999n });

describe('pack label barcodes', () => {
  it.each([
    [1, 'P00000000017'],
    [1234, 'P00000012348'],
    [0, 'P00000000000'],
    [9_999_999_999, 'P99999999990'],
  ])('serial %d → %s (GS1 mod-10 check digit)', (serial, code) => {
    expect(packBarcode(serial)).toBe(code);
    expect(isValidPackBarcode(code)).toBe(true);
  });

  it.each([[10_000_000_000], [10_000_000_000n], [-1], [1.5], [Number.NaN]])(
    'refuses serial %p instead of printing a longer or broken code',
    (serial) => {
      expect(() => packBarcode(serial)).toThrow(RangeError);
    },
  );

  it('round-trips: every serial gives a valid P + 11-digit label that carries the serial', () => {
    fc.assert(
      fc.property(serials, (serial) => {
        const code = packBarcode(serial);
        expect(code).toMatch(PACK_BARCODE);
        expect(isValidPackBarcode(code)).toBe(true);
        expect(BigInt(code.slice(1, 11))).toBe(serial);
        expect(packBarcode(Number(serial))).toBe(code);
      }),
    );
  });

  it('refuses a label whose check digit is wrong', () => {
    fc.assert(
      fc.property(serials, fc.integer({ min: 1, max: 9 }), (serial, shift) => {
        const code = packBarcode(serial);
        const wrong = `${code.slice(0, 11)}${(Number(code[11]) + shift) % 10}`;
        expect(isValidPackBarcode(wrong)).toBe(false);
      }),
    );
  });

  it('catches any single mistyped digit of the serial', () => {
    fc.assert(
      fc.property(serials, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 9 }), (serial, pos, shift) => {
        const code = packBarcode(serial);
        const typo = code.slice(0, pos) + String((Number(code[pos]) + shift) % 10) + code.slice(pos + 1);
        expect(isValidPackBarcode(typo)).toBe(false);
      }),
    );
  });

  it.each(['', 'P0000000001', 'P000000000177', 'p00000000017', 'X00000000017', 'P0000000001A', ' P00000000017', 'SET-0001'])(
    'refuses %j by format',
    (code) => {
      expect(isValidPackBarcode(code)).toBe(false);
    },
  );

  it('mod10CheckDigit always yields one digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,20}$/), (digits) => {
        const d = mod10CheckDigit(digits);
        expect(Number.isInteger(d) && d >= 0 && d <= 9).toBe(true);
      }),
    );
  });
});
