import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors/domain-error.js';
import { errorRegistry } from '../errors.js';
import { assertCycleFits, type ReportedCycle } from './cycle-times.js';
import type { ProgramLimits } from '../kernel/run-snapshot.js';

/**
 * docs/domain.md §3.2 step 4: the physical record must fit the times the service recorded — the
 * hold and the printout's cycle lie within the load's start and now, and last at least the
 * program's minimum cycle time (CYCLE_TIMES_IMPOSSIBLE, 422). Exactly at a limit fits.
 */

const PROGRAM: ProgramLimits = {
  tempMinC: 134,
  tempMaxC: 137,
  minHoldMin: 4,
  minCycleMin: 30,
  pressureMinKpa: null,
  pressureMaxKpa: null,
  h2o2MinMgL: null,
};
/** A snapshot taken before programs had a minimum cycle time. */
const OLD_SNAPSHOT: ProgramLimits = {
  tempMinC: 134,
  tempMaxC: 137,
  minHoldMin: 4,
  pressureMinKpa: null,
  pressureMaxKpa: null,
  h2o2MinMgL: null,
};

const SHANGHAI = 'Asia/Shanghai';
const STARTED = new Date('2026-03-10T01:00:00Z'); // 09:00 in Shanghai
const after = (ms: number) => new Date(STARTED.getTime() + ms);
const MIN = 60_000;

function outcome(program: ProgramLimits, now: Date, run: ReportedCycle): string {
  try {
    const cycle = assertCycleFits(program, STARTED, now, run, SHANGHAI);
    return cycle === null ? 'fits' : `fits from ${cycle.start.toISOString()} to ${cycle.end.toISOString()}`;
  } catch (e) {
    if (e instanceof DomainError) return `${e.code} ${errorRegistry.status(e.code)}`;
    throw e;
  }
}

describe('assertCycleFits: the elapsed time since the start', () => {
  it.each<[string, ProgramLimits, number, number, string]>([
    ['unloaded exactly the minimum cycle after the start', PROGRAM, 30 * MIN, 4, 'fits'],
    ['unloaded one second short of the minimum cycle', PROGRAM, 30 * MIN - 1000, 4, 'CYCLE_TIMES_IMPOSSIBLE 422'],
    ['unloaded 8 s after the start with a 4.5-min hold', PROGRAM, 8000, 4.5, 'CYCLE_TIMES_IMPOSSIBLE 422'],
    ['old snapshot (no minimum cycle): exactly the hold elapsed', OLD_SNAPSHOT, 4.5 * MIN, 4.5, 'fits'],
    ['old snapshot: one millisecond less than the hold', OLD_SNAPSHOT, 4.5 * MIN - 1, 4.5, 'CYCLE_TIMES_IMPOSSIBLE 422'],
    ['a hold longer than the whole minimum cycle, not yet elapsed', PROGRAM, 40 * MIN, 45, 'CYCLE_TIMES_IMPOSSIBLE 422'],
  ])('%s → %s', (_what, program, elapsed, hold, expected) => {
    expect(outcome(program, after(elapsed), { holdMinutes: hold })).toBe(expected);
  });

  it('says how long the load ran and what the record claims, in both languages', () => {
    try {
      assertCycleFits(OLD_SNAPSHOT, STARTED, after(8000), { holdMinutes: 4.5 }, SHANGHAI);
      throw new Error('not refused');
    } catch (e) {
      const d = e as DomainError;
      expect(d.params.reasonEn).toMatch(/0\.1 min ago .* 4\.5-min hold/);
      expect(d.params.reasonZh).toMatch(/0\.1 分钟.*4\.5 分钟/);
      expect(d.details).toEqual({ startedAt: STARTED.toISOString(), now: after(8000).toISOString() });
    }
  });
});

