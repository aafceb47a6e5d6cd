import { addLocalDays, startOfLocalDay, startOfLocalWeek } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';

/** A report's period: hospital calendar days [fromDate, toDate] (inclusive) and the instants [from, to). */
export interface ReportPeriod {
  fromDate: string;
  toDate: string;
  from: Date;
  to: Date;
  days: number;
}

/** What a client may ask for; exactly one form. */
export interface PeriodQuery {
  date?: string;
  from?: string;
  to?: string;
  week?: string;
  month?: string;
}

/** Days between two calendar dates (YYYY-MM-DD), inclusive of both. */
export function daysInclusive(fromDate: string, toDate: string): number {
  return Math.round((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000) + 1;
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The period a report covers, in the hospital's calendar (its time zone): one day, a week
 * (Monday to Sunday, given by any of its days), a calendar month, or a range of days — with
 * `today` when nothing is given. Longer than `maxDays` is refused, as are two forms at once.
 */
export function reportPeriod(q: PeriodQuery, today: string, timezone: string, maxDays: number): ReportPeriod {
  const forms = [q.date, q.week, q.month, q.from ?? q.to].filter((v) => v !== undefined).length;
  if (forms > 1 || (q.from === undefined) !== (q.to === undefined)) throw new DomainError('REPORT_PERIOD_INVALID');
  let fromDate = today;
  let toDate = today;
  if (q.date) fromDate = toDate = q.date;
  else if (q.week) toDate = addLocalDays((fromDate = startOfLocalWeek(q.week)), 6);
  else if (q.month) [fromDate, toDate] = [`${q.month}-01`, lastDayOfMonth(q.month)];
  else if (q.from && q.to) [fromDate, toDate] = [q.from, q.to];
  const days = daysInclusive(fromDate, toDate);
  if (days < 1) throw new DomainError('REPORT_PERIOD_INVALID');
  if (days > maxDays) throw new DomainError('REPORT_PERIOD_TOO_LONG', { maxDays, days });
  return {
    fromDate,
    toDate,
    from: new Date(startOfLocalDay(fromDate, timezone).getTime()),
    to: new Date(startOfLocalDay(addLocalDays(toDate, 1), timezone).getTime()),
    days,
  };
}
