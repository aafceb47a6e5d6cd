import type { ErrorSpec } from '../common/errors/error-codes.js';

export const PROBLEM_ERRORS = {
  PROBLEM_REPORT_NOT_FOUND: { status: 404, zh: '问题报告不存在', en: 'Unknown problem report' },
  PROBLEM_REPORT_CLOSED: {
    status: 409,
    zh: '该问题报告已关闭，不能改写；如需更正，请提交更正记录',
    en: 'This problem report is closed and cannot be rewritten; record a correction instead',
  },
  PROBLEM_REPORT_OPEN: {
    status: 409,
    zh: '该问题报告尚未关闭，没有可更正的处理结果',
    en: 'This problem report is still open: there is no outcome to correct',
  },
  PROBLEM_OUTCOME_CORRECTED: {
    status: 409,
    zh: '该处理结果刚刚已被他人更正，请刷新后再更正',
    en: 'Someone corrected this outcome a moment ago; reload and correct it again',
  },
} as const satisfies Record<string, ErrorSpec>;
