import type { ReportDocument } from '../reports/report-table.js';
import type { EquipmentKind, MaintenanceKind } from './equipment.entity.js';

const KIND_TEXT: Record<EquipmentKind, string> = {
  sterilizer: '灭菌器 sterilizer',
  washer: '清洗消毒器 washer-disinfector',
  sealer: '封口机 sealer',
  drying_cabinet: '干燥柜 drying cabinet',
  water_treatment: '水处理 water treatment',
};
const STATUS_TEXT: Record<string, string> = {
  in_service: '正常 in service',
  service_due: '保养到期 service due',
  service_overdue: '保养逾期 service overdue',
  out_of_use: '停用 out of use',
};
const MAINTENANCE_TEXT: Record<MaintenanceKind, string> = {
  service: '保养 service',
  repair: '维修 repair',
  self_inspection: '月度自检 self-inspection',
  return_to_service: '恢复使用 return to service',
};
const OUTCOME_TEXT: Record<string, string> = { passed: '合格 passed', failed: '不合格 failed' };

/** A machine as the export lists it (the register's list view). */
export interface ExportedMachine {
  code: string;
  kind: string;
  nameZh: string;
  nameEn: string;
  responsibleName: string;
  serviceIntervalMonths: number;
  lastServiceOn: string;
  nextServiceDue: string;
  lastSelfInspectionOn: string | null;
  status: string;
}

export interface ExportedMaintenance {
  equipmentCode: string;
  kind: string;
  outcome: string;
  note: string;
  performer: string | null;
  performedAt: string;
  recordedByName: string;
}

export interface ExportedFault {
  equipmentCode: string;
  description: string;
  outOfUse: boolean;
  open: boolean;
  occurredAt: string;
  reportedByName: string;
}

/** 设备管理登记 as the exports write it (seed 6, 5.4, 6.5): the machines with their plan, then the period's maintenance and faults. */
export function equipmentDocument(
  r: { machines: ExportedMachine[]; maintenance: ExportedMaintenance[]; faults: ExportedFault[] },
  meta: Pick<ReportDocument, 'hospital' | 'period' | 'timezone'>,
): ReportDocument {
  return {
    titleZh: '设备管理登记',
    titleEn: 'Equipment register',
    landscape: true,
    ...meta,
    sheets: [
      {
        nameZh: '设备台账',
        nameEn: 'Machines',
        columns: [
          { zh: '编号', en: 'Code', kind: 'text', width: 10 },
          { zh: '类别', en: 'Kind', kind: 'text', width: 16 },
          { zh: '名称', en: 'Name', kind: 'text', width: 22 },
          { zh: '负责人', en: 'Responsible', kind: 'text', width: 10 },
          { zh: '保养周期（月）', en: 'Service every (months)', kind: 'int', width: 9 },
          { zh: '上次保养', en: 'Last service', kind: 'date', width: 10 },
          { zh: '下次保养', en: 'Next service due', kind: 'date', width: 10 },
          { zh: '上次自检', en: 'Last self-inspection', kind: 'date', width: 10 },
          { zh: '状态', en: 'Status', kind: 'text', width: 14 },
        ],
        rows: r.machines.map((m) => [
          m.code,
          KIND_TEXT[m.kind as EquipmentKind] ?? m.kind,
          `${m.nameZh} ${m.nameEn}`,
          m.responsibleName,
          m.serviceIntervalMonths,
          m.lastServiceOn,
          m.nextServiceDue,
          m.lastSelfInspectionOn,
          STATUS_TEXT[m.status] ?? m.status,
        ]),
      },
      {
        nameZh: '维护保养记录',
        nameEn: 'Maintenance',
        columns: [
          { zh: '时间', en: 'Done at', kind: 'datetime', width: 12 },
          { zh: '设备编号', en: 'Machine', kind: 'text', width: 10 },
          { zh: '类别', en: 'Kind', kind: 'text', width: 14 },
          { zh: '结果', en: 'Outcome', kind: 'text', width: 10 },
          { zh: '执行人', en: 'Performed by', kind: 'text', width: 12 },
          { zh: '内容', en: 'Note', kind: 'text', width: 30 },
          { zh: '记录人', en: 'Recorded by', kind: 'text', width: 10 },
        ],
        rows: r.maintenance.map((x) => [
          new Date(x.performedAt),
          x.equipmentCode,
          MAINTENANCE_TEXT[x.kind as MaintenanceKind] ?? x.kind,
          OUTCOME_TEXT[x.outcome] ?? x.outcome,
          x.performer,
          x.note,
          x.recordedByName,
        ]),
      },
      {
        nameZh: '故障记录',
        nameEn: 'Faults',
        columns: [
          { zh: '发生时间', en: 'Occurred at', kind: 'datetime', width: 12 },
          { zh: '设备编号', en: 'Machine', kind: 'text', width: 10 },
          { zh: '故障描述', en: 'Description', kind: 'text', width: 34 },
          { zh: '停用', en: 'Out of use', kind: 'text', width: 8 },
          { zh: '状态', en: 'State', kind: 'text', width: 12 },
          { zh: '报告人', en: 'Reported by', kind: 'text', width: 10 },
        ],
        rows: r.faults.map((f) => [
          new Date(f.occurredAt),
          f.equipmentCode,
          f.description,
          f.outOfUse ? '是 yes' : '否 no',
          f.open ? '停用中 out of use' : f.outOfUse ? '已恢复 returned' : '—',
          f.reportedByName,
        ]),
      },
    ],
  };
}
