import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of dispatch (what may leave sterile storage), merged into the one ERRORS table (src/errors.ts). */
export const DISPATCH_ERRORS = {
  // Issue 16: a loaner tray came for one operation; it goes only to that operation's department.
  LOANER_WRONG_DEPARTMENT: {
    status: 422,
    zh: '外来器械 {tray} 为{departmentZh}的手术接收，不能发往其他科室',
    en: 'Loaner tray {tray} was received for an operation of {departmentEn}: it goes to no other department',
  },
  NOT_IN_STORAGE: {
    status: 409,
    zh: '该包不在无菌物品存放区（当前：{stateZh}）',
    en: 'The pack is not in sterile storage (now: {stateEn})',
  },
  PACK_EXPIRED: { status: 422, zh: '该包已过期（有效期至 {expiryDate}）', en: 'The pack has expired (use by {expiryDate})' },
  PACK_RECALLED: { status: 422, zh: '该包已被召回，不得发放或使用', en: 'The pack has been recalled and must not be dispatched or used' },
  PACK_INDICATOR_FAILED: { status: 422, zh: '该包化学指示物不合格', en: 'The pack’s chemical indicator failed' },
  PACK_WET_OR_DAMAGED: { status: 422, zh: '该包为湿包或破损包', en: 'The pack is wet or damaged' },
} as const satisfies Record<string, ErrorSpec>;
