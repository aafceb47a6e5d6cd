import { DomainError } from '../common/errors/domain-error.js';
import type { ReportDocument } from './report-table.js';

/** The indicators cover up to a year of months (a trend, not the archive). */
export const INDICATOR_MAX_MONTHS = 12;

/** ratio: numerator / denominator (shown as a percentage); hours: the numerator is hours, the rate their mean. */
export type IndicatorUnit = 'ratio' | 'hours';
export type Trend = 'up' | 'down' | 'same' | null;

export interface Indicator {
  numerator: number;
  denominator: number;
  /** numerator / denominator; null when the denominator is 0. */
  rate: number | null;
  /** The rate against the month before in the report (null for the first month, or when either rate is null). Lower is better for all. */
  trend: Trend;
}

/** The CSSD-wide indicators, in the order they are shown. */
export const HOSPITAL_INDICATORS = [
  { key: 'wetPacks', unit: 'ratio', zh: '湿包率', en: 'Wet packs', ofZh: '湿包 / 卸载包数', ofEn: 'wet / packs unloaded' },
  {
    key: 'chemicalIndicatorFailures',
    unit: 'ratio',
    zh: '化学监测不合格率',
    en: 'Chemical indicator failures',
    ofZh: '批次化学监测不合格 / 完成的灭菌锅次',
    ofEn: 'load indicators failed / loads completed',
  },
  {
    key: 'biologicalIndicatorFailures',
    unit: 'ratio',
    zh: '生物监测阳性率',
    en: 'Biological indicator failures',
    ofZh: '阳性 / 已判读的生物监测',
    ofEn: 'positive / BIs read',
  },
  {
    key: 'cleaningFailures',
    unit: 'ratio',
    zh: '清洗质量检查不合格率',
    en: 'Cleaning failures at inspection',
    ofZh: '检查不合格 / 包装前检查次数',
    ofEn: 'failed / inspections before packing',
  },
  {
    key: 'problemsAtUse',
    unit: 'ratio',
    zh: '科室使用时反馈问题包率',
    en: 'Problems reported at use',
    ofZh: '问题报告 / 科室开包数',
    ofEn: 'problem reports / packs opened at departments',
  },
  {
    key: 'recalls',
    unit: 'ratio',
    zh: '召回率',
    en: 'Recalls',
    ofZh: '发起召回 / 完成的灭菌锅次',
    ofEn: 'recalls opened / loads completed',
  },
  {
    key: 'recallTimeToClose',
    unit: 'hours',
    zh: '召回关闭平均用时',
    en: 'Recall time to close',
    ofZh: '小时合计 / 关闭的召回',
    ofEn: 'hours in total / recalls closed',
  },
  {
    key: 'expiredInStorage',
    unit: 'ratio',
    zh: '库存过期包率',
    en: 'Expired packs in storage',
    ofZh: '在库过期 / 当月到期的入库包',
    ofEn: 'expired on the shelf / stored packs expiring that month',
  },
] as const satisfies readonly { key: string; unit: IndicatorUnit; zh: string; en: string; ofZh: string; ofEn: string }[];
export type HospitalIndicatorKey = (typeof HOSPITAL_INDICATORS)[number]['key'];

/** The per-department indicators. */
export const DEPARTMENT_INDICATORS = [
  {
    key: 'shortCollections',
    unit: 'ratio',
    zh: '回收器械缺失/损坏率',
    en: 'Sets collected with missing or damaged instruments',
    ofZh: '缺失或损坏的器械包 / 回收器械包',
    ofEn: 'sets short / sets collected',
  },
  {
    key: 'turnaround',
    unit: 'hours',
    zh: '回收至发放平均用时',
    en: 'Turnaround, collection to dispatch',
    ofZh: '小时合计 / 发放包数',
    ofEn: 'hours in total / packs dispatched',
  },
] as const satisfies readonly { key: string; unit: IndicatorUnit; zh: string; en: string; ofZh: string; ofEn: string }[];

/** The months from..to (YYYY-MM, inclusive); refused when to is before from or more than 12 months. */
export function monthsOf(from: string, to: string): string[] {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const n = index(to) - index(from) + 1;
  if (n < 1) throw new DomainError('REPORT_PERIOD_INVALID');
  if (n > INDICATOR_MAX_MONTHS) throw new DomainError('REPORT_MONTHS_TOO_LONG', { maxMonths: INDICATOR_MAX_MONTHS, months: n });
  return Array.from({ length: n }, (_, i) => monthAt(index(from) + i));
}

function monthAt(i: number): string {
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The month n months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  return monthAt(Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n);
}

/** An indicator from its counts (hours rounded to the minute's hundredth). */
export function indicator(numerator: number, denominator: number): Omit<Indicator, 'trend'> {
  const n = Math.round(numerator * 100) / 100;
  return { numerator: n, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 1e6) / 1e6 };
}

export function trendOf(previous: { rate: number | null } | undefined, current: { rate: number | null }): Trend {
  if (!previous || previous.rate === null || current.rate === null) return null;
  return current.rate > previous.rate ? 'up' : current.rate < previous.rate ? 'down' : 'same';
}

/** Counts per month as the queries give them: month → key → [numerator, denominator]. */
export type MonthCounts = Map<string, Partial<Record<HospitalIndicatorKey, [number, number]>>>;

