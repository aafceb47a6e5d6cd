/**
 * Every machine-readable error code the API answers with, its HTTP status and its message
 * in both languages. One table, so the station UI and the OpenAPI document agree.
 * Placeholders like {state} are filled from DomainError params.
 */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  // generic / transport
  VALIDATION_FAILED: { status: 400, zh: '请求数据不合法：{fields}', en: 'Invalid request data: {fields}' },
  MALFORMED_BODY: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, zh: '请求无效', en: 'Bad request' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_INACTIVE: { status: 401, zh: '账号已停用', en: 'This account is deactivated' },
  FORBIDDEN_ROLE: { status: 403, zh: '您的角色无权执行此操作', en: 'Your role is not allowed to do this' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  NOT_FOUND: { status: 404, zh: '未找到', en: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持的请求方法', en: 'Method not allowed' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'Request body too large' },
  LOGIN_LOCKED: {
    status: 429,
    zh: '登录失败次数过多，请 {retryAfterSeconds} 秒后再试',
    en: 'Too many failed sign-ins; try again in {retryAfterSeconds} s',
  },
  TOO_MANY_REQUESTS: { status: 429, zh: '请求过于频繁', en: 'Too many requests' },
  INTERNAL_ERROR: { status: 500, zh: '服务器内部错误，请联系管理员', en: 'Internal error; please contact the administrator' },
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用', en: 'The database is unavailable' },

  // second-person check (§5)
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

  // catalog and users
  DUPLICATE_CODE: { status: 409, zh: '编码已存在：{code}', en: 'This code already exists: {code}' },
  DEPARTMENT_NOT_FOUND: { status: 404, zh: '科室不存在', en: 'Unknown department' },
  TEMPLATE_NOT_FOUND: { status: 404, zh: '器械包模板不存在', en: 'Unknown set template' },
  SET_NOT_FOUND: { status: 404, zh: '器械包不存在', en: 'Unknown instrument set' },
  STERILIZER_NOT_FOUND: { status: 404, zh: '灭菌器不存在', en: 'Unknown sterilizer' },
  PROGRAM_NOT_FOUND: { status: 404, zh: '程序不存在', en: 'Unknown program' },
  WASHER_NOT_FOUND: { status: 404, zh: '清洗消毒器不存在', en: 'Unknown washer' },
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
  INACTIVE_REFERENCE: { status: 422, zh: '引用的{what}已停用', en: 'The referenced {what} is deactivated' },
  ADMIN_ONLY_FOR_ADMINS: {
    status: 403,
    zh: '只有管理员可以管理管理员账号',
    en: 'Only an administrator can manage administrator accounts',
  },
  CANNOT_DEACTIVATE_SELF: { status: 422, zh: '不能停用自己的账号', en: 'You cannot deactivate your own account' },
  INVALID_RANGE: { status: 422, zh: '{field} 的最小值大于最大值', en: '{field}: minimum is greater than maximum' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
