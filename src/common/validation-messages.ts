import type { Localized } from './errors/domain-error.js';

/**
 * class-validator writes its problems in English only. Each problem a caller reads is given in
 * both languages (issue 18, "no mixed languages"): the English stays class-validator's (or the
 * DTO's own message), the Chinese is written here per constraint, with the numbers and values
 * taken from the English text. A DTO with its own message registers the Chinese with `bilingual`.
 */
const OWN_MESSAGES = new Map<string, string>();

/** A DTO's own validation message in both languages: `@Matches(re, { message: bilingual('…', '…') })`. */
export function bilingual(zh: string, en: string): string {
  OWN_MESSAGES.set(en, zh);
  return en;
}

const after = (en: string, marker: RegExp): string => en.match(marker)?.[1]?.trim() ?? '';

const ZH: Record<string, (field: string, en: string) => string> = {
  isString: (f) => `${f} 必须是文本`,
  isInt: (f) => `${f} 必须是整数`,
  isNumber: (f) => `${f} 必须是数字`,
  isDecimal: (f, en) => `${f} 必须是最多 ${after(en, /at most (\d+) decimal/)} 位小数的数字`,
  isBoolean: (f) => `${f} 必须是 true 或 false`,
  isUUID: (f) => `${f} 必须是 UUID`,
  isIn: (f, en) => `${f} 必须是以下值之一：${after(en, /values: (.*)$/)}`,
  isEnum: (f, en) => `${f} 必须是以下值之一：${after(en, /values: (.*)$/)}`,
  min: (f, en) => `${f} 不能小于 ${after(en, /less than (\S+)$/)}`,
  max: (f, en) => `${f} 不能大于 ${after(en, /greater than (\S+)$/)}`,
  minLength: (f, en) => `${f} 至少 ${after(en, /equal to (\d+) characters/)} 个字符`,
  maxLength: (f, en) => `${f} 最多 ${after(en, /equal to (\d+) characters/)} 个字符`,
  isLength: (f, en) =>
    /longer than/.test(en)
      ? `${f} 至少 ${after(en, /equal to (\d+) characters/)} 个字符`
      : `${f} 最多 ${after(en, /equal to (\d+) characters/)} 个字符`,
  matches: (f) => `${f} 的格式不正确`,
  isNotEmpty: (f) => `${f} 不能为空`,
  isDefined: (f) => `${f} 不能为空`,
  isDateString: (f) => `${f} 必须是 ISO 8601 格式的日期时间`,
  isIso8601: (f) => `${f} 必须是 ISO 8601 格式的日期时间`,
  isArray: (f) => `${f} 必须是数组`,
  arrayMinSize: (f, en) => `${f} 至少包含 ${after(en, /at least (\d+) elements/)} 项`,
  arrayMaxSize: (f, en) => `${f} 最多包含 ${after(en, /more than (\d+) elements/)} 项`,
  arrayNotEmpty: (f) => `${f} 不能为空`,
  arrayUnique: (f) => `${f} 中的各项不能重复`,
  isObject: (f) => `${f} 必须是对象`,
  nestedValidation: (f) => `${f} 必须是对象或数组`,
  whitelistValidation: (f) => `不允许的字段 ${f}`,
  isPositive: (f) => `${f} 必须是正数`,
  isHospitalTime: (f) => `${f} 必须是日期或日期时间：YYYY-MM-DD、YYYY-MM-DDTHH:mm[:ss[.ffffff]]（医院时间），或带 Z / ±HH:MM`,
};

/** One problem class-validator found, in both languages. */
export function localizeProblem(constraint: string, field: string, en: string): Localized {
  const own = OWN_MESSAGES.get(en);
  if (own !== undefined) return { zh: own, en };
  const zh = ZH[constraint]?.(field, en) ?? `${field} 的值不符合要求`;
  return { zh, en };
}
