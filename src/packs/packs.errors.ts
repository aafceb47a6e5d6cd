import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of the pack chain every stage shares (§3.2): barcodes, the pack and its state, merged into the one ERRORS table (src/errors.ts). */
export const PACK_ERRORS = {
  INVALID_BARCODE: { status: 400, zh: '条码格式不正确：{code}', en: 'Not a valid barcode: {code}' },
  UNKNOWN_BARCODE: { status: 404, zh: '未找到条码：{code}', en: 'Unknown barcode: {code}' },
  PACK_NOT_FOUND: { status: 404, zh: '未找到该包', en: 'Unknown pack' },
  PACK_WRONG_STATE: {
    status: 409,
    zh: '该包当前状态为「{stateZh}」，不能执行此操作',
    en: 'The pack is currently {stateEn}; this step is not possible now',
  },
  LABEL_VOIDED: {
    status: 409,
    zh: '此标签已作废（包已移出标签上的锅次），请使用新条码 {replacement}',
    en: 'This label is void (the pack left the load it names); use the new barcode {replacement}',
  },
  PACK_SUPERSEDED: {
    status: 409,
    zh: '此标签已作废：该器械已重新处理，新包条码为 {replacement}',
    en: 'This label is void: the set was reprocessed; the new pack is {replacement}',
  },
  WRONG_DEPARTMENT: { status: 404, zh: '未找到该包', en: 'Unknown pack' },
} as const satisfies Record<string, ErrorSpec>;
