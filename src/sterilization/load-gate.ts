import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { biDue, QUALIFYING_PASSES, trailingPasses } from '../monitoring/bi-schedule.js';
import { allBisPassedSql, biVerdictSql, type BiVerdict } from '../monitoring/bi-verdict.js';
import type { Warning } from '../packs/pack-summary.js';
import { needsBiBeforeRelease } from '../release/release-policy.js';
import { STERILIZER_STATUS_NAMES } from '../catalog/catalog.enums.js';

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

/**
 * Lockouts (§4.2) — the one place that decides whether a sterilizer may take a load:
 * active and in service (or qualifying with an empty-chamber test), annual inspection valid,
 * B-D passed today (pre-vacuum), not blocked by a failed BI, the BI the calendar asks for,
 * one cycle at a time in the order of the cycle numbers, and an operator holding a valid
 * certificate.
 *
 * Every "since" and "before" on a sterilizer's history follows the order in which its loads
 * ran (started_at, then cycle number), never the order they were opened in.
 */
/**
 * The statements the gate runs at every load open and start, by sterilizer ($1). Exported for
 * bench/data/explain.mjs, which shows their plans on generated history.
 */
export const LOAD_GATE_SQL = {
  /** The latest B-D of the day ($2) decides: a failure blocks until a later passing test. */
  bdToday: `SELECT passed FROM bd_tests WHERE sterilizer_id = $1 AND test_date = $2 ORDER BY tested_at DESC, recorded_at DESC LIMIT 1`,
  /**
   * Only BIs of loads that ran mean anything; the latest read is the one of the load that ran last.
   * (`l.sterilizer_id = $1` repeated on the load side lets the planner use the load indexes.)
   */
  lastReadBi: `SELECT b.result FROM bi_tests b JOIN sterilizer_loads l ON l.id = b.load_id
    WHERE b.sterilizer_id = $1 AND l.sterilizer_id = $1 AND b.result <> 'pending' AND l.started_at IS NOT NULL
    ORDER BY l.started_at DESC, l.cycle_no DESC, b.placed_at DESC LIMIT 1`,
  /**
   * Blocked by a failed BI until a load that started after the service learned of that failure
   * (result_recorded_at, the service's own clock — never a read time the client stated) has
   * every one of its BIs read negative: an empty-chamber test run. A late passing result of a
   * load that ran before does not unblock.
   */
  blockedByFailedBi: `SELECT EXISTS (
       SELECT 1 FROM bi_tests f JOIN sterilizer_loads fl ON fl.id = f.load_id
        WHERE f.sterilizer_id = $1 AND fl.sterilizer_id = $1 AND f.result = 'failed' AND fl.started_at IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM sterilizer_loads pl
             WHERE pl.sterilizer_id = $1 AND pl.started_at > f.result_recorded_at AND ${allBisPassedSql('pl')})) AS blocked`,
  /** When the newest load that ran with a BI in it started (the calendar's BI, see bi-schedule). */
  lastBiRun: `SELECT l.started_at FROM sterilizer_loads l
    WHERE l.sterilizer_id = $1 AND l.started_at IS NOT NULL AND EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = l.id)
    ORDER BY l.started_at DESC LIMIT 1`,
  /** The qualification runs since commissioning began ($2): empty-chamber loads with BIs, in the order they ran. */
  qualificationRuns: `SELECT ${biVerdictSql('l')} AS verdict FROM sterilizer_loads l
    WHERE l.sterilizer_id = $1 AND l.empty_chamber AND l.started_at >= $2
      AND EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = l.id)
    ORDER BY l.started_at, l.cycle_no`,
} as const;

/** The load a start is asked for (what the gate needs to know about it). */
export interface LoadToStart {
  id: string;
  cycleNo: number;
  emptyChamber: boolean;
  containsImplant: boolean;
  /** BIs placed in it (in their process challenge devices) before the start. */
  biCount: number;
}

