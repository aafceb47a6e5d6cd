import type { ErrorSpec } from '../common/errors/error-codes.js';

export const REPORT_ERRORS = {
  REPORT_PERIOD_INVALID: {
    status: 400,
    zh: '报表期间无效：请只给出一种：某一天，或起止日期（起始日不晚于截止日，两者都要给出），或某一周，或某一月',
    en: 'Invalid report period: give one form only — a day, a range (both from and to, from not after to), a week or a month',
  },
  REPORT_PERIOD_TOO_LONG: {
    status: 400,
    zh: '报表期间过长：最多 {maxDays} 天（所给为 {days} 天）',
    en: 'Report period too long: at most {maxDays} days (asked for {days})',
  },
  REPORT_MONTHS_TOO_LONG: {
    status: 400,
    zh: '报表期间过长：最多 {maxMonths} 个月（所给为 {months} 个月）',
    en: 'Report period too long: at most {maxMonths} months (asked for {months})',
  },
  REPORT_DEPARTMENT_REQUIRED: {
    status: 400,
    zh: '请选择科室：科室报表是某一个科室的',
    en: 'Choose a department: this report is one department’s',
  },
  REPORT_OTHER_DEPARTMENT: {
    status: 403,
    zh: '科室用户只能查看本科室的报表',
    en: 'A department user sees only its own department’s reports',
  },
  RECALL_REPORT_TOO_LARGE: {
    status: 422,
    zh: '该召回有 {packs} 个包，超过一份报告的上限（{max} 个）：请在召回页面分页查看',
    en: 'This recall holds {packs} packs, more than one report holds ({max}): read it page by page on the recall’s page',
  },
} as const satisfies Record<string, ErrorSpec>;
