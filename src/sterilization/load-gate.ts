import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { biDue, QUALIFYING_PASSES, trailingPasses } from '../monitoring/bi-schedule.js';
import type { Warning } from '../packs/pack-summary.js';

export interface SterilizerReadiness {
  sterilizerId: string;
  code: string;
  status: string;
  annualInspectionValidUntil: string | null;
  annualInspectionValid: boolean;
  bd: { required: boolean; today: 'passed' | 'failed' | 'missing' | 'not_required' };
  bi: { blocked: boolean; lastResult: string | null; lastPlacedAt: Date | null; nextDue: Date | null; overdue: boolean };
  commissioning: { active: boolean; biPasses: number; bdPasses: number; needed: number } | null;
}

/**
 * Lockouts (§4.2) — the one place that decides whether a sterilizer may take a load:
 * active and in service (or qualifying with an empty-chamber test), annual inspection valid,
 * B-D passed today (pre-vacuum), not blocked by a failed BI, BI not overdue when the policy
 * blocks, and an operator holding a valid certificate.
 */
/**
 * The statements the gate runs at every load open and start, by sterilizer ($1). Exported for
 * bench/data/explain.mjs, which shows their plans on generated history.
 */
export const LOAD_GATE_SQL = {
  /** The latest B-D of the day ($2) decides: a failure blocks until a later passing test. */
  bdToday: `SELECT passed FROM bd_tests WHERE sterilizer_id = $1 AND test_date = $2 ORDER BY tested_at DESC, recorded_at DESC LIMIT 1`,
  /**
   * Only BIs of loads that ran mean anything; the latest is the one of the latest load.
   * (`l.sterilizer_id = $1` repeated on the load side lets the planner use the load indexes.)
   */
  lastReadBi: `SELECT b.result FROM bi_tests b JOIN sterilizer_loads l ON l.id = b.load_id
    WHERE b.sterilizer_id = $1 AND l.sterilizer_id = $1 AND b.result <> 'pending' AND l.started_at IS NOT NULL
    ORDER BY l.cycle_no DESC, b.placed_at DESC LIMIT 1`,
  /**
   * Blocked by a failed BI until a BI passes on a load started after that failure was read
   * (an empty-chamber test run): a late passing result of an older load does not unblock.
   * Only the newest start of a load with a passing BI matters (found from the newest loads
   * backwards through ix_sterilizer_loads_started): a failure read before it is cleared.
   */
  blockedByFailedBi: `WITH last_pass AS (
       SELECT pl.started_at FROM sterilizer_loads pl JOIN bi_tests p ON p.load_id = pl.id
        WHERE pl.sterilizer_id = $1 AND pl.started_at IS NOT NULL AND p.sterilizer_id = $1 AND p.result = 'passed'
        ORDER BY pl.started_at DESC LIMIT 1
     )
     SELECT EXISTS (
       SELECT 1 FROM bi_tests f JOIN sterilizer_loads fl ON fl.id = f.load_id
        WHERE f.sterilizer_id = $1 AND fl.sterilizer_id = $1 AND f.result = 'failed' AND fl.started_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM last_pass WHERE last_pass.started_at > f.read_at)) AS blocked`,
  /** When the last BI was placed in a load that was not cancelled (for the next one due). */
  lastPlacedBi: `SELECT b.placed_at FROM bi_tests b JOIN sterilizer_loads l ON l.id = b.load_id
    WHERE b.sterilizer_id = $1 AND l.sterilizer_id = $1 AND l.status <> 'cancelled' ORDER BY b.placed_at DESC LIMIT 1`,
} as const;

