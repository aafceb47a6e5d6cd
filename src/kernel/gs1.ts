/**
 * What a barcode scanner types at a station (the scanner is a keyboard), read as either a GS1
 * element string or a plain code (pack label, set asset code, badge). Pure: no I/O.
 *
 * References: GS1 General Specifications (GenSpecs) §3 (AI definitions), §4.14 (mandatory
 * associations), §7.8 (element strings and FNC1), §7.9 (check digits), §7.12 (century of
 * YYMMDD dates), Figure 7.11-1 (character set 82); ISO/IEC 15424 (symbology identifiers).
 */

export type Gs1ErrorCode =
  | 'EMPTY_SCAN'
  | 'INVALID_CHARACTERS'
  | 'SCAN_TOO_LONG'
  | 'GS1_UNKNOWN_AI'
  | 'GS1_BAD_CHECK_DIGIT'
  | 'GS1_INVALID_DATE'
  | 'GS1_FIELD_TOO_LONG'
  | 'GS1_FIELD_TOO_SHORT'
  // Kept for callers' error tables; never raised here: every fixed-length AI supported is of
  // predefined length, and a variable field missing its GS shows as GS1_FIELD_TOO_LONG.
  | 'GS1_MISSING_SEPARATOR'
  | 'GS1_MISSING_REQUIRED_AI'
  | 'GS1_DUPLICATE_AI';

export class Gs1Error extends Error {
  constructor(
    readonly code: Gs1ErrorCode,
    message: string,
    /** The Application Identifier concerned, when there is one. */
    readonly ai?: string,
  ) {
    super(message);
    this.name = 'Gs1Error';
  }

  /** The problem as a person reads it: the English in detail, the Chinese by kind and AI. */
  describe(): { zh: string; en: string } {
    const ai = this.ai && /^\d{2,4}$/.test(this.ai) ? `AI (${this.ai}) ` : '';
    return { zh: `${ai}${GS1_PROBLEMS_ZH[this.code]}`, en: this.message };
  }
}

const GS1_PROBLEMS_ZH: Record<Gs1ErrorCode, string> = {
  EMPTY_SCAN: '扫描内容为空',
  INVALID_CHARACTERS: '含有不允许的字符（条码只能是可打印的 ASCII 字符，不含空格）',
  SCAN_TOO_LONG: '条码过长',
  GS1_UNKNOWN_AI: '未知或不支持的应用标识符',
  GS1_BAD_CHECK_DIGIT: '校验位错误',
  GS1_INVALID_DATE: '日期不存在',
  GS1_FIELD_TOO_LONG: '数据过长',
  GS1_FIELD_TOO_SHORT: '数据过短',
  GS1_MISSING_SEPARATOR: '缺少分隔符 GS',
  GS1_MISSING_REQUIRED_AI: '缺少必须同时出现的 AI',
  GS1_DUPLICATE_AI: '出现了不止一次',
};

export interface Gs1Element {
  ai: string;
  value: string;
}

export type ScanResult =
  | {
      kind: 'gs1';
      elements: Gs1Element[];
      gtin?: string;
      batch?: string;
      /** AI 17 as a calendar date, YYYY-MM-DD (day 00 resolved to the month's last day). */
      expiry?: string;
      serial?: string;
      giai?: string;
    }
  | { kind: 'plain'; code: string };

export interface ParseScanOptions {
  /**
   * The year that YYMMDD dates are placed around (GenSpecs 7.12): the caller's, from the
   * service's clock (or the date the data was written on), never this machine's own.
   */
  referenceYear: number;
}

type Content = 'check-digit' | 'date' | 'cset82';

interface AiRule {
  /** Predefined length (GenSpecs Figure 7.8.5-2): no FNC1/GS is needed after the field. */
  fixedLength?: number;
  maxLength: number;
  content: Content;
  /** GenSpecs 4.14.2: at least one of these AIs must be in the same element string. */
  requiresOneOf?: readonly string[];
  label: string;
}

// A batch, dates and extra ids only make sense for a trade item (01) or the logistic unit
// content (02); a serial makes an instance of a trade item, so only 01 (GenSpecs 4.14.2).
const TRADE_ITEM = ['01', '02'] as const;

