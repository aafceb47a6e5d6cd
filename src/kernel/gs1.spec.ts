import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  encodeGs1ElementString,
  encodeGs1ForBwip,
  formatGs1HumanReadable,
  Gs1Error,
  type Gs1Element,
  type Gs1ErrorCode,
  gtinCheckDigit,
  parseScan,
  type ScanResult,
} from './gs1.js';

const GS = '\x1d';
const GTIN = '09501101530003'; // GS1's own example GTIN; check digit 3 verified below
const opts = { referenceYear: 2026 };

function parse(input: string): ScanResult {
  return parseScan(input, opts);
}

function errorOf(action: () => unknown): Gs1Error {
  try {
    action();
  } catch (e) {
    if (e instanceof Gs1Error) return e;
    throw e;
  }
  throw new Error('expected a Gs1Error');
}

function expectCode(input: string, code: Gs1ErrorCode, ai?: string): void {
  const error = errorOf(() => parse(input));
  expect(error.code).toBe(code);
  if (ai !== undefined) expect(error.ai).toBe(ai);
}

describe('gtinCheckDigit (GenSpecs 7.9.1)', () => {
  it.each([
    ['0950110153000', 3], // GTIN-14 09501101530003
    ['400638133393', 1], // GTIN-13 4006381333931
    ['10614141234567890', 8], // SSCC 106141412345678908
    ['9638507', 4], // GTIN-8 96385074
  ])('%s → %i', (digits, check) => {
    expect(gtinCheckDigit(digits)).toBe(check);
  });

  it('refuses non-digits or an empty string', () => {
    expect(() => gtinCheckDigit('12a4')).toThrow(RangeError);
    expect(() => gtinCheckDigit('')).toThrow(RangeError);
  });
});

describe('parseScan: GS1 check digits', () => {
  it('accepts a GTIN with the right check digit', () => {
    expect(parse(`(01)${GTIN}`)).toEqual({ kind: 'gs1', elements: [{ ai: '01', value: GTIN }], gtin: GTIN });
  });

  it.each(['(01)09501101530004', '(02)09501101530000', '(00)106141412345678907'])('refuses %s', (scan) => {
    expectCode(scan, 'GS1_BAD_CHECK_DIGIT');
  });

  it('accepts an SSCC alone', () => {
    expect(parse('(00)106141412345678908')).toMatchObject({ kind: 'gs1', elements: [{ ai: '00', value: '106141412345678908' }] });
  });
});

describe('parseScan: dates (GenSpecs 7.12)', () => {
  it('reads AI 17 as a calendar date', () => {
    expect(parse(`(01)${GTIN}(17)261231`)).toMatchObject({ expiry: '2026-12-31' });
  });

  it('reads day 00 as the last day of the month', () => {
    expect(parse(`(01)${GTIN}(17)260200`)).toMatchObject({ expiry: '2026-02-28' });
    expect(parse(`(01)${GTIN}(17)280200`)).toMatchObject({ expiry: '2028-02-29' });
    expect(parse(`(01)${GTIN}(17)260400`)).toMatchObject({ expiry: '2026-04-30' });
  });

  it('keeps the raw YYMMDD in the elements', () => {
    const result = parse(`(01)${GTIN}(17)260200`);
    expect(result.kind === 'gs1' && result.elements[1]).toEqual({ ai: '17', value: '260200' });
  });

  it.each(['261301', '260001', '260230', '270229', '260431'])('refuses the impossible date %s', (yymmdd) => {
    expectCode(`(01)${GTIN}(17)${yymmdd}`, 'GS1_INVALID_DATE', '17');
  });

  it('validates AIs 11, 13 and 15 the same way', () => {
    expect(parse(`(01)${GTIN}(11)260115(13)260116(15)270200`).kind).toBe('gs1');
    expectCode(`(01)${GTIN}(11)261415`, 'GS1_INVALID_DATE', '11');
    expectCode(`(01)${GTIN}(13)260132`, 'GS1_INVALID_DATE', '13');
    expectCode(`(01)${GTIN}(15)261300`, 'GS1_INVALID_DATE', '15');
  });

  it('places the year within −49…+50 years of the reference year', () => {
    expect(parseScan(`(01)${GTIN}(17)761231`, { referenceYear: 2026 })).toMatchObject({ expiry: '2076-12-31' });
    expect(parseScan(`(01)${GTIN}(17)770101`, { referenceYear: 2026 })).toMatchObject({ expiry: '1977-01-01' });
    expect(parseScan(`(01)${GTIN}(17)290101`, { referenceYear: 2080 })).toMatchObject({ expiry: '2129-01-01' });
    expect(parseScan(`(01)${GTIN}(17)310101`, { referenceYear: 2080 })).toMatchObject({ expiry: '2031-01-01' });
    expect(parseScan(`(01)${GTIN}(17)990101`, { referenceYear: 2001 })).toMatchObject({ expiry: '1999-01-01' });
  });

  it("checks a leap day in the century the caller's reference year gives (no clock of its own)", () => {
    expect(parseScan(`(01)${GTIN}(17)000229`, { referenceYear: 2026 })).toMatchObject({ expiry: '2000-02-29' });
    expect(errorOf(() => parseScan(`(01)${GTIN}(17)000229`, { referenceYear: 2080 })).code).toBe('GS1_INVALID_DATE');
  });
});

