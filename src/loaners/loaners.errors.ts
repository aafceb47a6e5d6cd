import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Loaner trays (外来医疗器械, issue 16): receipt, the operation they came for, the return to the lender. */
export const LOANER_ERRORS = {
  LOANER_NOT_FOUND: { status: 404, zh: '外来器械记录不存在', en: 'Unknown loaner tray' },
  LOANER_TRAY_CODE_IN_USE: {
    status: 409,
    zh: '器械盒条码 {code} 已被其他器械包使用',
    en: 'The tray barcode {code} is already another instrument set’s',
  },
  LOANER_OPERATION_PAST: {
    status: 422,
    zh: '手术计划时间 {plannedAt} 已过：外来器械须在手术前接收并处理',
    en: 'The operation’s planned time {plannedAt} has passed: a loaner tray is received and processed before the operation',
  },
  LOANER_IMPLANT_SPECIFICATION_REQUIRED: {
    status: 422,
    zh: '清点单第 {line} 行为植入物，须填写规格型号',
    en: 'Line {line} of the count sheet is an implant: its specification (size / model) is required',
  },
  LOANER_OTHER_DEPARTMENT: {
    status: 403,
    zh: '该外来器械属于其他科室的手术',
    en: 'This loaner tray is for another department’s operation',
  },
  LOANER_ALREADY_RETURNED: { status: 409, zh: '该外来器械已归还厂家', en: 'This loaner tray was already returned to its lender' },
  LOANER_NOT_RETURNABLE: {
    status: 409,
    zh: '外来器械须清洗后（或未使用、无菌存放中）才能归还厂家；当前状态：{stateZh}',
    en: 'A loaner tray goes back to its lender cleaned (or unused, from sterile storage); it is now {stateEn}',
  },
  LOANER_COUNT_INCOMPLETE: {
    status: 422,
    zh: '归还清点须逐行填写清点单的每一行（共 {lines} 行，每行一次）',
    en: 'The return count states every line of the count sheet once ({lines} lines)',
  },
  LOANER_COUNT_EXCEEDS: {
    status: 422,
    zh: '第 {line} 行归还数量 {returned} 多于接收数量 {delivered}',
    en: 'Line {line}: {returned} returned, more than the {delivered} received',
  },
  LOANER_SHORTFALL_NOTE_REQUIRED: {
    status: 422,
    zh: '第 {line} 行（{name}）归还数量少于接收数量：须写明原因（植入物不得无记录缺失）',
    en: 'Line {line} ({name}) goes back short: say why (an implant is never lost without a record)',
  },
} as const satisfies Record<string, ErrorSpec>;