const AI_RULES: Readonly<Record<string, AiRule>> = {
  '00': { fixedLength: 18, maxLength: 18, content: 'check-digit', label: 'SSCC' },
  '01': { fixedLength: 14, maxLength: 14, content: 'check-digit', label: 'GTIN' },
  '02': { fixedLength: 14, maxLength: 14, content: 'check-digit', label: 'GTIN of contained items' },
  '10': { maxLength: 20, content: 'cset82', requiresOneOf: TRADE_ITEM, label: 'batch/lot' },
  '11': { fixedLength: 6, maxLength: 6, content: 'date', requiresOneOf: TRADE_ITEM, label: 'production date' },
  '13': { fixedLength: 6, maxLength: 6, content: 'date', requiresOneOf: TRADE_ITEM, label: 'packaging date' },
  '15': { fixedLength: 6, maxLength: 6, content: 'date', requiresOneOf: TRADE_ITEM, label: 'best before date' },
  '17': { fixedLength: 6, maxLength: 6, content: 'date', requiresOneOf: TRADE_ITEM, label: 'expiry date' },
  '21': { maxLength: 20, content: 'cset82', requiresOneOf: ['01'], label: 'serial number' },
  '240': { maxLength: 30, content: 'cset82', requiresOneOf: TRADE_ITEM, label: 'additional product id' },
  // GIAI identifies an asset on its own (an instrument tray, §3.1): no other AI required.
  '8004': { maxLength: 30, content: 'cset82', label: 'GIAI' },
};

/** Own keys only: a scanned "(constructor)" must not find Object.prototype. */
function ruleFor(ai: string): AiRule | undefined {
  return Object.hasOwn(AI_RULES, ai) ? AI_RULES[ai] : undefined;
}

const GS = '\x1d';
// ISO/IEC 15424 symbology identifiers that announce GS1 data (FNC1 in first position).
const GS1_SYMBOLOGY_IDS = [']C1', ']d2', ']Q3'];
// Any other identifier (]C0 Code 128, ]d1 DataMatrix, ]Q1 QR, ]A0 Code 39 …) carries plain data.
const OTHER_SYMBOLOGY_ID = /^\][A-Za-z][0-9A-Za-z]/;
// GenSpecs Figure 7.11-1: character set 82, the printable ASCII subset allowed in AI values.
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
const PLAIN_CODE = /^[\x21-\x7e]*$/;
const PLAIN_CODE_MAX = 64;

/** Reads one scan. Throws Gs1Error for anything a station must refuse. */
export function parseScan(input: string, { referenceYear }: ParseScanOptions): ScanResult {
  // Scanners end a scan with Enter; nothing else is trimmed, so stray spaces are refused.
  const scan = input.replace(/[\r\n]+$/, '');
  if (scan.trim() === '') throw new Gs1Error('EMPTY_SCAN', 'Empty scan');

  const gs1Id = GS1_SYMBOLOGY_IDS.find((id) => scan.startsWith(id));
  if (gs1Id) return gs1Result(parseSeparated(scan.slice(gs1Id.length)), referenceYear);
  // Without an identifier, a GS can only come from an FNC1: a plain code never contains one.
  if (scan.includes(GS)) return gs1Result(parseSeparated(scan), referenceYear);
  if (scan.startsWith('(')) return gs1Result(parseParenthesised(scan), referenceYear);

  const code = OTHER_SYMBOLOGY_ID.test(scan) ? scan.slice(3) : scan;
  if (!PLAIN_CODE.test(code)) throw new Gs1Error('INVALID_CHARACTERS', 'A code may only contain printable ASCII without spaces');
  if (code.length === 0) throw new Gs1Error('EMPTY_SCAN', 'Empty scan');
  if (code.length > PLAIN_CODE_MAX) throw new Gs1Error('SCAN_TOO_LONG', `A code is at most ${PLAIN_CODE_MAX} characters`);
  return { kind: 'plain', code };
}

