import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ARCHIVE_ENDED_STATES, isCalendarDate, latestCutOff, monthsBefore } from './retention.js';

describe('the retention periods (§4.5)', () => {
  it('takes calendar months, to the last day of a shorter month', () => {
    expect(monthsBefore('2026-08-31', 6)).toBe('2026-02-28');
    expect(monthsBefore('2028-08-31', 6)).toBe('2028-02-29');
    expect(monthsBefore('2026-03-15', 6)).toBe('2025-09-15');
    expect(monthsBefore('2026-01-31', 1)).toBe('2025-12-31');
  });

  it('lets the cut-off be exactly 6 months (cleaning) or 3 years (sterilization) before today, not a day later', () => {
    expect(latestCutOff('cleaning', '2026-05-20')).toBe('2025-11-20');
    expect(latestCutOff('sterilization', '2026-05-20')).toBe('2023-05-20');
    expect(latestCutOff('sterilization', '2028-02-29')).toBe('2025-02-28');
  });

  it('never lets a record younger than the period go: every day before the latest cut-off is older than it', () => {
    const day = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.constantFrom('cleaning' as const, 'sterilization' as const), (today, kind) => {
        const cutOff = latestCutOff(kind, today);
        const months = kind === 'cleaning' ? 6 : 36;
        // The cut-off is at most the period before today, and less than a month more.
        return cutOff <= monthsBefore(today, months) && cutOff > monthsBefore(today, months + 1);
      }),
    );
  });

  it('reads only real dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-2-1')).toBe(false);
    expect(isCalendarDate('yesterday')).toBe(false);
  });

  it('counts a pack over only in a closed state (a use not recorded included: its set went on to its next cycle; a loaner tray handed back to its lender)', () => {
    expect([...ARCHIVE_ENDED_STATES].sort()).toEqual([
      'failed',
      'incinerated',
      'lender_returned',
      'problem',
      'recalled',
      'returned',
      'use_unrecorded',
      'used',
    ]);
  });
});
