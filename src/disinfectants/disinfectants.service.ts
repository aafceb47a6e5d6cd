import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { addLocalDays, Clock, localDate, startOfLocalDay } from '../common/clock.js';
import { assertCorrectionNamesWhy } from '../common/errors/correction.js';
import { DomainError } from '../common/errors/domain-error.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { reportPeriod, type PeriodQuery } from '../reports/period.js';
import { periodLabel } from '../reports/report-table.js';
import { concentrationProblem } from './concentration.js';
import { preparationsDocument } from './disinfectants-export.js';
import { DisinfectantsRepository, READING_KIND_OF, type PreparationRow, type SolutionRow } from './disinfectants.repository.js';
import type { RecordPreparationDto } from './dto/disinfectants.dto.js';
import { DisinfectantPreparation, type AgentKind } from './preparation.entity.js';

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505';
const iso = (d: Date | string) => new Date(d).toISOString();
const KIND_OF_READING: Record<string, AgentKind> = Object.fromEntries(
  Object.entries(READING_KIND_OF).map(([kind, reading]) => [reading, kind as AgentKind]),
);

/**
 * The disinfectant and cleaning-agent preparation log (seed 1.2, 7.4): each preparation with its
 * product, lot and expiry, target and measured concentration, who prepared it, when and where it
 * is used. Refused with the reason: a product expired on the preparation's hospital day, a measured
 * concentration outside target ± tolerance, a preparation time in the future. A preparation names
 * the solution of the routine-check schedule it makes (quality-checks: the daily concentration
 * check per solution in use); the schedule itself stays there. Append-only: a correction is a new
 * record naming the one it corrects, with the reason.
 */
/** The longest period the log exports: a year. */
const REGISTER_MAX_DAYS = 366;

@Injectable()
export class DisinfectantsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: DisinfectantsRepository,
  ) {}

  /** The instants bounding a hospital day. */
  private bounds(day: string): [Date, Date] {
    const tz = this.config.timezone;
    return [startOfLocalDay(day, tz), startOfLocalDay(addLocalDays(day, 1), tz)];
  }

  /** The log of a period (hospital calendar; this month when none is given), in time order. */
  async register(q: PeriodQuery) {
    const tz = this.config.timezone;
    const today = localDate(this.clock.instant(), tz);
    const none = !q.date && !q.week && !q.month && !q.from && !q.to;
    const p = reportPeriod(none ? { month: today.slice(0, 7) } : q, today, tz, REGISTER_MAX_DAYS);
    const rows = await this.repo.register(p.from, p.to);
    return {
      from: p.fromDate,
      to: p.toDate,
      timezone: tz,
      preparations: rows.map((r) => {
        const { solutionCheckedOnDay: _, ...v } = this.view({ ...r, solutionCheckedOnDay: null });
        return v;
      }),
    };
  }

  registerDocument(r: Awaited<ReturnType<DisinfectantsService['register']>>) {
    return preparationsDocument(r.preparations, {
      hospital: this.config.hospitalName,
      period: periodLabel(r.from, r.to),
      timezone: r.timezone,
    });
  }

  printedAt(): Date {
    return this.clock.instant();
  }

  private view(p: PreparationRow) {
    return {
      ...p,
      target: Number(p.target),
      tolerance: Number(p.tolerance),
      measured: Number(p.measured),
      preparedAt: iso(p.preparedAt),
      recordedAt: iso(p.recordedAt),
      status: p.correctedById ? 'corrected' : 'in_use',
    };
  }

  private solutionView(s: SolutionRow) {
    return {
      taskId: s.taskId,
      kind: KIND_OF_READING[s.readingKind],
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      lastCheckedAt: s.lastCheckedAt ? iso(s.lastCheckedAt) : null,
      checkedOnDay: s.checkedOnDay,
    };
  }

  /** A hospital day's preparations (default today), by area, and the solutions in use with their check that day. */
  async day(day?: string) {
    const d = day ?? localDate(this.clock.instant(), this.config.timezone);
    const [from, to] = this.bounds(d);
    const [preparations, solutions] = await Promise.all([this.repo.preparations(from, to), this.repo.solutions(this.db, from, to)]);
    return { day: d, preparations: preparations.map((p) => this.view(p)), solutions: solutions.map((s) => this.solutionView(s)) };
  }

  /** Records a preparation, or the correction of one (a new record naming it, with the reason). */
  async record(actor: Actor, dto: RecordPreparationDto) {
    const now = this.clock.instant();
    const tz = this.config.timezone;
    const preparedAt = statedInstant(dto.preparedAt, now, 'preparedAt', { timezone: tz });
    const day = localDate(preparedAt, tz);
    assertCorrectionNamesWhy(dto.correctsId, dto.reason);
    if (dto.tolerance >= dto.target)
      throw new DomainError('DISINFECTANT_TOLERANCE_INVALID', { tolerance: dto.tolerance, target: dto.target });
    // The product is usable through its expiry day (§4.1's convention), judged on the preparation's hospital day.
    if (dto.expiryDate < day)
      throw new DomainError(
        'DISINFECTANT_PRODUCT_EXPIRED',
        { lot: dto.lotNumber.trim(), expiry: dto.expiryDate, day },
        { product: dto.product.trim(), expiryDate: dto.expiryDate, day },
      );
    const out = concentrationProblem(dto);
    if (out)
      throw new DomainError(
        'DISINFECTANT_CONCENTRATION_OUT_OF_RANGE',
        { measured: dto.measured, target: dto.target, tolerance: dto.tolerance, unit: dto.unit, low: out.low, high: out.high },
        { measured: dto.measured, low: out.low, high: out.high, unit: dto.unit },
      );
    if (dto.solutionTaskId) {
      // Only whether it is a solution in use of this kind matters here (the empty range asks no check).
      const [solution] = await this.repo.solutions(this.db, now, now, dto.solutionTaskId);
      if (!solution || solution.readingKind !== READING_KIND_OF[dto.kind]) throw new DomainError('DISINFECTANT_SOLUTION_INVALID');
    }
    if (dto.correctsId) {
      const corrected = await this.repo.preparation(this.db, dto.correctsId);
      if (!corrected) throw new DomainError('DISINFECTANT_PREPARATION_NOT_FOUND');
      if (corrected.corrected) throw new DomainError('DISINFECTANT_PREPARATION_ALREADY_CORRECTED');
    }
    const r = this.db.getRepository(DisinfectantPreparation);
    let id: string;
    try {
      ({ id } = await r.save(
        r.create({
          kind: dto.kind,
          product: dto.product.trim(),
          lotNumber: dto.lotNumber.trim(),
          expiryDate: dto.expiryDate,
          target: dto.target,
          tolerance: dto.tolerance,
          measured: dto.measured,
          unit: dto.unit,
          method: dto.method,
          area: dto.area,
          usedFor: dto.usedFor?.trim() ?? null,
          solutionTaskId: dto.solutionTaskId ?? null,
          preparedBy: actor.id,
          preparedAt,
          correctsId: dto.correctsId ?? null,
          reason: dto.reason?.trim() ?? null,
          recordedAt: now,
        }),
      ));
    } catch (e) {
      // Two corrections of one record at once: the unique index on corrects_id lets one in.
      if (isUniqueViolation(e)) throw new DomainError('DISINFECTANT_PREPARATION_ALREADY_CORRECTED');
      throw e;
    }
    const [from, to] = this.bounds(day);
    return this.view((await this.repo.preparationView(id, from, to))!);
  }
}
