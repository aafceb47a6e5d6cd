import type { ErrorSpec } from '../common/errors/error-codes.js';

/** The defect register (seed 20, 7.8, 10), and the actions it and the monthly quality review set. */
export const DEFECT_ERRORS = {
  DEFECT_NOT_FOUND: { status: 404, zh: '差错记录不存在', en: 'Unknown defect' },
  DEFECT_ACTION_NOT_FOUND: { status: 404, zh: '该差错没有这项整改措施', en: 'This defect has no such action' },
  DEFECT_CLOSED: {
    status: 409,
    zh: '该差错已由护士长关闭，不能再登记或更正',
    en: 'This defect was closed by the head nurse: nothing more is recorded or corrected on it',
  },
  DEFECT_ENTRY_ALREADY_CORRECTED: {
    status: 409,
    zh: '该登记已被更正，请更正最新的登记',
    en: 'This entry was already corrected: correct the latest one',
  },
  DEFECT_NOT_REPORTER: {
    status: 403,
    zh: '只有登记人或护士长可以更正这条登记',
    en: 'Only the person who recorded this entry or the head nurse may correct it',
  },
  DEFECT_ALREADY_INVESTIGATED: {
    status: 409,
    zh: '该差错已登记原因分析，请增加整改措施',
    en: 'The cause of this defect is already recorded: add a further action instead',
  },
  DEFECT_NOT_INVESTIGATED: {
    status: 409,
    zh: '请先登记原因、责任和整改措施',
    en: 'Record the cause, the responsibility and the action first',
  },
  DEFECT_ACTIONS_OPEN: {
    status: 409,
    zh: '还有 {open} 项整改措施未完成，完成后才能验证',
    en: '{open} action(s) are not done yet: they are verified once done',
  },
  DEFECT_ALREADY_VERIFIED: {
    status: 409,
    zh: '这些整改措施已经验证过；如果无效，请增加整改措施',
    en: 'These actions were already verified; if they were not effective, add a further action',
  },
  DEFECT_NOT_VERIFIED: {
    status: 409,
    zh: '整改措施完成并经护士长验证有效后，才能关闭差错',
    en: 'A defect is closed only once its actions are done and the head nurse verified them effective',
  },
  DEFECT_NOT_EFFECTIVE: {
    status: 409,
    zh: '上次验证认为整改措施无效：请增加整改措施，完成并验证有效后再关闭',
    en: 'The last verification found the actions not effective: add a further action, then verify it, then close',
  },
  ACTION_NOT_OWNER: {
    status: 403,
    zh: '只有该措施的负责人、护士长或质量检测员可以登记完成情况',
    en: 'Only the person responsible for this action, the head nurse or a quality monitor records it as done',
  },
  ACTION_OWNER_INVALID: {
    status: 422,
    zh: '负责人须为在岗的中心护士、护士长或质量检测员',
    en: 'The person responsible must be an active CSSD nurse, head nurse or quality monitor',
  },
  ACTION_DUE_DATE_PAST: {
    status: 422,
    zh: '完成期限 {due} 已过（今天是 {today}）',
    en: 'The due date {due} has passed (today is {today})',
  },
} as const satisfies Record<string, ErrorSpec>;
