import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Disposable sterile supplies (seed 16, 4.5): the register, receipts, stock, stocktakes, adverse events. */
export const SUPPLY_ERRORS = {
  SUPPLIER_NOT_FOUND: { status: 404, zh: '供应商不存在', en: 'Unknown supplier' },
  SUPPLY_PRODUCT_NOT_FOUND: { status: 404, zh: '一次性无菌物品品种不存在', en: 'Unknown disposable product' },
  SUPPLY_LICENCE_NOT_FOUND: { status: 404, zh: '证照记录不存在', en: 'Unknown licence record' },
  SUPPLY_LICENCE_ALREADY_CORRECTED: {
    status: 409,
    zh: '该证照记录已被更正，请更正最新的记录',
    en: 'This licence record was already corrected: correct the latest one',
  },
  SUPPLY_LICENCE_NOT_APPLICABLE: {
    status: 422,
    zh: '{licence}不适用于{holder}',
    en: 'A {licence} does not apply to {holder}',
  },
  SUPPLY_LICENCE_MISSING: {
    status: 422,
    zh: '拒收：缺少{licence}（{holder}）',
    en: 'Refused: no {licence} on record ({holder})',
  },
  SUPPLY_LICENCE_EXPIRED: {
    status: 422,
    zh: '拒收：{licence} {number} 已于 {validUntil} 过期（{holder}）',
    en: 'Refused: {licence} {number} expired on {validUntil} ({holder})',
  },
  SUPPLY_CHECK_FAILED: {
    status: 422,
    zh: '拒收：验收未通过——{checks}',
    en: 'Refused: the receipt checks failed — {checks}',
  },
  SUPPLY_BATCH_EXPIRED: {
    status: 422,
    zh: '批号 {lot} 已于 {expiry} 失效',
    en: 'Batch {lot} expired on {expiry}',
  },
  SUPPLY_QUANTITY_NOT_POSITIVE: { status: 422, zh: '数量必须大于 0', en: 'The quantity must be more than 0' },
  SUPPLY_BATCH_EXPIRY_MISMATCH: {
    status: 422,
    zh: '批号 {lot} 已登记的失效日期为 {expiry}，与本次填写的 {stated} 不一致',
    en: 'Batch {lot} is on record with expiry {expiry}, not {stated}',
  },
  SUPPLY_BATCH_NOT_FOUND: { status: 404, zh: '批次不存在', en: 'Unknown batch' },
  SUPPLY_BATCH_WRONG_PRODUCT: { status: 422, zh: '批号 {lot} 不是该品种的批次', en: 'Batch {lot} is not a batch of this product' },
  SUPPLY_BATCH_BLOCKED: {
    status: 409,
    zh: '批号 {lot} 因不良事件已停止发放',
    en: 'Batch {lot} is blocked from issue by an adverse event',
  },
  SUPPLY_STOCK_INSUFFICIENT: {
    status: 409,
    zh: '库存不足：可发放 {available}，申请 {requested}',
    en: 'Not enough in stock: {available} can be issued, {requested} requested',
  },
  SUPPLY_STOCKTAKE_EXPLANATION_REQUIRED: {
    status: 422,
    zh: '批号 {lot} 盘点数 {counted} 与账面数 {expected} 不符，请说明原因',
    en: 'Batch {lot}: counted {counted}, the books say {expected}: explain the difference',
  },
  SUPPLY_STOCKTAKE_DUPLICATE_BATCH: { status: 422, zh: '同一批次在盘点中出现了两次', en: 'A batch appears twice in the stocktake' },
  SUPPLY_ADVERSE_EVENT_NOT_FOUND: { status: 404, zh: '不良事件不存在', en: 'Unknown adverse event' },
  SUPPLY_ADVERSE_EVENT_CLOSED: { status: 409, zh: '该不良事件已关闭', en: 'This adverse event is already closed' },
} as const satisfies Record<string, ErrorSpec>;
