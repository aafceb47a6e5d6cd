import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { biDue, QUALIFYING_PASSES, trailingPasses } from '../kernel/bi-schedule.js';
import type { Warning } from '../kernel/pack-summary.js';
import { assertMachineInUse } from '../kernel/machine-status.js';
import { needsBiBeforeRelease } from '../kernel/release-policy.js';
import { STERILIZER_STATUS_NAMES } from '../catalog/catalog.enums.js';
import { SterilizationRepository } from './sterilization.repository.js';

export interface SterilizerReadiness {
  sterilizerId: string;
  code: string;
  status: string;
  annualInspectionValidUntil: string | null;
  annualInspectionValid: boolean;
  bd: { required: boolean; today: 'passed' | 'failed' | 'missing' | 'not_required' };
  bi: { blocked: boolean; lastResult: string | null; lastRunAt: Date | null; nextDue: Date | null; overdue: boolean };
  commissioning: { active: boolean; biPasses: number; bdPasses: number; needed: number } | null;
}

/** The load a start is asked for (what the gate needs to know about it). */
export interface LoadToStart {
  id: string;
  cycleNo: number;
  emptyChamber: boolean;
  containsImplant: boolean;
  /** BIs placed in it (in their process challenge devices) before the start. */
  biCount: number;
}

/** seed 2.4: the annual inspection certificate is valid through its last day (hospital dates, YYYY-MM-DD). */
export function annualInspectionValid(validUntil: string | null, today: string): boolean {
  return !!validUntil && validUntil >= today;
}

/** A deactivated or out-of-service sterilizer takes nothing, not even a test run (§4.2). */
export function assertAvailable(s: Pick<Sterilizer, 'active' | 'status'>): void {
  if (!s.active) throw new DomainError('STERILIZER_UNAVAILABLE', { status: STERILIZER_STATUS_NAMES.deactivated });
  if (s.status === 'out_of_service') throw new DomainError('STERILIZER_UNAVAILABLE', { status: STERILIZER_STATUS_NAMES[s.status] });
}

/**
 * The lockouts readiness decides (§4.2), in the order a person would fix them: the annual
 * inspection; then, for a clinical load, commissioning, the day's B-D and a BI block. An
 * empty-chamber test run is how a commissioning or blocked sterilizer earns its way back, and a
 * B-D is not needed before it.
 */
export function assertReady(
  s: Pick<Sterilizer, 'code' | 'annualInspectionValidUntil'>,
  r: Pick<SterilizerReadiness, 'annualInspectionValid' | 'commissioning' | 'bd' | 'bi'>,
  emptyChamberTest: boolean,
): void {
  const sterilizer = { sterilizer: s.code };
  if (!r.annualInspectionValid) throw new DomainError('ANNUAL_INSPECTION_EXPIRED', { validUntil: s.annualInspectionValidUntil ?? '—' });
  if (r.commissioning && !emptyChamberTest) {
    throw new DomainError(
      'STERILIZER_COMMISSIONING',
      { ...sterilizer, bi: r.commissioning.biPasses, bd: r.commissioning.bdPasses },
      r.commissioning,
    );
  }
  if (emptyChamberTest) return;
  if (r.bd.today === 'missing') throw new DomainError('BD_MISSING', sterilizer);
  if (r.bd.today === 'failed') throw new DomainError('BD_FAILED', sterilizer);
  if (r.bi.blocked) throw new DomainError('STERILIZER_BLOCKED_BY_BI', sterilizer);
}

/**
 * The BIs a load must carry when it starts (§4.2): its own for implants and ethylene oxide
 * (LOAD_NEEDS_BI: release waits for them), the calendar's when it is due — a warning, or a
 * refusal (BI_OVERDUE) under the `block` policy. A load with a BI in it, or an empty-chamber
 * test run, satisfies both. `due`: the hospital date since which the calendar's BI is due.
 */
