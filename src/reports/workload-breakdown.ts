import { addLocalDays } from '../common/clock.js';
import type { ReportColumn, ReportDocument } from './report-table.js';
import { personLine, STAGE_OF_TYPE, WORK_STAGES, type summarizeWork, type WorkStage } from './workload.js';

/*
 * 工作量统计 over any period (seed 4.6): the zones' pack steps per hospital day and per set
 * template, and the use of the washers (cycles) and sterilizers (loads, B-D cycles, packs).
 * Per person comes from the monthly report's query over the same range. The statements are the
 * reports repository's (workPerDay, workPerTemplate, washerUse, sterilizerUse).
 */

export type StageCounts = Record<WorkStage, number>;
const zero = (): StageCounts => Object.fromEntries(WORK_STAGES.map((s) => [s.stage, 0])) as StageCounts;
const total = (c: StageCounts) => Object.values(c).reduce((a, b) => a + b, 0);

/** Each day of the period (zeros included), its steps per zone. */
export function perDay(fromDate: string, toDate: string, rows: { day: string; kind: string; n: number }[]) {
  const days = new Map<string, StageCounts>();
  for (let d = fromDate; d <= toDate; d = addLocalDays(d, 1)) days.set(d, zero());
  for (const r of rows) {
    const stage = STAGE_OF_TYPE.get(r.kind);
    const day = days.get(r.day);
    if (stage && day) day[stage] += r.n;
  }
  return [...days].map(([date, byStage]) => ({ date, byStage, total: total(byStage) }));
}

/** Each template with work in the period, its steps per zone, busiest first. */
export function perTemplate(rows: { code: string; name_zh: string; name_en: string; kind: string; n: number }[]) {
  const out = new Map<string, { template: { code: string; nameZh: string; nameEn: string }; byStage: StageCounts; total: number }>();
  for (const r of rows) {
    const stage = STAGE_OF_TYPE.get(r.kind);
    if (!stage) continue;
    let line = out.get(r.code);
    if (!line) out.set(r.code, (line = { template: { code: r.code, nameZh: r.name_zh, nameEn: r.name_en }, byStage: zero(), total: 0 }));
    line.byStage[stage] += r.n;
    line.total += r.n;
  }
  return [...out.values()].sort((a, b) => b.total - a.total || a.template.code.localeCompare(b.template.code));
}

export interface Breakdown {
  from: string;
  to: string;
  timezone: string;
  hospital: string;
  perDay: ReturnType<typeof perDay>;
  perPerson: ReturnType<typeof summarizeWork>['people'];
  perTemplate: ReturnType<typeof perTemplate>;
  washers: { code: string; nameZh: string; nameEn: string; cycles: number; passed: number; failed: number }[];
  sterilizers: { code: string; nameZh: string; nameEn: string; loads: number; failedLoads: number; bdCycles: number; packs: number }[];
}

const stageColumns = (): ReportColumn[] => WORK_STAGES.map((s) => ({ zh: s.nameZh, en: s.nameEn, kind: 'int', width: 10 }));
const int = (zh: string, en: string): ReportColumn => ({ zh, en, kind: 'int', width: 9 });
const text = (zh: string, en: string, width = 14): ReportColumn => ({ zh, en, kind: 'text', width });

/** The breakdown as the exports write it: a sheet per day, person, template, washer and sterilizer use. */
export function breakdownDocument(b: Breakdown, period: string): ReportDocument {
  const stages = (c: StageCounts) => WORK_STAGES.map((s) => c[s.stage]);
  return {
    titleZh: '工作量统计',
    titleEn: 'Workload',
    hospital: b.hospital,
    period,
    timezone: b.timezone,
    landscape: true,
    sheets: [
      {
        nameZh: '按日',
        nameEn: 'Per day',
        columns: [{ zh: '日期', en: 'Date', kind: 'date', width: 12 }, ...stageColumns(), int('合计', 'Total')],
        rows: b.perDay.map((d) => [d.date, ...stages(d.byStage), d.total]),
      },
      {
        nameZh: '按人员',
        nameEn: 'Per person',
        columns: [
          text('工号', 'Username'),
          text('姓名', 'Name'),
          text('角色', 'Role', 10),
          ...stageColumns(),
          int('合计', 'Total'),
          int('双人核对', 'Co-signed'),
        ],
        rows: b.perPerson.map(personLine),
      },
      {
        nameZh: '按器械包',
        nameEn: 'Per set template',
        columns: [text('编码', 'Code'), text('名称', 'Name', 20), ...stageColumns(), int('合计', 'Total')],
        rows: b.perTemplate.map((t) => [t.template.code, t.template.nameZh, ...stages(t.byStage), t.total]),
      },
      {
        nameZh: '清洗消毒器使用',
        nameEn: 'Washer use',
        columns: [text('编码', 'Code'), text('名称', 'Name', 20), int('锅次', 'Cycles'), int('合格', 'Passed'), int('不合格', 'Failed')],
        rows: b.washers.map((w) => [w.code, w.nameZh, w.cycles, w.passed, w.failed]),
      },
      {
        nameZh: '灭菌器使用',
        nameEn: 'Sterilizer use',
        columns: [
          text('编码', 'Code'),
          text('名称', 'Name', 20),
          int('灭菌锅次', 'Loads'),
          int('不合格锅次', 'Failed loads'),
          int('B-D 试验', 'B-D cycles'),
          int('包数', 'Packs'),
        ],
        rows: b.sterilizers.map((s) => [s.code, s.nameZh, s.loads, s.failedLoads, s.bdCycles, s.packs]),
      },
    ],
  };
}
