import type { ErrorSpec } from '../common/errors/error-codes.js';

/** The monthly quality review (seed 10.1, 10.4). */
export const QUALITY_REVIEW_ERRORS = {
  QUALITY_REVIEW_NOT_FOUND: { status: 404, zh: '质量分析会记录不存在', en: 'Unknown quality review' },
  QUALITY_REVIEW_DECISION_NOT_FOUND: { status: 404, zh: '该质量分析会没有这项决定', en: 'This quality review has no such decision' },
  QUALITY_REVIEW_EXISTS: {
    status: 409,
    zh: '{month} 的质量分析会已登记；如需更正，请添加更正说明',
    en: 'The quality review of {month} is already recorded: add an amendment to correct it',
  },
} as const satisfies Record<string, ErrorSpec>;
