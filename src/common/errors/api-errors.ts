import { applyDecorators, type INestApplication } from '@nestjs/common';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import type { ErrorCode } from './error-codes.js';
import type { ErrorRegistry } from './error-registry.js';

type ErrorSchema = NonNullable<Extract<ApiResponseOptions, { schema?: unknown }>['schema']>;

/** Where @nestjs/swagger keeps a handler's documented responses, keyed by status. */
const API_RESPONSE_METADATA = 'swagger/apiResponse';
/** The error codes a handler's decorators declared, in the order they were applied, until the registry turns them into responses. */
const ERROR_CODES_METADATA = 'cssd:errorCodes';
const ERROR_CODES_DOCUMENTED = 'cssd:errorCodesDocumented';

/** Codes a decorator declared: under one status, or (none given) each under its own status in the registry. */
interface DeclaredCodes {
  status?: number | 'default';
  codes: readonly ErrorCode[];
}

/**
 * Codes any route can answer, whatever it does: a body that is not JSON, nested too deep, holding
 * a NUL character or too large, an
 * Idempotency-Key replayed for another request or still running, the database down or busy,
 * an unexpected failure. Documented on every route as its `default` answer.
 */
export const TRANSPORT_ERRORS: ErrorCode[] = [
  'MALFORMED_BODY',
  'BODY_TOO_DEEP',
  'INVALID_CHARACTERS',
  'PAYLOAD_TOO_LARGE',
  'BAD_REQUEST',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  'INTERNAL_ERROR',
  'DATABASE_UNAVAILABLE',
  'DATABASE_BUSY',
];

const errorSchema = (codes: readonly string[]): ErrorSchema => ({
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', enum: [...codes] },
    message: { type: 'string', description: 'in the caller’s language (Accept-Language)' },
    details: {},
  },
});

/**
 * Records codes on the handler. A code's status lives in the registry above the features
 * (src/errors.ts), which common/ does not import: documentErrorResponses turns the records into
 * OpenAPI responses when the HTTP app is configured.
 */
function declareCodes(declared: DeclaredCodes): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const earlier = (Reflect.getMetadata(ERROR_CODES_METADATA, handler) ?? []) as DeclaredCodes[];
    Reflect.defineMetadata(ERROR_CODES_METADATA, [...earlier, declared], handler);
  };
}

/** The 401 / 403 answers of a route behind @Roles (the guards run before anything else). */
export const authErrorResponses = (): MethodDecorator[] => [
  declareCodes({ status: 401, codes: ['UNAUTHENTICATED', 'TOKEN_EXPIRED'] }),
  declareCodes({ status: 403, codes: ['FORBIDDEN_ROLE'] }),
];

/**
 * Documents the error codes a route can answer with, grouped by HTTP status, plus
 * VALIDATION_FAILED (every route validates its input) and the transport codes. Every e2e suite
 * fails when a route answers a code it does not list (test/support/contract.ts).
 */
export function ApiErrors(...codes: ErrorCode[]) {
  return applyDecorators(
    declareCodes({ codes: ['VALIDATION_FAILED', ...codes] }),
    declareCodes({ status: 'default', codes: TRANSPORT_ERRORS }),
  );
}

/**
 * Turns the codes every controller's handlers declared into their documented error responses,
 * each status with its codes and their English messages; once per handler, before the OpenAPI
 * document is built.
 */
export function documentErrorResponses(app: INestApplication, registry: ErrorRegistry): void {
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const [owner, descriptor] = ownDescriptor(prototype, name);
        const handler = descriptor?.value as object | undefined;
        if (!owner || !descriptor || !handler || Reflect.getMetadata(ERROR_CODES_DOCUMENTED, handler)) continue;
        for (const declared of (Reflect.getMetadata(ERROR_CODES_METADATA, handler) ?? []) as DeclaredCodes[]) {
          for (const [status, codes] of byStatus(declared, registry)) errorResponse(registry, status, codes)(owner, name, descriptor);
        }
        Reflect.defineMetadata(ERROR_CODES_DOCUMENTED, true, handler);
      }
    }
  }
}

/** The prototype that defines a method (a controller may inherit its handlers) and its descriptor. */
function ownDescriptor(prototype: object, name: string): [object, PropertyDescriptor] | [] {
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(p, name);
    if (descriptor) return [p, descriptor];
  }
  return [];
}

function byStatus(declared: DeclaredCodes, registry: ErrorRegistry): Map<number | 'default', ErrorCode[]> {
  if (declared.status !== undefined) return new Map([[declared.status, [...declared.codes]]]);
  const groups = new Map<number | 'default', ErrorCode[]>();
  for (const c of declared.codes) {
    const s = registry.status(c);
    groups.set(s, [...new Set([...(groups.get(s) ?? []), c])]);
  }
  return groups;
}

/**
 * One documented error status of a handler, merged with what another decorator already put
 * under that status (@Roles documents 403 FORBIDDEN_ROLE; a route's own 403 codes join it), so
 * the order of the decorators does not matter.
 */
function errorResponse(registry: ErrorRegistry, status: number | 'default', codes: readonly ErrorCode[]): MethodDecorator {
  return (target, key, descriptor) => {
    const existing = (Reflect.getMetadata(API_RESPONSE_METADATA, descriptor.value as object) ?? {}) as Record<
      string,
      { schema?: { properties?: { code?: { enum?: ErrorCode[] } } } }
    >;
    const all = [...new Set([...(existing[status]?.schema?.properties?.code?.enum ?? []), ...codes])];
    const description =
      status === 'default'
        ? `Transport errors: ${all.map((c) => `\`${c}\``).join(', ')}`
        : all.map((c) => `\`${c}\` — ${registry.spec(c).en}`).join('; ');
    return ApiResponse({ status, description, schema: errorSchema(all) })(target, key, descriptor);
  };
}
