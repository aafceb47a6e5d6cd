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
