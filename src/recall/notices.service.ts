import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { StepContext } from '../packs/pack-ledger.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DepartmentNotice } from './department-notice.entity.js';
import { Recall } from './recall.entity.js';
import { RecallRepository } from './recall.repository.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/**
 * Telling departments at once (§4.4): a notice they see in their list, and — when
 * CSSD_RECALL_WEBHOOK_URL is set — one POST per notice (per department), retried with
 * exponential backoff, every attempt recorded in webhook_deliveries.
 */
@Injectable()
export class NoticesService implements OnModuleDestroy {
  private readonly logger = new Logger('Notices');
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RecallRepository) private readonly repo: RecallRepository,
  ) {}

  /** Creates the notice inside the caller's transaction; call `deliver` after it commits. */
  async create(m: EntityManager, n: Omit<DepartmentNotice, 'id' | 'createdAt'>): Promise<DepartmentNotice> {
    return m.getRepository(DepartmentNotice).save(m.getRepository(DepartmentNotice).create({ ...n, createdAt: this.clock.instant() }));
  }

  /** A department's notices, newest first; a recall notice carries how its recall ended once it closed (seed 19.4). */
  async list(departmentId: string) {
    const notices = await this.db
      .getRepository(DepartmentNotice)
      .find({ where: { departmentId }, order: { createdAt: 'DESC' }, take: 200 });
    const recallIds = [...new Set(notices.map((n) => n.recallId).filter((id): id is string => id !== null))];
    const closed = recallIds.length ? await this.db.getRepository(Recall).find({ where: { id: In(recallIds), status: 'closed' } }) : [];
    const byId = new Map(closed.map((r) => [r.id, r]));
    const acks = notices.length
      ? await this.repo.acknowledgements(
          this.db.manager,
          notices.map((n) => n.id),
        )
      : [];
    const ackOf = new Map(acks.map((a) => [a.notice_id, { at: a.acknowledged_at, by: a.acknowledged_by }]));
    return notices.map((n) => {
      const r = n.kind === 'recall' && n.recallId ? byId.get(n.recallId) : undefined;
      return {
        ...n,
        acknowledged: ackOf.get(n.id) ?? null,
        recallOutcome: r
          ? {
              closedAt: r.closedAt,
              cause: r.cause,
              reprocessedCount: r.reprocessedCount,
              discardedCount: r.discardedCount,
              conclusion: r.conclusion,
            }
          : null,
      };
    });
  }

  /**
   * The department says it read its notice (issue 15: the recall report shows when each department
   * knew): who, when, at which station; once. Another department's notice is unknown to it.
   */
  async acknowledge(ctx: StepContext, noticeId: string) {
    const departmentId = ctx.actor.departmentId!;
    const m = this.db.manager;
    const at = await this.repo.acknowledgeNotice(m, noticeId, departmentId, ctx.actor.id, this.clock.instant(), ctx.station);
    if (!at) {
      if (!(await this.repo.noticeOfDepartment(m, noticeId, departmentId))) throw new DomainError('NOTICE_NOT_FOUND');
      throw new DomainError('NOTICE_ALREADY_ACKNOWLEDGED');
    }
    return { noticeId, acknowledged: { at, by: ctx.actor.displayName } };
  }

  deliveries(noticeId: string) {
    return this.db.getRepository(WebhookDelivery).find({ where: { noticeId }, order: { attempt: 'ASC' } });
  }

  /** Fire-and-forget delivery of committed notices. */
  deliver(notices: DepartmentNotice[]): void {
    if (!this.config.webhook.url) return;
    for (const n of notices) this.schedule(n, 1, 0);
  }

  private schedule(n: DepartmentNotice, attempt: number, delay: number) {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(n, attempt);
    }, delay);
    this.timers.add(timer);
  }

  private async attempt(n: DepartmentNotice, attempt: number): Promise<void> {
    const { url, maxAttempts, backoffMs } = this.config.webhook;
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          event: n.kind,
          noticeId: n.id,
          recallId: n.recallId,
          departmentId: n.departmentId,
          packs: n.packs,
          message: { zh: n.messageZh, en: n.messageEn },
          createdAt: n.createdAt,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      httpStatus = res.status;
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message.slice(0, 300);
    }
    if (this.closed) return;
    const delivered = error === null;
    try {
      await this.db
        .getRepository(WebhookDelivery)
        .insert({ noticeId: n.id, attempt, httpStatus, delivered, error, at: this.clock.instant() });
    } catch (e) {
      this.logger.warn(`could not record webhook delivery: ${(e as Error).message}`);
    }
    if (!delivered && attempt < maxAttempts) this.schedule(n, attempt + 1, backoffMs * 2 ** (attempt - 1));
  }

  onModuleDestroy() {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
