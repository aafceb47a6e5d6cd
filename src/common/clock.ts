import { TZDate } from '@date-fns/tz';
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in the hospital's time zone. */
export function localDate(instant: Date, timezone: string): string {
  let f = formatters.get(timezone);
  if (!f) {
    // One formatter per zone, kept: building one costs more than a scan's own work.
    f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timezone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  return `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day}`;
}

/**
 * The service's one source of "now": every time the service records (a load's start, a BI's
 * reading, the moment a failure became known) and every check of a time a client states comes
 * from here, never from the database's clock beside it. Injectable so tests can move time
 * across days and weeks. (Named `instant()`, as java.time.Clock names it, so that a search for
 * the database function "now" in src/ finds only a use of the database's clock — of which there are none.)
 */
export abstract class Clock {
  /** The current instant by this clock. */
  abstract instant(): Date;
}

export class SystemClock extends Clock {
  instant(): Date {
    return new Date();
  }
}

/** Local midnight (start) of a hospital calendar date, as an instant. */
export function startOfLocalDay(date: string, timezone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new TZDate(y, m - 1, d, timezone);
}

/** The hospital calendar date `days` after `date` (negative: before). */
export function addLocalDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday that starts the ISO week (China's calendar week) holding `date`. */
export function startOfLocalWeek(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  return addLocalDays(date, -weekday);
}
