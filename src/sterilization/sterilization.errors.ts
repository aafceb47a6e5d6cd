import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of the sterilization module, merged into the one ERRORS table. */
export const STERILIZATION_ERRORS = {
  LOAD_NOT_FOUND: { status: 404, zh: '灭菌锅次不存在', en: 'Unknown sterilizer load' },
  LOAD_NOT_OPEN: {
    status: 409,
    zh: '该锅次当前为「{status}」，不能装载或启动',
    en: 'The load is {status}; it cannot be loaded or started',
  },
  LOAD_NOT_RUNNING: { status: 409, zh: '该锅次当前为「{status}」，不能卸载', en: 'The load is {status}; it cannot be unloaded' },
  LOAD_EMPTY: { status: 422, zh: '锅次中没有包', en: 'The load has no packs' },
  LOAD_PROGRAM_INACTIVE: {
    status: 422,
    zh: '灭菌程序 {program} 已停用，{sterilizer} 第 {cycleNo} 锅不能启动：请取消本锅次，用有效的程序重新开锅',
    en: 'Program {program} has been deactivated: {sterilizer} cycle {cycleNo} cannot start; cancel the load and open a new one on an active program',
  },
  PACK_ALREADY_LOADED: {
    status: 409,
    zh: '该包已在锅次 {load} 中',
    en: 'The pack is already in load {load}',
  },
  PACK_NOT_IN_LOAD: { status: 422, zh: '包 {barcode} 不在此锅次中', en: 'Pack {barcode} is not in this load' },
  METHOD_MISMATCH: {
    status: 422,
    zh: '灭菌方式不符：此包需要 {required}，灭菌器为 {actual}',
    en: 'Wrong sterilization method: the pack needs {required}, the sterilizer runs {actual}',
  },
  STERILIZER_UNAVAILABLE: { status: 422, zh: '灭菌器不可用（{status}）', en: 'The sterilizer is not available ({status})' },
  ANNUAL_INSPECTION_EXPIRED: {
    status: 422,
    zh: '灭菌器年检合格证已过期（有效期至 {validUntil}）',
    en: 'The sterilizer’s annual inspection certificate has expired (valid until {validUntil})',
  },
  // The load state machine (load-state.ts) refuses a step its phase does not allow and no other code names.
  LOAD_WRONG_STATE: { status: 409, zh: '该锅次当前为「{phase}」，不能进行此操作', en: 'The load is {phase}; this step is not allowed' },
  // The loading check before the start (seed 1.4, issue 18).
  LOAD_CHECK_MISSING: {
    status: 422,
    zh: '第 {cycle} 锅尚未做装载核查（包装、数量、规格、装载方法），请先记录核查再启动',
    en: 'Cycle {cycle} has no loading check (packaging, quantity, specification, loading method): record it before starting',
  },
  LOAD_CHECK_OUTDATED: {
    status: 422,
    zh: '第 {cycle} 锅在装载核查后又有包装入或移出，请重新核查',
    en: 'Packs were scanned into or out of cycle {cycle} after its loading check: check the load again',
  },
  LOAD_CHECK_FAILED: {
    status: 422,
    zh: '第 {cycle} 锅装载核查不合格（{itemsZh}），请纠正后重新核查',
    en: 'The loading check of cycle {cycle} failed ({itemsEn}): correct the load and check it again',
  },
} as const satisfies Record<string, ErrorSpec>;
