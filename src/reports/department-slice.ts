import { addLocalDays } from '../common/clock.js';
import { indicator, trendOf, type DepartmentRef, type Indicator } from './quality-indicators.js';
import type { ReportDocument } from './report-table.js';

/**
 * 本科室报表 (issue 15): a department's own slice of the reports — the sets the CSSD collected
 * from it (and those short of instruments), the packs dispatched to it and their turnaround from
 * collection, the problems it reported and the recalls that found its packs. Nothing of another
 * department, nothing of the CSSD's internal books.
 */

export const PROBLEM_KINDS = ['wet', 'damaged', 'instrument_missing', 'inside_indicator_failed', 'other'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface DepartmentDayRow {
  day: string;
  sets: number;
  short: number;
  missing: number;
  damaged: number;
  dispatched: number;
  hours: number;
}

export interface DepartmentDay {
  date: string;
  collected: number;
  dispatched: number;
}

export interface DepartmentSliceMonth {
  month: string;
  collected: number;
  shortCollections: Indicator & { missing: number; damaged: number };
  dispatched: number;
  turnaround: Indicator;
  problems: { total: number } & Record<ProblemKind, number>;
  recalls: number;
  recalledPacks: number;
}

export interface DepartmentSlice {
  from: string;
  to: string;
  timezone: string;
  hospital: string;
  department: DepartmentRef;
  months: DepartmentSliceMonth[];
  days: DepartmentDay[];
}

/** The slice's months and days from the rows its queries give (every day of the months, 0 where nothing happened). */
export function departmentSlice(
  months: string[],
  lastDay: string,
  days: DepartmentDayRow[],
  problems: { month: string; kind: string; reports: number }[],
  recalls: { month: string; recalls: number; packs: number }[],
): Pick<DepartmentSlice, 'months' | 'days'> {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const outDays: DepartmentDay[] = [];
  for (let d = `${months[0]}-01`; d <= lastDay; d = addLocalDays(d, 1)) {
    const r = byDay.get(d);
    outDays.push({ date: d, collected: r?.sets ?? 0, dispatched: r?.dispatched ?? 0 });
  }
  const out: DepartmentSliceMonth[] = [];
  for (const month of months) {
    const mine = days.filter((d) => d.day.startsWith(`${month}-`));
    const sum = (k: Exclude<keyof DepartmentDayRow, 'day'>) => mine.reduce((a, d) => a + d[k], 0);
    const short = indicator(sum('short'), sum('sets'));
    const turnaround = indicator(sum('hours'), sum('dispatched'));
    const previous = out.at(-1);
    const kinds = Object.fromEntries(
      PROBLEM_KINDS.map((k) => [k, problems.find((p) => p.month === month && p.kind === k)?.reports ?? 0]),
    ) as Record<ProblemKind, number>;
    const recall = recalls.find((r) => r.month === month);
    out.push({
      month,
      collected: sum('sets'),
      shortCollections: { ...short, trend: trendOf(previous?.shortCollections, short), missing: sum('missing'), damaged: sum('damaged') },
      dispatched: sum('dispatched'),
      turnaround: { ...turnaround, trend: trendOf(previous?.turnaround, turnaround) },
      problems: { total: problems.filter((p) => p.month === month).reduce((a, p) => a + p.reports, 0), ...kinds },
      recalls: recall?.recalls ?? 0,
      recalledPacks: recall?.packs ?? 0,
    });
  }
  return { months: out, days: outDays };
}

const PROBLEM_NAMES: Record<ProblemKind, { zh: string; en: string }> = {
  wet: { zh: '湿包', en: 'Wet' },
  damaged: { zh: '包装破损', en: 'Damaged' },
  instrument_missing: { zh: '器械缺失', en: 'Instrument missing' },
  inside_indicator_failed: { zh: '包内指示卡不合格', en: 'Inside indicator failed' },
  other: { zh: '其他', en: 'Other' },
};

const pct = (i: Indicator) => (i.rate === null ? null : Math.round(i.rate * 10000) / 100);
const hours = (i: Indicator) => (i.rate === null ? null : Math.round(i.rate * 100) / 100);

/** The slice as the exports write it: per month, and per day. */
export function departmentSliceDocument(
  s: DepartmentSlice,
  meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>,
): ReportDocument {
  const dept = `${s.department.code} ${s.department.nameZh} ${s.department.nameEn}`;
  return {
    titleZh: `本科室报表 ${s.department.code} ${s.department.nameZh}`,
    titleEn: `Department report — ${s.department.nameEn}`,
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '按月',
        nameEn: 'Per month',
        columns: [
          { zh: '科室', en: 'Department', kind: 'text', width: 16 },
          { zh: '月份', en: 'Month', kind: 'text', width: 8 },
          { zh: '回收器械包', en: 'Sets collected', kind: 'int', width: 8 },
          { zh: '缺失或损坏的包', en: 'Sets short', kind: 'int', width: 8 },
          { zh: '缺失/损坏率 %', en: 'Short rate %', kind: 'decimal', width: 8 },
          { zh: '缺失器械', en: 'Instruments missing', kind: 'int', width: 8 },
          { zh: '损坏器械', en: 'Instruments damaged', kind: 'int', width: 8 },
          { zh: '发放包数', en: 'Packs dispatched', kind: 'int', width: 8 },
          { zh: '回收至发放平均小时', en: 'Mean hours collection → dispatch', kind: 'decimal', width: 10 },
          { zh: '问题报告', en: 'Problems reported', kind: 'int', width: 8 },
          ...PROBLEM_KINDS.map((k) => ({ zh: PROBLEM_NAMES[k].zh, en: PROBLEM_NAMES[k].en, kind: 'int' as const, width: 7 })),
          { zh: '涉及召回', en: 'Recalls', kind: 'int', width: 7 },
          { zh: '被召回的包', en: 'Packs recalled', kind: 'int', width: 7 },
        ],
        rows: s.months.map((m) => [
          dept,
          m.month,
          m.collected,
          m.shortCollections.numerator,
          pct(m.shortCollections),
          m.shortCollections.missing,
          m.shortCollections.damaged,
          m.dispatched,
          hours(m.turnaround),
          m.problems.total,
          ...PROBLEM_KINDS.map((k) => m.problems[k]),
          m.recalls,
          m.recalledPacks,
        ]),
      },
      {
        nameZh: '按日',
        nameEn: 'Per day',
        columns: [
          { zh: '日期', en: 'Date', kind: 'text', width: 10 },
          { zh: '回收器械包', en: 'Sets collected', kind: 'int', width: 10 },
          { zh: '发放包数', en: 'Packs dispatched', kind: 'int', width: 10 },
        ],
        rows: s.days.map((d) => [d.date, d.collected, d.dispatched]),
      },
    ],
  };
}
