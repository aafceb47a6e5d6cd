import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/current-user.js';
import { DomainError } from '../errors/domain-error.js';
import { ERRORS, type ErrorCode } from '../errors/error-codes.js';

const KEY = /^[\x21-\x7e]{1,100}$/;
const WAIT_MS = 5000;

/** What makes two requests "the same": method and URL, and the body's hash. */
interface RequestId {
  route: string;
  hash: string;
}

interface StoredError {
  __error: { code: ErrorCode; params: Record<string, string | number>; details?: unknown };
}

/**
 * A retried request with the same `Idempotency-Key` (per user) gets the first answer again
 * and writes nothing twice. The key is claimed before the handler runs, so a retry that
 * arrives while the first is still running waits for its answer instead of running twice.
 * Refusals (4xx) are replayed too; a crash (5xx) frees the key for a real retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: Actor }>();
    const raw = req.headers['idempotency-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || req.method === 'GET' || !req.user) return next.handle();
    if (!KEY.test(key)) {
      throw new DomainError('VALIDATION_FAILED', { fields: 'Idempotency-Key' }, { fields: [{ field: 'Idempotency-Key', problems: ['1–100 printable characters'] }] });
    }
    const res = ctx.switchToHttp().getResponse<Response>();
    const request = { route: `${req.method} ${req.originalUrl}`.slice(0, 200), hash: createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex') };
    return from(this.run(req.user.id, key, request, res, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async run(actorId: string, key: string, request: RequestId, res: Response, handler: () => Promise<unknown>): Promise<unknown> {
    const claimed = await this.db.query(
      `INSERT INTO idempotency_records (actor_id, key, route, request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
      [actorId, key, request.route, request.hash],
    );
    if (claimed.length === 0) return this.replay(actorId, key, request, res);
    try {
      const body = await handler();
      await this.db.query(`UPDATE idempotency_records SET status = $3, body = $4 WHERE actor_id = $1 AND key = $2`, [actorId, key, res.statusCode, JSON.stringify(body ?? null)]);
      return body;
    } catch (e) {
      if (e instanceof DomainError && e.status < 500) {
        const stored: StoredError = { __error: { code: e.code, params: e.params, details: e.details } };
        await this.db.query(`UPDATE idempotency_records SET status = $3, body = $4 WHERE actor_id = $1 AND key = $2`, [actorId, key, e.status, JSON.stringify(stored)]);
      } else {
        await this.db.query(`DELETE FROM idempotency_records WHERE actor_id = $1 AND key = $2`, [actorId, key]);
      }
      throw e;
    }
  }

  /** The first answer again; a different request under the same key is refused, never answered with another's answer. */
  private async replay(actorId: string, key: string, request: RequestId, res: Response): Promise<unknown> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const [row] = await this.db.query(`SELECT route, request_hash, status, body FROM idempotency_records WHERE actor_id = $1 AND key = $2`, [actorId, key]);
      if (!row) throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
      if (row.route !== request.route || (row.request_hash !== null && row.request_hash !== request.hash)) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
      if (row.status !== null) {
        res.setHeader('Idempotent-Replayed', 'true');
        const body = row.body as unknown;
        if (body && typeof body === 'object' && '__error' in body) {
          const { code, params, details } = (body as StoredError).__error;
          if (code in ERRORS) throw new DomainError(code, params, details);
        }
        res.status(row.status);
        return body;
      }
      if (Date.now() > deadline) throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
