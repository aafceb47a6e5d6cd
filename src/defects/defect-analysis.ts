import { trendOf, type Trend } from '../reports/quality-indicators.js';
import { DEFECT_KINDS, DEFECT_ZONES, type DefectKind, type DefectZone } from './defect.entity.js';

/** How many defects of a month (entry in force) had this kind, zone and standing: the query's groups. */
export interface DefectCount {
  month: string;
  kind: DefectKind;
  zone: DefectZone;
  closed: boolean;
  overdue: boolean;
  n: number;
}

export interface DefectMonth {
  month: string;
  total: number;
  open: number;
  overdue: number;
  closed: number;
  trend: Trend;
  byKind: { kind: DefectKind; count: number }[];
  byZone: { zone: DefectZone; count: number }[];
}

/**
 * The periodic analysis (seed 10.1): per month, the defects by kind and by zone (every kind and
 * zone listed, 0 where none), how many are open, overdue (open, an action past due) and closed, and
 * the total's trend against the month before (null for the first month, or when both are 0).
 */
export function defectMonths(months: string[], counts: DefectCount[]): DefectMonth[] {
  const out: DefectMonth[] = [];
  for (const month of months) {
    const rows = counts.filter((c) => c.month === month);
    const sum = (f: (c: DefectCount) => boolean) => rows.filter(f).reduce((a, c) => a + c.n, 0);
    const total = sum(() => true);
    const previous = out.at(-1);
    out.push({
      month,
      total,
      open: sum((c) => !c.closed),
      overdue: sum((c) => !c.closed && c.overdue),
      closed: sum((c) => c.closed),
      trend: previous && (previous.total > 0 || total > 0) ? trendOf({ rate: previous.total }, { rate: total }) : null,
      byKind: DEFECT_KINDS.map((kind) => ({ kind, count: sum((c) => c.kind === kind) })),
      byZone: DEFECT_ZONES.map((zone) => ({ zone, count: sum((c) => c.zone === zone) })),
    });
  }
  return out;
}