describe('parseScan: symbology identifiers and separators', () => {
  const body = `01${GTIN}17261231` + `10AB12${GS}21SN-0001`;
  const expected = {
    kind: 'gs1',
    elements: [
      { ai: '01', value: GTIN },
      { ai: '17', value: '261231' },
      { ai: '10', value: 'AB12' },
      { ai: '21', value: 'SN-0001' },
    ],
    gtin: GTIN,
    expiry: '2026-12-31',
    batch: 'AB12',
    serial: 'SN-0001',
  };

  it.each([
    [']C1 (GS1-128)', `]C1${body}`],
    [']d2 (GS1 DataMatrix)', `]d2${body}`],
    [']Q3 (GS1 QR)', `]Q3${body}`],
    ['a leading FNC1 sent as GS', `${GS}${body}`],
    ['a GS1 string with a GS but no identifier', body],
    ['a trailing CR/LF', `]d2${body}\r\n`],
  ])('reads %s', (_name, scan) => {
    expect(parse(scan)).toEqual(expected);
  });

  it('tolerates a needless GS after a fixed-length field and at the end', () => {
    expect(parse(`]C1${GS}01${GTIN}${GS}17261231${GS}10AB12${GS}21SN-0001${GS}`)).toEqual(expected);
  });

  it('reads the bracketed human-readable form, where no separator is needed', () => {
    expect(parse(`(01)${GTIN}(17)261231(10)AB12(21)SN-0001`)).toEqual(expected);
  });

  it('reads a value containing ")" in bracketed form', () => {
    expect(parse(`(01)${GTIN}(10)A)B`)).toMatchObject({ batch: 'A)B' });
  });

  it('reads AI 240 and AI 02', () => {
    expect(parse(`]C102${GTIN}240REF-7${GS}10L1`)).toMatchObject({
      elements: [
        { ai: '02', value: GTIN },
        { ai: '240', value: 'REF-7' },
        { ai: '10', value: 'L1' },
      ],
    });
  });

  it('reads a GIAI (8004) on its own: a tray asset code (§3.1)', () => {
    expect(parse('(8004)9501101530000TRAY-42')).toEqual({
      kind: 'gs1',
      elements: [{ ai: '8004', value: '9501101530000TRAY-42' }],
      giai: '9501101530000TRAY-42',
    });
    expect(parse(']d28004950110153TRAY-43\r')).toMatchObject({ giai: '950110153TRAY-43' });
  });
});

