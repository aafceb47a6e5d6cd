import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import { addLocalDays, localDate, startOfLocalDay, startOfLocalWeek } from '../common/clock.js';

/**
 * §4.2 routine biological monitoring frequency by method, as the regulations read it: steam
 * at least once every calendar week, hydrogen peroxide plasma at least once every calendar
 * day — the hospital's days and weeks (Monday to Sunday) in its time zone, not a rolling
 * window. Ethylene oxide needs a BI in every load, like any load holding an implant (see
 * `needsBiBeforeRelease` in release-policy).
 */
export const BI_PERIOD: Record<SterilizationMethod, 'week' | 'day' | 'every_load'> = {
  steam_prevacuum: 'week',
  steam_gravity: 'week',
  h2o2_plasma: 'day',
  ethylene_oxide: 'every_load',
};

export interface BiDue {
  /** Start of the period that still needs its BI (overdue), or of the next period (not overdue); null: every load needs one. */
  nextDue: Date | null;
  /** No BI has gone through a cycle of this sterilizer in the current period yet: the next load must carry one. */
  overdue: boolean;
}

/** The first day of the period (day or ISO week) holding `date`. */
function periodStart(period: 'week' | 'day', date: string): string {
  return period === 'day' ? date : startOfLocalWeek(date);
}

/**
 * Whether the current calendar period already had a BI go through a cycle. `lastBiRunAt`: the
 * start of the newest load that ran (started) with a BI in it — a BI in a load that never
 * started proves nothing and does not count.
 */
export function biDue(method: SterilizationMethod, lastBiRunAt: Date | null, now: Date, timezone: string): BiDue {
  const period = BI_PERIOD[method];
  if (period === 'every_load') return { nextDue: null, overdue: false };
  const current = periodStart(period, localDate(now, timezone));
  const covered = lastBiRunAt !== null && localDate(lastBiRunAt, timezone) >= current;
  if (!covered) return { nextDue: startOfLocalDay(current, timezone), overdue: true };
  const next = addLocalDays(current, period === 'day' ? 1 : 7);
  return { nextDue: startOfLocalDay(next, timezone), overdue: false };
}

/** Commissioning (§4.2): qualified after this many consecutive passes of each required test. */
export const QUALIFYING_PASSES = 3;

/** Consecutive passes at the end of a chronological list of results; any failure resets the count. */
export function trailingPasses(resultsOldestFirst: boolean[]): number {
  let n = 0;
  for (let i = resultsOldestFirst.length - 1; i >= 0 && resultsOldestFirst[i]; i--) n++;
  return n;
}