export function biAtStart(
  s: Pick<Sterilizer, 'code' | 'type'>,
  load: Pick<LoadToStart, 'cycleNo' | 'emptyChamber' | 'containsImplant' | 'biCount'>,
  calendar: { overdue: boolean; due: string; policy: 'warn' | 'block' },
): 'ok' | 'warn' {
  if (load.biCount > 0 || load.emptyChamber) return 'ok';
  if (needsBiBeforeRelease({ containsImplant: load.containsImplant, method: s.type })) {
    throw new DomainError('LOAD_NEEDS_BI', {
      sterilizer: s.code,
      cycle: load.cycleNo,
      reasonZh: load.containsImplant ? '含植入物' : '环氧乙烷灭菌',
      reasonEn: load.containsImplant ? 'it holds an implant' : 'it is an ethylene-oxide load',
    });
  }
  if (!calendar.overdue) return 'ok';
  if (calendar.policy === 'block') throw new DomainError('BI_OVERDUE', { sterilizer: s.code, due: calendar.due });
  return 'warn';
}

/**
 * Lockouts (§4.2) — the one place that decides whether a sterilizer may take a load:
 * active and in service (or qualifying with an empty-chamber test), annual inspection valid,
 * B-D passed today (pre-vacuum), not blocked by a failed BI, the BI the calendar asks for,
 * one cycle at a time in the order of the cycle numbers, and an operator holding a valid
 * certificate.
 *
 * Every "since" and "before" on a sterilizer's history follows the order in which its loads
 * ran (started_at, then cycle number), never the order they were opened in.
 *
 * Its statements are LOAD_GATE_SQL in sterilization.repository.ts.
 */