export interface DepartmentRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface DepartmentMonth {
  department: DepartmentRef;
  shortCollections: Indicator & { missing: number; damaged: number };
  turnaround: Indicator;
}

export interface IndicatorMonth {
  month: string;
  hospital: Record<HospitalIndicatorKey, Indicator>;
  departments: DepartmentMonth[];
}

export interface DepartmentCounts {
  month: string;
  department: DepartmentRef;
  sets: number;
  short: number;
  missing: number;
  damaged: number;
  dispatched: number;
  hours: number;
}

/** The months with every indicator (0 / 0 where nothing was recorded) and each one's trend against the month before. */
export function indicatorMonths(months: string[], counts: MonthCounts, departments: DepartmentCounts[]): IndicatorMonth[] {
  const out: IndicatorMonth[] = [];
  for (const month of months) {
    const previous = out.at(-1);
    const c = counts.get(month) ?? {};
    const hospital = Object.fromEntries(
      HOSPITAL_INDICATORS.map(({ key }) => {
        const [n, d] = c[key] ?? [0, 0];
        const value = indicator(n, d);
        return [key, { ...value, trend: trendOf(previous?.hospital[key], value) }];
      }),
    ) as Record<HospitalIndicatorKey, Indicator>;
    const depts = departments
      .filter((d) => d.month === month)
      .sort((a, b) => a.department.code.localeCompare(b.department.code))
      .map((d) => {
        const before = previous?.departments.find((p) => p.department.id === d.department.id);
        const short = indicator(d.short, d.sets);
        const turnaround = indicator(d.hours, d.dispatched);
        return {
          department: d.department,
          shortCollections: { ...short, trend: trendOf(before?.shortCollections, short), missing: d.missing, damaged: d.damaged },
          turnaround: { ...turnaround, trend: trendOf(before?.turnaround, turnaround) },
        };
      });
    out.push({ month, hospital, departments: depts });
  }
  return out;
}

const TREND_TEXT: Record<Exclude<Trend, null>, string> = { up: '↑ 上升 up', down: '↓ 下降 down', same: '→ 持平 same' };
const trendText = (t: Trend) => (t ? TREND_TEXT[t] : '—');
/** A ratio as a percentage, hours as hours (numbers, for the sheet). */
const shown = (unit: IndicatorUnit, rate: number | null) =>
  rate === null ? null : unit === 'ratio' ? Math.round(rate * 10000) / 100 : rate;

/** The indicators as the exports write them: the CSSD's per month, and the departments' per month. */
export function indicatorsDocument(
  months: IndicatorMonth[],
  meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>,
): ReportDocument {
  const rateColumns = [
    { zh: '分子', en: 'Numerator', kind: 'decimal', width: 9 },
    { zh: '分母', en: 'Denominator', kind: 'int', width: 9 },
    { zh: '比率 %', en: 'Rate %', kind: 'decimal', width: 8 },
    { zh: '平均小时', en: 'Mean hours', kind: 'decimal', width: 8 },
    { zh: '趋势', en: 'Trend', kind: 'text', width: 10 },
  ] as const;
  const values = (unit: IndicatorUnit, i: Indicator) => [
    i.numerator,
    i.denominator,
    unit === 'ratio' ? shown(unit, i.rate) : null,
    unit === 'hours' ? shown(unit, i.rate) : null,
    trendText(i.trend),
  ];
  return {
    titleZh: '质量指标',
    titleEn: 'Quality indicators',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '质量指标',
        nameEn: 'Quality indicators',
        columns: [
          { zh: '月份', en: 'Month', kind: 'text', width: 8 },
          { zh: '指标', en: 'Indicator', kind: 'text', width: 22 },
          { zh: '计算方法', en: 'Computed as', kind: 'text', width: 26 },
          ...rateColumns,
        ],
        rows: months.flatMap((m) =>
          HOSPITAL_INDICATORS.map((d) => [m.month, `${d.zh} ${d.en}`, `${d.ofZh} ${d.ofEn}`, ...values(d.unit, m.hospital[d.key])]),
        ),
      },
      {
        nameZh: '科室指标',
        nameEn: 'Department indicators',
        columns: [
          { zh: '月份', en: 'Month', kind: 'text', width: 8 },
          { zh: '科室', en: 'Department', kind: 'text', width: 16 },
          { zh: '指标', en: 'Indicator', kind: 'text', width: 24 },
          ...rateColumns,
          { zh: '缺失器械', en: 'Instruments missing', kind: 'int', width: 8 },
          { zh: '损坏器械', en: 'Instruments damaged', kind: 'int', width: 8 },
        ],
        rows: months.flatMap((m) =>
          m.departments.flatMap((d) => {
            const name = `${d.department.code} ${d.department.nameZh}`;
            const [short, turn] = DEPARTMENT_INDICATORS;
            return [
              [
                m.month,
                name,
                `${short.zh} ${short.en}`,
                ...values(short.unit, d.shortCollections),
                d.shortCollections.missing,
                d.shortCollections.damaged,
              ],
              [m.month, name, `${turn.zh} ${turn.en}`, ...values(turn.unit, d.turnaround), null, null],
            ];
          }),
        ),
      },
    ],
  };
}
