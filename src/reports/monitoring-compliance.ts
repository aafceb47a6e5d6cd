import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import { addLocalDays, startOfLocalWeek } from '../common/clock.js';
import { BI_PERIOD } from '../kernel/bi-schedule.js';
import type { ReportDocument } from './report-table.js';
import type { Bilingual } from './sterilization-register.js';

export interface ComplianceRow {
  sterilizer_id: string;
  kind: 'load' | 'bowie_dick';
  cycle_no: number;
  started_at: Date;
  status: string;
  physical_passed: boolean | null;
  chemical_passed: boolean | null;
  contains_implant: boolean;
  day: string;
  code: string;
  name_zh: string;
  name_en: string;
  method: SterilizationMethod;
  bis: number;
  bis_positive: number;
}

/** The instants' range to read for [fromDate, toDate]: whole weeks, for the steam week rule. */
export function complianceReadRange(fromDate: string, toDate: string) {
  return { readFrom: startOfLocalWeek(fromDate), readTo: addLocalDays(startOfLocalWeek(toDate), 6) };
}

export interface ComplianceDay {
  date: string;
  sterilizer: { id: string; code: string; nameZh: string; nameEn: string; method: string };
  loads: number;
  bd: { required: boolean; done: number; passedBeforeFirstLoad: boolean | null };
  bi: { required: 'week' | 'day' | 'every_load'; inLoads: number; positive: number; coveredBy: 'day' | 'week' | null };
  physicalFailed: number;
  chemicalFailed: number;
  gaps: Bilingual[];
}

/**
 * Judges each sterilizer-day of [fromDate, toDate] with loads or B-D cycles. `today`: the
 * hospital's today — its day (and week) are not over, so a BI not done yet there is not a gap.
 */
