import type { ErrorSpec } from '../common/errors/error-codes.js';

export const QUALITY_CHECK_ERRORS = {
  RANDOM_CHECK_COUNT_INVALID: {
    status: 422,
    zh: '不合格数（{nonconforming}）不能大于抽查数（{sampleSize}）',
    en: 'Nonconforming items ({nonconforming}) cannot exceed the items sampled ({sampleSize})',
  },
  RANDOM_CHECK_FINDINGS_REQUIRED: {
    status: 422,
    zh: '抽查发现不合格项，请填写发现的问题',
    en: 'Items did not conform: describe the findings',
  },
  CORRECTIVE_ACTION_NOT_FOUND: { status: 404, zh: '整改措施不存在', en: 'Unknown corrective action' },
  CORRECTIVE_ACTION_CLOSED: {
    status: 409,
    zh: '该整改措施已关闭，不能再次关闭',
    en: 'This corrective action is already closed',
  },
  READING_TASK_REQUIRED: {
    status: 422,
    zh: '有多种在用的{kind}，请选择本次测量的是哪一种：{tasks}',
    en: 'Several solutions are in use for {kind}: say which one this reading is ({tasks})',
  },
  READING_TASK_INVALID: {
    status: 422,
    zh: '所选监测项目不存在、已停用，或与该读数的类型不符',
    en: 'The chosen check does not exist, is retired, or is not of this reading’s kind',
  },
  QUALITY_TASK_NOT_FOUND: { status: 404, zh: '监测项目不存在', en: 'Unknown routine check' },
  QUALITY_TASK_NOT_RETIRABLE: {
    status: 422,
    zh: '不能停用该监测项目：{reason}',
    en: 'This check cannot be retired: {reason}',
  },
} as const satisfies Record<string, ErrorSpec>;
