import { describe, expect, it } from '@jest/globals';
import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import { biDue, QUALIFYING_PASSES, trailingPasses } from './bi-schedule.js';

/**
 * docs/domain.md §4.2: steam at least once in every calendar week (Monday to Sunday), H₂O₂ plasma
 * every calendar day, ethylene oxide every load — the hospital's days and weeks (Asia/Shanghai,
 * UTC+8), not a rolling window and not UTC's. Commissioning: 3 consecutive passes, a failure resets.
 * Instants below are written with their +08:00 offset, the expected due dates as Shanghai midnights.
 */

const SHANGHAI = 'Asia/Shanghai';
const at = (s: string) => new Date(s);

// 2026-03-02 is a Monday; 2026-12-28 a Monday whose ISO week runs into 2027 (Sunday 2027-01-03).
describe('steam: one BI every calendar week, Monday to Sunday (§4.2)', () => {
  it.each<[string, string | null, string, { overdue: boolean; nextDue: string }]>([
    ['no BI ever', null, '2026-03-04T10:00:00+08:00', { overdue: true, nextDue: '2026-03-02T00:00:00+08:00' }],
    [
      'a BI on Monday at local midnight covers the week',
      '2026-03-02T00:00:00+08:00',
      '2026-03-08T23:59:59+08:00',
      { overdue: false, nextDue: '2026-03-09T00:00:00+08:00' },
    ],
    [
      'a BI last Sunday 23:59 does not cover Monday 00:00',
      '2026-03-01T23:59:00+08:00',
      '2026-03-02T00:00:00+08:00',
      { overdue: true, nextDue: '2026-03-02T00:00:00+08:00' },
    ],
    [
      'a BI on Sunday covers its own week up to its last second',
      '2026-03-08T23:00:00+08:00',
      '2026-03-08T23:59:59+08:00',
      { overdue: false, nextDue: '2026-03-09T00:00:00+08:00' },
    ],
    [
      'a BI six days ago, but in the previous week',
      '2026-03-03T09:00:00+08:00',
      '2026-03-09T08:00:00+08:00',
      { overdue: true, nextDue: '2026-03-09T00:00:00+08:00' },
    ],
    // Monday 00:30 in Shanghai is still Sunday in UTC: the week is the hospital's.
    [
      'Monday 00:30 local (Sunday 16:30 UTC), last BI Sunday 10:00 local',
      '2026-03-08T10:00:00+08:00',
      '2026-03-09T00:30:00+08:00',
      { overdue: true, nextDue: '2026-03-09T00:00:00+08:00' },
    ],
    [
      'a BI Monday 00:10 local (Sunday in UTC) covers that week',
      '2026-03-09T00:10:00+08:00',
      '2026-03-09T09:00:00+08:00',
      { overdue: false, nextDue: '2026-03-16T00:00:00+08:00' },
    ],
    // The ISO week that spans the new year is one week.
    [
      'the week across the new year: BI on Monday 28 December, now Sunday 3 January',
      '2026-12-28T10:00:00+08:00',
      '2027-01-03T23:00:00+08:00',
      { overdue: false, nextDue: '2027-01-04T00:00:00+08:00' },
    ],
    [
      '…and the next Monday it is due again',
      '2026-12-28T10:00:00+08:00',
      '2027-01-04T00:00:00+08:00',
      { overdue: true, nextDue: '2027-01-04T00:00:00+08:00' },
    ],
    [
      'new year’s day, last BI the week before',
      '2026-12-24T10:00:00+08:00',
      '2027-01-01T08:00:00+08:00',
      { overdue: true, nextDue: '2026-12-28T00:00:00+08:00' },
    ],
  ])('%s → %j', (_what, lastBi, now, expected) => {
    for (const method of ['steam_prevacuum', 'steam_gravity'] as SterilizationMethod[]) {
      const due = biDue(method, lastBi ? at(lastBi) : null, at(now), SHANGHAI);
      expect({ overdue: due.overdue, nextDue: due.nextDue?.getTime() }).toEqual({
        overdue: expected.overdue,
        nextDue: at(expected.nextDue).getTime(),
      });
    }
  });
});

