import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of load release, merged into the one ERRORS table (src/errors.ts). */
export const RELEASE_ERRORS = {
  LOAD_NOT_RELEASED: {
    status: 422,
    zh: '该包所在锅次尚未放行（{reasonZh}）',
    en: 'The pack’s load is not released ({reasonEn})',
  },
} as const satisfies Record<string, ErrorSpec>;