describe('assertCycleFits: the printout’s cycle', () => {
  const NOW = after(60 * MIN);
  const iso = (ms: number) => after(ms).toISOString();
  it.each<[string, ReportedCycle, string]>([
    [
      'the whole span, start to now',
      { holdMinutes: 4, cycleStartedAt: iso(0), cycleEndedAt: iso(60 * MIN) },
      `fits from ${iso(0)} to ${iso(60 * MIN)}`,
    ],
    [
      'exactly the minimum cycle inside the span',
      { holdMinutes: 4, cycleStartedAt: iso(10 * MIN), cycleEndedAt: iso(40 * MIN) },
      `fits from ${iso(10 * MIN)} to ${iso(40 * MIN)}`,
    ],
    [
      'one second shorter than the minimum cycle',
      { holdMinutes: 4, cycleStartedAt: iso(10 * MIN), cycleEndedAt: iso(40 * MIN - 1000) },
      'CYCLE_TIMES_IMPOSSIBLE 422',
    ],
    [
      'starting a minute before the load started (the sterilizer’s clock behind, or read to the minute)',
      { holdMinutes: 4, cycleStartedAt: iso(-MIN), cycleEndedAt: iso(40 * MIN) },
      `fits from ${iso(-MIN)} to ${iso(40 * MIN)}`,
    ],
    [
      'starting one millisecond more than the clock skew (2 min) before the load started',
      { holdMinutes: 4, cycleStartedAt: iso(-2 * MIN - 1), cycleEndedAt: iso(40 * MIN) },
      'CYCLE_TIMES_IMPOSSIBLE 422',
    ],
    [
      'ending a minute after now (the sterilizer’s clock ahead)',
      { holdMinutes: 4, cycleStartedAt: iso(10 * MIN), cycleEndedAt: iso(61 * MIN) },
      `fits from ${iso(10 * MIN)} to ${iso(61 * MIN)}`,
    ],
    [
      'ending one millisecond more than the clock skew in the future',
      { holdMinutes: 4, cycleStartedAt: iso(10 * MIN), cycleEndedAt: iso(62 * MIN + 1) },
      'CYCLE_TIMES_IMPOSSIBLE 422',
    ],
    [
      'ending before it starts',
      { holdMinutes: 4, cycleStartedAt: iso(40 * MIN), cycleEndedAt: iso(5 * MIN) },
      'CYCLE_TIMES_IMPOSSIBLE 422',
    ],
    ['ending when it starts', { holdMinutes: 0, cycleStartedAt: iso(40 * MIN), cycleEndedAt: iso(40 * MIN) }, 'CYCLE_TIMES_IMPOSSIBLE 422'],
    ['a start without an end', { holdMinutes: 4, cycleStartedAt: iso(10 * MIN) }, 'CYCLE_TIMES_IMPOSSIBLE 422'],
    ['an end without a start', { holdMinutes: 4, cycleEndedAt: iso(40 * MIN) }, 'CYCLE_TIMES_IMPOSSIBLE 422'],
    [
      'given with the hospital’s offset (+08:00), same instants',
      { holdMinutes: 4, cycleStartedAt: '2026-03-10T09:10:00+08:00', cycleEndedAt: '2026-03-10T09:40:00+08:00' },
      `fits from ${iso(10 * MIN)} to ${iso(40 * MIN)}`,
    ],
    // §4.1: a time without a zone is the hospital's wall clock, as the sterilizer's printout shows it.
    [
      'written as the printout shows it, without a zone',
      { holdMinutes: 4, cycleStartedAt: '2026-03-10T09:10', cycleEndedAt: '2026-03-10T09:40' },
      `fits from ${iso(10 * MIN)} to ${iso(40 * MIN)}`,
    ],
  ])('%s → %s', (_what, run, expected) => {
    expect(outcome(PROGRAM, NOW, run)).toBe(expected);
  });

  it('a printout shorter than the hold it reports is refused even with no minimum cycle', () => {
    expect(outcome(OLD_SNAPSHOT, NOW, { holdMinutes: 10, cycleStartedAt: iso(10 * MIN), cycleEndedAt: iso(19 * MIN) })).toBe(
      'CYCLE_TIMES_IMPOSSIBLE 422',
    );
    expect(outcome(OLD_SNAPSHOT, NOW, { holdMinutes: 10, cycleStartedAt: iso(10 * MIN), cycleEndedAt: iso(20 * MIN) })).toBe(
      `fits from ${iso(10 * MIN)} to ${iso(20 * MIN)}`,
    );
  });
});
