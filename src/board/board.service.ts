import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addLocalDays, Clock, localDate, startOfLocalDay } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RecallService } from '../recall/recall.service.js';
import { WORK_STAGES, STAGE_OF_TYPE } from '../reports/workload.js';
import { LoadGate, type SterilizerReadiness } from '../sterilization/load-gate.js';
import { BoardRepository } from './board.repository.js';
import { CorrectiveActionsService } from '../quality-checks/corrective-actions.service.js';
import { QualityScheduleService } from '../quality-checks/quality-schedule.service.js';
import { RequisitionsService } from '../requisitions/requisitions.service.js';

/** Why a sterilizer takes no clinical load now (§4.2 lockouts), in the order a head nurse acts on them. */
export const BLOCK_REASONS = ['out_of_service', 'annual_inspection', 'commissioning', 'bd_missing', 'bd_failed', 'bi_failed'] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

/** The lockouts of readiness as reasons: empty means available. The same rules as LoadGate.assertLockouts. */
export function blockReasons(status: string, r: SterilizerReadiness): BlockReason[] {
  const out: BlockReason[] = [];
  if (status === 'out_of_service') out.push('out_of_service');
  if (!r.annualInspectionValid) out.push('annual_inspection');
  if (r.commissioning) out.push('commissioning');
  if (r.bd.today === 'missing') out.push('bd_missing');
  if (r.bd.today === 'failed') out.push('bd_failed');
  if (r.bi.blocked) out.push('bi_failed');
  return out;
}

/** Packs still in circulation whose expiry matters to the head nurse (sterile, not yet used). */
export const IN_CIRCULATION = ['stored', 'dispatched', 'received'] as const;
const EXPIRY_DAYS = 7;
/** How far back the board lists collections from another department than the one a pack was sent to. */
export const COLLECTED_ELSEWHERE_DAYS = 7;

/** A pack row of the board's lists (template and department columns as the queries name them). */
function packAtDepartment(r: Record<string, string>) {
  return {
    barcode: r.barcode,
    templateCode: r.template_code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    departmentCode: r.department_code,
    departmentNameZh: r.department_name_zh,
    departmentNameEn: r.department_name_en,
  };
}

/**
 * The head nurse's board (issue 12): one read of everything that needs her now — each
 * sterilizer's readiness and why not, each washer, open recalls with their progress, packs
 * expiring within 7 days, today's work per stage, implant loads waiting for their BI, the routine
 * checks gone overdue and the open corrective actions (seed 7.2–7.8), the templates sterile
 * storage holds too few of for the departments' shortfalls against their base quantities (issue 16).
 * Read-only; the page polls it.
 */