@Injectable()
export class LoadGate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async readiness(m: EntityManager, s: Sterilizer, now = new Date()): Promise<SterilizerReadiness> {
    const today = localDate(now, this.config.timezone);
    const prevac = s.type === 'steam_prevacuum';
    let bdToday: SterilizerReadiness['bd']['today'] = 'not_required';
    if (prevac) {
      const [bd] = await m.query(LOAD_GATE_SQL.bdToday, [s.id, today]);
      bdToday = !bd ? 'missing' : bd.passed ? 'passed' : 'failed';
    }
    const [lastRead] = await m.query(LOAD_GATE_SQL.lastReadBi, [s.id]);
    const [{ blocked }] = await m.query(LOAD_GATE_SQL.blockedByFailedBi, [s.id]);
    const [lastPlaced] = await m.query(LOAD_GATE_SQL.lastPlacedBi, [s.id]);
    const due = biDue(s.type, lastPlaced?.placed_at ?? null, now);
    let commissioning: SterilizerReadiness['commissioning'] = null;
    if (s.status === 'commissioning') {
      const since = s.commissioningSince ?? new Date(0);
      const bis: { passed: boolean }[] = await m.query(
        `SELECT b.result = 'passed' AS passed FROM bi_tests b JOIN sterilizer_loads l ON l.id = b.load_id
          WHERE b.sterilizer_id = $1 AND l.sterilizer_id = $1 AND l.empty_chamber AND l.started_at IS NOT NULL AND b.result <> 'pending' AND b.placed_at >= $2 ORDER BY b.placed_at`,
        [s.id, since],
      );
      const bds: { passed: boolean }[] = prevac ? await m.query(`SELECT passed FROM bd_tests WHERE sterilizer_id = $1 AND tested_at >= $2 ORDER BY tested_at`, [s.id, since]) : [];
      commissioning = { active: true, biPasses: trailingPasses(bis.map((b) => b.passed)), bdPasses: prevac ? trailingPasses(bds.map((b) => b.passed)) : QUALIFYING_PASSES, needed: QUALIFYING_PASSES };
    }
    return {
      sterilizerId: s.id,
      code: s.code,
      status: s.status,
      annualInspectionValidUntil: s.annualInspectionValidUntil,
      annualInspectionValid: !!s.annualInspectionValidUntil && s.annualInspectionValidUntil >= today,
      bd: { required: prevac, today: bdToday },
      bi: { blocked, lastResult: lastRead?.result ?? null, lastPlacedAt: lastPlaced?.placed_at ?? null, nextDue: due.nextDue, overdue: due.overdue },
      commissioning,
    };
  }

  /**
   * Refuses (422, one code per reason) or returns warnings. `emptyChamberTest`: a B-D / BI
   * qualification run with nothing in it, allowed while commissioning or blocked by a BI —
   * it is how the sterilizer earns its way back.
   */
  async assertCanRun(m: EntityManager, s: Sterilizer, opts: { emptyChamberTest: boolean; operator?: Actor; now?: Date }): Promise<Warning[]> {
    const now = opts.now ?? new Date();
    const sterilizer = { sterilizer: s.code };
    if (!s.active) throw new DomainError('STERILIZER_UNAVAILABLE', { status: 'deactivated' });
    if (s.status === 'out_of_service') throw new DomainError('STERILIZER_UNAVAILABLE', { status: s.status });
    const r = await this.readiness(m, s, now);
    if (!r.annualInspectionValid) throw new DomainError('ANNUAL_INSPECTION_EXPIRED', { validUntil: s.annualInspectionValidUntil ?? '—' });
    if (r.commissioning && !opts.emptyChamberTest) {
      throw new DomainError('STERILIZER_COMMISSIONING', { ...sterilizer, bi: r.commissioning.biPasses, bd: r.commissioning.bdPasses }, r.commissioning);
    }
    if (!opts.emptyChamberTest) {
      if (r.bd.today === 'missing') throw new DomainError('BD_MISSING', sterilizer);
      if (r.bd.today === 'failed') throw new DomainError('BD_FAILED', sterilizer);
      if (r.bi.blocked) throw new DomainError('STERILIZER_BLOCKED_BY_BI', sterilizer);
    }
    if (opts.operator) await this.assertCertified(m, opts.operator, localDate(now, this.config.timezone));
    const warnings: Warning[] = [];
    if (r.bi.overdue && !opts.emptyChamberTest) {
      const due = r.bi.nextDue ? localDate(r.bi.nextDue, this.config.timezone) : '—';
      if (this.config.policy.biOverdue === 'block') throw new DomainError('BI_OVERDUE', { ...sterilizer, due });
      warnings.push({ code: 'BI_OVERDUE', zh: `灭菌器 ${s.code} 生物监测已逾期（应于 ${due} 前完成）`, en: `Sterilizer ${s.code} is overdue for its biological indicator (due ${due})` });
    }
    return warnings;
  }

  /** seed 6.2 持证上岗: the person starting a load holds a valid sterilizer operator certificate. */
  private async assertCertified(m: EntityManager, operator: Actor, today: string): Promise<void> {
    const [cert] = await m.query(`SELECT 1 FROM user_certifications WHERE user_id = $1 AND kind = 'sterilizer_operator' AND valid_until >= $2 LIMIT 1`, [operator.id, today]);
    if (!cert) throw new DomainError('OPERATOR_NOT_CERTIFIED');
  }
}
