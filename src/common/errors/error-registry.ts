import type { Locale } from '../../config/config.js';
import { fill, type ErrorParams } from './domain-error.js';
import type { ErrorCode, ErrorSpec } from './error-codes.js';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The tables of several owners as one: the type holds every code of every table. */
export type MergedTables<T extends Record<string, Record<string, ErrorSpec>>> = UnionToIntersection<T[keyof T]>;

/**
 * Every owner's table as one, refusing a code two owners declare (spreading would silently keep
 * the later one's status and words).
 */
export function mergeErrorTables<T extends Record<string, Record<string, ErrorSpec>>>(tables: T): MergedTables<T> {
  const merged: Record<string, ErrorSpec> = {};
  const ownerOf = new Map<string, string>();
  for (const [owner, table] of Object.entries(tables)) {
    for (const [code, spec] of Object.entries(table)) {
      const first = ownerOf.get(code);
      if (first) throw new Error(`error code ${code} is declared by both ${first} and ${owner}`);
      ownerOf.set(code, owner);
      merged[code] = spec;
    }
  }
  return merged as MergedTables<T>;
}

/**
 * Code → HTTP status and messages, for the parts of the shared layer that answer errors (the
 * exception filter, the idempotency replay, the OpenAPI error responses). Assembled once above
 * the features (src/errors.ts) and handed in, so common/ imports no feature's table.
 */
export class ErrorRegistry {
  constructor(private readonly specs: Readonly<Record<string, ErrorSpec>>) {}

  has(code: string): code is ErrorCode {
    return Object.hasOwn(this.specs, code);
  }

  spec(code: ErrorCode): ErrorSpec {
    if (!this.has(code)) throw new Error(`unknown error code ${code}: declare it in its module's *.errors.ts and src/errors.ts`);
    return this.specs[code];
  }

  status(code: ErrorCode): number {
    return this.spec(code).status;
  }

  /** The message in one language, its placeholders filled from the params (words in that language). */
  message(code: ErrorCode, params: ErrorParams, locale: Locale): string {
    const spec = this.spec(code);
    return fill(locale === 'en' ? spec.en : spec.zh, params, locale);
  }

  codes(): ErrorCode[] {
    return Object.keys(this.specs) as ErrorCode[];
  }
}
