import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of the sterilization module, merged into the one ERRORS table. */
export const STERILIZATION_ERRORS = {
  // The loading check before the start (seed 1.4, issue 18).
  LOAD_CHECK_MISSING: {
    status: 422,
    zh: '第 {cycle} 锅尚未做装载核查（包装、数量、规格、装载方法），请先记录核查再启动',
    en: 'Cycle {cycle} has no loading check (packaging, quantity, specification, loading method): record it before starting',
  },
  LOAD_CHECK_OUTDATED: {
    status: 422,
    zh: '第 {cycle} 锅在装载核查后又有包装入或移出，请重新核查',
    en: 'Packs were scanned into or out of cycle {cycle} after its loading check: check the load again',
  },
  LOAD_CHECK_FAILED: {
    status: 422,
    zh: '第 {cycle} 锅装载核查不合格（{itemsZh}），请纠正后重新核查',
    en: 'The loading check of cycle {cycle} failed ({itemsEn}): correct the load and check it again',
  },
} as const satisfies Record<string, ErrorSpec>;