@Injectable()
export class BoardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LoadGate) private readonly gate: LoadGate,
    @Inject(RecallService) private readonly recalls: RecallService,
    @Inject(QualityScheduleService) private readonly schedule: QualityScheduleService,
    @Inject(CorrectiveActionsService) private readonly correctiveActions: CorrectiveActionsService,
    @Inject(BoardRepository) private readonly repo: BoardRepository,
    @Inject(RequisitionsService) private readonly requisitions: RequisitionsService,
  ) {}

  async summary() {
    const now = this.clock.instant();
    const tz = this.config.timezone;
    const today = localDate(now, tz);
    const [
      sterilizers,
      washers,
      recalls,
      expiring,
      todayCounts,
      awaitingBi,
      openProblemReports,
      outUnderInvalidBi,
      useNotRecorded,
      collectedElsewhere,
      monitoringOverdue,
      openCorrectiveActions,
      lowStock,
    ] = await Promise.all([
      this.sterilizers(now),
      this.washers(),
      this.recalls.list('open'),
      this.expiring(today),
      this.todayCounts(startOfLocalDay(today, tz)),
      this.awaitingBi(now),
      this.openProblemReports(),
      this.outUnderInvalidBi(),
      this.useNotRecorded(),
      this.collectedElsewhere(startOfLocalDay(addLocalDays(today, -COLLECTED_ELSEWHERE_DAYS), tz)),
      this.schedule.overdue(),
      this.correctiveActions.list('open'),
      this.requisitions.lowStock(),
    ]);
    return {
      at: now,
      today,
      sterilizers,
      washers,
      recalls,
      expiring,
      todayCounts,
      awaitingBi,
      openProblemReports,
      outUnderInvalidBi,
      useNotRecorded,
      collectedElsewhere,
      monitoringOverdue,
      openCorrectiveActions,
      lowStock,
    };
  }

  private async sterilizers(now: Date) {
    const list = await this.repo.activeSterilizers(this.db.manager);
    const running: { sterilizer_id: string; cycle_no: number; status: string }[] = await this.repo.activeLoads(this.db.manager);
    return Promise.all(
      list.map(async (s) => {
        const r = await this.gate.readiness(this.db.manager, s, now);
        const reasons = blockReasons(s.status, r);
        const run = running.find((x) => x.sterilizer_id === s.id && x.status === 'running');
        return {
          id: s.id,
          code: s.code,
          nameZh: s.nameZh,
          nameEn: s.nameEn,
          type: s.type,
          status: s.status,
          available: reasons.length === 0,
          reasons,
          readiness: r,
          runningCycleNo: run?.cycle_no ?? null,
          openLoads: running.filter((x) => x.sterilizer_id === s.id && x.status === 'open').map((x) => x.cycle_no),
        };
      }),
    );
  }

  /** Washers have no lockouts: available, or busy with an open cycle. */
  private async washers() {
    const rows: { id: string; code: string; name_zh: string; name_en: string; cycle_no: number | null; opened_at: Date | null }[] =
      await this.repo.washers(this.db.manager);
    return rows.map((w) => ({
      id: w.id,
      code: w.code,
      nameZh: w.name_zh,
      nameEn: w.name_en,
      openCycleNo: w.cycle_no,
      openedAt: w.opened_at,
    }));
  }

  /** Sterile packs still in circulation expiring within 7 days (already expired ones first). */
  /**
   * Packs already sent out whose load's BI reading was invalidated by a positive control that did
   * not grow (release-policy WITHDRAWN_WHILE_IN_CSSD): the head nurse decides what to do with them.
   */
  private async outUnderInvalidBi() {
    const rows: Record<string, string | number>[] = await this.repo.outUnderInvalidBi(this.db.manager);
    return rows.map((r) => ({
      barcode: r.barcode,
      state: r.state,
      sterilizerCode: r.sterilizer_code,
      cycleNo: r.cycle_no,
      lot: r.lot,
      readDate: r.read_date,
      departmentCode: r.department_code,
      departmentNameZh: r.department_name_zh,
      departmentNameEn: r.department_name_en,
    }));
  }

  private async expiring(today: string) {
    const until = addLocalDays(today, EXPIRY_DAYS);
    const [rows, [{ n }]] = await Promise.all([
      this.repo.expiringPacks(this.db.manager, IN_CIRCULATION, until) as Promise<Record<string, string>[]>,
      this.repo.expiringCount(this.db.manager, IN_CIRCULATION, until) as Promise<{ n: number }[]>,
    ]);
    return {
      total: n,
      until,
      packs: rows.map((r) => ({ ...packAtDepartment(r), state: r.state, expiryDate: r.expiry_date, expired: r.expiry_date < today })),
    };
  }

  /** Today's pack steps per zone, counted as the workload report counts them (one pack, one step). */
  private async todayCounts(from: Date) {
    const rows: { type: string; n: number }[] = await this.repo.stepsSince(this.db.manager, from);
    const byStage = new Map<string, number>();
    for (const r of rows) {
      const stage = STAGE_OF_TYPE.get(r.type);
      if (stage) byStage.set(stage, (byStage.get(stage) ?? 0) + r.n);
    }
    return WORK_STAGES.map((s) => ({ stage: s.stage, nameZh: s.nameZh, nameEn: s.nameEn, count: byStage.get(s.stage) ?? 0 }));
  }

  /**
   * Issue 18: packs that came back with no use recorded, until the department they were sent to
   * completes them (the use it had, or "not used"): the latest collections first, like the board's
   * other lists of events, with the time each was collected and the count of all.
   */
  private async useNotRecorded() {
    const [rows, [{ n }]] = await Promise.all([
      this.repo.useNotRecordedPacks(this.db.manager) as Promise<Record<string, string>[]>,
      this.repo.useNotRecordedCount(this.db.manager) as Promise<{ n: number }[]>,
    ]);
    return {
      total: n,
      packs: rows.map((r) => ({ ...packAtDepartment(r), collectedAt: r.collected_at })),
    };
  }

  /**
   * Issue 18: packs collected from another department than the one they were sent to, in the last
   * days, newest first: both departments as the collection recorded them.
   */
  private async collectedElsewhere(since: Date) {
    const rows: { barcode: string; at: Date; data: Record<string, string>; template_code: string; name_zh: string; name_en: string }[] =
      await this.repo.collectedElsewhere(this.db.manager, since);
    return {
      since,
      packs: rows.map((r) => ({
        barcode: r.barcode,
        collectedAt: r.at,
        templateCode: r.template_code,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        collectedFromDepartmentCode: r.data.collectedFromDepartmentCode,
        collectedFromDepartmentNameZh: r.data.collectedFromDepartmentNameZh,
        collectedFromDepartmentNameEn: r.data.collectedFromDepartmentNameEn,
        dispatchedToDepartmentCode: r.data.dispatchedToDepartmentCode,
        dispatchedToDepartmentNameZh: r.data.dispatchedToDepartmentNameZh,
        dispatchedToDepartmentNameEn: r.data.dispatchedToDepartmentNameEn,
      })),
    };
  }

  /** Departments' problem reports the CSSD has not closed yet (seed 20): worked on /problems. */
  private async openProblemReports(): Promise<number> {
    const [{ n }] = await this.repo.openProblemReports(this.db.manager);
    return n;
  }

  /**
   * Implant (and EO) loads whose packs wait for their BI (§4.3): the head nurse may approve an
   * emergency release of the implant packs still held when the PCD's type 5 indicator passed
   * (WS 310.3 4.4.2.3.2); the release service decides.
   */
  private async awaitingBi(now: Date) {
    const rows: Record<string, unknown>[] = await this.repo.awaitingBi(this.db.manager);
    return rows.map((r) => {
      const completedAt = r.completed_at ? new Date(r.completed_at as string) : null;
      const earliest =
        completedAt && r.readout_minutes !== null ? new Date(completedAt.getTime() + (r.readout_minutes as number) * 60_000) : null;
      return {
        loadId: r.id as string,
        sterilizerCode: r.sterilizer_code as string,
        cycleNo: r.cycle_no as number,
        completedAt,
        quarantinedPacks: r.quarantined as number,
        emergencyReleased: r.emergency_released as number,
        pcdType5Passed: (r.pcd_passed as boolean | null) ?? null,
        earliestBiReadAt: earliest,
        biReadable: !!earliest && earliest <= now,
        implantPacks: r.implant_packs as { barcode: string; templateCode: string; nameZh: string; nameEn: string }[],
      };
    });
  }
}
