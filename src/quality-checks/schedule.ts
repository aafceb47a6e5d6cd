import { addLocalDays } from '../common/clock.js';
import type { CheckFrequency } from '../kernel/quality-check-task.entity.js';

export const TASK_STATUSES = ['done', 'due', 'overdue'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The first day of the period (hospital calendar day or month) holding `date` (YYYY-MM-DD). */
export function periodStart(frequency: CheckFrequency, date: string): string {
  return frequency === 'daily' ? date : `${date.slice(0, 7)}-01`;
}

/** The first day of the period after the one starting on `start`. */
export function nextPeriod(frequency: CheckFrequency, start: string): string {
  if (frequency === 'daily') return addLocalDays(start, 1);
  const [y, m] = start.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** The first day of the period before the one starting on `start`. */
export function previousPeriod(frequency: CheckFrequency, start: string): string {
  if (frequency === 'daily') return addLocalDays(start, -1);
  const [y, m] = start.split('-').map(Number);
  return new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
}

export interface TaskState {
  status: TaskStatus;
  /** The period that is due now: today, or this month's first day. */
  periodStart: string;
  /** The last day of that period. */
  periodEnd: string;
  /** Overdue: the first period left without its check (null when not overdue). */
  overdueSince: string | null;
}

/**
 * Where a routine task stands today (seed 7.2–7.7), from the hospital day of its latest record:
 * done — recorded in this period (a monthly air count on the 3rd covers the month); due — not yet
 * this period, the period before was covered; overdue — a whole period went by without it (a day
 * without the conductivity reading is overdue the next day), until it is done again.
 */
export function taskState(frequency: CheckFrequency, today: string, lastDoneDay: string | null): TaskState {
  const start = periodStart(frequency, today);
  const periodEnd = addLocalDays(nextPeriod(frequency, start), -1);
  if (lastDoneDay !== null && lastDoneDay >= start) return { status: 'done', periodStart: start, periodEnd, overdueSince: null };
  const previous = previousPeriod(frequency, start);
  if (lastDoneDay !== null && lastDoneDay >= previous) return { status: 'due', periodStart: start, periodEnd, overdueSince: null };
  const overdueSince = lastDoneDay === null ? previous : nextPeriod(frequency, periodStart(frequency, lastDoneDay));
  return { status: 'overdue', periodStart: start, periodEnd, overdueSince };
}

/** How long a corrective action opened today has (seed 7.8): a daily check's by tomorrow, a monthly one's within a week. */
export function correctionDueDate(frequency: CheckFrequency | null, today: string): string {
  return addLocalDays(today, frequency === 'monthly' ? 7 : 1);
}
