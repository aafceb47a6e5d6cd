import type { ErrorSpec } from '../common/errors/error-codes.js';

export const MONITORING_ERRORS = {
  BD_MISSING: {
    status: 422,
    zh: '灭菌器 {sterilizer} 今天尚无合格的 B-D 试验，不能装载',
    en: 'Sterilizer {sterilizer} has no passing Bowie-Dick test today; it takes no load',
  },
  BD_FAILED: {
    status: 422,
    zh: '灭菌器 {sterilizer} 今天 B-D 试验不合格，维修后须重新试验合格',
    en: 'Sterilizer {sterilizer} failed its Bowie-Dick test today; it needs a passing test after repair',
  },
  BD_NOT_APPLICABLE: {
    status: 422,
    zh: 'B-D 试验只适用于脉动真空压力蒸汽灭菌器',
    en: 'The Bowie-Dick test applies to pre-vacuum steam sterilizers only',
  },
  STERILIZER_BLOCKED_BY_BI: {
    status: 422,
    zh: '灭菌器 {sterilizer} 生物监测不合格，须生物监测合格后才能使用',
    en: 'Sterilizer {sterilizer} is blocked by a failed biological indicator until a BI passes',
  },
  BI_OVERDUE: {
    status: 422,
    zh: '灭菌器 {sterilizer} 自 {due} 起尚未做生物监测：本锅须放入生物监测包后才能启动',
    en: 'Sterilizer {sterilizer} has had no biological indicator since {due}: put a BI in this load before starting it',
  },
  LOAD_NEEDS_BI: {
    status: 422,
    zh: '{sterilizer} 第 {cycle} 锅{reasonZh}，须放入生物监测包（PCD）后才能启动',
    en: 'Load {cycle} of {sterilizer} cannot start without a biological indicator (in its PCD): {reasonEn}',
  },
  STERILIZER_BUSY: {
    status: 409,
    zh: '灭菌器 {sterilizer} 第 {cycle} 锅正在运行：一台灭菌器一次只运行一锅，请先完成卸载',
    en: 'Sterilizer {sterilizer} is running cycle {cycle}: a sterilizer runs one cycle at a time — unload it first',
  },
  LOAD_OUT_OF_ORDER: {
    status: 409,
    zh: '{sterilizer} 第 {earlier} 锅尚未运行：锅次按编号顺序运行，请先运行或取消第 {earlier} 锅，再启动第 {cycle} 锅',
    en: 'Cycle {earlier} of {sterilizer} has not run yet: loads run in the order of their numbers — start or cancel cycle {earlier} before cycle {cycle}',
  },
  STERILIZER_TYPE_LOCKED: {
    status: 422,
    zh: '灭菌器 {sterilizer} 已有锅次记录，不能更改灭菌方式（其监测要求随方式而定）；如更换设备请新建灭菌器',
    en: 'Sterilizer {sterilizer} has loads on record: its method cannot change (the tests it owes depend on it); register a new sterilizer instead',
  },
  STERILIZER_QUALIFICATION_REQUIRED: {
    status: 422,
    zh: '灭菌器 {sterilizer} 处于验证期，只有连续 3 次空载生物监测（及 B-D）合格后才能自动投入使用，不能手动改为在用',
    en: 'Sterilizer {sterilizer} is being qualified: it returns to service only after 3 consecutive passing empty-chamber BIs (and B-Ds), not by hand',
  },
  STERILIZER_COMMISSIONING: {
    status: 422,
    zh: '灭菌器 {sterilizer} 处于新装/移位/大修后的验证期：生物监测 {bi}/3，B-D {bd}/3',
    en: 'Sterilizer {sterilizer} is being qualified after installation or repair: BI {bi}/3, B-D {bd}/3',
  },
  OPERATOR_NOT_CERTIFIED: {
    status: 422,
    zh: '操作人员没有有效的灭菌员上岗证',
    en: 'The operator has no valid sterilizer operator certificate',
  },
  BI_PRODUCT_NOT_FOUND: { status: 404, zh: '生物指示物产品不存在', en: 'Unknown biological indicator product' },
  BI_PRODUCT_INACTIVE: { status: 422, zh: '生物指示物产品 {product} 已停用', en: 'Biological indicator product {product} is deactivated' },
  BI_PRODUCT_METHOD_MISMATCH: {
    status: 422,
    zh: '生物指示物 {product} 不适用于{methodZh}（灭菌器 {sterilizer}）：请选用适合该灭菌方式的产品',
    en: 'Biological indicator {product} is not made for {methodEn} (sterilizer {sterilizer}): choose a product for that method',
  },
  BI_POSITIVE_CONTROL_MISSING: {
    status: 422,
    zh: '批号 {lot} 在 {date} 尚无阳性对照记录：请先记录当天同批号阳性对照（未经灭菌，应生长）的结果，再判读该生物指示物',
    en: 'No positive control of lot {lot} is recorded for {date}: record that day’s control of the same lot (not sterilized, must grow) before reading this BI',
  },
  BI_NOT_FOUND: { status: 404, zh: '生物监测记录不存在', en: 'Unknown biological indicator record' },
  BI_ALREADY_READ: { status: 409, zh: '该生物监测结果已录入，不能更改', en: 'This biological indicator has already been read' },
  EMPTY_CHAMBER_LOAD: { status: 422, zh: '空载测试锅次不能装包', en: 'An empty-chamber test load takes no packs' },
  LOAD_CANCELLED: { status: 409, zh: '该锅次已取消', en: 'This load was cancelled' },
  BI_LOAD_NOT_RUN: {
    status: 409,
    zh: '该锅次尚未运行，生物监测结果无意义，不能录入',
    en: 'The load has not run: a biological indicator result would mean nothing and cannot be recorded',
  },
  BI_READ_TIME_INVALID: {
    status: 422,
    zh: '判读时间 {readAt} 无效：不能早于该锅灭菌结束（{completedAt}），也不能晚于现在',
    en: 'Read time {readAt} is invalid: it cannot be before its load finished ({completedAt}) or in the future',
  },
  BI_READ_TOO_EARLY: {
    status: 422,
    zh: '生物监测尚未到判读时间：该产品培养 {minutes} 分钟，最早 {earliest} 才能判读',
    en: 'Too early to read this BI: its product incubates {minutes} min; it can be read from {earliest}',
  },
  PCD_BEFORE_UNLOAD: {
    status: 409,
    zh: '该锅次尚未卸载：PCD 内第 5 类化学指示物须在灭菌结束后判读',
    en: 'The load has not been unloaded: the PCD’s type 5 indicator is read after the cycle',
  },
  PCD_ALREADY_RECORDED: {
    status: 409,
    zh: '该 PCD 的第 5 类化学指示物结果已录入，不能更改',
    en: 'This PCD’s type 5 indicator result has already been recorded',
  },
  BI_LOAD_STARTED: {
    status: 409,
    zh: '该锅次已启动：生物监测包须在灭菌开始前放入锅内，事后放入不能证明任何结果',
    en: 'The load has already started: a BI goes into the chamber before the cycle starts; one added later proves nothing',
  },
  BI_LOAD_RUNNING: {
    status: 409,
    zh: '该锅次仍在灭菌中：生物监测须在卸载后培养判读',
    en: 'The load is still running: its BI is read after unloading and incubation',
  },
  CYCLE_TIMES_IMPOSSIBLE: {
    status: 422,
    zh: '物理监测记录与系统记录的时间不符：{reasonZh}',
    en: 'The physical record does not fit the times the service recorded: {reasonEn}',
  },
  STATED_TIME_TOO_EARLY: {
    status: 422,
    zh: '{field} 不能早于 {earliest}（它所属的记录在那时才开始）',
    en: '{field} cannot be before {earliest}, when the record it belongs to began',
  },
  STATED_TIME_IN_FUTURE: {
    status: 422,
    zh: '{field} 不能晚于现在（{now}）',
    en: '{field} cannot be in the future (now {now})',
  },
  EMERGENCY_RELEASE_NOT_ALLOWED: {
    status: 422,
    zh: '不能紧急放行：{reasonZh}',
    en: 'Emergency release not allowed: {reasonEn}',
  },
  READING_LIMITS_REQUIRED: {
    status: 422,
    zh: '该项目需要填写合格范围',
    en: 'This reading needs its acceptable range',
  },
} as const satisfies Record<string, ErrorSpec>;
