import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of user accounts, merged into the one ERRORS table (src/errors.ts). */
export const USER_ERRORS = {
  USER_NOT_FOUND: { status: 404, zh: '用户不存在', en: 'Unknown user' },
  DEPARTMENT_REQUIRED: {
    status: 422,
    zh: '科室用户必须绑定一个科室',
    en: 'A department user must belong to one department',
  },
  DEPARTMENT_NOT_ALLOWED: {
    status: 422,
    zh: '只有科室用户可以绑定科室',
    en: 'Only department users belong to a department',
  },
  ADMIN_ONLY_FOR_ADMINS: {
    status: 403,
    zh: '只有管理员可以管理管理员账号',
    en: 'Only an administrator can manage administrator accounts',
  },
  HEAD_NURSE_PEER_CREDENTIALS: {
    status: 403,
    zh: '护士长不能重置其他护士长或管理员的密码或 PIN',
    en: "A head nurse cannot reset another head nurse's or an administrator's password or PIN",
  },
  WEAK_PASSWORD: { status: 400, zh: '密码不可用：{reasonZh}', en: 'Password not accepted: {reasonEn}' },
  WEAK_PIN: { status: 400, zh: 'PIN 不可用：{reasonZh}', en: 'PIN not accepted: {reasonEn}' },
  CANNOT_DEACTIVATE_SELF: { status: 422, zh: '不能停用自己的账号', en: 'You cannot deactivate your own account' },
} as const satisfies Record<string, ErrorSpec>;
