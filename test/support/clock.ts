import { addLocalDays, Clock, localDate, startOfLocalDay } from '../../src/common/clock.js';

/**
 * The service's clock in tests (its only "now", see src/common/clock.ts): real time plus an
 * offset the test moves with `advance` or `set` — across a BI's incubation, a midnight, a week.
 * Each reading is later than the one before (by at least 1 ms), so two events never share an
 * instant.
 */
export class TestClock extends Clock {
  private offset = 0;
  private last = 0;
  instant(): Date {
    this.last = Math.max(this.last + 1, Date.now() + this.offset);
    return new Date(this.last);
  }
  /** From now on the clock reads `instant` (and runs on from there). Moving it back is allowed for fresh data only. */
  set(instant: Date | string): void {
    this.offset = new Date(instant).getTime() - Date.now();
    this.last = 0;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
  /**
   * Moves the clock forward to `hour` o'clock of the hospital's next day: a test whose steps
   * span hours (cycles, BI incubations) then stays within one working day, wherever the real
   * time and the tests before it left the clock.
   */
  nextMorning(timezone: string, hour = 8): void {
    this.advanceTo(atLocalHour(addLocalDays(localDate(this.instant(), timezone), 1), timezone, hour));
  }
  /** Moves the clock forward to the next `hour` o'clock (fractions are minutes) of the hospital's day: today's if still ahead. */
  nextLocalTime(timezone: string, hour: number): void {
    const today = localDate(this.instant(), timezone);
    const target = atLocalHour(today, timezone, hour);
    this.advanceTo(target > this.instant().getTime() ? target : atLocalHour(addLocalDays(today, 1), timezone, hour));
  }
  private advanceTo(instant: number): void {
    this.advance(instant - this.instant().getTime());
  }
}

/** `hour` o'clock (fractions are minutes) of a hospital calendar day, as epoch milliseconds. */
function atLocalHour(date: string, timezone: string, hour: number): number {
  return startOfLocalDay(date, timezone).getTime() + hour * 3_600_000;
}

let currentClock: TestClock | null = null;

/** The clock of the app created last (createTestApp): what testNow() reads. */
export function useTestClock(clock: TestClock): void {
  currentClock = clock;
}

/**
 * "Now" as the service under test sees it (the clock of the app created last): what a test's
 * "today" and "an hour ago" must be measured from, since tests move that clock. Rows a test
 * writes itself are dated by it too, as the service dates its own (never by the database's now()).
 */
export function testNow(): Date {
  return currentClock?.instant() ?? new Date();
}