describe('parseScan: GS1 errors', () => {
  it.each([
    ['(21)SN1', '21'],
    ['(10)AB12', '10'],
    ['(17)261231', '17'],
    [`(02)${GTIN}(21)SN1`, '21'],
    [']C121SN1', '21'],
  ])('%j lacks the GTIN it needs → GS1_MISSING_REQUIRED_AI', (scan, ai) => {
    expectCode(scan, 'GS1_MISSING_REQUIRED_AI', ai);
  });

  it('reports a variable field running past its maximum (a missing GS) as too long', () => {
    // Without the GS after the batch, "21SERIAL1234567890" is swallowed into AI 10.
    expectCode(`]C101${GTIN}10AB1221SERIAL1234567890`, 'GS1_FIELD_TOO_LONG', '10');
    expectCode(`(01)${GTIN}(10)${'A'.repeat(21)}`, 'GS1_FIELD_TOO_LONG', '10');
    expectCode(`(01)${GTIN}(21)${'1'.repeat(21)}`, 'GS1_FIELD_TOO_LONG', '21');
    expectCode(`(8004)${'9'.repeat(31)}`, 'GS1_FIELD_TOO_LONG', '8004');
    expectCode(`(01)${GTIN}(240)${'X'.repeat(31)}`, 'GS1_FIELD_TOO_LONG', '240');
    expect(parse(`(01)${GTIN}(10)${'A'.repeat(20)}`).kind).toBe('gs1');
  });

  it('reports a fixed field cut short, or an empty value', () => {
    expectCode('(01)0950110153000', 'GS1_FIELD_TOO_SHORT', '01');
    expectCode(`]C1010950110153000${GS}10AB`, 'GS1_FIELD_TOO_SHORT', '01');
    expectCode(`]C101${GTIN}1726123`, 'GS1_FIELD_TOO_SHORT', '17');
    expectCode(`(01)${GTIN}(10)`, 'GS1_FIELD_TOO_SHORT', '10');
    expectCode(`]C101${GTIN}10${GS}21X`, 'GS1_FIELD_TOO_SHORT', '10');
  });

  it('reports a fixed field that is too long in bracketed form', () => {
    expectCode(`(01)${GTIN}7`, 'GS1_FIELD_TOO_LONG', '01');
  });

  it('refuses a repeated AI', () => {
    expectCode(`(01)${GTIN}(01)${GTIN}`, 'GS1_DUPLICATE_AI', '01');
    expectCode(`]C101${GTIN}10A${GS}10B`, 'GS1_DUPLICATE_AI', '10');
  });

  it.each([
    ['(99)ABC', '99'],
    ['(8005)000123', '8005'],
    ['(1)2', '1'],
    [`]C199ABC`, '99AB'],
    [`]C101${GTIN}XY`, 'XY'],
  ])('refuses the unknown or unsupported AI in %j', (scan, ai) => {
    expectCode(scan, 'GS1_UNKNOWN_AI', ai);
  });

  it('refuses malformed brackets', () => {
    expectCode(`(01${GTIN}`, 'GS1_UNKNOWN_AI');
    expectCode(`(01)${GTIN}(17`, 'GS1_UNKNOWN_AI');
  });

  it.each([
    `(01)${GTIN}(10)AB 12`, // space
    `(01)${GTIN}(10)AB#1`, // "#" is outside set 82
    `(01)${GTIN}(21)批号`,
    '(01)0950110153000X',
    `(01)${GTIN}(17)26A231`,
  ])('refuses characters a field may not hold: %j', (scan) => {
    expectCode(scan, 'INVALID_CHARACTERS');
  });

  it('is a Gs1Error with a code and a readable message', () => {
    const error = errorOf(() => parse(`(01)${GTIN.slice(0, 13)}9`));
    expect(error).toBeInstanceOf(Gs1Error);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('GS1_BAD_CHECK_DIGIT');
    expect(error.message).toMatch(/check digit should be 3/);
  });

  it('shows an invisible GS in messages', () => {
    expect(errorOf(() => parse(`]C1${GS}${GS}9${GS}`)).message).toContain('<GS>');
  });
});

describe('parseScan: plain codes', () => {
  it.each([
    ['PK-2026-000123\r\n', 'PK-2026-000123'],
    ['SET001\r', 'SET001'],
    ['BADGE:N0042\n', 'BADGE:N0042'],
    ['0109501101530003', '0109501101530003'], // digits alone cannot be told from a pack code
    [']C0PK123', 'PK123'], // a non-GS1 symbology identifier is dropped
    ['A'.repeat(64), 'A'.repeat(64)],
  ])('%j → %j', (scan, code) => {
    expect(parse(scan)).toEqual({ kind: 'plain', code });
  });

  it.each(['', '\r\n', '\n', '   ', ']C1', ']d2\r\n', GS])('refuses the empty scan %j', (scan) => {
    expectCode(scan, 'EMPTY_SCAN');
  });

  it.each(['PK 123', ' PK123', 'PK123\t', '包123', 'PK\x00123', 'PK123\r\nX'])('refuses %j', (scan) => {
    expectCode(scan, 'INVALID_CHARACTERS');
  });

  it('refuses a code over 64 characters', () => {
    expectCode('A'.repeat(65), 'SCAN_TOO_LONG');
  });
});

