import { describe, expect, it } from '@jest/globals';
import { DomainError } from './errors/domain-error.js';
import { errorRegistry } from '../errors.js';
import { statedInstant } from './stated-time.js';

/**
 * docs/domain.md §4.2 "Stated times and one clock": a time a client states more than 2 minutes ahead
 * of the service's clock is refused (STATED_TIME_IN_FUTURE); within that skew it counts as now; one
 * before the record it belongs to began is refused (STATED_TIME_TOO_EARLY). Not stated: now.
 */

const SHANGHAI = 'Asia/Shanghai';
const NOW = new Date('2026-03-10T02:00:00Z'); // 10:00 in Shanghai
const plus = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const SEC = 1000;
const MIN = 60 * SEC;

function outcome(value: string | undefined, earliest?: Date | null): string {
  try {
    return statedInstant(value, NOW, 'testedAt', { timezone: SHANGHAI, earliest }).toISOString();
  } catch (e) {
    if (e instanceof DomainError) return `${e.code} ${errorRegistry.status(e.code)}`;
    throw e;
  }
}

describe('statedInstant (§4.2)', () => {
  it.each<[string, string | undefined, Date | null | undefined, string]>([
    ['not stated', undefined, undefined, NOW.toISOString()],
    ['stated empty', '', undefined, NOW.toISOString()],
    ['an hour ago', plus(-60 * MIN), undefined, plus(-60 * MIN)],
    ['exactly now', plus(0), undefined, NOW.toISOString()],
    ['one second ahead: a fast station clock, recorded as now', plus(SEC), undefined, NOW.toISOString()],
    ['exactly 2 minutes ahead: still within the skew, recorded as now', plus(2 * MIN), undefined, NOW.toISOString()],
    ['2 minutes and 1 ms ahead', plus(2 * MIN + 1), undefined, 'STATED_TIME_IN_FUTURE 422'],
    ['hours ahead (a B-D "at 11:00" entered at 08:20)', plus(3 * 60 * MIN), undefined, 'STATED_TIME_IN_FUTURE 422'],
    ['exactly when the record began', plus(-30 * MIN), new Date(plus(-30 * MIN)), plus(-30 * MIN)],
    ['one millisecond before the record began', plus(-30 * MIN - 1), new Date(plus(-30 * MIN)), 'STATED_TIME_TOO_EARLY 422'],
    ['a day before the record began', plus(-24 * 60 * MIN), new Date(plus(-30 * MIN)), 'STATED_TIME_TOO_EARLY 422'],
    ['no earliest known (null)', plus(-24 * 60 * MIN), null, plus(-24 * 60 * MIN)],
    ['ahead within the skew of a record that began just now', plus(SEC), NOW, NOW.toISOString()],
    ['the same instant written with the hospital’s offset', '2026-03-10T09:30:00+08:00', undefined, plus(-30 * MIN)],
    // §4.1: a time without a zone is the hospital's wall clock, whatever zone the server runs in.
    ['09:30 hospital time, written without a zone', '2026-03-10T09:30:00', undefined, plus(-30 * MIN)],
    ['09:30 hospital time, minutes only', '2026-03-10T09:30', undefined, plus(-30 * MIN)],
    ['10:01 hospital time: within the skew, recorded as now', '2026-03-10T10:01', undefined, NOW.toISOString()],
    ['10:30 hospital time (02:30 UTC): in the future', '2026-03-10T10:30', undefined, 'STATED_TIME_IN_FUTURE 422'],
    ['a date alone is the hospital’s midnight', '2026-03-10', undefined, '2026-03-09T16:00:00.000Z'],
  ])('%s → %s', (_what, value, earliest, expected) => {
    expect(outcome(value, earliest)).toBe(expected);
  });

  it('names the field and the service’s now when a time is in the future', () => {
    try {
      statedInstant(plus(10 * MIN), NOW, 'placedAt', { timezone: SHANGHAI });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toMatchObject({ code: 'STATED_TIME_IN_FUTURE', params: { field: 'placedAt', now: NOW.toISOString() } });
    }
  });

  it('names the field and the earliest allowed time when it is too early', () => {
    const earliest = new Date(plus(-5 * MIN));
    try {
      statedInstant(plus(-6 * MIN), NOW, 'placedAt', { timezone: SHANGHAI, earliest });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toMatchObject({ code: 'STATED_TIME_TOO_EARLY', details: { field: 'placedAt', earliest: earliest.toISOString() } });
    }
  });

  it('refuses a form the edge should have refused (an ISO week date names no time of day)', () => {
    expect(() => statedInstant('2026-W11-2', NOW, 'testedAt', { timezone: SHANGHAI })).toThrow(RangeError);
  });
});
