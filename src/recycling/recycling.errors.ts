import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of recycling (the count against the template), merged into the one ERRORS table. */
export const RECYCLING_ERRORS = {
  COUNT_LINE_UNKNOWN: {
    status: 422,
    zh: '清点项第 {lineNo} 行不在该包模板（版本 {version}）的器械清单中，共 {lines} 行',
    en: 'Count line {lineNo} is not on the set template’s contents (version {version}, {lines} lines)',
  },
  COUNT_QUANTITY_EXCEEDS: {
    status: 422,
    zh: '{instrumentZh} 缺失/损坏共 {quantity} 件，超过模板数量 {expected} 件',
    en: '{instrumentEn}: {quantity} missing or damaged, more than the template’s {expected}',
  },
} as const satisfies Record<string, ErrorSpec>;
