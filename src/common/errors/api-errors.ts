import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import { ERRORS, type ErrorCode } from './error-codes.js';

type ErrorSchema = NonNullable<Extract<ApiResponseOptions, { schema?: unknown }>['schema']>;

/** Where @nestjs/swagger keeps a handler's documented responses, keyed by status. */
const API_RESPONSE_METADATA = 'swagger/apiResponse';

/**
 * Codes any route can answer, whatever it does: a body that is not JSON, nested too deep, holding
 * a NUL character or too large, an
 * Idempotency-Key replayed for another request or still running, the database down or busy,
 * an unexpected failure. Documented on every route as its `default` answer.
 */
export const TRANSPORT_ERRORS: ErrorCode[] = ['MALFORMED_BODY', 'BODY_TOO_DEEP', 'INVALID_CHARACTERS', 'PAYLOAD_TOO_LARGE', 'BAD_REQUEST', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS', 'INTERNAL_ERROR', 'DATABASE_UNAVAILABLE', 'DATABASE_BUSY'];

const errorSchema = (codes: readonly string[]): ErrorSchema => ({
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string', enum: [...codes] }, message: { type: 'string', description: 'in the caller’s language (Accept-Language)' }, details: {} },
});

const describe = (codes: readonly ErrorCode[]) => codes.map((c) => `\`${c}\` — ${ERRORS[c].en}`).join('; ');

/**
 * One documented error status of a handler, merged with what another decorator already put
 * under that status (@Roles documents 403 FORBIDDEN_ROLE; a route's own 403 codes join it), so
 * the order of the decorators does not matter.
 */
function ErrorResponse(status: number | 'default', codes: readonly ErrorCode[]): MethodDecorator {
  return (target, key, descriptor) => {
    const existing = (Reflect.getMetadata(API_RESPONSE_METADATA, descriptor.value as object) ?? {}) as Record<string, { schema?: { properties?: { code?: { enum?: ErrorCode[] } } } }>;
    const all = [...new Set([...(existing[status]?.schema?.properties?.code?.enum ?? []), ...codes])];
    const description = status === 'default' ? `Transport errors: ${all.map((c) => `\`${c}\``).join(', ')}` : describe(all);
    return ApiResponse({ status, description, schema: errorSchema(all) })(target, key, descriptor);
  };
}

/** The 401 / 403 answers of a route behind @Roles (the guards run before anything else). */
export const authErrorResponses = (): MethodDecorator[] => [ErrorResponse(401, ['UNAUTHENTICATED', 'TOKEN_EXPIRED']), ErrorResponse(403, ['FORBIDDEN_ROLE'])];

/**
 * Documents the error codes a route can answer with, grouped by HTTP status, plus
 * VALIDATION_FAILED (every route validates its input) and the transport codes. Every e2e suite
 * fails when a route answers a code it does not list (test/support/contract.ts).
 */
export function ApiErrors(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of ['VALIDATION_FAILED', ...codes] as ErrorCode[]) {
    const s = ERRORS[c].status;
    byStatus.set(s, [...new Set([...(byStatus.get(s) ?? []), c])]);
  }
  return applyDecorators(...[...byStatus].map(([status, cs]) => ErrorResponse(status, cs)), ErrorResponse('default', TRANSPORT_ERRORS));
}
