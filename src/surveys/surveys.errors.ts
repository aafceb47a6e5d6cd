import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Department satisfaction surveys (issue 17, seed 5.2). */
export const SURVEY_ERRORS = {
  SURVEY_NOT_FOUND: { status: 404, zh: '满意度调查不存在', en: 'Unknown survey' },
  SURVEY_ACTION_NOT_FOUND: { status: 404, zh: '该调查没有这项改进措施', en: 'This survey has no such improvement action' },
  SURVEY_CLOSED: {
    status: 409,
    zh: '该满意度调查已关闭，不再接受答卷或修改',
    en: 'This survey is closed: it takes no more answers or changes',
  },
  SURVEY_ANSWERED: {
    status: 409,
    zh: '已有科室答卷，问题不能再修改；请新建一份调查',
    en: 'A department has already answered this survey: its questions no longer change; start a new survey instead',
  },
  SURVEY_ALREADY_ANSWERED: {
    status: 409,
    zh: '本科室已经答过这份调查；答卷提交后不能修改，如有错误请联系消毒供应中心护士长',
    en: 'Your department has already answered this survey; answers are never changed: if one was wrong, tell the CSSD head nurse',
  },
  SURVEY_ANSWERS_INVALID: {
    status: 422,
    zh: '第 {seq} 题：评分题须给出 1–5 分（每题一次），文字题只填文字',
    en: 'Question {seq}: a rating question takes one rating from 1 to 5, a free-text question text only',
  },
  SURVEY_QUESTION_UNKNOWN: {
    status: 422,
    zh: '答卷中有本调查没有的题目，请刷新页面后重新填写',
    en: 'The answer names a question this survey does not ask: reload the page and answer again',
  },
  SURVEY_PERIOD_INVALID: {
    status: 422,
    zh: '调查周期 {from} 至 {to} 无效：起始月不能晚于结束月，且最长 12 个月',
    en: 'The period {from} to {to} is not valid: it starts no later than it ends and spans 12 months at most',
  },
  SURVEY_PERIOD_NOT_STARTED: {
    status: 409,
    zh: '该调查的周期（{from} 至 {to}）尚未开始，{from} 起才能答卷',
    en: 'This survey’s period ({from} to {to}) has not started: it takes answers from {from}',
  },
  SURVEY_PERIOD_ENDED: {
    status: 409,
    zh: '该调查的周期（{from} 至 {to}）已结束，不再接受答卷',
    en: 'This survey’s period ({from} to {to}) is over: it takes no more answers',
  },
  SURVEY_COMPARISON_INVALID: {
    status: 422,
    zh: '比较的月份 {from} 至 {to} 无效：起始月不能晚于结束月，且最长 36 个月',
    en: 'The months compared, {from} to {to}, are not valid: they start no later than they end and span 36 months at most',
  },
  SURVEY_DEPARTMENT_UNKNOWN: {
    status: 422,
    zh: '被调查的科室不存在或已停用',
    en: 'A department asked is unknown or inactive',
  },
  SURVEY_DEPARTMENT_NOT_ASKED: {
    status: 422,
    zh: '该科室不在本次调查的对象中',
    en: 'This department was not asked in this survey',
  },
} as const satisfies Record<string, ErrorSpec>;
