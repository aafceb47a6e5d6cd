/**
 * What every error code is — its HTTP status and its message in both languages — and the codes
 * of the shared layer itself: transport, validation, authentication, the database. Every module
 * keeps its own codes in its `<module>.errors.ts`; the registry above the features
 * (src/errors.ts) assembles them, so common/ knows none of them.
 * Placeholders like {state} are filled from DomainError params.
 */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/**
 * Every code the API answers with, as a type. Empty here: src/errors.ts merges the assembled
 * registry into it (declaration merging), so a DomainError with a code no table declares does not
 * compile, while nothing under common/ imports a feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by src/errors.ts
export interface ErrorCatalog {}

export type ErrorCode = keyof ErrorCatalog & string;

export const COMMON_ERRORS = {
  // generic / transport
  VALIDATION_FAILED: { status: 400, zh: '请求数据不合法：{fields}', en: 'Invalid request data: {fields}' },
  MALFORMED_BODY: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, zh: '请求无效', en: 'Bad request' },
  BODY_TOO_DEEP: {
    status: 400,
    zh: '请求体嵌套层数过多（最多 {max} 层）',
    en: 'The request body is nested too deeply (at most {max} levels)',
  },
  INVALID_CHARACTERS: {
    status: 400,
    zh: '请求中含有无法保存的字符（如 NUL 空字符）',
    en: 'The request contains characters that cannot be stored (such as a NUL character)',
  },
  VALUE_OUT_OF_RANGE: { status: 400, zh: '请求中的数值超出允许范围', en: 'A number in the request is out of range' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  FORBIDDEN_ROLE: { status: 403, zh: '您的角色无权执行此操作', en: 'Your role is not allowed to do this' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'Request body too large' },
  TOO_MANY_REQUESTS: { status: 429, zh: '请求过于频繁', en: 'Too many requests' },
  INTERNAL_ERROR: { status: 500, zh: '服务器内部错误，请联系管理员', en: 'Internal error; please contact the administrator' },
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用，请稍后重试', en: 'The database is unavailable; please retry shortly' },
  DATABASE_BUSY: { status: 503, zh: '系统繁忙，请稍后重新扫描', en: 'The system is busy; please scan again in a moment' },

  // a unique code already taken (common/errors/unique.ts)
  DUPLICATE_CODE: { status: 409, zh: '编码已存在：{code}', en: 'This code already exists: {code}' },

  // idempotent replays (src/common/idempotency)
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '同一个 Idempotency-Key 已用于另一个请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    zh: '相同的请求正在处理中，请稍后重试',
    en: 'The same request is still being processed; retry shortly',
  },
} as const satisfies Record<string, ErrorSpec>;
