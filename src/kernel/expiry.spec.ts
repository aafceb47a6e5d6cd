import { describe, expect, it } from '@jest/globals';
import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { PACKAGING_MATERIALS, type PackagingMaterial } from '../catalog/catalog.enums.js';
import { computeExpiry, datesAtStart, isExpired, shelfLife, sterilizationDateOf } from './expiry.js';

const SHANGHAI = 'Asia/Shanghai';

describe('shelfLife (§4.1)', () => {
  it.each<[PackagingMaterial, boolean, ReturnType<typeof shelfLife>]>([
    ['cotton', true, { days: 14 }],
    ['cotton', false, { days: 7 }],
    ['paper_bag', true, { months: 1 }],
    ['paper_bag', false, { months: 1 }],
    ['crepe_nonwoven', true, { months: 6 }],
    ['crepe_nonwoven', false, { months: 6 }],
    ['paper_plastic_pouch', true, { months: 6 }],
    ['paper_plastic_pouch', false, { months: 6 }],
    ['rigid_container', true, { months: 6 }],
    ['rigid_container', false, { months: 6 }],
    ['nonwoven_polypropylene', true, { months: 6 }],
    ['nonwoven_polypropylene', false, { months: 6 }],
    ['tyvek_pouch', true, { months: 6 }],
    ['tyvek_pouch', false, { months: 6 }],
  ])('%s, storage compliant %s → %j', (material, compliant, expected) => {
    expect(shelfLife(material, compliant)).toEqual(expected);
  });

  it('refuses an unknown material', () => {
    expect(() => shelfLife('linen' as PackagingMaterial, true)).toThrow(RangeError);
  });
});

describe('computeExpiry (§4.1)', () => {
  it.each<[string, PackagingMaterial, boolean, string]>([
    ['2026-03-10', 'cotton', true, '2026-03-24'],
    ['2026-03-10', 'cotton', false, '2026-03-17'],
    ['2026-03-10', 'paper_bag', true, '2026-04-10'],
    ['2026-03-10', 'crepe_nonwoven', true, '2026-09-10'],
    ['2026-03-10', 'paper_plastic_pouch', false, '2026-09-10'],
    ['2026-03-10', 'rigid_container', true, '2026-09-10'],
  ])('%s + %s (compliant %s) → %s', (sterilized, material, compliant, expected) => {
    expect(computeExpiry(sterilized, material, compliant)).toBe(expected);
  });

  it('counts days across month and year ends', () => {
    expect(computeExpiry('2026-12-25', 'cotton', true)).toBe('2027-01-08');
    expect(computeExpiry('2026-02-25', 'cotton', false)).toBe('2026-03-04');
    expect(computeExpiry('2028-02-25', 'cotton', false)).toBe('2028-03-03'); // 2028-02-29 exists
  });

  it('clamps to the last day of a shorter month (date-fns addMonths)', () => {
    expect(computeExpiry('2026-08-31', 'rigid_container', true)).toBe('2027-02-28');
    expect(computeExpiry('2026-01-31', 'paper_bag', true)).toBe('2026-02-28');
    expect(computeExpiry('2026-03-31', 'paper_bag', true)).toBe('2026-04-30');
    expect(computeExpiry('2026-12-31', 'crepe_nonwoven', true)).toBe('2027-06-30');
  });

  it('lands on 29 February in a leap year', () => {
    expect(computeExpiry('2027-08-31', 'paper_plastic_pouch', true)).toBe('2028-02-29');
    expect(computeExpiry('2028-01-30', 'paper_bag', true)).toBe('2028-02-29');
    expect(computeExpiry('2028-02-29', 'paper_bag', true)).toBe('2028-03-29');
  });

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-1', '20260401', '', 'yesterday'])(
    'refuses the impossible or malformed date %j with a RangeError',
    (bad) => {
      expect(() => computeExpiry(bad, 'cotton', true)).toThrow(RangeError);
    },
  );
});

