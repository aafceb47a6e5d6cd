import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { pickLocale } from '../locale.js';
import { DomainError, messageFor } from './domain-error.js';
import { ERRORS, type ErrorCode } from './error-codes.js';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN_ROLE',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * The single place where anything thrown becomes an HTTP answer:
 * `{ code, message, details }`, message in the caller's language, never a stack trace.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const err = this.toDomainError(exception, req);
    const locale = pickLocale(req.headers['accept-language'], this.config.defaultLocale);
    const body: ErrorBody = { code: err.code, message: messageFor(err.code, err.params, locale) };
    if (err.details !== undefined) body.details = err.details;
    if (err.status >= 500) {
      this.logger.error(`${req.method} ${req.originalUrl} → ${err.code}`, exception instanceof Error ? exception.stack : String(exception));
    }
    if (err.code === 'LOGIN_LOCKED' && typeof err.params.retryAfterSeconds === 'number') {
      res.setHeader('Retry-After', String(err.params.retryAfterSeconds));
    }
    if (err.code === 'DATABASE_BUSY') res.setHeader('Retry-After', '1');
    res.status(err.status).json(body);
  }

  private toDomainError(exception: unknown, req: Request): DomainError {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as { message?: unknown } | string;
      if (status === 404 && typeof response === 'object' && typeof response.message === 'string' && response.message.startsWith('Cannot ')) {
        return new DomainError('ROUTE_NOT_FOUND', {}, { method: req.method, path: req.originalUrl.split('?')[0] });
      }
      if (status === 400 && isJsonSyntaxError(exception)) return new DomainError('MALFORMED_BODY');
      const code = HTTP_STATUS_CODES[status];
      if (code) return new DomainError(code);
      return new DomainError(status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
    }
    if (isBodyParserError(exception)) {
      if (exception.type === 'entity.too.large') return new DomainError('PAYLOAD_TOO_LARGE');
      return new DomainError('MALFORMED_BODY');
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
      // A value PostgreSQL cannot parse (e.g. a malformed uuid that slipped past a DTO).
      if (pgCode === '22P02') return new DomainError('BAD_REQUEST');
    }
    if (isConnectionError(exception)) return new DomainError('DATABASE_UNAVAILABLE');
    // Every pooled connection stayed busy for CSSD_DB_POOL_WAIT_MS (pg-pool's own message).
    if (exception instanceof Error && exception.message === 'timeout exceeded when trying to connect') return new DomainError('DATABASE_BUSY');
    return new DomainError('INTERNAL_ERROR');
  }
}

function isBodyParserError(e: unknown): e is { type: string; status: number } {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && (e as { status?: unknown }).status === 400;
}

function isJsonSyntaxError(e: HttpException): boolean {
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof SyntaxError || /JSON/i.test(e.message);
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ECONNREFUSED' || code === '57P01' || code === '08006';
}

export { ERRORS };
