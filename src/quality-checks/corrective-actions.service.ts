import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { EnvironmentReading } from '../kernel/environment-reading.entity.js';
import { DEFAULT_LIMITS, READING_NAMES } from '../kernel/reading-limits.js';
import { CorrectiveAction, CorrectiveActionClosure } from './corrective-action.entity.js';
import type { CloseCorrectiveActionDto } from './dto/quality-checks.dto.js';
import type { QualityCheckTask } from '../kernel/quality-check-task.entity.js';
import type { RandomCheck } from './random-check.entity.js';
import { QualityChecksRepository } from './quality-checks.repository.js';
import { correctionDueDate } from './schedule.js';

type Row = Record<string, unknown>;

function view(r: Row, today: string) {
  const closed = r.closed_at !== null;
  return {
    id: r.id as string,
    whatZh: r.what_zh as string,
    whatEn: r.what_en as string,
    source: r.reading_id ? 'reading' : r.random_check_id ? 'random_check' : r.defect_id ? 'defect' : r.survey_id ? 'survey' : 'review',
    readingId: r.reading_id as string | null,
    randomCheckId: r.random_check_id as string | null,
    defectId: r.defect_id as string | null,
    reviewId: r.review_id as string | null,
    surveyId: r.survey_id as string | null,
    findings: r.findings as string | null,
    taskCode: r.task_code as string | null,
    failedAt: r.failed_at as Date,
    responsibleUserId: r.responsible_user_id as string,
    responsibleName: (r.responsible_name as string | null) ?? '',
    dueDate: r.due_date as string,
    overdue: !closed && (r.due_date as string) < today,
    openedBy: r.opened_by as string,
    openedAt: r.opened_at as Date,
    status: closed ? 'closed' : 'open',
    closure: closed
      ? {
          actionTaken: r.action_taken as string,
          doneAt: r.done_at as Date,
          closedBy: r.closed_by as string,
          closedByName: (r.closed_by_name as string | null) ?? '',
          closedAt: r.closed_at as Date,
        }
      : null,
  };
}

/** "≤ 15", "< 24", "400–600", "≥ 2": the limits a reading was judged against. */
function limitText(reading: EnvironmentReading): string {
  const { limitMin: min, limitMax: max } = reading;
  const d = DEFAULT_LIMITS[reading.kind];
  if (min !== null && max !== null) return `${min}–${max}`;
  if (max !== null) return `${d?.strictMax && d.max === max ? '<' : '≤'} ${max}`;
  return `≥ ${min}`;
}

/**
 * Corrective actions (seed 7.8): a failed routine result opens one — what failed, who is
 * responsible (who recorded the result), by when — in the same transaction as the result; a
 * defect's investigation and a quality review's decisions set theirs (owner, due day) the same
 * way. The head nurse or a quality monitor closes one with what was done. Open ones past their day are
 * overdue on the desk and the board. Both records are append-only: closing is a new row, once.
 */
@Injectable()
export class CorrectiveActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(QualityChecksRepository) private readonly repo: QualityChecksRepository,
  ) {}

  /** A reading out of its limits (called inside the reading's transaction). */
  async openForReading(m: EntityManager, actor: Actor, reading: EnvironmentReading, task: QualityCheckTask | null): Promise<string> {
    // A concentration names its solution (the task's name); a reading outside the schedule, its kind.
    const name = task ? { zh: task.nameZh, en: task.nameEn } : READING_NAMES[reading.kind];
    const value = `${reading.value} ${reading.unit}`;
    const limits = `${limitText(reading)} ${reading.unit}`;
    return this.open(m, actor, task, {
      readingId: reading.id,
      whatZh: `${name.zh}超出限值：${value}（限值 ${limits}）`,
      whatEn: `${name.en} out of limits: ${value} (limit ${limits})`,
    });
  }

  /** A random check that found nonconforming items (called inside the check's transaction). */
  async openForRandomCheck(m: EntityManager, actor: Actor, check: RandomCheck, task: QualityCheckTask | null): Promise<string> {
    return this.open(m, actor, task, {
      randomCheckId: check.id,
      whatZh: `每日随机抽查不合格：抽查 ${check.sampleSize} 项，${check.nonconforming} 项不合格`,
      whatEn: `Daily random check failed: ${check.nonconforming} of ${check.sampleSize} item(s) nonconforming`,
    });
  }

  /**
   * An action set by a defect's investigation or a quality review's decision (called inside its
   * transaction; its row names the action): what, its owner and its due day, as the head nurse set them.
   */
  async openAssigned(
    m: EntityManager,
    actor: Actor,
    a: { whatZh: string; whatEn: string; responsibleUserId: string; dueDate: string },
  ): Promise<string> {
    const saved = await m.getRepository(CorrectiveAction).save(
      m.getRepository(CorrectiveAction).create({
        taskId: null,
        readingId: null,
        randomCheckId: null,
        ...a,
        openedBy: actor.id,
        openedAt: this.clock.instant(),
      }),
    );
    return saved.id;
  }

  private async open(m: EntityManager, actor: Actor, task: QualityCheckTask | null, what: Partial<CorrectiveAction>): Promise<string> {
    const now = this.clock.instant();
    const saved = await m.getRepository(CorrectiveAction).save(
      m.getRepository(CorrectiveAction).create({
        readingId: null,
        randomCheckId: null,
        ...what,
        taskId: task?.id ?? null,
        responsibleUserId: actor.id,
        dueDate: correctionDueDate(task?.frequency ?? null, localDate(now, this.config.timezone)),
        openedBy: actor.id,
        openedAt: now,
      }),
    );
    return saved.id;
  }

  /** Open ones first (the earliest due first), then the latest closed; 200 at most. */
  async list(status?: 'open' | 'closed') {
    const today = localDate(this.clock.instant(), this.config.timezone);
    const rows = await this.repo.correctiveActions(this.db.manager, status ?? null);
    return rows.map((r) => view(r, today));
  }

  async get(id: string) {
    const row = await this.repo.correctiveAction(this.db.manager, id);
    if (!row) throw new DomainError('CORRECTIVE_ACTION_NOT_FOUND');
    return view(row, localDate(this.clock.instant(), this.config.timezone));
  }

  /** Closes an open action with what was done; closed once (the unique index decides a race). */
  async close(actor: Actor, id: string, dto: CloseCorrectiveActionDto) {
    const action = await this.get(id);
    if (action.closure) throw new DomainError('CORRECTIVE_ACTION_CLOSED');
    const now = this.clock.instant();
    // Done after the failure it corrects, and not in the future (stated-time.ts).
    const doneAt = statedInstant(dto.doneAt, now, 'doneAt', { timezone: this.config.timezone, earliest: new Date(action.failedAt) });
    try {
      await this.db
        .getRepository(CorrectiveActionClosure)
        .insert({ actionId: id, actionTaken: dto.actionTaken.trim(), doneAt, closedBy: actor.id, closedAt: now });
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505')
        throw new DomainError('CORRECTIVE_ACTION_CLOSED');
      throw e;
    }
    return this.get(id);
  }
}