export function judgeCompliance(rows: ComplianceRow[], fromDate: string, toDate: string, today: string): ComplianceDay[] {
  const out: ComplianceDay[] = [];
  const bySterilizer = new Map<string, ComplianceRow[]>();
  for (const r of rows) bySterilizer.set(r.sterilizer_id, [...(bySterilizer.get(r.sterilizer_id) ?? []), r]);
  for (const cycles of bySterilizer.values()) {
    const weekHasBi = (day: string) =>
      cycles.some((c) => c.kind === 'load' && c.bis > 0 && startOfLocalWeek(c.day) === startOfLocalWeek(day));
    const days = [...new Set(cycles.map((c) => c.day))].filter((d) => d >= fromDate && d <= toDate).sort();
    for (const day of days) {
      const todays = cycles.filter((c) => c.day === day);
      const loads = todays.filter((c) => c.kind === 'load');
      const bds = todays.filter((c) => c.kind === 'bowie_dick');
      const first = todays[0];
      const method = first.method;
      const period = BI_PERIOD[method];
      const gaps: Bilingual[] = [];
      const bdRequired = method === 'steam_prevacuum' && loads.length > 0;
      const firstLoad = loads[0];
      const bdBefore = firstLoad ? bds.some((b) => b.status === 'completed' && b.started_at <= firstLoad.started_at) : null;
      if (bdRequired && !bdBefore) gaps.push({ zh: '首锅前无合格的 B-D 试验', en: 'no passing B-D before the first load' });
      for (const b of bds.filter((x) => x.status === 'failed'))
        gaps.push({ zh: `B-D 试验不合格（第 ${b.cycle_no} 锅）`, en: `B-D test failed (cycle ${b.cycle_no})` });
      for (const l of loads.filter((x) => x.physical_passed === false))
        gaps.push({ zh: `第 ${l.cycle_no} 锅物理监测不合格`, en: `cycle ${l.cycle_no}: physical record out of limits` });
      for (const l of loads.filter((x) => x.chemical_passed === false))
        gaps.push({ zh: `第 ${l.cycle_no} 锅化学监测不合格`, en: `cycle ${l.cycle_no}: chemical indicator failed` });
      for (const l of loads.filter((x) => x.bis_positive > 0))
        gaps.push({ zh: `第 ${l.cycle_no} 锅生物监测阳性`, en: `cycle ${l.cycle_no}: biological indicator positive` });
      for (const l of loads.filter((x) => x.bis === 0 && (x.contains_implant || period === 'every_load')))
        gaps.push({ zh: `第 ${l.cycle_no} 锅须做生物监测而未做`, en: `cycle ${l.cycle_no}: needed a biological indicator and had none` });
      const dayHasBi = loads.some((l) => l.bis > 0);
      let coveredBy: 'day' | 'week' | null = dayHasBi ? 'day' : null;
      if (period === 'day' && loads.length > 0 && !dayHasBi && day < today)
        gaps.push({ zh: '当天无生物监测', en: 'no biological indicator that day' });
      if (period === 'week' && !dayHasBi && weekHasBi(day)) coveredBy = 'week';
      const weekOver = addLocalDays(startOfLocalWeek(day), 6) < today;
      const lastRunDayOfWeek = days.filter((d) => startOfLocalWeek(d) === startOfLocalWeek(day)).at(-1) === day;
      if (period === 'week' && loads.length > 0 && weekOver && lastRunDayOfWeek && !weekHasBi(day))
        gaps.push({
          zh: `本周（${startOfLocalWeek(day)} 起）无生物监测`,
          en: `no biological indicator in the week of ${startOfLocalWeek(day)}`,
        });
      out.push({
        date: day,
        sterilizer: { id: first.sterilizer_id, code: first.code, nameZh: first.name_zh, nameEn: first.name_en, method },
        loads: loads.length,
        bd: { required: bdRequired, done: bds.length, passedBeforeFirstLoad: bdRequired ? !!bdBefore : null },
        bi: {
          required: period,
          inLoads: loads.filter((l) => l.bis > 0).length,
          positive: loads.filter((l) => l.bis_positive > 0).length,
          coveredBy,
        },
        physicalFailed: loads.filter((l) => l.physical_passed === false).length,
        chemicalFailed: loads.filter((l) => l.chemical_passed === false).length,
        gaps,
      });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.sterilizer.code.localeCompare(b.sterilizer.code));
}

/** The compliance report as the exports write it. */
export function complianceDocument(days: ComplianceDay[], meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>): ReportDocument {
  const yes = (v: boolean | null) => (v === null ? '—' : v ? '是 yes' : '否 no');
  return {
    titleZh: '监测合规',
    titleEn: 'Monitoring compliance',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '监测合规',
        nameEn: 'Monitoring compliance',
        columns: [
          { zh: '日期', en: 'Date', kind: 'date', width: 11 },
          { zh: '灭菌器', en: 'Sterilizer', kind: 'text', width: 18 },
          { zh: '锅数', en: 'Loads', kind: 'int', width: 6 },
          { zh: 'B-D 次数', en: 'B-D tests', kind: 'int', width: 7 },
          { zh: '首锅前 B-D 合格', en: 'B-D passed before first load', kind: 'text', width: 10 },
          { zh: '含生物监测锅数', en: 'Loads with BI', kind: 'int', width: 8 },
          { zh: '生物监测阳性', en: 'BI positive', kind: 'int', width: 8 },
          { zh: '物理监测不合格', en: 'Physical failed', kind: 'int', width: 8 },
          { zh: '化学监测不合格', en: 'Chemical failed', kind: 'int', width: 8 },
          { zh: '缺项与不合格', en: 'Gaps', kind: 'text', width: 40 },
        ],
        rows: days.map((d) => [
          d.date,
          `${d.sterilizer.code} ${d.sterilizer.nameZh}`,
          d.loads,
          d.bd.done,
          yes(d.bd.passedBeforeFirstLoad),
          d.bi.inLoads,
          d.bi.positive,
          d.physicalFailed,
          d.chemicalFailed,
          d.gaps.map((g) => `${g.zh} ${g.en}`).join('\n'),
        ]),
      },
    ],
  };
}
