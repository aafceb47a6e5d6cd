import type { ReportDocument } from '../reports/report-table.js';
import type { VisitStatus } from './visit-status.js';
import { VISIT_ZONE_NAMES, type VisitZone } from './visit.entity.js';

const STATUS_TEXT: Record<VisitStatus, string> = {
  pending: '待审批 pending',
  approved: '已批准 approved',
  refused: '未批准 refused',
  cancelled: '已取消 cancelled',
  checked_in: '在区内 checked in',
  checked_out: '已离开 checked out',
};
const zonesText = (zones: readonly VisitZone[] | null) =>
  zones && zones.length ? zones.map((z) => `${VISIT_ZONE_NAMES[z].zh} ${VISIT_ZONE_NAMES[z].en}`).join('; ') : null;

/** A visit as the export lists it. */
export interface ExportedVisit {
  id: string;
  status: string;
  day: string;
  unit: string;
  visitors: { name: string; title: string }[];
  contact: string;
  purpose: string;
  windowStart: string;
  windowEnd: string;
  zones: string[];
  decision: { approved: boolean; reason: string | null; decidedByName: string } | null;
  cancellation: { reason: string } | null;
  inAt: string | null;
  outAt: string | null;
  escortName: string | null;
  zonesEntered: string[] | null;
}

/** 来访登记 as the exports write it: one row per visit, then the visitors' comments. */
export function visitorsDocument(
  visits: ExportedVisit[],
  comments: { visitId: string; author: string | null; text: string }[],
  meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>,
): ReportDocument {
  const units = new Map(visits.map((v) => [v.id, v]));
  return {
    titleZh: '来访登记',
    titleEn: 'Visitors register',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '来访',
        nameEn: 'Visits',
        columns: [
          { zh: '日期', en: 'Day', kind: 'date', width: 9 },
          { zh: '来访单位', en: 'Unit', kind: 'text', width: 16 },
          { zh: '来访人员', en: 'Visitors', kind: 'text', width: 20 },
          { zh: '联系方式', en: 'Contact', kind: 'text', width: 12 },
          { zh: '目的', en: 'Purpose', kind: 'text', width: 16 },
          { zh: '计划时段', en: 'Window', kind: 'text', width: 9 },
          { zh: '批准区域', en: 'Zones approved', kind: 'text', width: 16 },
          { zh: '审批', en: 'Decision', kind: 'text', width: 14 },
          { zh: '入区', en: 'In', kind: 'datetime', width: 12 },
          { zh: '离开', en: 'Out', kind: 'datetime', width: 12 },
          { zh: '陪同', en: 'Escort', kind: 'text', width: 8 },
          { zh: '实际进入区域', en: 'Zones entered', kind: 'text', width: 16 },
          { zh: '状态', en: 'Status', kind: 'text', width: 10 },
        ],
        rows: visits.map((v) => [
          v.day,
          v.unit,
          v.visitors.map((p) => `${p.name}（${p.title}）`).join('、'),
          v.contact,
          v.purpose,
          `${v.windowStart}–${v.windowEnd}`,
          zonesText(v.zones as VisitZone[]),
          v.decision
            ? `${v.decision.approved ? '批准 approved' : '不批准 refused'} · ${v.decision.decidedByName}${v.decision.reason ? ` · ${v.decision.reason}` : ''}`
            : null,
          v.inAt ? new Date(v.inAt) : null,
          v.outAt ? new Date(v.outAt) : null,
          v.escortName,
          zonesText(v.zonesEntered as VisitZone[] | null),
          v.cancellation ? `${STATUS_TEXT.cancelled} · ${v.cancellation.reason}` : STATUS_TEXT[v.status as VisitStatus],
        ]),
      },
      {
        nameZh: '来访意见',
        nameEn: 'Comments',
        columns: [
          { zh: '日期', en: 'Day', kind: 'date', width: 9 },
          { zh: '来访单位', en: 'Unit', kind: 'text', width: 18 },
          { zh: '提出人', en: 'From', kind: 'text', width: 10 },
          { zh: '意见', en: 'Comment', kind: 'text', width: 50 },
        ],
        rows: comments.map((c) => [units.get(c.visitId)?.day ?? null, units.get(c.visitId)?.unit ?? null, c.author, c.text]),
      },
    ],
  };
}
