import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CorrectiveActionsService } from '../quality-checks/corrective-actions.service.js';
import type { CloseCorrectiveActionDto } from '../quality-checks/dto/quality-checks.dto.js';
import { DefectsRepository, type AssignedRow } from './defects.repository.js';

/**
 * The actions the head nurse sets — a defect's corrective and preventive actions, a quality review's
 * decisions — are corrective actions (seed 7.8, src/quality-checks): one kind, on the monitoring
 * desk and the head nurse's board, overdue after their due day. This is how they are set and done.
 */
@Injectable()
export class AssignedActions {
  constructor(
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DefectsRepository) private readonly repo: DefectsRepository,
    @Inject(CorrectiveActionsService) private readonly correctiveActions: CorrectiveActionsService,
  ) {}

  /** Refused: an owner who is not an active nurse, head nurse or monitor; a due date already past. */
  async check(m: EntityManager, a: { ownerUserId: string; dueDate: string }): Promise<void> {
    const today = localDate(this.clock.instant(), this.config.timezone);
    if (a.dueDate < today) throw new DomainError('ACTION_DUE_DATE_PAST', { due: a.dueDate, today });
    if (!(await this.repo.isActionOwner(m, a.ownerUserId))) throw new DomainError('ACTION_OWNER_INVALID');
  }

  /** Opens the corrective action (inside the caller's transaction); its id, for the caller's row to name. */
  open(m: EntityManager, actor: Actor, a: { whatZh: string; whatEn: string; ownerUserId: string; dueDate: string }): Promise<string> {
    return this.correctiveActions.openAssigned(m, actor, {
      whatZh: a.whatZh,
      whatEn: a.whatEn,
      responsibleUserId: a.ownerUserId,
      dueDate: a.dueDate,
    });
  }

  /** Done, with what was done: by its owner, the head nurse or a quality monitor (who close any corrective action). */
  async done(actor: Actor, a: { correctiveActionId: string; ownerUserId: string }, dto: CloseCorrectiveActionDto): Promise<void> {
    if (actor.role !== 'head_nurse' && actor.role !== 'monitor' && actor.id !== a.ownerUserId) throw new DomainError('ACTION_NOT_OWNER');
    await this.correctiveActions.close(actor, a.correctiveActionId, dto);
  }
}

/** An assigned action as the views show it: its corrective action, owner, due date, overdue, and what was done. */
export function assignedView(a: AssignedRow) {
  const iso = (d: Date | string) => new Date(d).toISOString();
  return {
    correctiveActionId: a.correctiveActionId,
    ownerUserId: a.ownerUserId,
    ownerName: a.ownerName,
    dueDate: a.dueDate,
    overdue: a.overdue,
    done:
      a.closedAt !== null
        ? {
            actionTaken: a.actionTaken!,
            doneAt: iso(a.doneAt!),
            closedBy: a.closedBy!,
            closedByName: a.closedByName,
            closedAt: iso(a.closedAt),
          }
        : null,
  };
}
