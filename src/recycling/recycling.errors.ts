import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of recycling (the count against the template, the handover), merged into the one ERRORS table. */
export const RECYCLING_ERRORS = {
  SET_IN_PROCESS: {
    status: 409,
    zh: '该器械包正在处理中（{stateZh}，包 {barcode}），不能重复回收',
    en: 'This set is already being processed ({stateEn}, pack {barcode})',
  },
  SET_INACTIVE: { status: 422, zh: '该器械包已停用', en: 'This instrument set is deactivated' },
  SET_RETURNED_TO_LENDER: {
    status: 422,
    zh: '该外来器械已归还厂家，不能再开始新的处理循环',
    en: 'This loaner tray was returned to its lender: it starts no new cycle',
  },
  SINGLE_USE_NOT_RECYCLABLE: {
    status: 422,
    zh: '一次性物品不能回收再处理',
    en: 'A single-use item cannot be reprocessed',
  },
  COUNT_LINE_UNKNOWN: {
    status: 422,
    zh: '清点项第 {lineNo} 行不在该包模板（版本 {version}）的器械清单中，共 {lines} 行',
    en: 'Count line {lineNo} is not on the set template’s contents (version {version}, {lines} lines)',
  },
  COUNT_QUANTITY_EXCEEDS: {
    status: 422,
    zh: '{instrumentZh} 缺失/损坏共 {quantity} 件，超过模板数量 {expected} 件',
    en: '{instrumentEn}: {quantity} missing or damaged, more than the template’s {expected}',
  },
  HANDOVER_REQUIRED: {
    status: 422,
    zh: '请填写科室交接人（姓名或科室用户）',
    en: 'Name who handed the set over at the department (a name or a department user)',
  },
  HANDOVER_USER_NOT_IN_DEPARTMENT: {
    status: 422,
    zh: '交接人不是该科室的在用账号',
    en: 'The person handing over is not an active user of that department',
  },
} as const satisfies Record<string, ErrorSpec>;
