import type { DEFECT_STATUSES } from './dto/defects.view.js';

export type DefectStatus = (typeof DEFECT_STATUSES)[number];

/**
 * Where a case stands (seed 20): reported until the head nurse records the cause and the first action;
 * an action open until every action is done; then waiting for her verification of the last round;
 * verified effective (or not: a further action is needed); closed by her once verified effective.
 */
export function caseStatus(c: {
  closed: boolean;
  investigated: boolean;
  openActions: number;
  lastSeq: number;
  verifiedSeq: number | null;
  verifiedEffective: boolean | null;
}): DefectStatus {
  if (c.closed) return 'closed';
  if (!c.investigated) return 'reported';
  if (c.openActions > 0) return 'action_open';
  if (c.verifiedSeq === c.lastSeq) return c.verifiedEffective ? 'verified' : 'not_effective';
  return 'action_done';
}