describe('sterilizationDateOf', () => {
  it('is the Shanghai calendar date, which runs 8 hours ahead of UTC', () => {
    expect(sterilizationDateOf(new Date('2026-12-09T15:59:59Z'), SHANGHAI)).toBe('2026-12-09');
    expect(sterilizationDateOf(new Date('2026-12-09T16:00:00Z'), SHANGHAI)).toBe('2026-12-10');
    expect(sterilizationDateOf(new Date('2026-12-31T17:30:00Z'), SHANGHAI)).toBe('2027-01-01');
  });

  it('refuses an unknown time zone or an invalid instant', () => {
    expect(() => sterilizationDateOf(new Date('2026-12-09T16:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => sterilizationDateOf(new Date('not a date'), SHANGHAI)).toThrow(RangeError);
  });
});

describe('isExpired (§4.1: usable through the end of the expiry day)', () => {
  it('is usable at 23:59:59 Shanghai time on the expiry day', () => {
    expect(isExpired('2026-12-10', new Date('2026-12-10T15:59:59Z'), SHANGHAI)).toBe(false);
  });

  it('is refused from 00:00:00 Shanghai time the next day', () => {
    expect(isExpired('2026-12-10', new Date('2026-12-10T16:00:00Z'), SHANGHAI)).toBe(true);
  });

  it('is usable from the first minute of the sterilization day', () => {
    expect(isExpired('2026-12-10', new Date('2026-11-25T16:00:00Z'), SHANGHAI)).toBe(false);
  });

  it('refuses a malformed expiry date, an invalid instant or time zone', () => {
    expect(() => isExpired('2026-02-30', new Date(), SHANGHAI)).toThrow(RangeError);
    expect(() => isExpired('2026-12-10', new Date(Number.NaN), SHANGHAI)).toThrow(RangeError);
    expect(() => isExpired('2026-12-10', new Date(), 'Nowhere/Town')).toThrow(RangeError);
  });
});

describe('expiry properties', () => {
  const calendarDate = fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const timezone = fc.constantFrom(SHANGHAI, 'UTC', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago');

  /** Noon of a calendar day in a zone: safely inside the day whatever the offset or DST. */
  function localNoon(date: string, tz: string): Date {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(new TZDate(y, m - 1, d, 12, 0, 0, tz).getTime());
  }

  function nextDay(date: string): string {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  }

  it('expiry is after sterilization; usable at noon of the expiry day, refused at noon the day after', () => {
    fc.assert(
      fc.property(calendarDate, fc.constantFrom(...PACKAGING_MATERIALS), fc.boolean(), timezone, (sterilized, material, compliant, tz) => {
        const expiry = computeExpiry(sterilized, material, compliant);
        expect(expiry > sterilized).toBe(true);
        expect(isExpired(expiry, localNoon(expiry, tz), tz)).toBe(false);
        expect(isExpired(expiry, localNoon(nextDay(expiry), tz), tz)).toBe(true);
      }),
    );
  });

  it('a pack sterilized at any instant is still usable at noon on its sterilization day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom(...PACKAGING_MATERIALS),
        fc.boolean(),
        (startedAt, material, compliant) => {
          const sterilized = sterilizationDateOf(startedAt, SHANGHAI);
          const expiry = computeExpiry(sterilized, material, compliant);
          expect(isExpired(expiry, localNoon(sterilized, SHANGHAI), SHANGHAI)).toBe(false);
        },
      ),
    );
  });
});

describe('datesAtStart: what a load started at an instant gives its packs (§4.1)', () => {
  it.each<[string, string, PackagingMaterial, boolean, { sterilizationDate: string; expiryDate: string }]>([
    [
      'started 23:59:59 in Shanghai (15:59:59 UTC)',
      '2026-03-10T15:59:59Z',
      'cotton',
      true,
      { sterilizationDate: '2026-03-10', expiryDate: '2026-03-24' },
    ],
    [
      'started at local midnight (16:00 UTC the day before)',
      '2026-03-10T16:00:00Z',
      'cotton',
      true,
      { sterilizationDate: '2026-03-11', expiryDate: '2026-03-25' },
    ],
    [
      'cotton while sterile storage is out of its limits',
      '2026-03-10T02:00:00Z',
      'cotton',
      false,
      { sterilizationDate: '2026-03-10', expiryDate: '2026-03-17' },
    ],
    [
      'a paper-plastic pouch started on new year’s eve, local',
      '2026-12-31T15:00:00Z',
      'paper_plastic_pouch',
      true,
      { sterilizationDate: '2026-12-31', expiryDate: '2027-06-30' },
    ],
    [
      'the same instant one hour later is new year’s day in Shanghai',
      '2026-12-31T16:00:00Z',
      'paper_plastic_pouch',
      true,
      { sterilizationDate: '2027-01-01', expiryDate: '2027-07-01' },
    ],
  ])('%s → %j', (_what, startedAt, material, compliant, expected) => {
    expect(datesAtStart(new Date(startedAt), SHANGHAI, material, compliant)).toEqual(expected);
  });
});
