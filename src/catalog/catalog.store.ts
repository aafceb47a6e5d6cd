import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DeepPartial, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { ErrorCode } from '../common/errors/error-codes.js';
import { uniqueOr409 } from '../common/errors/unique.js';

interface CatalogRow extends ObjectLiteral {
  id: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** How one kind of catalog item is stored: its entity, audit name and not-found code. */
export interface CatalogKind<T extends CatalogRow> {
  entity: EntityTarget<T>;
  name: string;
  /** What a person reads for this kind (INACTIVE_REFERENCE). */
  label: { zh: string; en: string };
  notFound: ErrorCode;
  /** The value reported with DUPLICATE_CODE. */
  codeOf: (row: Partial<T>) => string;
}

/**
 * Create / update / (de)activate for every catalog item, each in one transaction with its
 * audit record. Nothing is deleted: items are deactivated. created_at and updated_at are the
 * service's clock: every save here states them (an update, as UpdateDateColumn did, writes
 * updated_at).
 */
@Injectable()
export class CatalogStore {
  constructor(
    @InjectDataSource() readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async get<T extends CatalogRow>(kind: CatalogKind<T>, id: string, m: EntityManager = this.db.manager): Promise<T> {
    const row = await m.getRepository(kind.entity).findOneBy({ id } as never);
    if (!row) throw new DomainError(kind.notFound);
    return row;
  }

  create<T extends CatalogRow>(
    actor: Actor,
    kind: CatalogKind<T>,
    data: Partial<T>,
    check?: (m: EntityManager) => Promise<void>,
  ): Promise<T> {
    return this.db.transaction(async (m) => {
      await check?.(m);
      const now = this.clock.instant();
      const row = m.create(kind.entity, { ...data, createdAt: now, updatedAt: now } as never);
      const saved = (await uniqueOr409(() => m.getRepository(kind.entity).save(row as DeepPartial<T>), kind.codeOf(data))) as T;
      await this.audit.record(m, actor, 'create', kind.name, saved.id, null, saved);
      return saved;
    });
  }

  update<T extends CatalogRow>(
    actor: Actor,
    kind: CatalogKind<T>,
    id: string,
    patch: Partial<T>,
    check?: (m: EntityManager, merged: T) => Promise<void>,
  ): Promise<T> {
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, kind, id);
      const before = { ...row };
      const merged = Object.assign(row, stripUndefined(patch), { updatedAt: this.clock.instant() });
      await check?.(m, merged);
      await uniqueOr409(() => m.getRepository(kind.entity).save(merged as DeepPartial<T>), kind.codeOf(merged));
      // Read back: the database may have set columns itself (a template's version), and the audit keeps what was stored.
      const saved = await this.get(kind, id, m);
      await this.audit.record(m, actor, 'update', kind.name, id, before, saved);
      return saved;
    });
  }

  setActive<T extends CatalogRow>(actor: Actor, kind: CatalogKind<T>, id: string, active: boolean): Promise<T> {
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, kind, id);
      if (row.active === active) return row;
      const before = { ...row };
      (row as CatalogRow).active = active;
      (row as CatalogRow).updatedAt = this.clock.instant();
      const saved = (await m.getRepository(kind.entity).save(row as DeepPartial<T>)) as T;
      await this.audit.record(m, actor, active ? 'activate' : 'deactivate', kind.name, id, before, saved);
      return saved;
    });
  }

  /** Fails with the item's not-found code, or INACTIVE_REFERENCE when it is deactivated. */
  async assertActive<T extends CatalogRow>(m: EntityManager, kind: CatalogKind<T>, id: string): Promise<T> {
    const row = await this.get(kind, id, m);
    if (!row.active) throw new DomainError('INACTIVE_REFERENCE', { what: kind.label });
    return row;
  }

  private async lock<T extends CatalogRow>(m: EntityManager, kind: CatalogKind<T>, id: string): Promise<T> {
    const row = await m.getRepository(kind.entity).findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new DomainError(kind.notFound);
    return row;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
