import type { Locale } from '../../config/config.js';
import type { ErrorCode } from './error-codes.js';

/** A text a person reads, in both languages: a message parameter or a detail that is words, not data. */
export interface Localized {
  zh: string;
  en: string;
}

/**
 * Data (codes, barcodes, numbers, times) is passed as is; words are passed as `Localized`, so
 * each language's message holds that language only (issue 18, "no mixed languages").
 */
export type ErrorParams = Record<string, string | number | Localized>;

/**
 * The one error type the services throw. The exception filter turns it into
 * `{ code, message, details }` with the status and message (and any `Localized` in the details)
 * of the code's entry in the error registry (src/errors.ts), in the caller's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly details?: unknown,
  ) {
    // The code and its parameters, for logs and test failures; people read the registry's words.
    super(Object.keys(params).length ? `${code} ${JSON.stringify(params)}` : code);
    this.name = 'DomainError';
  }
}

export function isLocalized(v: unknown): v is Localized {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length === 2 &&
    typeof (v as Localized).zh === 'string' &&
    typeof (v as Localized).en === 'string'
  );
}

export function fill(template: string, params: ErrorParams, locale: Locale = 'en'): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    if (!(k in params)) return m;
    const v = params[k];
    return isLocalized(v) ? (locale === 'en' ? v.en : v.zh) : String(v);
  });
}

/** The details of an error in one language: every `Localized` inside becomes that language's text. */
export function localizeDetails(details: unknown, locale: Locale): unknown {
  if (isLocalized(details)) return locale === 'en' ? details.en : details.zh;
  if (Array.isArray(details)) return details.map((d) => localizeDetails(d, locale));
  if (typeof details === 'object' && details !== null && !(details instanceof Date)) {
    return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, localizeDetails(v, locale)]));
  }
  return details;
}
