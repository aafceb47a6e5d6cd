import type { ErrorSpec } from '../common/errors/error-codes.js';

/** The shift handover (issue 17, seed 17): drafting, the end-of-shift checklist, the two signatures, corrections. */
export const SHIFT_HANDOVER_ERRORS = {
  SHIFT_HANDOVER_NOT_FOUND: { status: 404, zh: '交接班记录不存在', en: 'Unknown shift handover' },
  SHIFT_HANDOVER_DAY_IN_FUTURE: {
    status: 422,
    zh: '交班日期 {day} 晚于今天（{today}）',
    en: 'The handover’s day {day} is after today ({today})',
  },
  SHIFT_HANDOVER_SLOT_OPEN: {
    status: 409,
    zh: '{day} {shift}（{zone}）已有一份未完成的交接班记录，请继续填写那一份',
    en: '{day}, {shift} ({zone}) already has a handover not yet signed in: continue that one',
  },
  SHIFT_HANDOVER_CHECKLIST_INCOMPLETE: {
    status: 422,
    zh: '下班检查清单每项都要填写一次：“{item}”缺少或重复',
    en: 'Every item of the end-of-shift checklist is answered once: “{item}” is missing or repeated',
  },
  SHIFT_HANDOVER_REASON_REQUIRED: {
    status: 422,
    zh: '“{item}”未完成：请填写原因',
    en: '“{item}” is not done: give the reason',
  },
  SHIFT_HANDOVER_CHECKLIST_MISSING: {
    status: 409,
    zh: '请先填写下班检查清单，再交班签名',
    en: 'Record the end-of-shift checklist before signing out',
  },
  SHIFT_HANDOVER_NOT_AUTHOR: {
    status: 403,
    zh: '只有撰写这份交接班记录的护士可以交班签名',
    en: 'Only the nurse who wrote this handover signs it out',
  },
  SHIFT_HANDOVER_SIGNED_OUT: {
    status: 409,
    zh: '交班护士已签名，记录不能再修改；如有错误请登记更正',
    en: 'The outgoing nurse has signed: nothing more is changed; record a correction instead',
  },
  SHIFT_HANDOVER_NOT_SIGNED_OUT: {
    status: 409,
    zh: '交班护士尚未签名',
    en: 'The outgoing nurse has not signed this handover yet',
  },
  SHIFT_HANDOVER_CLOSED: {
    status: 409,
    zh: '接班护士已签名，这份交接班记录已完成',
    en: 'The incoming nurse has signed: this handover is closed',
  },
  SHIFT_HANDOVER_SAME_PERSON: {
    status: 422,
    zh: '接班人必须是交班护士以外的另一人',
    en: 'The incoming nurse must be someone other than the outgoing nurse',
  },
  SHIFT_HANDOVER_ENTRY_NOT_FOUND: {
    status: 404,
    zh: '这份交接班记录没有该条内容',
    en: 'This handover has no such entry',
  },
  SHIFT_HANDOVER_ENTRY_ALREADY_CORRECTED: {
    status: 409,
    zh: '该内容已被更正，请更正最新的一条',
    en: 'This entry was already corrected: correct the latest one',
  },
} as const satisfies Record<string, ErrorSpec>;
