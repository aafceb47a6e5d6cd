import { DEFECT_KIND_NAMES, DEFECT_ZONE_NAMES } from '../defects/defect.entity.js';
import type { DefectMonth } from '../defects/defect-analysis.js';
import { indicatorsDocument, type IndicatorMonth } from '../reports/quality-indicators.js';
import type { ReportCell, ReportDocument } from '../reports/report-table.js';

/** A review as its minutes print it. */
export interface PrintedReview {
  month: string;
  heldAt: Date;
  attendees: string[];
  minutes: string;
  recordedByName: string;
  decisions: {
    seq: number;
    decision: string;
    ownerName: string;
    dueDate: string;
    overdue: boolean;
    done: { actionTaken: string; doneAt: string } | null;
  }[];
  amendments: { text: string; reason: string; recordedByName: string; recordedAt: Date }[];
}

const text = (w: number) => ({ kind: 'text' as const, width: w });

/**
 * 质量分析会纪要 — the monthly quality review's minutes for the binder (seed 10.1, 10.4): the meeting,
 * the minutes paragraph by paragraph, each decision with its owner, due date and what was done,
 * the amendments, and what it looked at — the month's defects (the register's analysis) and the
 * month's quality indicators (src/reports, with the trend against the month before), as they stand
 * when printed.
 */
export function reviewDocument(
  r: PrintedReview,
  defects: DefectMonth,
  indicators: IndicatorMonth[],
  meta: Pick<ReportDocument, 'hospital' | 'timezone'>,
): ReportDocument {
  const indicatorSheet = indicatorsDocument(indicators, { ...meta, period: r.month }).sheets[0];
  const counted = (rows: { name: { zh: string; en: string }; count: number }[]) =>
    rows.filter((x) => x.count > 0).map((x): ReportCell[] => [`${x.name.zh} ${x.name.en}`, x.count]);
  return {
    titleZh: '质量分析会纪要',
    titleEn: 'Quality review minutes',
    landscape: false,
    period: r.month,
    ...meta,
    sheets: [
      {
        nameZh: '会议',
        nameEn: 'Meeting',
        columns: [
          { zh: '项目', en: 'Item', ...text(12) },
          { zh: '内容', en: 'Content', ...text(48) },
        ],
        rows: [
          ['分析月份 Month reviewed', r.month],
          ['召开时间 Held', r.heldAt],
          ['出席人员 Attendees', r.attendees.join('、')],
          ['记录人 Recorded by', r.recordedByName],
        ],
      },
      { nameZh: '会议纪要', nameEn: 'Minutes', columns: [{ zh: '纪要', en: 'Minutes', ...text(60) }], rows: paragraphs(r.minutes) },
      {
        nameZh: '决定事项',
        nameEn: 'Decisions',
        columns: [
          { zh: '序号', en: 'No.', kind: 'int', width: 4 },
          { zh: '决定', en: 'Decision', ...text(22) },
          { zh: '负责人', en: 'Owner', ...text(8) },
          { zh: '完成期限', en: 'Due', kind: 'date', width: 9 },
          { zh: '完成情况', en: 'What was done', ...text(18) },
          { zh: '完成时间', en: 'Done at', kind: 'datetime', width: 12 },
        ],
        rows: r.decisions.map((d) => [
          d.seq,
          d.decision,
          d.ownerName,
          d.dueDate,
          d.done ? d.done.actionTaken : d.overdue ? '逾期未完成 overdue' : '未完成 open',
          d.done ? new Date(d.done.doneAt) : null,
        ]),
      },
      {
        nameZh: '更正',
        nameEn: 'Amendments',
        columns: [
          { zh: '登记时间', en: 'Recorded', kind: 'datetime', width: 12 },
          { zh: '更正内容', en: 'Text', ...text(30) },
          { zh: '原因', en: 'Reason', ...text(14) },
          { zh: '登记人', en: 'By', ...text(8) },
        ],
        rows: r.amendments.map((a) => [a.recordedAt, a.text, a.reason, a.recordedByName]),
      },
      {
        nameZh: '本月差错',
        nameEn: 'Defects of the month',
        columns: [
          { zh: '项目', en: 'Item', ...text(30) },
          { zh: '例数', en: 'Count', kind: 'int', width: 8 },
        ],
        rows: [
          ['合计 Total', defects.total],
          ['未关闭 Open', defects.open],
          ['逾期 Overdue', defects.overdue],
          ['已关闭 Closed', defects.closed],
          ...counted(defects.byKind.map((k) => ({ name: DEFECT_KIND_NAMES[k.kind], count: k.count }))),
          ...counted(defects.byZone.map((z) => ({ name: DEFECT_ZONE_NAMES[z.zone], count: z.count }))),
        ],
      },
      { ...indicatorSheet, rows: indicatorSheet.rows.filter((row) => row[0] === r.month) },
    ],
  };
}

/** The minutes, one row per paragraph (a row never runs past a page). */
function paragraphs(minutes: string): ReportCell[][] {
  return minutes
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => [p]);
}
