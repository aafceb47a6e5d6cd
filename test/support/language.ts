import { isLocalized, type ErrorParams } from '../../src/common/errors/domain-error.js';
import type { ErrorCode } from '../../src/common/errors/error-codes.js';
import { ERRORS, messageFor } from '../../src/errors.js';

/**
 * "Every message a person reads is in one language, the one asked for" (issue 18): the checks
 * behind the message walk (test/contract/messages.spec.ts) and behind every error an e2e test
 * provokes (test/support/contract.ts renders it in both languages and asks these).
 */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** Latin words a Chinese message may hold: a brand name, units, file formats, date-format letters, literal API values. */
const ZH_LATIN_WORDS = new Set([
  'Tyvek',
  'kPa',
  'cm',
  'kg',
  'ml',
  'mg',
  'dpi',
  'pdf',
  'zpl',
  'png',
  'svg',
  'min',
  'mm',
  'ss',
  'ffffff',
  'id',
  'true',
  'false',
  'Idempotency-Key',
]);

/** Parameters that name request fields (identifiers such as patientId) or echo what the caller sent (a scanned code, a printer's name): data, whatever they hold. */
const IDENTIFIER_PARAMS = new Set(['fields', 'field', 'code', 'barcode', 'barcodes', 'printer']);

/** Words are English prose when at least two lower-case words follow each other. */
const PROSE = /\b[a-z]{2,}\b[ ,]+\b[a-z]{2,}\b/;

function stripData(text: string, data: readonly string[]): string {
  let out = text;
  // Longest first, so a value inside another is not half-removed.
  for (const d of [...data].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) out = out.split(d).join(' ');
  return out;
}

/** Problems of one text pair: the English holds no Chinese, the Chinese no English words. */
export function mixedLanguage(zh: string, en: string, data: readonly string[] = []): string[] {
  const problems: string[] = [];
  const enText = stripData(en, data);
  if (CJK.test(enText)) problems.push(`English text holds Chinese: "${en}"`);
  const zhText = stripData(zh, data);
  const english = (zhText.match(/[A-Za-z][A-Za-z0-9_'-]*/g) ?? []).filter(
    (w) => /[a-z]{2,}/.test(w) && !ZH_LATIN_WORDS.has(w) && !/[a-z][A-Z]|_|\d/.test(w), // identifiers (patientId, cycle_no) are data
  );
  if (english.length > 0) problems.push(`Chinese text holds English (${english.join(', ')}): "${zh}"`);
  return problems;
}

/**
 * An error as both languages would read it: its message with its parameters, and every text of
 * its details. A plain-string parameter or detail is data (a code, a barcode, a time): one that
 * holds Chinese or English prose should have been passed as `Localized`.
 */
export function errorLanguageProblems(code: ErrorCode, params: ErrorParams, details?: unknown): string[] {
  const problems: string[] = [];
  const data: string[] = [];
  const { zh, en } = ERRORS[code];
  const shown = new Set([...zh.matchAll(/\{(\w+)\}/g), ...en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  for (const [k, v] of Object.entries(params)) {
    if (!shown.has(k)) continue; // for machines (details of the answer), not read by a person
    if (isLocalized(v)) problems.push(...mixedLanguage(v.zh, v.en).map((p) => `${code} {${k}}: ${p}`));
    // {xZh} is read in the Chinese message only, {xEn} in the English one only.
    else if (typeof v === 'string' && k.endsWith('Zh')) problems.push(...mixedLanguage(v, '').map((p) => `${code} {${k}}: ${p}`));
    else if (typeof v === 'string' && k.endsWith('En')) problems.push(...mixedLanguage('', v).map((p) => `${code} {${k}}: ${p}`));
    else if (typeof v === 'string') {
      // Field names are identifiers, whatever they look like; any other lower-case word is a word.
      const words = !IDENTIFIER_PARAMS.has(k) && (CJK.test(v) || PROSE.test(v) || /^[a-z]{3,}$/.test(v));
      if (words) problems.push(`${code} {${k}} is words, not data — pass it as { zh, en }: "${v}"`);
      data.push(v);
    }
  }
  const [zhMessage, enMessage] = [messageFor(code, params, 'zh-CN'), messageFor(code, params, 'en')];
  // A placeholder the template names and the thrower did not give shows as "{count}" (a field name
  // a caller sent may hold braces: it is data, not a placeholder).
  for (const p of shown) if (!(p in params)) problems.push(`${code}: its placeholder {${p}} was not given: "${zhMessage}"`);
  problems.push(...mixedLanguage(zhMessage, enMessage, data).map((p) => `${code}: ${p}`));
  walkDetails(
    details,
    (zh, en, fields) => problems.push(...mixedLanguage(zh, en, fields).map((p) => `${code} details: ${p}`)),
    (s) => {
      if (CJK.test(s) ? false : PROSE.test(s) && s.split(' ').length >= 3)
        problems.push(`${code} details hold English words a person reads — pass them as { zh, en }: "${s}"`);
    },
  );
  return problems;
}

function walkDetails(
  d: unknown,
  localized: (zh: string, en: string, data: string[]) => void,
  plain: (s: string) => void,
  data: string[] = [],
): void {
  if (isLocalized(d)) return localized(d.zh, d.en, data);
  if (typeof d === 'string') return plain(d);
  if (Array.isArray(d)) return d.forEach((x) => walkDetails(x, localized, plain, data));
  if (typeof d === 'object' && d !== null) {
    // A validation problem names its field (an identifier) and may list the literal values allowed.
    const o = d as Record<string, unknown>;
    const own = typeof o.field === 'string' ? [...data, o.field, ...o.field.split('.')] : data;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'field') continue;
      if (k === 'problems' && Array.isArray(v)) {
        for (const p of v)
          if (isLocalized(p)) localized(p.zh, p.en, [...own, ...allowedValues(p.en)]);
          else walkDetails(p, localized, plain, own);
      } else walkDetails(v, localized, plain, own);
    }
  }
}

/** "… must be one of the following values: wet, damaged" → the literal values. */
function allowedValues(en: string): string[] {
  const m = en.match(/following values: (.*)$/);
  return m ? m[1].split(',').map((s) => s.trim()) : [];
}