describe('hydrogen peroxide plasma: one BI every calendar day (§4.2)', () => {
  it.each<[string, string | null, string, { overdue: boolean; nextDue: string }]>([
    ['no BI ever', null, '2026-03-11T10:00:00+08:00', { overdue: true, nextDue: '2026-03-11T00:00:00+08:00' }],
    [
      'a BI at local midnight covers the day',
      '2026-03-11T00:00:00+08:00',
      '2026-03-11T23:59:59+08:00',
      { overdue: false, nextDue: '2026-03-12T00:00:00+08:00' },
    ],
    [
      'a BI one second before midnight does not cover the next day',
      '2026-03-10T23:59:59+08:00',
      '2026-03-11T00:00:00+08:00',
      { overdue: true, nextDue: '2026-03-11T00:00:00+08:00' },
    ],
    // Same UTC date (10 March), different hospital days.
    [
      'BI 23:00 local, now 01:00 local the next day (both 10 March in UTC)',
      '2026-03-10T23:00:00+08:00',
      '2026-03-11T01:00:00+08:00',
      { overdue: true, nextDue: '2026-03-11T00:00:00+08:00' },
    ],
    // Different UTC dates (10 and 11 March), same hospital day.
    [
      'BI 01:00 local (10 March UTC), now 18:00 local (11 March UTC)',
      '2026-03-11T01:00:00+08:00',
      '2026-03-11T18:00:00+08:00',
      { overdue: false, nextDue: '2026-03-12T00:00:00+08:00' },
    ],
    [
      'the last day of February in a common year rolls to 1 March',
      '2027-02-28T09:00:00+08:00',
      '2027-02-28T20:00:00+08:00',
      { overdue: false, nextDue: '2027-03-01T00:00:00+08:00' },
    ],
    [
      'new year’s eve rolls to 1 January',
      '2026-12-31T09:00:00+08:00',
      '2026-12-31T20:00:00+08:00',
      { overdue: false, nextDue: '2027-01-01T00:00:00+08:00' },
    ],
  ])('%s → %j', (_what, lastBi, now, expected) => {
    const due = biDue('h2o2_plasma', lastBi ? at(lastBi) : null, at(now), SHANGHAI);
    expect({ overdue: due.overdue, nextDue: due.nextDue?.getTime() }).toEqual({
      overdue: expected.overdue,
      nextDue: at(expected.nextDue).getTime(),
    });
  });
});

describe('ethylene oxide: a BI in every load, not a calendar (§4.2)', () => {
  it.each([null, '2020-01-01T00:00:00Z', '2026-03-11T09:00:00+08:00'])('last BI %s → never "overdue", no calendar date', (lastBi) => {
    expect(biDue('ethylene_oxide', lastBi ? at(lastBi) : null, at('2026-03-11T10:00:00+08:00'), SHANGHAI)).toEqual({
      nextDue: null,
      overdue: false,
    });
  });
});

describe('commissioning: consecutive passes (§4.2)', () => {
  it('needs three', () => {
    expect(QUALIFYING_PASSES).toBe(3);
  });

  it.each<[string, boolean[], number]>([
    ['nothing yet', [], 0],
    ['one pass', [true], 1],
    ['three passes', [true, true, true], 3],
    ['a failure last resets the count', [true, true, true, false], 0],
    ['passes after a failure count from the failure', [true, true, false, true, true], 2],
    ['a failure first, then three passes', [false, true, true, true], 3],
    ['more than three', [true, true, true, true, true], 5],
  ])('%s: %j → %i', (_what, results, n) => {
    expect(trailingPasses(results)).toBe(n);
  });
});