describe('formatting for labels (§6)', () => {
  const elements: Gs1Element[] = [
    { ai: '01', value: GTIN },
    { ai: '17', value: '261231' },
    { ai: '10', value: 'AB12' },
  ];

  it('writes the human-readable form and the same text for bwip-js', () => {
    expect(formatGs1HumanReadable(elements, 2026)).toBe(`(01)${GTIN}(17)261231(10)AB12`);
    expect(encodeGs1ForBwip(elements, 2026)).toBe(`(01)${GTIN}(17)261231(10)AB12`);
  });

  it('separates only variable-length fields that are not last', () => {
    expect(encodeGs1ElementString(elements, 2026)).toBe(`01${GTIN}17261231` + '10AB12');
    expect(encodeGs1ElementString([elements[2], elements[0], { ai: '21', value: 'S1' }], 2026)).toBe(`10AB12${GS}01${GTIN}21S1`);
  });

  it('refuses to format what a scanner would refuse', () => {
    expect(errorOf(() => formatGs1HumanReadable([{ ai: '01', value: '09501101530004' }], 2026)).code).toBe('GS1_BAD_CHECK_DIGIT');
    expect(errorOf(() => formatGs1HumanReadable([{ ai: '21', value: 'S1' }], 2026)).code).toBe('GS1_MISSING_REQUIRED_AI');
    expect(errorOf(() => encodeGs1ElementString([{ ai: '99', value: 'X' }], 2026)).code).toBe('GS1_UNKNOWN_AI');
  });

  it('refuses "(" in a value for the bracketed form, where it would end the value', () => {
    const withBracket = [
      { ai: '01', value: GTIN },
      { ai: '10', value: 'A(1' },
    ];
    expect(errorOf(() => encodeGs1ForBwip(withBracket, 2026)).code).toBe('INVALID_CHARACTERS');
    expect(parse(']d2' + encodeGs1ElementString(withBracket, 2026))).toMatchObject({ batch: 'A(1' });
  });
});

describe('round trips (property)', () => {
  const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`.split('');
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const withCheckDigit = (n: number) => digits(n - 1).map((d) => d + gtinCheckDigit(d));
  const text = (max: number, chars: string[]) => fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: max });
  // Real dates that resolve inside the 2026 window, sometimes with day 00 (month only).
  const yymmdd = fc
    .tuple(fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2070-12-31T00:00:00Z'), noInvalidDate: true }), fc.boolean())
    .map(([d, monthOnly]) =>
      d
        .toISOString()
        .slice(2, 10)
        .replace(/-/g, '')
        .slice(0, monthOnly ? 4 : 6)
        .padEnd(6, '0'),
    );

  function elementList(chars: string[]): fc.Arbitrary<Gs1Element[]> {
    const optional = (ai: string, value: fc.Arbitrary<string>) =>
      fc.option(
        value.map((v): Gs1Element => ({ ai, value: v })),
        { nil: undefined },
      );
    const tradeItem = fc.tuple(
      fc.oneof(
        withCheckDigit(14).map((v): Gs1Element[] => [{ ai: '01', value: v }]),
        fc.tuple(withCheckDigit(18), withCheckDigit(14)).map(([sscc, content]): Gs1Element[] => [
          { ai: '00', value: sscc },
          { ai: '02', value: content },
        ]),
      ),
      optional('17', yymmdd),
      optional('11', yymmdd),
      optional('10', text(20, chars)),
      optional('240', text(30, chars)),
    );
    const item = tradeItem.chain(([keys, ...rest]) => {
      const serial: fc.Arbitrary<Gs1Element | undefined> = keys[0].ai === '01' ? optional('21', text(20, chars)) : fc.constant(undefined);
      return serial.map((s) => [...keys, ...rest, s].filter((e): e is Gs1Element => e !== undefined));
    });
    const asset = text(30, chars).map((v): Gs1Element[] => [{ ai: '8004', value: v }]);
    return fc.oneof(item, asset).chain((list) => fc.shuffledSubarray(list, { minLength: list.length }));
  }

  it('formatGs1HumanReadable → parseScan gives back the same elements', () => {
    const bracketSafe = CSET82.filter((c) => c !== '(');
    fc.assert(
      fc.property(elementList(bracketSafe), (elements) => {
        const result = parse(formatGs1HumanReadable(elements, 2026));
        expect(result.kind === 'gs1' && result.elements).toEqual(elements);
      }),
    );
  });

  it('GS-separated element string → parseScan gives back the same elements, whatever the prefix', () => {
    fc.assert(
      fc.property(elementList(CSET82), fc.constantFrom(']C1', ']d2', ']Q3', GS), (elements, prefix) => {
        const result = parse(prefix + encodeGs1ElementString(elements, 2026));
        if (result.kind !== 'gs1') throw new Error('expected GS1');
        expect(result.elements).toEqual(elements);
        const value = (ai: string) => elements.find((e) => e.ai === ai)?.value;
        expect(result.gtin).toBe(value('01'));
        expect(result.batch).toBe(value('10'));
        expect(result.serial).toBe(value('21'));
        expect(result.giai).toBe(value('8004'));
        expect(result.expiry === undefined).toBe(value('17') === undefined);
      }),
    );
  });
});
