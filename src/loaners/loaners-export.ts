import { STATE_LABELS } from '../kernel/pack-state.js';
import type { ReportDocument } from '../reports/report-table.js';
import type { LoanerView } from './dto/loaners.view.js';

/** 外来器械登记 as the exports write it: one row per tray, then the lines that went back short. */
export function loanersDocument(trays: LoanerView[], meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>): ReportDocument {
  return {
    titleZh: '外来器械登记',
    titleEn: 'Loaner trays register',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '外来器械',
        nameEn: 'Loaner trays',
        columns: [
          { zh: '编号', en: 'No.', kind: 'text', width: 14 },
          { zh: '器械盒条码', en: 'Tray', kind: 'text', width: 12 },
          { zh: '厂家', en: 'Lender', kind: 'text', width: 16 },
          { zh: '送达人', en: 'Delivered by', kind: 'text', width: 8 },
          { zh: '接收', en: 'Received', kind: 'datetime', width: 12 },
          { zh: '接收人', en: 'Received by', kind: 'text', width: 8 },
          { zh: '手术科室', en: 'Department', kind: 'text', width: 10 },
          { zh: '手术', en: 'Operation', kind: 'text', width: 16 },
          { zh: '医生', en: 'Surgeon', kind: 'text', width: 8 },
          { zh: '患者', en: 'Patient', kind: 'text', width: 9 },
          { zh: '计划时间', en: 'Planned', kind: 'datetime', width: 12 },
          { zh: '植入物', en: 'Implant', kind: 'text', width: 6 },
          { zh: '状态', en: 'Status', kind: 'text', width: 12 },
          { zh: '归还', en: 'Returned', kind: 'datetime', width: 12 },
          { zh: '归还交接', en: 'Handover', kind: 'text', width: 14 },
          { zh: '清点', en: 'Count', kind: 'text', width: 10 },
        ],
        rows: trays.map((t) => [
          t.code,
          t.trayCode,
          t.lenderName,
          t.deliveredBy,
          new Date(t.receivedAt),
          t.receivedByName,
          `${t.departmentNameZh} ${t.departmentNameEn}`,
          t.operation,
          t.surgeon,
          t.patientId,
          new Date(t.plannedAt),
          t.implant ? '是 yes' : '否 no',
          t.returned ? '已归还 returned' : t.state ? `${STATE_LABELS[t.state].zh} ${STATE_LABELS[t.state].en}` : null,
          t.returned ? new Date(t.returned.returnedAt) : null,
          t.returned ? `${t.returned.lenderRepresentative} / ${t.returned.returnedByName}` : null,
          t.returned ? (t.returned.countMatches ? '相符 matches' : '有差异 differs') : null,
        ]),
      },
      {
        nameZh: '归还差异',
        nameEn: 'Returned short',
        columns: [
          { zh: '编号', en: 'No.', kind: 'text', width: 12 },
          { zh: '器械', en: 'Item', kind: 'text', width: 24 },
          { zh: '规格', en: 'Specification', kind: 'text', width: 12 },
          { zh: '接收', en: 'Received', kind: 'int', width: 6 },
          { zh: '归还', en: 'Returned', kind: 'int', width: 6 },
          { zh: '说明', en: 'Note', kind: 'text', width: 40 },
        ],
        rows: trays.flatMap((t) =>
          (t.returned?.lines ?? [])
            .filter((l) => l.returned < l.delivered)
            .map((l) => [
              t.code,
              `${l.nameZh} ${l.nameEn}${l.implant ? '（植入物 implant）' : ''}`,
              l.specification,
              l.delivered,
              l.returned,
              l.note,
            ]),
        ),
      },
    ],
  };
}
