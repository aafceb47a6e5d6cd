import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of signing in and of the second person's check (§5), merged into the one ERRORS table (src/errors.ts). */
export const AUTH_ERRORS = {
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_INACTIVE: { status: 401, zh: '账号已停用', en: 'This account is deactivated' },
  SESSION_ENDED: {
    status: 401,
    zh: '此登录已结束（已退出，或密码已重置），请重新登录',
    en: 'This session has ended (signed out, or the password was reset); please sign in again',
  },
  LOGIN_LOCKED: {
    status: 429,
    zh: '登录失败次数过多，请 {retryAfterSeconds} 秒后再试',
    en: 'Too many failed sign-ins; try again in {retryAfterSeconds} s',
  },
  SECOND_PERSON_REQUIRED: {
    status: 422,
    zh: '此操作需要第二人核对签名',
    en: 'This action needs a second person to check and sign',
  },
  SECOND_PERSON_INVALID: {
    status: 422,
    zh: '核对人身份验证失败',
    en: 'The second person could not be authenticated',
  },
  SECOND_PERSON_SAME_AS_ACTOR: {
    status: 422,
    zh: '核对人不能是操作人本人',
    en: 'The second person must be someone other than you',
  },
  SECOND_PERSON_ROLE: {
    status: 422,
    zh: '核对人的角色不符合要求（需要：{roles}）',
    en: 'The second person does not have a required role ({roles})',
  },
} as const satisfies Record<string, ErrorSpec>;