@Injectable()
export class LoadGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async readiness(m: EntityManager, s: Sterilizer, now = this.clock.now()): Promise<SterilizerReadiness> {
    const today = localDate(now, this.config.timezone);
    const prevac = s.type === 'steam_prevacuum';
    let bdToday: SterilizerReadiness['bd']['today'] = 'not_required';
    if (prevac) {
      const [bd] = await m.query(LOAD_GATE_SQL.bdToday, [s.id, today]);
      bdToday = !bd ? 'missing' : bd.passed ? 'passed' : 'failed';
    }
    const [lastRead] = await m.query(LOAD_GATE_SQL.lastReadBi, [s.id]);
    const [{ blocked }] = await m.query(LOAD_GATE_SQL.blockedByFailedBi, [s.id]);
    const [lastBiRun] = await m.query(LOAD_GATE_SQL.lastBiRun, [s.id]);
    const due = biDue(s.type, lastBiRun?.started_at ?? null, now, this.config.timezone);
    let commissioning: SterilizerReadiness['commissioning'] = null;
    if (s.status === 'commissioning') {
      const since = s.commissioningSince ?? new Date(0);
      // Consecutive runs: a run whose BIs are still incubating is not a pass — it holds the count until read.
      const runs: { verdict: BiVerdict }[] = await m.query(LOAD_GATE_SQL.qualificationRuns, [s.id, since]);
      const bds: { passed: boolean }[] = prevac ? await m.query(`SELECT passed FROM bd_tests WHERE sterilizer_id = $1 AND tested_at >= $2 ORDER BY tested_at, recorded_at`, [s.id, since]) : [];
      commissioning = { active: true, biPasses: trailingPasses(runs.map((r) => r.verdict === 'passed')), bdPasses: prevac ? trailingPasses(bds.map((b) => b.passed)) : QUALIFYING_PASSES, needed: QUALIFYING_PASSES };
    }
    return {
      sterilizerId: s.id,
      code: s.code,
      status: s.status,
      annualInspectionValidUntil: s.annualInspectionValidUntil,
      annualInspectionValid: !!s.annualInspectionValidUntil && s.annualInspectionValidUntil >= today,
      bd: { required: prevac, today: bdToday },
      bi: { blocked, lastResult: lastRead?.result ?? null, lastRunAt: lastBiRun?.started_at ?? null, nextDue: due.nextDue, overdue: due.overdue },
      commissioning,
    };
  }

  /**
   * At opening: refuses (422, one code per reason) or returns warnings. `emptyChamberTest`: a
   * B-D / BI qualification run with nothing in it, allowed while commissioning or blocked by a
   * BI — it is how the sterilizer earns its way back. A BI the calendar asks for is only a
   * warning here (the BI goes into the load after it is opened); `assertCanStart` enforces it.
   */
  async assertCanRun(m: EntityManager, s: Sterilizer, opts: { emptyChamberTest: boolean; operator?: Actor; now?: Date }): Promise<Warning[]> {
    const now = opts.now ?? this.clock.now();
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
    const [running] = await m.query(`SELECT cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'running' AND id <> $2 ORDER BY cycle_no LIMIT 1`, [s.id, load.id]);
    if (running) throw new DomainError('STERILIZER_BUSY', { sterilizer: s.code, cycle: running.cycle_no }, { runningCycleNo: running.cycle_no });
    const [earlier] = await m.query(`SELECT cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'open' AND cycle_no < $2 ORDER BY cycle_no LIMIT 1`, [s.id, load.cycleNo]);
    if (earlier) throw new DomainError('LOAD_OUT_OF_ORDER', { sterilizer: s.code, cycle: load.cycleNo, earlier: earlier.cycle_no }, { earlierCycleNo: earlier.cycle_no });
    await this.assertCertified(m, opts.operator, localDate(opts.now, this.config.timezone));
    if (load.biCount > 0 || load.emptyChamber) return [];
    if (needsBiBeforeRelease({ containsImplant: load.containsImplant, method: s.type })) {
      throw new DomainError('LOAD_NEEDS_BI', { sterilizer: s.code, cycle: load.cycleNo, reasonZh: load.containsImplant ? '含植入物' : '环氧乙烷灭菌', reasonEn: load.containsImplant ? 'it holds an implant' : 'it is an ethylene-oxide load' });
    }
    if (!r.bi.overdue) return [];
    if (this.config.policy.biOverdue === 'block') throw new DomainError('BI_OVERDUE', { sterilizer: s.code, due: this.dueDate(r) });
    return [this.biDueWarning(s, r)];
  }

  private async assertLockouts(m: EntityManager, s: Sterilizer, emptyChamberTest: boolean, now: Date): Promise<SterilizerReadiness> {
    const sterilizer = { sterilizer: s.code };
    if (!s.active) throw new DomainError('STERILIZER_UNAVAILABLE', { status: STERILIZER_STATUS_NAMES.deactivated });
    if (s.status === 'out_of_service') throw new DomainError('STERILIZER_UNAVAILABLE', { status: STERILIZER_STATUS_NAMES[s.status] });
    const r = await this.readiness(m, s, now);
    if (!r.annualInspectionValid) throw new DomainError('ANNUAL_INSPECTION_EXPIRED', { validUntil: s.annualInspectionValidUntil ?? '—' });
    if (r.commissioning && !emptyChamberTest) {
      throw new DomainError('STERILIZER_COMMISSIONING', { ...sterilizer, bi: r.commissioning.biPasses, bd: r.commissioning.bdPasses }, r.commissioning);
    }
    if (!emptyChamberTest) {
      if (r.bd.today === 'missing') throw new DomainError('BD_MISSING', sterilizer);
      if (r.bd.today === 'failed') throw new DomainError('BD_FAILED', sterilizer);
      if (r.bi.blocked) throw new DomainError('STERILIZER_BLOCKED_BY_BI', sterilizer);
    }
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
    const [cert] = await m.query(`SELECT 1 FROM user_certifications WHERE user_id = $1 AND kind = 'sterilizer_operator' AND valid_until >= $2 LIMIT 1`, [operator.id, today]);
    if (!cert) throw new DomainError('OPERATOR_NOT_CERTIFIED');
  }
}
