import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { localDate } from './clock.js';
import { hospitalInstant, isHospitalTime } from './hospital-time.js';

const SHANGHAI = 'Asia/Shanghai';
const iso = (text: string, tz = SHANGHAI, round: 'down' | 'up' = 'down') => hospitalInstant(text, tz, round)?.toISOString() ?? null;

describe('hospitalInstant', () => {
  it('a date alone is local midnight at the start of that day, not UTC midnight', () => {
    expect(iso('2026-11-30')).toBe('2026-11-29T16:00:00.000Z');
    expect(iso('2026-12-01')).toBe('2026-11-30T16:00:00.000Z');
    expect(iso('2026-11-30', 'UTC')).toBe('2026-11-30T00:00:00.000Z');
  });

  it('a date-time without a zone is the hospital’s wall clock; with Z or an offset it is taken as is', () => {
    expect(iso('2026-11-30T07:00')).toBe('2026-11-29T23:00:00.000Z');
    expect(iso('2026-11-30T07:00:30.25')).toBe('2026-11-29T23:00:30.250Z');
    expect(iso('2026-11-30T07:00:00Z')).toBe('2026-11-30T07:00:00.000Z');
    expect(iso('2026-11-30T07:00:00+08:00', 'UTC')).toBe('2026-11-29T23:00:00.000Z');
    expect(iso('2026-11-30T07:00:00-05:30')).toBe('2026-11-30T12:30:00.000Z');
  });

  it('daylight saving: a missing local time is where the clocks jumped to, a repeated one its first occurrence', () => {
    expect(iso('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(iso('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // Santiago skips midnight: the day starts at 01:00 local, the first instant of that date.
    expect(iso('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('digits below the millisecond round down for a start and up for an end (a range only widens)', () => {
    expect(iso('2026-11-30T07:00:00.123400')).toBe('2026-11-29T23:00:00.123Z');
    expect(iso('2026-11-30T07:00:00.123400', SHANGHAI, 'up')).toBe('2026-11-29T23:00:00.124Z');
    expect(iso('2026-11-30T07:00:00.123000', SHANGHAI, 'up')).toBe('2026-11-29T23:00:00.123Z');
  });

  it('refuses anything else', () => {
    for (const bad of [
      '2026-02-30',
      '2026-13-01',
      '2026-11-30T24:00',
      '2026-11-30T07',
      '2026-W48',
      '2026-334',
      '20261130',
      '2026-11-30 07:00',
      '2026-11-30T07:00+08',
      '2026-11-30T07:00:00.1234567',
      '0099-01-01',
      'yesterday',
      '',
    ]) {
      expect({ bad, ok: isHospitalTime(bad), at: iso(bad) }).toEqual({ bad, ok: false, at: null });
    }
    expect(isHospitalTime(20261130)).toBe(false);
  });

  it('a date is the first instant whose local date is that day, in any zone (property)', () => {
    const zones = [
      SHANGHAI,
      'Asia/Urumqi',
      'Europe/London',
      'America/New_York',
      'America/Santiago',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'UTC',
    ];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 30) }), fc.constantFrom(...zones), (ms, zone) => {
        const date = format(new TZDate(ms, zone), 'yyyy-MM-dd');
        const start = hospitalInstant(date, zone)!;
        expect(localDate(start, zone)).toBe(date);
        expect(localDate(new Date(start.getTime() - 1), zone) < date).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
