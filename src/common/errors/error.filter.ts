import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource, QueryFailedError } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { pickLocale } from '../locale.js';
import { MAX_BODY_DEPTH } from '../validation.js';
import { DomainError, localizeDetails } from './domain-error.js';
import type { ErrorCode } from './error-codes.js';
import { ErrorRegistry } from './error-registry.js';

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

/** 503s the service answers on purpose (the station retries): logged as a warning, without a stack. */
const OPERATIONAL_CODES = new Set(['DATABASE_BUSY', 'DATABASE_UNAVAILABLE']);

/**
 * The single place where anything thrown becomes an HTTP answer:
 * `{ code, message, details }`, message in the caller's language, never a stack trace.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ErrorRegistry) private readonly errors: ErrorRegistry,
    @Optional() private readonly db?: DataSource,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const err = this.toDomainError(exception, req);
    // A fault nobody foresaw while PostgreSQL is going away (a driver or ORM error in words no list
    // knows) is the outage, not a fault to report: ask the database before answering 500 (issue 13.5).
    if (err.code === 'INTERNAL_ERROR' && this.db) {
      void this.databaseReachable()
        .then((up) => this.answer(up ? err : new DomainError('DATABASE_UNAVAILABLE'), exception, req, res))
        // Never an unhandled rejection (it would end the process): a failure to answer is logged.
        .catch((e: unknown) =>
          this.logger.error(`${req.method} ${req.originalUrl}: could not answer`, e instanceof Error ? e.stack : String(e)),
        );
      return;
    }
    this.answer(err, exception, req, res);
  }

  /** A `SELECT 1` within a second and a half: an error or no answer means the database is not there for us. */
  private async databaseReachable(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1500)));
    try {
      return await Promise.race([
        this.db!.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        late,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private answer(err: DomainError, exception: unknown, req: Request, res: Response): void {
    if (res.headersSent) return;
    const locale = pickLocale(req.headers['accept-language'], this.config.defaultLocale);
    const status = this.errors.status(err.code);
    const body: ErrorBody = { code: err.code, message: this.errors.message(err.code, err.params, locale) };
    if (err.details !== undefined) body.details = localizeDetails(err.details, locale);
    if (OPERATIONAL_CODES.has(err.code)) {
      // A busy or unreachable database is a condition to watch, not a bug: one line, no stack.
      this.logger.warn(`${req.method} ${req.originalUrl} → ${err.code}`);
    } else if (status >= 500) {
      this.logger.error(`${req.method} ${req.originalUrl} → ${err.code}`, exception instanceof Error ? exception.stack : String(exception));
    }
    // A refusal that names its wait (LOGIN_LOCKED) tells clients and proxies when to come back.
    if (typeof err.params.retryAfterSeconds === 'number') {
      res.setHeader('Retry-After', String(err.params.retryAfterSeconds));
    }
    if (err.code === 'DATABASE_BUSY') res.setHeader('Retry-After', '1');
    // An outage (restart, failover) lasts seconds: stations and proxies retry after this (issue 13.5).
    if (err.code === 'DATABASE_UNAVAILABLE') res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res.status(status).json(body);
  }

  private toDomainError(exception: unknown, req: Request): DomainError {
    if (exception instanceof DomainError) return exception;
    // body-parser's verify hook (refuseDeepJson); Nest hands it on as an HttpException caused by it.
    const cause = exception instanceof HttpException ? (exception as { cause?: unknown }).cause : exception;
    if (isBodyParserError(cause) && cause.type === 'entity.too.deep') return new DomainError('BODY_TOO_DEEP', { max: MAX_BODY_DEPTH });
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as { message?: unknown } | string;
      if (
        status === 404 &&
        typeof response === 'object' &&
        typeof response.message === 'string' &&
        response.message.startsWith('Cannot ')
      ) {
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
      // A value PostgreSQL cannot parse (e.g. a malformed uuid or date that slipped past a DTO).
      if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008') return new DomainError('BAD_REQUEST');
      // A NUL character in text (22P05) or bytes that are not UTF-8 (22021): the caller's input, not a fault.
      if (pgCode === '22P05' || pgCode === '22021') return new DomainError('INVALID_CHARACTERS');
      // A number too large for its column (e.g. ?cycleNo=99999999999).
      if (pgCode === '22003') return new DomainError('VALUE_OUT_OF_RANGE');
    }
    if (isConnectionError(exception)) return new DomainError('DATABASE_UNAVAILABLE');
    if ((exception as { code?: string } | null)?.code === '53300') return new DomainError('DATABASE_BUSY');
    // Every pooled connection stayed busy for CSSD_DB_POOL_WAIT_MS (pg-pool's own message).
    if (exception instanceof Error && exception.message === 'timeout exceeded when trying to connect')
      return new DomainError('DATABASE_BUSY');
    return new DomainError('INTERNAL_ERROR');
  }
}

function isBodyParserError(e: unknown): e is { type: string; status: number } {
  return (
    typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && (e as { status?: unknown }).status === 400
  );
}

function isJsonSyntaxError(e: HttpException): boolean {
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof SyntaxError || /JSON/i.test(e.message);
}

const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Network errors of the pg driver: PostgreSQL is not reachable. */
const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
/** The pg driver's own words when a connection breaks (it gives them no code). */
const BROKEN_CONNECTION =
  /Connection terminated|connection error and is not queryable|Connection is not open|the database system is (starting up|shutting down|in recovery mode)|Cannot use a pool after calling end/i;

/**
 * PostgreSQL is down, starting up or going away: an outage, answered 503 DATABASE_UNAVAILABLE
 * (a retry will do), never 500 "contact the administrator". Class 08 is "connection exception";
 * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, recovery).
 */
function isConnectionError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const driver = (e as { driverError?: unknown }).driverError;
  const code = (e as { code?: unknown }).code ?? (driver as { code?: unknown } | undefined)?.code;
  if (
    typeof code === 'string' &&
    (NETWORK_ERRORS.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')
  )
    return true;
  const message = e instanceof Error ? e.message : '';
  return BROKEN_CONNECTION.test(message) || (driver instanceof Error && BROKEN_CONNECTION.test(driver.message));
}
