import type { ErrorSpec } from '../common/errors/error-codes.js';

/** The visitors register (issue 17): requests, approval, the visit as it happened. */
export const VISIT_ERRORS = {
  VISIT_NOT_FOUND: { status: 404, zh: '来访记录不存在', en: 'Unknown visit' },
  VISIT_ENTRY_ALREADY_CORRECTED: {
    status: 409,
    zh: '该登记已被更正，请更正最新的登记',
    en: 'This entry was already corrected: correct the latest one',
  },
  VISIT_ALREADY_DECIDED: {
    status: 409,
    zh: '该来访申请已审批，不能再审批或更正',
    en: 'This visit request was already decided: it is not decided again nor corrected',
  },
  VISIT_CANCELLED: { status: 409, zh: '该来访已取消', en: 'This visit was cancelled' },
  VISIT_REFUSED: { status: 409, zh: '该来访申请未获批准（已拒绝）', en: 'This visit was refused' },
  VISIT_NOT_APPROVED: {
    status: 409,
    zh: '来访申请须经护士长或管理员批准后才能入区',
    en: 'A visit is checked in only once the head nurse or an administrator approved it',
  },
  VISIT_ALREADY_CHECKED_IN: { status: 409, zh: '该来访已登记入区', en: 'This visit was already checked in' },
  VISIT_ALREADY_STARTED: {
    status: 409,
    zh: '来访已开始（已入区），不能取消',
    en: 'This visit has started (checked in): it cannot be cancelled',
  },
  VISIT_NOT_CHECKED_IN: { status: 409, zh: '该来访尚未登记入区', en: 'This visit has not been checked in' },
  VISIT_ALREADY_CHECKED_OUT: { status: 409, zh: '该来访已登记离开', en: 'This visit was already checked out' },
  VISIT_ZONE_NOT_APPROVED: {
    status: 422,
    zh: '区域“{zoneZh}”不在批准的参观区域内',
    en: 'The zone “{zoneEn}” was not approved for this visit',
  },
  VISIT_OUT_BEFORE_IN: {
    status: 422,
    zh: '离开时间须晚于入区时间（{inAt}）',
    en: 'The time out must be after the time in ({inAt})',
  },
  VISIT_ESCORT_INVALID: {
    status: 422,
    zh: '陪同人员须为在岗的中心护士、护士长或质量检测员',
    en: 'The escort must be an active CSSD nurse, head nurse or quality monitor',
  },
  VISIT_PLANNED_PAST: {
    status: 422,
    zh: '计划来访日期 {date} 已过（今天是 {today}）',
    en: 'The planned day {date} has passed (today is {today})',
  },
  VISIT_OUTSIDE_WINDOW: {
    status: 422,
    zh: '入区时间 {inAt} 不在批准的来访时段内（{date} {windowStart}–{windowEnd}，最多可提前 {minutes} 分钟）',
    en: 'The time in {inAt} is outside the approved visit window ({date} {windowStart}–{windowEnd}, up to {minutes} min early)',
  },
  VISIT_WINDOW_INVALID: {
    status: 422,
    zh: '来访时段的结束时间须晚于开始时间',
    en: 'The time window must end after it starts',
  },
} as const satisfies Record<string, ErrorSpec>;
