import type { ErrorSpec } from '../common/errors/error-codes.js';

/** The disinfectant and cleaning-agent preparation log (seed 1.2, 7.4). */
export const DISINFECTANT_ERRORS = {
  DISINFECTANT_PRODUCT_EXPIRED: {
    status: 422,
    zh: '拒绝登记：该产品批号 {lot} 已于 {expiry} 失效，配制日为 {day}',
    en: 'Refused: the product’s lot {lot} expired on {expiry}; the preparation day is {day}',
  },
  DISINFECTANT_CONCENTRATION_OUT_OF_RANGE: {
    status: 422,
    zh: '拒绝登记：实测浓度 {measured} {unit} 不在目标浓度 {target} ± {tolerance} {unit}（{low}–{high}）范围内，请重新配制',
    en: 'Refused: the measured concentration {measured} {unit} is outside the target {target} ± {tolerance} {unit} ({low}–{high}): prepare it again',
  },
  DISINFECTANT_TOLERANCE_INVALID: {
    status: 422,
    zh: '允许偏差 {tolerance} 必须小于目标浓度 {target}',
    en: 'The tolerance {tolerance} must be less than the target concentration {target}',
  },
  DISINFECTANT_SOLUTION_INVALID: {
    status: 422,
    zh: '所选在用溶液不存在、已停用，或与配制的类别不符',
    en: 'The chosen solution does not exist, is retired, or is not of the kind prepared',
  },
  DISINFECTANT_PREPARATION_NOT_FOUND: { status: 404, zh: '配制记录不存在', en: 'Unknown preparation record' },
  DISINFECTANT_PREPARATION_ALREADY_CORRECTED: {
    status: 409,
    zh: '该配制记录已被更正，请更正最新的记录',
    en: 'This preparation record was already corrected: correct the latest one',
  },
} as const satisfies Record<string, ErrorSpec>;