@Injectable()
export class LoadGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SterilizationRepository) private readonly repo: SterilizationRepository,
  ) {}

  async readiness(m: EntityManager, s: Sterilizer, now = this.clock.instant()): Promise<SterilizerReadiness> {
    const today = localDate(now, this.config.timezone);
    const prevac = s.type === 'steam_prevacuum';
    let bdToday: SterilizerReadiness['bd']['today'] = 'not_required';
    if (prevac) {
      const bd = await this.repo.bdToday(m, s.id, today);
      bdToday = !bd ? 'missing' : bd.passed ? 'passed' : 'failed';
    }
    const lastRead = await this.repo.lastReadBi(m, s.id);
    const blocked = await this.repo.blockedByFailedBi(m, s.id);
    const lastBiRun = await this.repo.lastBiRun(m, s.id);
    const due = biDue(s.type, lastBiRun?.started_at ?? null, now, this.config.timezone);
    let commissioning: SterilizerReadiness['commissioning'] = null;
    if (s.status === 'commissioning') {
      const since = s.commissioningSince ?? new Date(0);
      // Consecutive runs: a run whose BIs are still incubating is not a pass — it holds the count until read.
      const runs = await this.repo.qualificationRuns(m, s.id, since);
      const bds = prevac ? await this.repo.bdSince(m, s.id, since) : [];
      commissioning = {
        active: true,
        biPasses: trailingPasses(runs.map((r) => r.verdict === 'passed')),
        bdPasses: prevac ? trailingPasses(bds.map((b) => b.passed)) : QUALIFYING_PASSES,
        needed: QUALIFYING_PASSES,
      };
    }
    return {
      sterilizerId: s.id,
      code: s.code,
      status: s.status,
      annualInspectionValidUntil: s.annualInspectionValidUntil,
      annualInspectionValid: annualInspectionValid(s.annualInspectionValidUntil, today),
      bd: { required: prevac, today: bdToday },
      bi: {
        blocked,
        lastResult: lastRead?.result ?? null,
        lastRunAt: lastBiRun?.started_at ?? null,
        nextDue: due.nextDue,
        overdue: due.overdue,
      },
      commissioning,
    };
  }

  /**
   * At opening: refuses (422, one code per reason) or returns warnings. `emptyChamberTest`: a
   * B-D / BI qualification run with nothing in it, allowed while commissioning or blocked by a
   * BI — it is how the sterilizer earns its way back. A BI the calendar asks for is only a
   * warning here (the BI goes into the load after it is opened); `assertCanStart` enforces it.
   */
  async assertCanRun(
    m: EntityManager,
    s: Sterilizer,
    opts: { emptyChamberTest: boolean; operator?: Actor; now?: Date },
  ): Promise<Warning[]> {
    const now = opts.now ?? this.clock.instant();
    const r = await this.assertLockouts(m, s, opts.emptyChamberTest, now);
    if (opts.operator) await this.assertCertified(m, opts.operator, localDate(now, this.config.timezone));
    if (r.bi.overdue && !opts.emptyChamberTest) return [this.biDueWarning(s, r)];
    return [];
  }

  /**
   * At the start of a run (the caller holds the sterilizer row locked, so starts of one
   * sterilizer are serialised): every lockout again, then one cycle at a time, in the order of
   * the cycle numbers — the number on the printed labels, the register and the sterilizer's own
   * printout is the run — and the BIs the load must carry: its own for implants and ethylene
   * oxide (release waits for them), the calendar's when it is due.
   */
  async assertCanStart(m: EntityManager, s: Sterilizer, load: LoadToStart, opts: { operator: Actor; now: Date }): Promise<Warning[]> {
    const r = await this.assertLockouts(m, s, load.emptyChamber, opts.now);
    const running = await this.repo.runningLoad(m, s.id, load.id);
    if (running)
      throw new DomainError('STERILIZER_BUSY', { sterilizer: s.code, cycle: running.cycle_no }, { runningCycleNo: running.cycle_no });
    const earlier = await this.repo.earlierOpenLoad(m, s.id, load.cycleNo);
    if (earlier)
      throw new DomainError(
        'LOAD_OUT_OF_ORDER',
        { sterilizer: s.code, cycle: load.cycleNo, earlier: earlier.cycle_no },
        { earlierCycleNo: earlier.cycle_no },
      );
    await this.assertCertified(m, opts.operator, localDate(opts.now, this.config.timezone));
    const bi = biAtStart(s, load, { overdue: r.bi.overdue, due: this.dueDate(r), policy: this.config.policy.biOverdue });
    return bi === 'warn' ? [this.biDueWarning(s, r)] : [];
  }

  private async assertLockouts(m: EntityManager, s: Sterilizer, emptyChamberTest: boolean, now: Date): Promise<SterilizerReadiness> {
    assertAvailable(s);
    await assertMachineInUse(m, { sterilizerId: s.id }, now, this.config.timezone);
    const r = await this.readiness(m, s, now);
    assertReady(s, r, emptyChamberTest);
    return r;
  }

  private dueDate(r: SterilizerReadiness): string {
    return r.bi.nextDue ? localDate(r.bi.nextDue, this.config.timezone) : '—';
  }

  private biDueWarning(s: Sterilizer, r: SterilizerReadiness): Warning {
    const due = this.dueDate(r);
    return {
      code: 'BI_OVERDUE',
      zh: `灭菌器 ${s.code} 本${s.type === 'h2o2_plasma' ? '日' : '周'}尚未做生物监测（自 ${due} 起应做）：请在本锅放入生物监测包`,
      en: `Sterilizer ${s.code} has had no biological indicator this ${s.type === 'h2o2_plasma' ? 'day' : 'week'} (due since ${due}): put a BI in this load`,
    };
  }

  /** seed 6.2 持证上岗: the person starting a load holds a valid sterilizer operator certificate. */
  private async assertCertified(m: EntityManager, operator: Actor, today: string): Promise<void> {
    if (!(await this.repo.operatorCertified(m, operator.id, today))) throw new DomainError('OPERATOR_NOT_CERTIFIED');
  }
}
