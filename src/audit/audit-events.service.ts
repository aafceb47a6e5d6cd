import { Inject, Injectable } from '@nestjs/common';
import { addLocalDays, startOfLocalDay } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuditRepository } from './audit.repository.js';
import type { AuditEventsPage, AuditEventsQuery } from './dto/audit-events.dto.js';

/** Three years (§4.5 keeps sterilization records that long): the longest period one search spans. */
export const AUDIT_MAX_PERIOD_DAYS = 3 * 365 + 1;

/**
 * Search of the pack history for the head nurse and the monitor (issue 15): a period of hospital
 * days, then who, where, which sterilizer, load, department, pack or set, what kind of step;
 * newest first, paged by event id (AUDIT_SQL.eventSearch).
 */
@Injectable()
export class AuditEventsService {
  constructor(
    private readonly repo: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async search(q: AuditEventsQuery): Promise<AuditEventsPage> {
    const tz = this.config.timezone;
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
    if (days < 1 || days > AUDIT_MAX_PERIOD_DAYS)
      throw new DomainError('AUDIT_PERIOD_INVALID', { from: q.from, to: q.to, maxDays: AUDIT_MAX_PERIOD_DAYS });
    const limit = q.limit ?? 50;
    const rows = await this.repo.eventSearch(
      {
        from: startOfLocalDay(q.from, tz),
        to: startOfLocalDay(addLocalDays(q.to, 1), tz),
        actorId: q.actorId,
        station: q.station,
        type: q.type,
        barcode: q.barcode,
        setCode: q.setCode,
        loadId: q.loadId,
        sterilizerId: q.sterilizerId,
        departmentId: q.departmentId,
        before: q.before,
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        type: r.type,
        fromState: r.from_state,
        toState: r.to_state,
        actor: r.actor_username ? { id: r.actor_id, username: r.actor_username, displayName: r.actor_name! } : null,
        secondActor:
          r.second_actor_id && r.second_username
            ? { id: r.second_actor_id, username: r.second_username, displayName: r.second_name! }
            : null,
        station: r.station,
        packId: r.pack_id,
        barcode: r.barcode,
        setCode: r.set_code,
        loadId: r.load_id,
        departmentId: r.department_id,
      })),
      nextBefore: rows.length > limit ? page[page.length - 1].id : null,
    };
  }
}
