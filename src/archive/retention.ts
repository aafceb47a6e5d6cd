import { CLOSED_STATES, type PackState } from '../kernel/pack-state.js';

/**
 * Retention (§4.5, WS 310.3): cleaning and disinfection monitoring records are kept at least six
 * months, sterilization records (loads, monitoring, labels) at least three years. An archival
 * may remove records only from before a cut-off that is at least that old.
 */
export const ARCHIVE_KINDS = ['cleaning', 'sterilization'] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

export const RETENTION_MONTHS: Record<ArchiveKind, number> = { cleaning: 6, sterilization: 36 };

/**
 * A pack whose life may be over for the archive: a closed state (CLOSED_STATES). `use_unrecorded`
 * is one: its set went on to its next cycle; its department may still complete it, but a
 * completion is an event, and a pack with an event on or after the cut-off stays.
 */
export const ARCHIVE_ENDED_STATES: readonly PackState[] = CLOSED_STATES;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === date;
}

/** The calendar date `months` before `date` (the last day of the month when that month is shorter: 08-31 − 6 months = 02-28). */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/**
 * The latest cut-off an archival of `kind` may take on the hospital day `today`: the day exactly
 * the retention period before it. Records dated before the cut-off's start are then all older
 * than the period.
 */
export function latestCutOff(kind: ArchiveKind, today: string): string {
  return monthsBefore(today, RETENTION_MONTHS[kind]);
}
