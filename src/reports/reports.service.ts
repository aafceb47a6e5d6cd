import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { addLocalDays, Clock, localDate, startOfLocalDay } from '../common/clock.js';
import { complianceReadRange, judgeCompliance, type ComplianceRow } from './monitoring-compliance.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { REPORTS_SQL, ReportsRepository } from './reports.repository.js';
import { monthRange, STAGE_OF_TYPE, summarizeWork, type PersonWork, type WorkCount } from './workload.js';
import { reportPeriod, type PeriodQuery } from './period.js';
import { groupBySterilizer, type RegisterRow } from './sterilization-register.js';
import { registerDocument } from './register-export.js';
import { periodLabel } from './report-table.js';
import {
  addMonths,
  indicatorMonths,
  monthsOf,
  type DepartmentCounts,
  type HospitalIndicatorKey,
  type MonthCounts,
} from './quality-indicators.js';
import { perDay, perTemplate, type Breakdown } from './workload-breakdown.js';
import { departmentSlice, type DepartmentSlice } from './department-slice.js';
import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { tallyPosition, type TallyPosition } from './day-tallies.js';

/** The workload breakdown covers up to a year of days. */
export const BREAKDOWN_MAX_DAYS = 366;

/** The register covers up to a month of days (31): an inspector's binder, not the archive. */
export const REGISTER_MAX_DAYS = 31;

/** The quality indicators cover the year to this month unless told otherwise. */
export const INDICATOR_DEFAULT_MONTHS = 12;

