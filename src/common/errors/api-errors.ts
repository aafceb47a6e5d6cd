import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERRORS, type ErrorCode } from './error-codes.js';

/** Documents the error codes a route can answer with, grouped by HTTP status. */
export function ApiErrors(...codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of ['VALIDATION_FAILED', ...codes] as ErrorCode[]) {
    const s = ERRORS[c].status;
    byStatus.set(s, [...new Set([...(byStatus.get(s) ?? []), c])]);
  }
  return applyDecorators(
    ...[...byStatus].map(([status, cs]) =>
      ApiResponse({
        status,
        description: cs.map((c) => `\`${c}\` — ${ERRORS[c].en}`).join('; '),
        schema: {
          type: 'object',
          properties: { code: { type: 'string', enum: cs }, message: { type: 'string' }, details: {} },
        },
      }),
    ),
  );
}
