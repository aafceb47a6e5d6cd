import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { ReadingKind } from '../kernel/environment-reading.entity.js';
import { READING_NAMES } from '../kernel/reading-limits.js';
import { CorrectiveActionsService } from './corrective-actions.service.js';
import { QualityChecksRepository } from './quality-checks.repository.js';
import type { AddSolutionDto, RecordRandomCheckDto } from './dto/quality-checks.dto.js';
import { PER_SOLUTION_KINDS, QualityCheckTask } from '../kernel/quality-check-task.entity.js';
import { RandomCheck } from './random-check.entity.js';
import { taskState } from './schedule.js';

/**
 * The routine monitoring schedule (seed 7.2–7.7): each task's latest record — a reading of its
 * kind, or the random check — measured against the hospital's day or month by the service's
 * clock. The daily random check of indicator tape and process records is recorded here.
 */
/**
 * How long after its period ends a record may still be entered and count for it (a reading taken at
 * 23:50 and typed in after midnight). Later, it is kept but the period stays missed: the schedule
 * cannot be back-filled (issue 18).
 */
export const RECORDING_GRACE_MINUTES = 120;

@Injectable()
export class QualityScheduleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CorrectiveActionsService) private readonly actions: CorrectiveActionsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(QualityChecksRepository) private readonly repo: QualityChecksRepository,
  ) {}

  async schedule() {
    const now = this.clock.instant();
    const tz = this.config.timezone;
    const today = localDate(now, tz);
    // Each task's latest record (ix_environment_readings_kind, ix_quality_random_checks_checked).
    const rows = await this.repo.schedule(this.db.manager, now, tz, `${RECORDING_GRACE_MINUTES} minutes`);
    const tasks = rows.map((r) => {
      const lastDoneAt = r.last_at ? new Date(r.last_at) : null;
      return {
        taskId: r.id,
        code: r.code,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        frequency: r.frequency,
        readingKind: r.reading_kind,
        ...taskState(r.frequency, today, lastDoneAt ? localDate(lastDoneAt, tz) : null),
        lastDoneAt,
        lastPassed: r.last_passed,
      };
    });
    return { at: now, today, tasks };
  }

  /**
   * The task a reading does (called inside the reading's transaction): the one it names — active and
   * of its kind — or the only active one of its kind; with several solutions in use it must name one.
   * Null: its kind is not on the schedule (storage climate).
   */
  async taskForReading(m: EntityManager, kind: ReadingKind, taskId: string | undefined): Promise<QualityCheckTask | null> {
    const tasks = await m
      .getRepository(QualityCheckTask)
      .find({ where: { readingKind: kind, active: true }, order: { sortOrder: 'ASC', code: 'ASC' } });
    if (taskId) {
      const task = tasks.find((x) => x.id === taskId);
      if (!task) throw new DomainError('READING_TASK_INVALID');
      return task;
    }
    if (tasks.length > 1) {
      throw new DomainError(
        'READING_TASK_REQUIRED',
        { kind: READING_NAMES[kind], tasks: { zh: tasks.map((x) => x.nameZh).join('、'), en: tasks.map((x) => x.nameEn).join(', ') } },
        { tasks: tasks.map((x) => ({ id: x.id, code: x.code })) },
      );
    }
    return tasks[0] ?? null;
  }

  /** Another solution in use (seed 7.2–7.7: concentration per solution): a daily task of its own. */
  async addSolution(actor: Actor, dto: AddSolutionDto) {
    const id = await this.db.transaction(async (m) => {
      const n = await this.repo.solutionTaskCount(m, dto.readingKind);
      const sort = await this.repo.solutionLastSort(m, dto.readingKind);
      const repo = m.getRepository(QualityCheckTask);
      const task = repo.create({
        code: `${dto.readingKind}-${n + 1}`,
        readingKind: dto.readingKind,
        frequency: 'daily',
        nameZh: dto.nameZh.trim(),
        nameEn: dto.nameEn.trim(),
        sortOrder: sort + 1,
        active: true,
      });
      try {
        await repo.insert(task);
      } catch (e) {
        // Two solutions added at once: the code's unique index lets one in.
        if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505')
          throw new DomainError('DUPLICATE_CODE', { code: task.code });
        throw e;
      }
      await this.audit.record(m, actor, 'create', 'QualityCheckTask', task.id, null, task);
      return task.id;
    });
    return (await this.schedule()).tasks.find((x) => x.taskId === id)!;
  }

  /** A solution no longer in use leaves the schedule; its records stay. The last one of its kind stays. */
  async retire(actor: Actor, id: string) {
    return this.db.transaction(async (m) => {
      const task = await m.getRepository(QualityCheckTask).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw new DomainError('QUALITY_TASK_NOT_FOUND');
      if (!task.active) return { taskId: id, active: false };
      if (!(PER_SOLUTION_KINDS as readonly string[]).includes(task.readingKind ?? '')) {
        throw new DomainError('QUALITY_TASK_NOT_RETIRABLE', {
          reason: {
            zh: '它是规定的日常监测项目，只有按在用溶液设置的浓度监测可以停用',
            en: 'it is a required routine check; only a concentration check of a solution in use can be retired',
          },
        });
      }
      // Two solutions of a kind retired at once: the rows are locked, so one of them stays.
      const inUse = await this.repo.lockActiveOfKind(m, task.readingKind);
      if (inUse.length <= 1)
        throw new DomainError('QUALITY_TASK_NOT_RETIRABLE', {
          reason: { zh: '这是该类在用溶液的最后一项浓度监测', en: 'it is the last concentration check of its kind in use' },
        });
      const before = { ...task };
      task.active = false;
      await m.getRepository(QualityCheckTask).save(task);
      await this.audit.record(m, actor, 'deactivate', 'QualityCheckTask', id, before, task);
      return { taskId: id, active: false };
    });
  }

  /** The tasks a whole period went by without: the desk and the head nurse's board show them. */
  async overdue() {
    return (await this.schedule()).tasks.filter((t) => t.status === 'overdue');
  }

  /** The day's random check (seed 7.2): a check with nonconforming items fails and opens a corrective action. */
  async recordRandomCheck(actor: Actor, dto: RecordRandomCheckDto) {
    if (dto.nonconforming > dto.sampleSize)
      throw new DomainError('RANDOM_CHECK_COUNT_INVALID', { nonconforming: dto.nonconforming, sampleSize: dto.sampleSize });
    const findings = dto.findings?.trim() || null;
    if (dto.nonconforming > 0 && !findings) throw new DomainError('RANDOM_CHECK_FINDINGS_REQUIRED');
    const now = this.clock.instant();
    const checkedAt = statedInstant(dto.checkedAt, now, 'checkedAt', { timezone: this.config.timezone });
    const id = await this.db.transaction(async (m) => {
      const check = await m.getRepository(RandomCheck).save(
        m.getRepository(RandomCheck).create({
          checkedItems: dto.checkedItems,
          sampleSize: dto.sampleSize,
          nonconforming: dto.nonconforming,
          findings,
          passed: dto.nonconforming === 0,
          checkedAt,
          checkedBy: actor.id,
          recordedAt: now,
        }),
      );
      if (!check.passed) {
        const task = await m.getRepository(QualityCheckTask).findOneBy({ code: 'random_check' });
        await this.actions.openForRandomCheck(m, actor, check, task);
      }
      return check.id;
    });
    const [view] = await this.randomChecks(id);
    return view;
  }

  /** Random checks, newest first (100 at most), with the corrective action a failed one opened. */
  async randomChecks(id?: string) {
    const rows = await this.repo.randomChecks(this.db.manager, id ?? null);
    return rows.map((r) => ({
      id: r.id as string,
      checkedItems: r.checked_items as string[],
      sampleSize: r.sample_size as number,
      nonconforming: r.nonconforming as number,
      findings: r.findings as string | null,
      passed: r.passed as boolean,
      checkedAt: r.checked_at as Date,
      checkedBy: r.checked_by as string,
      checkedByName: (r.checked_by_name as string | null) ?? '',
      recordedAt: r.recorded_at as Date,
      correctiveActionId: r.corrective_action_id as string | null,
    }));
  }
}
