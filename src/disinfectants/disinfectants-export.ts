import type { ReportDocument } from '../reports/report-table.js';
import type { AgentKind, Area, MeasurementMethod } from './preparation.entity.js';

const KIND_TEXT: Record<AgentKind, string> = { disinfectant: '消毒剂 disinfectant', cleaning_agent: '清洗剂 cleaning agent' };
const AREA_TEXT: Record<Area, string> = {
  decontamination: '去污区 decontamination',
  packing: '检查包装及灭菌区 packing & sterilization',
  sterile_storage: '无菌物品存放区 sterile storage',
};
const METHOD_TEXT: Record<MeasurementMethod, string> = { test_strip: '试纸 test strip', meter: '仪器 meter' };

/** A preparation as the export lists it (the log's view). */
export interface ExportedPreparation {
  kind: string;
  product: string;
  lotNumber: string;
  expiryDate: string;
  target: number;
  tolerance: number;
  measured: number;
  unit: string;
  method: string;
  area: string;
  usedFor: string | null;
  preparedByName: string;
  preparedAt: string;
  correctsId: string | null;
  reason: string | null;
  status: string;
}

/** 消毒剂/清洗剂配制记录 as the exports write it (seed 1.2, 7.4): one row per record, a correction with its reason. */
export function preparationsDocument(
  preparations: ExportedPreparation[],
  meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>,
): ReportDocument {
  return {
    titleZh: '消毒剂、清洗剂配制记录',
    titleEn: 'Disinfectant and cleaning agent preparation log',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '配制记录',
        nameEn: 'Preparations',
        columns: [
          { zh: '配制时间', en: 'Prepared at', kind: 'datetime', width: 12 },
          { zh: '区域', en: 'Area', kind: 'text', width: 14 },
          { zh: '类别', en: 'Kind', kind: 'text', width: 10 },
          { zh: '产品', en: 'Product', kind: 'text', width: 16 },
          { zh: '批号', en: 'Lot', kind: 'text', width: 9 },
          { zh: '有效期至', en: 'Expiry', kind: 'date', width: 9 },
          { zh: '目标浓度', en: 'Target', kind: 'decimal', width: 7 },
          { zh: '允差', en: 'Tolerance', kind: 'decimal', width: 7 },
          { zh: '实测浓度', en: 'Measured', kind: 'decimal', width: 7 },
          { zh: '单位', en: 'Unit', kind: 'text', width: 5 },
          { zh: '测定方法', en: 'Method', kind: 'text', width: 9 },
          { zh: '用途', en: 'Used for', kind: 'text', width: 12 },
          { zh: '配制人', en: 'Prepared by', kind: 'text', width: 9 },
          { zh: '状态', en: 'Status', kind: 'text', width: 14 },
        ],
        rows: preparations.map((p) => [
          new Date(p.preparedAt),
          AREA_TEXT[p.area as Area] ?? p.area,
          KIND_TEXT[p.kind as AgentKind] ?? p.kind,
          p.product,
          p.lotNumber,
          p.expiryDate,
          p.target,
          p.tolerance,
          p.measured,
          p.unit,
          METHOD_TEXT[p.method as MeasurementMethod] ?? p.method,
          p.usedFor,
          p.preparedByName,
          [p.status === 'corrected' ? '已更正 corrected' : '有效 in force', p.correctsId ? `更正 correction: ${p.reason ?? ''}` : null]
            .filter(Boolean)
            .join(' · '),
        ]),
      },
    ],
  };
}
