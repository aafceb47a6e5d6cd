import type { ReportDocument, ReportSheet } from '../reports/report-table.js';
import type { DefectMonth } from './defect-analysis.js';
import { DEFECT_KIND_NAMES, DEFECT_KINDS, DEFECT_ZONE_NAMES, DEFECT_ZONES, type DefectKind, type DefectZone } from './defect.entity.js';
import type { DefectStatus } from './defect-status.js';

const TREND_TEXT = { up: '↑ 上升 up', down: '↓ 下降 down', same: '→ 持平 same' } as const;
const STATUS_TEXT: Record<DefectStatus, string> = {
  reported: '已登记 reported',
  action_open: '整改中 action open',
  action_done: '待验证 to verify',
  not_effective: '整改无效 not effective',
  verified: '已验证 verified',
  closed: '已关闭 closed',
};
const both = (n: { zh: string; en: string }) => `${n.zh} ${n.en}`;

/** A case as the export lists it. */
export interface ExportedDefect {
  occurredAt: Date;
  zone: DefectZone;
  kind: DefectKind;
  description: string;
  involved: string | null;
  immediateRemedy: string;
  reportedByName: string;
  status: DefectStatus;
  overdue: boolean;
}

/** The months by kind or by zone: one row per kind (zone), one column per month. */
function pivot<K extends string>(
  months: DefectMonth[],
  name: { zh: string; en: string },
  head: { zh: string; en: string },
  keys: readonly K[],
  label: (k: K) => string,
  count: (m: DefectMonth, k: K) => number,
): ReportSheet {
  return {
    nameZh: name.zh,
    nameEn: name.en,
    columns: [{ ...head, kind: 'text', width: 22 }, ...months.map((m) => ({ zh: m.month, en: m.month, kind: 'int' as const, width: 8 }))],
    rows: [...keys.map((k) => [label(k), ...months.map((m) => count(m, k))]), ['合计 Total', ...months.map((m) => m.total)]],
  };
}

/** 差错分析 as the exports write it: per month, by kind, by zone, and the period's defects. */
export function defectsDocument(
  months: DefectMonth[],
  defects: ExportedDefect[],
  meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>,
): ReportDocument {
  return {
    titleZh: '差错分析',
    titleEn: 'Defect analysis',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '每月差错',
        nameEn: 'Defects per month',
        columns: [
          { zh: '月份', en: 'Month', kind: 'text', width: 8 },
          { zh: '合计', en: 'Total', kind: 'int', width: 7 },
          { zh: '未关闭', en: 'Open', kind: 'int', width: 7 },
          { zh: '逾期', en: 'Overdue', kind: 'int', width: 7 },
          { zh: '已关闭', en: 'Closed', kind: 'int', width: 7 },
          { zh: '趋势', en: 'Trend', kind: 'text', width: 10 },
        ],
        rows: months.map((m) => [m.month, m.total, m.open, m.overdue, m.closed, m.trend ? TREND_TEXT[m.trend] : '—']),
      },
      pivot(
        months,
        { zh: '按类别', en: 'By kind' },
        { zh: '类别', en: 'Kind' },
        DEFECT_KINDS,
        (k) => both(DEFECT_KIND_NAMES[k]),
        (m, k) => m.byKind.find((x) => x.kind === k)!.count,
      ),
      pivot(
        months,
        { zh: '按区域', en: 'By zone' },
        { zh: '区域', en: 'Zone' },
        DEFECT_ZONES,
        (z) => both(DEFECT_ZONE_NAMES[z]),
        (m, z) => m.byZone.find((x) => x.zone === z)!.count,
      ),
      {
        nameZh: '差错清单',
        nameEn: 'Defects',
        columns: [
          { zh: '发生时间', en: 'Occurred', kind: 'datetime', width: 14 },
          { zh: '区域', en: 'Zone', kind: 'text', width: 12 },
          { zh: '类别', en: 'Kind', kind: 'text', width: 14 },
          { zh: '经过', en: 'What happened', kind: 'text', width: 30 },
          { zh: '相关人员', en: 'Involved', kind: 'text', width: 12 },
          { zh: '即时处理', en: 'Immediate remedy', kind: 'text', width: 24 },
          { zh: '报告人', en: 'Reported by', kind: 'text', width: 9 },
          { zh: '状态', en: 'Status', kind: 'text', width: 12 },
        ],
        rows: defects.map((d) => [
          d.occurredAt,
          both(DEFECT_ZONE_NAMES[d.zone]),
          both(DEFECT_KIND_NAMES[d.kind]),
          d.description,
          d.involved,
          d.immediateRemedy,
          d.reportedByName,
          d.overdue ? `${STATUS_TEXT[d.status]} · 逾期 overdue` : STATUS_TEXT[d.status],
        ]),
      },
    ],
  };
}
