import type { ErrorSpec } from '../common/errors/error-codes.js';

/** The repair, scrap and compensation register (issue 16, seed 4.4). */
export const REPAIR_ERRORS = {
  REPAIR_FINDING_NOT_FOUND: {
    status: 404,
    zh: '未找到该回收清点或包装检查记录',
    en: 'No recycling count or packing inspection with that record',
  },
  REPAIR_ENTRY_NOT_FOUND: { status: 404, zh: '维修报废登记不存在', en: 'Unknown repair or scrap entry' },
  REPAIR_LINE_NOT_IN_TEMPLATE: {
    status: 422,
    zh: '该器械包的清单（第 {version} 版，共 {lines} 行）中没有第 {lineNo} 行',
    en: 'The set’s contents (version {version}, {lines} lines) have no line {lineNo}',
  },
  REPAIR_QUANTITY_EXCEEDS_FINDING: {
    status: 422,
    zh: '该次记录中第 {lineNo} 行器械{findingZh} {found} 件，不能登记 {quantity} 件',
    en: 'That record found {found} of line {lineNo} {findingEn}; {quantity} cannot be registered',
  },
  REPAIR_INSPECTION_NOT_DAMAGE: {
    status: 422,
    zh: '该次包装检查的功能项合格，没有发现器械损坏',
    en: 'That packing inspection passed the function check: it found no damaged instrument',
  },
  REPAIR_DISPOSITION_MISMATCH: {
    status: 422,
    zh: '损坏的器械只能送修或报废，丢失的器械只能登记为丢失',
    en: 'A damaged instrument is repaired or scrapped; a missing one is recorded as lost',
  },
  REPAIR_FINDING_ALREADY_DISPOSED: {
    status: 409,
    zh: '该发现已登记处理（{dispositionZh}），不能再次登记',
    en: 'This finding already has a disposition ({dispositionEn})',
  },
  REPAIR_DEPARTMENT_NOT_CHARGEABLE: {
    status: 422,
    zh: '只能向该器械包的所属科室或本次回收的科室索赔',
    en: 'Only the set’s home department or the department it was collected from may be charged',
  },
  REPAIR_COMPENSATION_INCOMPLETE: {
    status: 422,
    zh: '索赔须同时填写责任科室和赔偿金额',
    en: 'A charge names both the department and the compensation amount',
  },
  REPAIR_VENDOR_REQUIRED: { status: 422, zh: '送修须填写维修厂家', en: 'Sending for repair names the repair vendor' },
  REPAIR_ENTRY_CLOSED: {
    status: 409,
    zh: '该登记已结束（{statusZh}），不能再登记后续步骤',
    en: 'This entry is closed ({statusEn}): no further step is recorded',
  },
  REPAIR_STEP_NOT_ALLOWED: {
    status: 409,
    zh: '该登记当前为“{statusZh}”，不能登记“{stepZh}”',
    en: 'This entry is “{statusEn}”: “{stepEn}” cannot be recorded now',
  },
} as const satisfies Record<string, ErrorSpec>;
