import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { localDate } from './clock.js';

describe('localDate', () => {
  it('turns at local midnight, not at UTC midnight', () => {
    expect(localDate(new Date('2026-11-26T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-26');
    expect(localDate(new Date('2026-11-26T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-27');
    expect(localDate(new Date('2026-11-26T16:00:00.000Z'), 'UTC')).toBe('2026-11-26');
    expect(localDate(new Date('2026-03-08T07:59:59Z'), 'America/New_York')).toBe('2026-03-08');
  });

  it('agrees with date-fns in any zone for any instant of this century', () => {
    const zones = ['Asia/Shanghai', 'Asia/Urumqi', 'Europe/London', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), fc.constantFrom(...zones), (ms, zone) => {
        expect(localDate(new Date(ms), zone)).toBe(format(new TZDate(ms, zone), 'yyyy-MM-dd'));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses an unknown zone and an invalid instant', () => {
    expect(() => localDate(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => localDate(new Date(NaN), 'Asia/Shanghai')).toThrow(RangeError);
  });
});
