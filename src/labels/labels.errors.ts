import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of the labels module, merged into the one ERRORS table. */
export const LABEL_ERRORS = {
  LABEL_FIELDS_MISSING: { status: 422, zh: '标签信息不全，不能打印：缺少 {fields}', en: 'The label cannot be printed: missing {fields}' },
} as const satisfies Record<string, ErrorSpec>;
