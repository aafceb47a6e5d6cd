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

import { LABEL_ERRORS } from '../../labels/labels.errors.js';
import { MONITORING_ERRORS } from '../../monitoring/monitoring.errors.js';
import { PROBLEM_ERRORS } from '../../problems/problems.errors.js';
import { RECALL_ERRORS } from '../../recall/recall.errors.js';
import { STERILIZATION_ERRORS } from '../../sterilization/sterilization.errors.js';
import { PACKING_ERRORS } from '../../packing/packing.errors.js';
import { RECYCLING_ERRORS } from '../../recycling/recycling.errors.js';

const CORE_ERRORS = {
  // generic / transport
  VALIDATION_FAILED: { status: 400, zh: '请求数据不合法：{fields}', en: 'Invalid request data: {fields}' },
  MALFORMED_BODY: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, zh: '请求无效', en: 'Bad request' },
  BODY_TOO_DEEP: { status: 400, zh: '请求体嵌套层数过多（最多 {max} 层）', en: 'The request body is nested too deeply (at most {max} levels)' },
  INVALID_CHARACTERS: {
    status: 400,
    zh: '请求中含有无法保存的字符（如 NUL 空字符）',
    en: 'The request contains characters that cannot be stored (such as a NUL character)',
  },
  VALUE_OUT_OF_RANGE: { status: 400, zh: '请求中的数值超出允许范围', en: 'A number in the request is out of range' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_INACTIVE: { status: 401, zh: '账号已停用', en: 'This account is deactivated' },
  SESSION_ENDED: {
    status: 401,
    zh: '此登录已结束（已退出，或密码已重置），请重新登录',
    en: 'This session has ended (signed out, or the password was reset); please sign in again',
  },
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
  DATABASE_UNAVAILABLE: { status: 503, zh: '数据库暂不可用，请稍后重试', en: 'The database is unavailable; please retry shortly' },
  DATABASE_BUSY: { status: 503, zh: '系统繁忙，请稍后重新扫描', en: 'The system is busy; please scan again in a moment' },

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
  HEAD_NURSE_PEER_CREDENTIALS: {
    status: 403,
    zh: '护士长不能重置其他护士长或管理员的密码或 PIN',
    en: "A head nurse cannot reset another head nurse's or an administrator's password or PIN",
  },
  WEAK_PASSWORD: { status: 400, zh: '密码不可用：{reasonZh}', en: 'Password not accepted: {reasonEn}' },
  WEAK_PIN: { status: 400, zh: 'PIN 不可用：{reasonZh}', en: 'PIN not accepted: {reasonEn}' },
  CANNOT_DEACTIVATE_SELF: { status: 422, zh: '不能停用自己的账号', en: 'You cannot deactivate your own account' },
  INVALID_RANGE: { status: 422, zh: '{field} 的最小值大于最大值', en: '{field}: minimum is greater than maximum' },

  // the pack chain (§3.2)
  INVALID_BARCODE: { status: 400, zh: '条码格式不正确：{code}', en: 'Not a valid barcode: {code}' },
  UNKNOWN_BARCODE: { status: 404, zh: '未找到条码：{code}', en: 'Unknown barcode: {code}' },
  PACK_NOT_FOUND: { status: 404, zh: '未找到该包', en: 'Unknown pack' },
  PACK_WRONG_STATE: {
    status: 409,
    zh: '该包当前状态为「{stateZh}」，不能执行此操作',
    en: 'The pack is currently {stateEn}; this step is not possible now',
  },
  LABEL_VOIDED: {
    status: 409,
    zh: '此标签已作废（包已移出标签上的锅次），请使用新条码 {replacement}',
    en: 'This label is void (the pack left the load it names); use the new barcode {replacement}',
  },
  PACK_SUPERSEDED: {
    status: 409,
    zh: '此标签已作废：该器械已重新处理，新包条码为 {replacement}',
    en: 'This label is void: the set was reprocessed; the new pack is {replacement}',
  },
  SET_IN_PROCESS: {
    status: 409,
    zh: '该器械包正在处理中（{stateZh}，包 {barcode}），不能重复回收',
    en: 'This set is already being processed ({stateEn}, pack {barcode})',
  },
  SET_INACTIVE: { status: 422, zh: '该器械包已停用', en: 'This instrument set is deactivated' },
  SINGLE_USE_NOT_RECYCLABLE: {
    status: 422,
    zh: '一次性物品不能回收再处理',
    en: 'A single-use item cannot be reprocessed',
  },
  WASHER_CYCLE_NOT_FOUND: { status: 404, zh: '清洗批次不存在', en: 'Unknown washer cycle' },
  WASHER_CYCLE_CLOSED: { status: 409, zh: '该清洗批次已结束', en: 'This washer cycle is already completed' },
  WASHER_CYCLE_EMPTY: { status: 422, zh: '清洗批次中没有器械', en: 'The washer cycle has no sets in it' },
  PACKAGING_NOT_ALLOWED: {
    status: 422,
    zh: '此器械包不能使用该包装材料：{material}',
    en: 'This packaging material is not allowed for the set: {material}',
  },
  // WS 310.2: packaging chosen by method (src/catalog/packaging-compatibility.ts).
  PACKAGING_METHOD_INCOMPATIBLE: {
    status: 422,
    zh: '包装材料「{materialZh}」不适用于{methodZh}灭菌（可用：{acceptedZh}）',
    en: 'Packaging “{materialEn}” is not suitable for {methodEn} sterilization (accepted: {acceptedEn})',
  },
  NOT_A_DRESSING_TEMPLATE: {
    status: 422,
    zh: '只有敷料包可以不经器械直接包装',
    en: 'Only dressing packs are packed straight from a template',
  },
  LOAD_NOT_FOUND: { status: 404, zh: '灭菌锅次不存在', en: 'Unknown sterilizer load' },
  LOAD_NOT_OPEN: { status: 409, zh: '该锅次当前为「{status}」，不能装载或启动', en: 'The load is {status}; it cannot be loaded or started' },
  LOAD_NOT_RUNNING: { status: 409, zh: '该锅次当前为「{status}」，不能卸载', en: 'The load is {status}; it cannot be unloaded' },
  LOAD_EMPTY: { status: 422, zh: '锅次中没有包', en: 'The load has no packs' },
  LOAD_PROGRAM_INACTIVE: {
    status: 422,
    zh: '灭菌程序 {program} 已停用，{sterilizer} 第 {cycleNo} 锅不能启动：请取消本锅次，用有效的程序重新开锅',
    en: 'Program {program} has been deactivated: {sterilizer} cycle {cycleNo} cannot start; cancel the load and open a new one on an active program',
  },
  PACK_ALREADY_LOADED: {
    status: 409,
    zh: '该包已在锅次 {load} 中',
    en: 'The pack is already in load {load}',
  },
  PACK_NOT_IN_LOAD: { status: 422, zh: '包 {barcode} 不在此锅次中', en: 'Pack {barcode} is not in this load' },
  METHOD_MISMATCH: {
    status: 422,
    zh: '灭菌方式不符：此包需要 {required}，灭菌器为 {actual}',
    en: 'Wrong sterilization method: the pack needs {required}, the sterilizer runs {actual}',
  },
  STERILIZER_UNAVAILABLE: { status: 422, zh: '灭菌器不可用（{status}）', en: 'The sterilizer is not available ({status})' },
  ANNUAL_INSPECTION_EXPIRED: {
    status: 422,
    zh: '灭菌器年检合格证已过期（有效期至 {validUntil}）',
    en: 'The sterilizer’s annual inspection certificate has expired (valid until {validUntil})',
  },
  LOAD_NOT_RELEASED: {
    status: 422,
    zh: '该包所在锅次尚未放行（{reasonZh}）',
    en: 'The pack’s load is not released ({reasonEn})',
  },
  NOT_IN_STORAGE: { status: 409, zh: '该包不在无菌物品存放区（当前：{stateZh}）', en: 'The pack is not in sterile storage (now: {stateEn})' },
  PACK_EXPIRED: { status: 422, zh: '该包已过期（有效期至 {expiryDate}）', en: 'The pack has expired (use by {expiryDate})' },
  PACK_RECALLED: { status: 422, zh: '该包已被召回，不得发放或使用', en: 'The pack has been recalled and must not be dispatched or used' },
  PACK_INDICATOR_FAILED: { status: 422, zh: '该包化学指示物不合格', en: 'The pack’s chemical indicator failed' },
  PACK_WET_OR_DAMAGED: { status: 422, zh: '该包为湿包或破损包', en: 'The pack is wet or damaged' },
  PACK_NOT_SENT_HERE: {
    status: 409,
    zh: '此包不是发往本科室的，请勿使用，将它退回消毒供应中心',
    en: 'This pack was not sent to your department: do not use it — return it to the CSSD',
  },
  WRONG_DEPARTMENT: { status: 404, zh: '未找到该包', en: 'Unknown pack' },
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

export const ERRORS = { ...CORE_ERRORS, ...LABEL_ERRORS, ...MONITORING_ERRORS, ...PACKING_ERRORS, ...RECALL_ERRORS, ...RECYCLING_ERRORS, ...STERILIZATION_ERRORS, ...PROBLEM_ERRORS } as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
