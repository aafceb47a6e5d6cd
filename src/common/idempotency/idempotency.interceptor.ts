import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../clock.js';
import type { Actor } from '../auth/current-user.js';
import { DomainError, type ErrorParams } from '../errors/domain-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { ErrorRegistry } from '../errors/error-registry.js';

const KEY = /^[\x21-\x7e]{1,100}$/;
const WAIT_MS = 5000;
/** How long a retry waits for the final answer of work that committed before replaying the answer written with the work. */
const PROVISIONAL_WAIT_MS = 2000;
const PURGE_EVERY_MS = 10 * 60_000;

/** What makes two requests "the same": method and URL, and the body's hash. */
interface RequestId {
  route: string;
  hash: string;
}

/** The key of the request being handled, claimed by the first transaction its handler opens. */
interface Claim extends RequestId {
  actorId: string;
  key: string;
  /** The route's success status (@HttpCode, else 201 for POST): the status of the answer written with the work. */
  successStatus: number;
  claimed: boolean;
  inside: boolean;
}

interface StoredError {
  __error: { code: ErrorCode; params: ErrorParams; details?: unknown };
}

/** Another request with the same key committed its claim while this one waited for it. */
class ClaimTaken extends Error {}

/**
 * A retried request with the same `Idempotency-Key` (per user) gets the first answer again
 * and writes nothing twice. Refusals (4xx) are replayed too.
 *
 * The key is claimed inside the transaction of the work it guards (issue 13.1): the first
 * transaction the handler opens inserts the claim before anything else and writes the work's
 * result into it before it commits. So the claim commits with the work or vanishes with it —
 * a crash of the service or of PostgreSQL, at any instant, leaves either the work and its
 * answer (a retry gets that answer) or neither (a retry runs afresh); never a claim that
 * answers 409 for ever. A retry sent while the first is still running waits on the claim's row
 * lock in PostgreSQL, then replays. Records are purged after CSSD_IDEMPOTENCY_RETENTION_HOURS.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly claims = new AsyncLocalStorage<Claim>();
  private lastPurge = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ErrorRegistry) private readonly errors: ErrorRegistry,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.claimInFirstTransaction();
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: Actor }>();
    const raw = req.headers['idempotency-key'];
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || req.method === 'GET' || !req.user) return next.handle();
    if (!KEY.test(key)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        { fields: 'Idempotency-Key' },
        { fields: [{ field: 'Idempotency-Key', problems: [{ zh: '1–100 个可打印字符', en: '1–100 printable characters' }] }] },
      );
    }
    const res = ctx.switchToHttp().getResponse<Response>();
    const successStatus =
      (Reflect.getMetadata(HTTP_CODE_METADATA, ctx.getHandler()) as number | undefined) ?? (req.method === 'POST' ? 201 : 200);
    const claim: Claim = {
      actorId: req.user.id,
      key,
      route: `${req.method} ${req.originalUrl}`.slice(0, 200),
      hash: createHash('sha256')
        .update(JSON.stringify(req.body ?? null))
        .digest('hex'),
      successStatus,
      claimed: false,
      inside: false,
    };
    return from(this.run(claim, res, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async run(claim: Claim, res: Response, handler: () => Promise<unknown>): Promise<unknown> {
    await this.purgeNowAndThen();
    const [existing] = await this.db.query(`SELECT status FROM idempotency_records WHERE actor_id = $1 AND key = $2`, [
      claim.actorId,
      claim.key,
    ]);
    if (existing && existing.status !== null) return this.replay(claim, res);
    // A claim without an answer is one the earlier scheme left when its request died: its owner is gone.
    if (existing)
      await this.db.query(`DELETE FROM idempotency_records WHERE actor_id = $1 AND key = $2 AND status IS NULL`, [
        claim.actorId,
        claim.key,
      ]);
    try {
      const body = await this.claims.run(claim, handler);
      await this.record(claim, res.statusCode, body ?? null);
      return body;
    } catch (e) {
      if (e instanceof ClaimTaken) return this.replay(claim, res);
      if (e instanceof DomainError && this.errors.status(e.code) < 500) {
        const stored: StoredError = { __error: { code: e.code, params: e.params, details: e.details } };
        await this.record(claim, this.errors.status(e.code), stored);
      }
      // Anything else: the work's transaction committed with its answer (a retry replays it) or
      // rolled back with its claim (a retry runs afresh). Nothing is left to undo.
      throw e;
    }
  }

  /** The final answer: replaces the one written with the work, or is the first record of work done without a transaction. */
  private async record(claim: Claim, status: number, body: unknown): Promise<void> {
    const values = [claim.actorId, claim.key, claim.route, claim.hash, status, JSON.stringify(body), this.clock.instant()];
    await this.db.query(
      claim.claimed
        ? `INSERT INTO idempotency_records (actor_id, key, route, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (actor_id, key) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body, provisional = false WHERE idempotency_records.provisional`
        : `INSERT INTO idempotency_records (actor_id, key, route, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      values,
    );
  }

  /**
   * Every transaction goes through DataSource.manager.transaction: the first one a keyed request
   * opens claims the key as its first statement (waiting there if another request holds it) and
   * stores the work's result before committing.
   */
  private claimInFirstTransaction(): void {
    const manager = this.db.manager as EntityManager & { transaction: (...args: unknown[]) => Promise<unknown> };
    const transaction = manager.transaction.bind(manager);
    manager.transaction = (...args: unknown[]) => {
      const claim = this.claims.getStore();
      if (!claim || claim.inside) return transaction(...args);
      // (run) or (isolationLevel, run); DataSource.transaction passes (run, undefined).
      const i = args.findIndex((a) => typeof a === 'function');
      const run = args[i] as (m: EntityManager) => Promise<unknown>;
      const wrapped = [...args];
      wrapped[i] = async (m: EntityManager) => {
        claim.inside = true;
        let claimedHere = false;
        try {
          if (!claim.claimed) {
            const rows = await m.query(
              `INSERT INTO idempotency_records (actor_id, key, route, request_hash, provisional, created_at) VALUES ($1, $2, $3, $4, true, $5) ON CONFLICT DO NOTHING RETURNING key`,
              [claim.actorId, claim.key, claim.route, claim.hash, this.clock.instant()],
            );
            if (rows.length === 0) throw new ClaimTaken();
            claim.claimed = claimedHere = true;
          }
          const result = await run(m);
          await m.query(`UPDATE idempotency_records SET status = $3, body = $4 WHERE actor_id = $1 AND key = $2 AND provisional`, [
            claim.actorId,
            claim.key,
            claim.successStatus,
            JSON.stringify(result ?? null),
          ]);
          return result;
        } catch (e) {
          if (claimedHere) claim.claimed = false; // rolled back with the work
          throw e;
        } finally {
          claim.inside = false;
        }
      };
      return transaction(...wrapped);
    };
  }

  /** Records older than the retention period (on the service's clock, as their created_at) go, at most every few minutes, on a keyed write. */
  private async purgeNowAndThen(): Promise<void> {
    const now = this.clock.instant().getTime();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.db
      .query(`DELETE FROM idempotency_records WHERE created_at < $1`, [new Date(now - this.config.idempotencyRetentionHours * 3_600_000)])
      .catch(() => (this.lastPurge = 0));
  }

  /** The first answer again; a different request under the same key is refused, never answered with another's answer. */
  private async replay(request: Claim, res: Response): Promise<unknown> {
    // Waited on the service's clock, so a test can move time past the wait.
    const started = this.clock.instant().getTime();
    const elapsed = () => this.clock.instant().getTime() - started;
    for (;;) {
      const [row] = await this.db.query(
        `SELECT route, request_hash, status, body, provisional FROM idempotency_records WHERE actor_id = $1 AND key = $2`,
        [request.actorId, request.key],
      );
      if (!row) throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
      if (row.route !== request.route || (row.request_hash !== null && row.request_hash !== request.hash))
        throw new DomainError('IDEMPOTENCY_KEY_REUSED');
      // Written with the work: the final answer follows within moments unless its request died after the commit.
      if (row.status !== null && (!row.provisional || elapsed() >= PROVISIONAL_WAIT_MS)) {
        res.setHeader('Idempotent-Replayed', 'true');
        const body = row.body as unknown;
        if (body && typeof body === 'object' && '__error' in body) {
          const { code, params, details } = (body as StoredError).__error;
          if (this.errors.has(code)) throw new DomainError(code, params, details);
        }
        res.status(row.status);
        return body;
      }
      if (elapsed() > WAIT_MS) throw new DomainError('IDEMPOTENCY_IN_PROGRESS');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
