import type { ErrorSpec } from '../common/errors/error-codes.js';

export const AUDIT_ERRORS = {
  AUDIT_PERIOD_INVALID: {
    status: 422,
    zh: '查询期间无效：结束日期（{to}）不能早于开始日期（{from}），且期间不能超过 {maxDays} 天',
    en: 'Invalid period: the end ({to}) cannot be before the start ({from}), and a period spans at most {maxDays} days',
  },
} as const satisfies Record<string, ErrorSpec>;
