import { TZDate } from '@date-fns/tz';

/** Where a visit stands: asked for; approved or refused; cancelled before it started; in; over. */
export const VISIT_STATUSES = ['pending', 'approved', 'refused', 'cancelled', 'checked_in', 'checked_out'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export interface VisitFacts {
  approved: boolean | null;
  cancelled: boolean;
  checkedIn: boolean;
  checkedOut: boolean;
}

/** A visit's status from what was recorded on it (each step is a row of its own). */
export function visitStatus(v: VisitFacts): VisitStatus {
  if (v.checkedOut) return 'checked_out';
  if (v.checkedIn) return 'checked_in';
  if (v.cancelled) return 'cancelled';
  if (v.approved === true) return 'approved';
  if (v.approved === false) return 'refused';
  return 'pending';
}

/**
 * Why a visit cannot be checked in, or null when it can: only an approved visit, not cancelled,
 * not checked in yet (a visit is checked in at most once).
 */
export function checkInRefusal(
  v: VisitFacts,
): 'VISIT_CANCELLED' | 'VISIT_REFUSED' | 'VISIT_NOT_APPROVED' | 'VISIT_ALREADY_CHECKED_IN' | null {
  if (v.checkedIn) return 'VISIT_ALREADY_CHECKED_IN';
  if (v.cancelled) return 'VISIT_CANCELLED';
  if (v.approved === false) return 'VISIT_REFUSED';
  if (v.approved !== true) return 'VISIT_NOT_APPROVED';
  return null;
}

/** The zones entered that were not approved (requested and the request approved), in the order given. */
export function zonesNotApproved<Z extends string>(entered: readonly Z[], approved: readonly Z[]): Z[] {
  return entered.filter((z) => !approved.includes(z));
}

/** How early visitors may come in before their approved window starts (a bus early, a meeting ahead of time). */
export const CHECK_IN_EARLY_MINUTES = 30;

/**
 * The instants a visit may be checked in between: from its planned day's window start less
 * CHECK_IN_EARLY_MINUTES to the window's end, the planned day and times read in the hospital's zone.
 */
export function checkInWindow(
  v: { plannedDate: string; windowStart: string; windowEnd: string },
  timezone: string,
): { from: Date; to: Date } {
  const [y, m, d] = v.plannedDate.split('-').map(Number);
  const at = (hhmm: string) => {
    const [h, min] = hhmm.split(':').map(Number);
    return new Date(new TZDate(y, m - 1, d, h, min, timezone).getTime());
  };
  return { from: new Date(at(v.windowStart).getTime() - CHECK_IN_EARLY_MINUTES * 60_000), to: at(v.windowEnd) };
}
