import type { ErrorSpec } from '../common/errors/error-codes.js';

/** Error codes of inspection and packing, merged into the one ERRORS table. */
export const PACKING_ERRORS = {
  PACKAGING_NOT_ALLOWED: {
    status: 422,
    zh: '此器械包不能使用该包装材料：{material}',
    en: 'This packaging material is not allowed for the set: {material}',
  },
  NOT_A_DRESSING_TEMPLATE: {
    status: 422,
    zh: '只有敷料包可以不经器械直接包装',
    en: 'Only dressing packs are packed straight from a template',
  },
  SHORTFALL_OPEN: {
    status: 422,
    zh: '该包回收时器械不全，不能按完整包包装：{itemsZh}。请补齐器械，或由护士长核准按缺件包装',
    en: 'This set came back short and cannot be packed as complete: {itemsEn}. Replace the instruments, or have the head nurse approve packing it short',
  },
  REPLACEMENT_NOT_SHORT: {
    status: 422,
    zh: '第 {lineNo} 行器械尚缺 {open} 件，不能登记补齐 {quantity} 件',
    en: 'Line {lineNo} is short by {open}; {quantity} cannot be recorded as replaced',
  },
  REPLACEMENT_ENTRY_MISMATCH: {
    status: 422,
    zh: '所选维修报废登记不是该器械包第 {lineNo} 行的未补齐发现（尚可补齐 {open} 件）',
    en: 'The register entry named is not this set’s open finding for line {lineNo} ({open} still to replace)',
  },
  INSPECTION_WEIGHT_REQUIRED: {
    status: 422,
    zh: '该包模板规定了最大重量 {maxKg} kg，检查时请称重并填写重量',
    en: 'The set template sets a maximum weight of {maxKg} kg: weigh the set and enter its weight',
  },
} as const satisfies Record<string, ErrorSpec>;
