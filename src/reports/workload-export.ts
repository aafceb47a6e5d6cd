import type { ReportColumn, ReportDocument } from './report-table.js';
import { personLine, WORK_STAGES, type summarizeWork } from './workload.js';

type Workload = ReturnType<typeof summarizeWork> & { month: string };

const stageColumns: ReportColumn[] = WORK_STAGES.map((s) => ({ zh: s.nameZh, en: s.nameEn, kind: 'int', width: 10 }));

/** 工作量统计 as the exports write it (seed 4.6): the zones' totals, then one line per person. */
export function workloadDocument(r: Workload, meta: Pick<ReportDocument, 'hospital' | 'timezone'>): ReportDocument {
  return {
    titleZh: '工作量统计',
    titleEn: 'Workload',
    period: r.month,
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '按区域',
        nameEn: 'By zone',
        columns: [
          { zh: '区域', en: 'Zone', kind: 'text', width: 24 },
          { zh: '件次', en: 'Steps', kind: 'int', width: 10 },
        ],
        rows: [...r.stages.map((s) => [`${s.nameZh} ${s.nameEn}`, s.count]), ['合计 Total', r.total]],
      },
      {
        nameZh: '按人员',
        nameEn: 'By person',
        columns: [
          { zh: '工号', en: 'Username', kind: 'text', width: 14 },
          { zh: '姓名', en: 'Name', kind: 'text', width: 14 },
          { zh: '角色', en: 'Role', kind: 'text', width: 10 },
          ...stageColumns,
          { zh: '合计', en: 'Total', kind: 'int', width: 8 },
          { zh: '双人核对', en: 'Co-signed', kind: 'int', width: 8 },
        ],
        rows: r.people.map(personLine),
      },
    ],
  };
}