/** GenSpecs 7.9.1: the mod-10 check digit of GTIN, SSCC and GLN (weights 3,1,3,… from the right). */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  if (!/^\d{1,17}$/.test(digitsWithoutCheck)) throw new RangeError('Expected 1 to 17 digits');
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const digit = Number(digitsWithoutCheck[digitsWithoutCheck.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * The human-readable interpretation printed under a symbol: `(01)…(17)…(10)…`.
 * Validates first (YYMMDD dates placed around `referenceYear`), so a label never shows data
 * its own barcode could not carry.
 */
export function formatGs1HumanReadable(elements: readonly Gs1Element[], referenceYear: number): string {
  validateElements(elements, referenceYear);
  for (const { ai, value } of elements) {
    // In the bracketed form a value runs to the next "(", so it cannot contain one.
    if (value.includes('(')) throw new Gs1Error('INVALID_CHARACTERS', `AI (${ai}): "(" cannot be written in bracketed form`, ai);
  }
  return elements.map(({ ai, value }) => `(${ai})${value}`).join('');
}

/** bwip-js (BWIPP) reads GS1 data in the same bracketed syntax, e.g. `bcid: 'gs1datamatrix'`. */
export function encodeGs1ForBwip(elements: readonly Gs1Element[], referenceYear: number): string {
  return formatGs1HumanReadable(elements, referenceYear);
}

/**
 * The element string as a symbol carries it, without symbology identifier: a GS closes every
 * variable-length field except the last (GenSpecs 7.8.5); predefined-length fields need none.
 */
export function encodeGs1ElementString(elements: readonly Gs1Element[], referenceYear: number): string {
  validateElements(elements, referenceYear);
  return elements
    .map(({ ai, value }, i) => {
      const last = i === elements.length - 1;
      return ai + value + (AI_RULES[ai].fixedLength === undefined && !last ? GS : '');
    })
    .join('');
}

/** Form (a)/(b): AI + value, fixed fields by length, variable fields up to the next GS. */
function parseSeparated(data: string): Gs1Element[] {
  const elements: Gs1Element[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === GS) {
      pos++; // FNC1 in first position, or a separator (also tolerated after fixed fields)
      continue;
    }
    const ai = matchAi(data, pos);
    pos += ai.length;
    const rule = AI_RULES[ai];
    let end = data.indexOf(GS, pos);
    if (end === -1) end = data.length;
    // A fixed field ends at its length even without a separator; if a GS comes sooner it is short.
    if (rule.fixedLength !== undefined) end = Math.min(end, pos + rule.fixedLength);
    // A variable field runs to the next GS: a missing separator makes it too long (checked later).
    elements.push({ ai, value: data.slice(pos, end) });
    pos = end;
  }
  return elements;
}

function matchAi(data: string, pos: number): string {
  // The supported AIs are prefix-free (no "24" or "80"), so the first match is the AI.
  for (const length of [2, 3, 4]) {
    const candidate = data.slice(pos, pos + length);
    if (candidate.length === length && ruleFor(candidate)) return candidate;
  }
  const seen = data.slice(pos, pos + 4);
  throw new Gs1Error('GS1_UNKNOWN_AI', `Unknown or unsupported Application Identifier at "${printable(seen)}"`, seen);
}

/** Form (c): `(01)09501101530003(17)261231(10)AB12`; brackets delimit, no separator needed. */
function parseParenthesised(data: string): Gs1Element[] {
  const elements: Gs1Element[] = [];
  // "(AI)" then a value up to the next "(" — the value may contain ")" but not "(".
  const element = /\(([^()]*)\)([^(]*)/y;
  while (element.lastIndex < data.length) {
    const at = element.lastIndex;
    const match = element.exec(data);
    if (!match) throw new Gs1Error('GS1_UNKNOWN_AI', `Expected "(AI)" at "${printable(data.slice(at, at + 8))}"`);
    const [, ai, value] = match;
    if (!ruleFor(ai)) throw new Gs1Error('GS1_UNKNOWN_AI', `Unknown or unsupported Application Identifier (${printable(ai)})`, ai);
    elements.push({ ai, value });
  }
  return elements;
}

function gs1Result(elements: Gs1Element[], referenceYear: number): ScanResult {
  if (elements.length === 0) throw new Gs1Error('EMPTY_SCAN', 'GS1 scan without data');
  validateElements(elements, referenceYear);
  const valueOf = (ai: string) => elements.find((e) => e.ai === ai)?.value;
  const expiry = valueOf('17');
  return {
    kind: 'gs1',
    elements,
    ...defined('gtin', valueOf('01')),
    ...defined('batch', valueOf('10')),
    ...defined('expiry', expiry === undefined ? undefined : resolveDate('17', expiry, referenceYear)),
    ...defined('serial', valueOf('21')),
    ...defined('giai', valueOf('8004')),
  };
}

function defined<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Every rule on a whole element string: each value, then duplicates, then associations. */
function validateElements(elements: readonly Gs1Element[], referenceYear: number): void {
  const seen = new Set<string>();
  for (const { ai, value } of elements) {
    const rule = ruleFor(ai);
    if (!rule) throw new Gs1Error('GS1_UNKNOWN_AI', `Unknown or unsupported Application Identifier (${printable(ai)})`, ai);
    validateValue(ai, rule, value, referenceYear);
    // GS1 tolerates a repeat only with the same value; a label or scan that repeats an AI is
    // malformed either way, and two GTINs or expiries on one pack would be ambiguous.
    if (seen.has(ai)) throw new Gs1Error('GS1_DUPLICATE_AI', `AI (${ai}) occurs more than once`, ai);
    seen.add(ai);
  }
  for (const ai of seen) {
    const required = AI_RULES[ai].requiresOneOf;
    if (required && !required.some((r) => seen.has(r))) {
      const wanted = required.map((r) => `(${r})`).join(' or ');
      throw new Gs1Error('GS1_MISSING_REQUIRED_AI', `AI (${ai}) ${AI_RULES[ai].label} requires ${wanted}`, ai);
    }
  }
}

function validateValue(ai: string, rule: AiRule, value: string, referenceYear: number): void {
  const name = `AI (${ai}) ${rule.label}`;
  const numeric = rule.content !== 'cset82';
  if (numeric ? !/^\d*$/.test(value) : !CSET82.test(value)) {
    throw new Gs1Error('INVALID_CHARACTERS', `${name}: ${numeric ? 'digits only' : 'character outside GS1 set 82'}`, ai);
  }
  const minLength = rule.fixedLength ?? 1;
  if (value.length < minLength) throw new Gs1Error('GS1_FIELD_TOO_SHORT', `${name}: at least ${minLength} characters`, ai);
  if (value.length > rule.maxLength) {
    // Without a GS a variable field swallows the next element: this is how a lost separator shows.
    const hint = rule.fixedLength === undefined ? ' (missing GS separator?)' : '';
    throw new Gs1Error('GS1_FIELD_TOO_LONG', `${name}: at most ${rule.maxLength} characters${hint}`, ai);
  }
  if (rule.content === 'check-digit') {
    const expected = gtinCheckDigit(value.slice(0, -1));
    if (Number(value.at(-1)) !== expected) throw new Gs1Error('GS1_BAD_CHECK_DIGIT', `${name}: check digit should be ${expected}`, ai);
  }
  if (rule.content === 'date') resolveDate(ai, value, referenceYear);
}

/**
 * YYMMDD → YYYY-MM-DD. GenSpecs 7.12: the century puts the year within −49…+50 years of the
 * reference year. Day 00 (allowed in AIs 11, 13, 15, 17) means the last day of the month.
 */
function resolveDate(ai: string, yymmdd: string, referenceYear: number): string {
  const [yy, month, day] = [0, 2, 4].map((i) => Number(yymmdd.slice(i, i + 2)));
  let year = Math.floor(referenceYear / 100) * 100 + yy;
  if (year - referenceYear > 50) year -= 100;
  else if (year - referenceYear < -49) year += 100;
  if (month < 1 || month > 12) throw new Gs1Error('GS1_INVALID_DATE', `AI (${ai}): month ${yymmdd.slice(2, 4)} does not exist`, ai);
  const lastDay = daysInMonth(year, month);
  if (day > lastDay) throw new Gs1Error('GS1_INVALID_DATE', `AI (${ai}): ${year}-${pad(month)} has no day ${pad(day)}`, ai);
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day === 0 ? lastDay : day)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Control characters shown visibly in error messages (a GS would otherwise be invisible). */
function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => (c === GS ? '<GS>' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
