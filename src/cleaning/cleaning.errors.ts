import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of cleaning (washer cycles), merged into the one ERRORS table (src/errors.ts). */
export const CLEANING_ERRORS = {
  WASHER_CYCLE_NOT_FOUND: { status: 404, zh: '清洗批次不存在', en: 'Unknown washer cycle' },
  WASHER_CYCLE_CLOSED: { status: 409, zh: '该清洗批次已结束', en: 'This washer cycle is already completed' },
  WASHER_CYCLE_EMPTY: { status: 422, zh: '清洗批次中没有器械', en: 'The washer cycle has no sets in it' },
} as const satisfies Record<string, ErrorSpec>;
