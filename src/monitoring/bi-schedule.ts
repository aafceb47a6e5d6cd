import { addDays } from 'date-fns';
import type { SterilizationMethod } from '../catalog/catalog.enums.js';

/**
 * §4.2 routine biological monitoring frequency by method: steam at least weekly, hydrogen
 * peroxide plasma at least daily, ethylene oxide every load (its loads wait for their BI,
 * see release-policy). Loads holding implants need a BI of their own as well.
 */
export const BI_INTERVAL_DAYS: Record<SterilizationMethod, number | null> = {
  steam_prevacuum: 7,
  steam_gravity: 7,
  h2o2_plasma: 1,
  ethylene_oxide: null, // every load
};

export interface BiDue {
  /** When the next routine BI is due (null: every load needs one). */
  nextDue: Date | null;
  overdue: boolean;
}

export function biDue(method: SterilizationMethod, lastPlacedAt: Date | null, now: Date): BiDue {
  const days = BI_INTERVAL_DAYS[method];
  if (days === null) return { nextDue: null, overdue: false };
  if (!lastPlacedAt) return { nextDue: now, overdue: true };
  const nextDue = addDays(lastPlacedAt, days);
  return { nextDue, overdue: now.getTime() > nextDue.getTime() };
}

/** Commissioning (§4.2): qualified after this many consecutive passes of each required test. */
export const QUALIFYING_PASSES = 3;

/** Consecutive passes at the end of a chronological list of results; any failure resets the count. */
export function trailingPasses(resultsOldestFirst: boolean[]): number {
  let n = 0;
  for (let i = resultsOldestFirst.length - 1; i >= 0 && resultsOldestFirst[i]; i--) n++;
  return n;
}
