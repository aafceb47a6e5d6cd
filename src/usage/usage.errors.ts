import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of use in a department, merged into the one ERRORS table (src/errors.ts). */
export const USAGE_ERRORS = {
  PACK_NOT_SENT_HERE: {
    status: 409,
    zh: '此包不是发往本科室的，请勿使用，将它退回消毒供应中心',
    en: 'This pack was not sent to your department: do not use it — return it to the CSSD',
  },
} as const satisfies Record<string, ErrorSpec>;
