import type { ReportDocument } from '../reports/report-table.js';
import { HANDOVER_ZONE_NAMES, type ChecklistAnswer, type HandoverSnapshot, type HandoverZone } from './shift-handover.entity.js';
import { CHECK_ITEM_NAMES, SHIFTS } from './shifts.js';

const STATUS_TEXT: Record<string, string> = { draft: '草稿 draft', signed_out: '待接班 signed out', closed: '已交接 closed' };

/** A handover as the register's export lists it. */
export interface ExportedHandover {
  day: string;
  shift: string;
  zone: string;
  status: string;
  notes: string;
  authorName: string;
  draftedAt: string;
  snapshot: HandoverSnapshot;
  checklist: { items: ChecklistAnswer[] } | null;
  outgoing: { signerName: string; signedAt: string } | null;
  incoming: { signerName: string; signedAt: string } | null;
  corrections: unknown[];
}

/** The checklist in one cell: each item ✓, or ✗ with its reason. */
function checklistText(items: ChecklistAnswer[] | undefined): string {
  if (!items) return '—';
  return items
    .map((i) => `${i.done ? '✓' : '✗'} ${CHECK_ITEM_NAMES[i.item].zh} ${CHECK_ITEM_NAMES[i.item].en}${i.done ? '' : `: ${i.reason}`}`)
    .join('\n');
}

/** 交接班登记 as the exports write it: one row per handover, the snapshot counted, the checklist and the signatures. */
export function handoverDocument(
  handovers: ExportedHandover[],
  meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>,
): ReportDocument {
  return {
    titleZh: '交接班登记',
    titleEn: 'Shift handover register',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '交接班',
        nameEn: 'Handovers',
        columns: [
          { zh: '日期', en: 'Day', kind: 'date', width: 10 },
          { zh: '班次', en: 'Shift', kind: 'text', width: 9 },
          { zh: '区域', en: 'Zone', kind: 'text', width: 14 },
          { zh: '状态', en: 'Status', kind: 'text', width: 10 },
          { zh: '交班记录', en: 'Notes', kind: 'text', width: 26 },
          { zh: '系统快照', en: 'Snapshot', kind: 'text', width: 16 },
          { zh: '下班检查', en: 'End-of-shift checklist', kind: 'text', width: 20 },
          { zh: '交班人', en: 'Outgoing', kind: 'text', width: 9 },
          { zh: '交班时间', en: 'Signed out', kind: 'datetime', width: 13 },
          { zh: '接班人', en: 'Incoming', kind: 'text', width: 9 },
          { zh: '接班时间', en: 'Signed in', kind: 'datetime', width: 13 },
          { zh: '更正', en: 'Corrections', kind: 'int', width: 6 },
        ],
        rows: handovers.map((h) => {
          const shift = SHIFTS.find((s) => s.code === h.shift);
          const zone = HANDOVER_ZONE_NAMES[h.zone as HandoverZone];
          const s = h.snapshot;
          return [
            h.day,
            shift ? `${shift.nameZh} ${shift.nameEn}` : h.shift,
            zone ? `${zone.zh} ${zone.en}` : h.zone,
            STATUS_TEXT[h.status] ?? h.status,
            h.notes || '—',
            [
              `锅次 loads ${s.loads.length}`,
              `生物监测 BIs ${s.bisIncubating.length}`,
              `召回 recalls ${s.recalls.length}`,
              `设备 equipment ${s.equipment.length}`,
              `整改 actions ${s.correctiveActions.length}`,
            ].join('\n'),
            checklistText(h.checklist?.items),
            h.outgoing?.signerName ?? null,
            h.outgoing ? new Date(h.outgoing.signedAt) : null,
            h.incoming?.signerName ?? null,
            h.incoming ? new Date(h.incoming.signedAt) : null,
            h.corrections.length,
          ];
        }),
      },
    ],
  };
}
