import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import { AUDIT_SQL } from './audit.repository.js';
import { AuditEntry } from './audit-entry.entity.js';

export type AuditAction = 'create' | 'update' | 'deactivate' | 'activate' | 'add_certification';

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Records a change inside the caller's transaction, so the change and its record land together. */
  async record(
    manager: EntityManager,
    actor: Actor | null,
    action: AuditAction,
    entityType: string,
    entityId: string,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    await manager.getRepository(AuditEntry).insert({
      at: this.clock.instant(),
      actorId: actor?.id ?? null,
      action,
      entityType,
      entityId,
      before: (before ? snapshot(before) : null) as never,
      after: (after ? snapshot(after) : null) as never,
    });
  }

  /** Newest first, each with who made it (id, username and display name) beside `actorId`. */
  async list(filter: { entityType?: string; entityId?: string; limit: number; before?: string }) {
    const q = this.db
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(filter.limit);
    if (filter.entityType) q.andWhere('a.entity_type = :t', { t: filter.entityType });
    if (filter.entityId) q.andWhere('a.entity_id = :e', { e: filter.entityId });
    if (filter.before) q.andWhere('a.at < :b', { b: filter.before });
    const entries = await q.getMany();
    const ids = [...new Set(entries.map((e) => e.actorId).filter((id): id is string => id !== null))];
    const users: { id: string; username: string; displayName: string }[] = ids.length
      ? await this.db.query(AUDIT_SQL.actorsByIds, [ids])
      : [];
    const actors = new Map(users.map((u) => [u.id, u]));
    return entries.map((e) => ({ ...e, actor: e.actorId ? (actors.get(e.actorId) ?? null) : null }));
  }
}

/** A JSON copy without secrets or bookkeeping columns. */
function snapshot(o: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'passwordHash' || k === 'pinHash' || k === 'updatedAt' || k === 'createdAt') continue;
    if (v !== undefined && typeof v !== 'function') out[k] = v;
  }
  return JSON.parse(JSON.stringify(out));
}
