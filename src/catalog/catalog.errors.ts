import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of the catalog (departments, set templates, sets, sterilizers, washers, programs), merged into the one ERRORS table (src/errors.ts). */
export const CATALOG_ERRORS = {
  DEPARTMENT_NOT_FOUND: { status: 404, zh: '科室不存在', en: 'Unknown department' },
  TEMPLATE_NOT_FOUND: { status: 404, zh: '器械包模板不存在', en: 'Unknown set template' },
  SET_NOT_FOUND: { status: 404, zh: '器械包不存在', en: 'Unknown instrument set' },
  STERILIZER_NOT_FOUND: { status: 404, zh: '灭菌器不存在', en: 'Unknown sterilizer' },
  PROGRAM_NOT_FOUND: { status: 404, zh: '程序不存在', en: 'Unknown program' },
  WASHER_NOT_FOUND: { status: 404, zh: '清洗消毒器不存在', en: 'Unknown washer' },
  INACTIVE_REFERENCE: { status: 422, zh: '引用的{what}已停用', en: 'The referenced {what} is deactivated' },
  INVALID_RANGE: { status: 422, zh: '{field} 的最小值大于最大值', en: '{field}: minimum is greater than maximum' },
  // WS 310.2: packaging chosen by method (src/catalog/packaging-compatibility.ts).
  PACKAGING_METHOD_INCOMPATIBLE: {
    status: 422,
    zh: '包装材料「{materialZh}」不适用于{methodZh}灭菌（可用：{acceptedZh}）',
    en: 'Packaging “{materialEn}” is not suitable for {methodEn} sterilization (accepted: {acceptedEn})',
  },
} as const satisfies Record<string, ErrorSpec>;
