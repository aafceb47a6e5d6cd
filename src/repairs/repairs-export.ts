import type { ReportDocument } from '../reports/report-table.js';
import { DISPOSITION_NAMES, REPAIR_STATUS_NAMES, type RepairStatus } from './repair-status.js';
import type { Disposition } from './repair.entity.js';
import type { RepairEntryData, totalsOf } from './repairs.service.js';

const both = (n: { zh: string; en: string }) => `${n.zh} ${n.en}`;

/** 器械维修报废登记 as the exports write it: one row per entry, then the totals per department. */
export function repairsDocument(
  entries: RepairEntryData[],
  totals: ReturnType<typeof totalsOf>,
  meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>,
): ReportDocument {
  return {
    titleZh: '器械维修报废登记',
    titleEn: 'Instrument repair and scrap register',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '登记',
        nameEn: 'Entries',
        columns: [
          { zh: '登记时间', en: 'Decided', kind: 'datetime', width: 12 },
          { zh: '器械包', en: 'Set', kind: 'text', width: 12 },
          { zh: '器械', en: 'Instrument', kind: 'text', width: 18 },
          { zh: '数量', en: 'Qty', kind: 'int', width: 5 },
          { zh: '发现环节', en: 'Found at', kind: 'text', width: 10 },
          { zh: '处理', en: 'Disposition', kind: 'text', width: 9 },
          { zh: '原因', en: 'Reason', kind: 'text', width: 18 },
          { zh: '决定人', en: 'Decided by', kind: 'text', width: 9 },
          { zh: '维修厂家', en: 'Vendor', kind: 'text', width: 12 },
          { zh: '费用(元)', en: 'Cost (yuan)', kind: 'decimal', width: 8 },
          { zh: '责任科室', en: 'Charged to', kind: 'text', width: 12 },
          { zh: '赔偿(元)', en: 'Compensation', kind: 'decimal', width: 8 },
          { zh: '状态', en: 'Status', kind: 'text', width: 14 },
        ],
        rows: entries.map((e) => [
          new Date(e.decidedAt),
          e.assetCode,
          `${e.nameZh} ${e.nameEn}${e.specification ? ` ${e.specification}` : ''}`,
          e.quantity,
          e.foundAtStep === 'recycling' ? '回收清点 recycling count' : '包装检查 packing inspection',
          both(DISPOSITION_NAMES[e.disposition as Disposition]),
          e.reason,
          e.decidedByName,
          e.vendor,
          e.cost,
          e.chargedDepartmentId ? `${e.chargedDepartmentNameZh} (${e.chargedDepartmentCode})` : null,
          e.compensation,
          `${both(REPAIR_STATUS_NAMES[e.status as RepairStatus])}${e.compensationStatus ? ` · ${e.compensationStatus === 'settled' ? '赔偿已结清 settled' : '赔偿未结 open'}` : ''}`,
        ]),
      },
      {
        nameZh: '合计',
        nameEn: 'Totals',
        columns: [
          { zh: '责任科室', en: 'Department', kind: 'text', width: 24 },
          { zh: '登记数', en: 'Entries', kind: 'int', width: 8 },
          { zh: '赔偿(元)', en: 'Compensation', kind: 'decimal', width: 10 },
          { zh: '已结清(元)', en: 'Settled', kind: 'decimal', width: 10 },
        ],
        rows: [
          ['全部 All', totals.entries, totals.compensation, null],
          ['费用合计(元) Cost total', null, totals.cost, null],
          ...totals.byDepartment.map((d) => [`${d.nameZh} ${d.nameEn} (${d.code})`, d.entries, d.compensation, d.settled]),
        ],
      },
    ],
  };
}
