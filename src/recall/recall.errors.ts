import type { ErrorSpec } from '../common/errors/error-codes.js';

export const RECALL_ERRORS = {
  RECALL_NOT_FOUND: { status: 404, zh: '召回单不存在', en: 'Unknown recall' },
  NOTICE_NOT_FOUND: { status: 404, zh: '通知不存在', en: 'Unknown notice' },
  NOTICE_ALREADY_ACKNOWLEDGED: { status: 409, zh: '该通知已确认阅知', en: 'This notice has already been acknowledged' },
  RECALL_NOT_OPEN: { status: 409, zh: '该召回已关闭', en: 'This recall is closed' },
  RECALL_HAS_UNFOUND_PACKS: {
    status: 409,
    zh: '还有 {count} 个包未找到，不能关闭召回',
    en: '{count} pack(s) are not found yet; the recall cannot be closed',
  },
  PACK_NOT_IN_RECALL: { status: 422, zh: '该包不在此召回范围内', en: 'This pack is not part of this recall' },
  RECALL_PACK_NOT_FROM_DEPARTMENT: {
    status: 409,
    zh: '召回时该包不在{department}：请核对交回的科室（包在召回时的位置：{where}）',
    en: 'When the recall opened this pack was not at {department}: check which department is handing it in (where it was: {where})',
  },
  RECALL_ALREADY_RETURNED: { status: 409, zh: '该包已退回消毒供应中心', en: 'This pack has already been sent back to the CSSD' },
  RECALL_NOTHING_TO_RETURN: {
    status: 422,
    zh: '该包没有待退回的召回（未被召回、已使用或召回已关闭）',
    en: 'There is no recall waiting for this pack to be sent back (not recalled, already used, or the recall is closed)',
  },
  RECALL_SCOPE_EMPTY: { status: 422, zh: '召回范围内没有已灭菌的包', en: 'No sterilized packs fall within this recall’s scope' },
  RECALL_TIME_RANGE_INVALID: {
    status: 422,
    zh: '召回时间段无效：开始时间 {from} 必须早于结束时间 {to}',
    en: 'Invalid recall time range: the start {from} must be before the end {to}',
  },
  RECALL_SCOPE_REQUIRED: {
    status: 422,
    zh: '请指定召回范围：锅次、灭菌器与时间段，或包条码',
    en: 'Give the recall’s scope: loads, a sterilizer and time range, or pack barcodes',
  },
  RECALL_PACKS_NOT_DISPOSED: {
    status: 422,
    zh: '{back} 个召回包已收回，但登记的处理结果为重新处理 {reprocessed} 个、报废 {discarded} 个：每个收回的包都须登记处理结果',
    en: '{back} recalled pack(s) came back, but the record says {reprocessed} reprocessed and {discarded} discarded: record what was done with every pack that came back',
  },
  RECALL_REPORTED_AT_INVALID: {
    status: 422,
    zh: '上报时间 {reportedAt} 无效：不能晚于现在，也不能早于召回开始（{openedAt}）',
    en: 'Reported at {reportedAt}: it cannot be in the future nor before the recall opened ({openedAt})',
  },
} as const satisfies Record<string, ErrorSpec>;
