import { ERRORS, type ErrorCode } from './error-codes.js';

export type ErrorParams = Record<string, string | number>;

/**
 * The one error type the services throw. The exception filter turns it into
 * `{ code, message, details }` with the message in the caller's language.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly details?: unknown,
  ) {
    super(`${code}: ${fill(ERRORS[code].en, params)}`);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function fill(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function messageFor(code: ErrorCode, params: ErrorParams, locale: 'zh-CN' | 'en'): string {
  const spec = ERRORS[code];
  return fill(locale === 'en' ? spec.en : spec.zh, params);
}