/** Reports for the head nurse (§6 of the benchmark issue: one month's workload by stage and person). */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ReportsRepository) private readonly repo: ReportsRepository,
  ) {}

  /** A month's work (YYYY-MM, in the hospital's time zone; this month if none): per zone, and per person. */
  async workload(month?: string) {
    const m = month ?? localDate(this.clock.instant(), this.config.timezone).slice(0, 7);
    const { from, to } = monthRange(m, this.config.timezone);
    return { month: m, timezone: this.config.timezone, from, to, ...(await this.work(from, to)) };
  }

  /** The pack steps of [from, to) per zone and per person (summarizeWork). */
  private async work(from: Date, to: Date) {
    const rows = await this.atTallies((m, at) => this.repo.workload(m, from, to, this.config.timezone, at, [...STAGE_OF_TYPE.keys()]));
    const counts: WorkCount[] = rows.map((r) => ({ actorId: r.actor_id, kind: r.kind, n: r.n }));
    const ids = [...new Set(counts.map((c) => c.actorId))];
    const users = ids.length ? await this.repo.usersByIds(this.db.manager, ids) : [];
    const byId = new Map<string, NonNullable<PersonWork['user']>>(
      users.map((u) => [u.id, { id: u.id, username: u.username, displayName: u.display_name, role: u.role }]),
    );
    return summarizeWork(counts, byId);
  }

  /**
   * 工作量统计 over a day, week, month or range of up to a year (seed 4.6): per day, per person,
   * per set template, and the washers' and sterilizers' use.
   */
  async workloadBreakdown(q: PeriodQuery): Promise<Breakdown> {
    const p = reportPeriod(q, this.today(), this.config.timezone, BREAKDOWN_MAX_DAYS);
    const types = [...STAGE_OF_TYPE.keys()];
    const counted = this.atTallies(async (m, at) => {
      const args = [p.from, p.to, this.config.timezone, at.tallied, at.after, types];
      return [await m.query(REPORTS_SQL.workPerDay, args), await m.query(REPORTS_SQL.workPerTemplate, args)];
    });
    const [[days, templates], washers, sterilizers, work] = await Promise.all([
      counted,
      this.db.query(REPORTS_SQL.washerUse, [p.from, p.to]),
      this.db.query(REPORTS_SQL.sterilizerUse, [p.from, p.to]),
      this.work(p.from, p.to),
    ]);
    type Machine = { code: string; name_zh: string; name_en: string };
    const named = (m: Machine) => ({ code: m.code, nameZh: m.name_zh, nameEn: m.name_en });
    return {
      from: p.fromDate,
      to: p.toDate,
      timezone: this.config.timezone,
      hospital: this.config.hospitalName,
      perDay: perDay(p.fromDate, p.toDate, days),
      perPerson: work.people,
      perTemplate: perTemplate(templates),
      washers: washers.map((w: Machine & { cycles: number; passed: number; failed: number }) => ({
        ...named(w),
        cycles: w.cycles,
        passed: w.passed,
        failed: w.failed,
      })),
      sterilizers: sterilizers.map((s: Machine & { loads: number; failed_loads: number; bd_cycles: number; packs: number }) => ({
        ...named(s),
        loads: s.loads,
        failedLoads: s.failed_loads,
        bdCycles: s.bd_cycles,
        packs: s.packs,
      })),
    };
  }

  /** 监测合规 (§4.2): each sterilizer-day of the period (up to 31 days) with its B-D, BIs, physical and chemical results and gaps. */
  async monitoringCompliance(q: PeriodQuery) {
    const p = reportPeriod(q, this.today(), this.config.timezone, REGISTER_MAX_DAYS);
    const { readFrom, readTo } = complianceReadRange(p.fromDate, p.toDate);
    const tz = this.config.timezone;
    const rows: ComplianceRow[] = await this.db.query(REPORTS_SQL.monitoringCompliance, [
      startOfLocalDay(readFrom, tz),
      startOfLocalDay(addLocalDays(readTo, 1), tz),
      tz,
    ]);
    return {
      from: p.fromDate,
      to: p.toDate,
      timezone: tz,
      hospital: this.config.hospitalName,
      days: judgeCompliance(rows, p.fromDate, p.toDate, this.today()),
    };
  }

  /**
   * 质量指标 (issue 15): the CSSD's quality indicators per month of from..to (YYYY-MM, up to 12;
   * the year to this month when not given), each as numerator, denominator and rate, with its
   * trend against the month before; and per department the sets collected short and the
   * turnaround from collection to dispatch.
   */
  async qualityIndicators(q: { from?: string; to?: string }) {
    const tz = this.config.timezone;
    const to = q.to ?? this.today().slice(0, 7);
    const months = monthsOf(q.from ?? addMonths(to, -(INDICATOR_DEFAULT_MONTHS - 1)), to);
    const first = months[0];
    const from = startOfLocalDay(`${first}-01`, tz);
    const end = startOfLocalDay(`${addMonths(to, 1)}-01`, tz);
    const lastDay = addLocalDays(`${addMonths(to, 1)}-01`, -1);
    const range = [from, end, tz];
    const counted = this.atTallies(async (m, at) => {
      const tallied = [...range, at.tallied, at.after];
      return [
        await m.query(REPORTS_SQL.indicatorPackSteps, tallied),
        await m.query(REPORTS_SQL.indicatorExpired, [tz, `${first}-01`, lastDay, at.tallied, at.after, this.clock.instant()]),
        await m.query(REPORTS_SQL.indicatorDepartments, tallied),
      ];
    });
    const [[steps, expired, departments], loads, bis, problems, recalls] = await Promise.all([
      counted,
      this.db.query(REPORTS_SQL.indicatorLoads, range),
      this.db.query(REPORTS_SQL.indicatorBis, range),
      this.db.query(REPORTS_SQL.indicatorProblems, range),
      this.db.query(REPORTS_SQL.indicatorRecalls, range),
    ]);
    const counts: MonthCounts = new Map();
    const put = (month: string, key: HospitalIndicatorKey, n: number, d: number) =>
      counts.set(month, { ...counts.get(month), [key]: [n, d] });
    const loadsOf = new Map<string, number>(loads.map((l: { month: string; loads: number }) => [l.month, l.loads]));
    const opened = new Map<string, number>(steps.map((s: { month: string; opened: number }) => [s.month, s.opened]));
    for (const s of steps) {
      put(s.month, 'wetPacks', s.wet, s.unloaded);
      put(s.month, 'cleaningFailures', s.inspection_failed, s.inspections);
    }
    for (const l of loads) put(l.month, 'chemicalIndicatorFailures', l.chemical_failed, l.loads);
    for (const b of bis) put(b.month, 'biologicalIndicatorFailures', b.positive, b.read);
    for (const p of problems) put(p.month, 'problemsAtUse', p.reports, opened.get(p.month) ?? 0);
    for (const [month, n] of opened) if (!counts.get(month)?.problemsAtUse) put(month, 'problemsAtUse', 0, n);
    for (const r of recalls) {
      put(r.month, 'recalls', r.opened, loadsOf.get(r.month) ?? 0);
      put(r.month, 'recallTimeToClose', r.hours, r.closed);
    }
    for (const [month, n] of loadsOf) if (!counts.get(month)?.recalls) put(month, 'recalls', 0, n);
    for (const e of expired) put(e.month, 'expiredInStorage', e.expired, e.stored);
    type DeptRow = Omit<DepartmentCounts, 'department'> & { id: string; code: string; name_zh: string; name_en: string };
    const perDepartment: DepartmentCounts[] = departments.map(({ id, code, name_zh, name_en, ...c }: DeptRow) => ({
      ...c,
      department: { id, code, nameZh: name_zh, nameEn: name_en },
    }));
    return {
      from: first,
      to,
      timezone: tz,
      hospital: this.config.hospitalName,
      months: indicatorMonths(months, counts, perDepartment),
    };
  }

  /**
   * 本科室报表 (issue 15): one department's slice — its sets collected (and short), the packs
   * dispatched to it and their turnaround, its problem reports and the recalls that found its
   * packs — per month of from..to (up to 12, the year to this month when not given) and per day.
   * A department user gets its own department's only; the CSSD names the department.
   */
  async departmentSlice(actor: Actor, q: { from?: string; to?: string; departmentId?: string }): Promise<DepartmentSlice> {
    let departmentId = q.departmentId;
    if (actor.role === 'department') {
      if (!actor.departmentId || (departmentId && departmentId !== actor.departmentId)) throw new DomainError('REPORT_OTHER_DEPARTMENT');
      departmentId = actor.departmentId;
    }
    if (!departmentId) throw new DomainError('REPORT_DEPARTMENT_REQUIRED');
    const tz = this.config.timezone;
    const to = q.to ?? this.today().slice(0, 7);
    const months = monthsOf(q.from ?? addMonths(to, -(INDICATOR_DEFAULT_MONTHS - 1)), to);
    const from = startOfLocalDay(`${months[0]}-01`, tz);
    const end = startOfLocalDay(`${addMonths(to, 1)}-01`, tz);
    const lastDay = addLocalDays(`${addMonths(to, 1)}-01`, -1);
    return this.atTallies(async (m, at) => {
      const [department] = await m.query(REPORTS_SQL.departmentById, [departmentId]);
      if (!department) throw new DomainError('DEPARTMENT_NOT_FOUND');
      const args = [from, end, tz, departmentId];
      const days = await m.query(REPORTS_SQL.departmentDays, [from, end, tz, at.tallied, at.after, departmentId]);
      const problems = await m.query(REPORTS_SQL.departmentProblems, args);
      const recalls = await m.query(REPORTS_SQL.departmentRecalls, args);
      return {
        from: months[0],
        to,
        timezone: tz,
        hospital: this.config.hospitalName,
        department: { id: department.id, code: department.code, nameZh: department.name_zh, nameEn: department.name_en },
        ...departmentSlice(months, lastDay, days, problems, recalls),
      };
    });
  }

  /**
   * `work` on one snapshot, read only: the tallies' position and what is read at it agree
   * (day-tallies.ts — a catch-up committing meanwhile is not seen half).
   */
  private atTallies<T>(work: (m: EntityManager, at: TallyPosition) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      return work(m, await tallyPosition(m, this.config.timezone));
    });
  }

  /** The hospital's today. */
  today(): string {
    return localDate(this.clock.instant(), this.config.timezone);
  }

  /** 灭菌登记 (seed 8.3): every cycle of every sterilizer (or one) in the period, per sterilizer. */
  async sterilizationRegister(q: PeriodQuery & { sterilizerId?: string }) {
    const period = reportPeriod(q, this.today(), this.config.timezone, REGISTER_MAX_DAYS);
    const rows: RegisterRow[] = await this.db.query(REPORTS_SQL.sterilizationRegister, [period.from, period.to, q.sterilizerId ?? null]);
    return {
      from: period.fromDate,
      to: period.toDate,
      timezone: this.config.timezone,
      hospital: this.config.hospitalName,
      sterilizers: groupBySterilizer(rows),
    };
  }

  /** The register as the exports write it. */
  registerDocument(r: Awaited<ReturnType<ReportsService['sterilizationRegister']>>) {
    return registerDocument(r.sterilizers, { hospital: r.hospital, period: periodLabel(r.from, r.to), timezone: r.timezone });
  }

  hospital(): string {
    return this.config.hospitalName;
  }

  /** When a report is printed (its footer), by the service's clock. */
  printedAt(): Date {
    return this.clock.instant();
  }
}
