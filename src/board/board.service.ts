import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { addLocalDays, Clock, localDate, startOfLocalDay } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RecallService } from '../recall/recall.service.js';
import { WORK_STAGES, STAGE_OF_TYPE } from '../reports/workload.js';
import { LoadGate, type SterilizerReadiness } from '../sterilization/load-gate.js';
import { controlFailedSql } from '../monitoring/bi-verdict.js';

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

/**
 * The head nurse's board (issue 12): one read of everything that needs her now — each
 * sterilizer's readiness and why not, each washer, open recalls with their progress, packs
 * expiring within 7 days, today's work per stage and implant loads waiting for their BI.
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
  ) {}

  async summary() {
    const now = this.clock.now();
    const tz = this.config.timezone;
    const today = localDate(now, tz);
    const [sterilizers, washers, recalls, expiring, todayCounts, awaitingBi, openProblemReports, outUnderInvalidBi] = await Promise.all([
      this.sterilizers(now),
      this.washers(),
      this.recalls.list('open'),
      this.expiring(today),
      this.todayCounts(startOfLocalDay(today, tz)),
      this.awaitingBi(now),
      this.openProblemReports(),
      this.outUnderInvalidBi(),
    ]);
    return { at: now, today, sterilizers, washers, recalls, expiring, todayCounts, awaitingBi, openProblemReports, outUnderInvalidBi };
  }

  private async sterilizers(now: Date) {
    const list = await this.db.getRepository(Sterilizer).find({ where: { active: true }, order: { code: 'ASC' } });
    const running: { sterilizer_id: string; cycle_no: number; status: string }[] = await this.db.query(
      `SELECT sterilizer_id, cycle_no, status FROM sterilizer_loads WHERE status IN ('open', 'running') ORDER BY cycle_no`,
    );
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
    const rows: { id: string; code: string; name_zh: string; name_en: string; cycle_no: number | null; opened_at: Date | null }[] = await this.db.query(
      `SELECT w.id, w.code, w.name_zh, w.name_en, c.cycle_no, c.opened_at
         FROM washers w
         LEFT JOIN LATERAL (SELECT cycle_no, opened_at FROM washer_cycles wc WHERE wc.washer_id = w.id AND wc.status = 'open' ORDER BY cycle_no DESC LIMIT 1) c ON true
        WHERE w.active ORDER BY w.code`,
    );
    return rows.map((w) => ({ id: w.id, code: w.code, nameZh: w.name_zh, nameEn: w.name_en, openCycleNo: w.cycle_no, openedAt: w.opened_at }));
  }

  /** Sterile packs still in circulation expiring within 7 days (already expired ones first). */
  /**
   * Packs already sent out whose load's BI reading was invalidated by a positive control that did
   * not grow (release-policy WITHDRAWN_WHILE_IN_CSSD): the head nurse decides what to do with them.
   */
  private async outUnderInvalidBi() {
    const rows: Record<string, string | number>[] = await this.db.query(
      `SELECT p.barcode, p.state, s.code AS sterilizer_code, l.cycle_no, b.lot, b.read_date::text AS read_date,
              d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en
         FROM bi_tests b
         JOIN sterilizer_loads l ON l.id = b.load_id
         JOIN sterilizers s ON s.id = l.sterilizer_id
         JOIN packs p ON p.load_id = l.id
         LEFT JOIN departments d ON d.id = p.department_id
        WHERE b.result = 'passed' AND ${controlFailedSql('b')}
          AND p.state IN ('dispatched', 'received', 'used')
          AND (p.implant OR coalesce(l.run_snapshot->'sterilizer'->>'type', s.type) = 'ethylene_oxide')
        ORDER BY b.read_date DESC, p.barcode LIMIT 100`,
    );
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
      this.db.query(
        `SELECT p.barcode, p.state, p.expiry_date::text AS expiry_date, t.code AS template_code, t.name_zh, t.name_en, d.code AS department_code, d.name_zh AS department_name_zh, d.name_en AS department_name_en
           FROM packs p JOIN set_templates t ON t.id = p.template_id LEFT JOIN departments d ON d.id = p.department_id
          WHERE p.state = ANY($1::text[]) AND p.expiry_date <= $2
          ORDER BY p.expiry_date, p.barcode LIMIT 100`,
        [IN_CIRCULATION, until],
      ) as Promise<Record<string, string>[]>,
      this.db.query(`SELECT count(*)::int AS n FROM packs WHERE state = ANY($1::text[]) AND expiry_date <= $2`, [IN_CIRCULATION, until]) as Promise<{ n: number }[]>,
    ]);
    return {
      total: n,
      until,
      packs: rows.map((r) => ({
        barcode: r.barcode,
        state: r.state,
        expiryDate: r.expiry_date,
        expired: r.expiry_date < today,
        templateCode: r.template_code,
        nameZh: r.name_zh,
        nameEn: r.name_en,
        departmentCode: r.department_code,
        departmentNameZh: r.department_name_zh,
        departmentNameEn: r.department_name_en,
      })),
    };
  }

  /** Today's pack steps per zone, counted as the workload report counts them (one pack, one step). */
  private async todayCounts(from: Date) {
    const rows: { type: string; n: number }[] = await this.db.query(`SELECT type, count(*)::int AS n FROM pack_events WHERE at >= $1 GROUP BY type`, [from]);
    const byStage = new Map<string, number>();
    for (const r of rows) {
      const stage = STAGE_OF_TYPE.get(r.type);
      if (stage) byStage.set(stage, (byStage.get(stage) ?? 0) + r.n);
    }
    return WORK_STAGES.map((s) => ({ stage: s.stage, nameZh: s.nameZh, nameEn: s.nameEn, count: byStage.get(s.stage) ?? 0 }));
  }

  /** Departments' problem reports the CSSD has not closed yet (seed 20): worked on /problems. */
  private async openProblemReports(): Promise<number> {
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM problem_reports r WHERE NOT EXISTS (SELECT 1 FROM problem_report_outcomes o WHERE o.report_id = r.id)`);
    return n;
  }

  /**
   * Implant (and EO) loads whose packs wait for their BI (§4.3): the head nurse may approve an
   * emergency release of the implant packs still held when the PCD's type 5 indicator passed
   * (WS 310.3 4.4.2.3.2); the release service decides.
   */
  private async awaitingBi(now: Date) {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT l.id, l.cycle_no, l.completed_at, s.code AS sterilizer_code, s.name_zh, s.name_en,
              (SELECT count(*)::int FROM packs p WHERE p.load_id = l.id AND p.state = 'quarantined') AS quarantined,
              (SELECT count(*)::int FROM emergency_releases e WHERE e.load_id = l.id) AS emergency_released,
              (SELECT min(b.readout_minutes) FROM bi_tests b WHERE b.load_id = l.id AND b.result = 'pending') AS readout_minutes,
              (SELECT bool_or(b.pcd_type5_passed) FROM bi_tests b WHERE b.load_id = l.id AND b.result = 'pending') AS pcd_passed,
              (SELECT coalesce(json_agg(json_build_object('barcode', p.barcode, 'templateCode', t.code, 'nameZh', t.name_zh, 'nameEn', t.name_en) ORDER BY p.barcode), '[]'::json)
                 FROM packs p JOIN set_templates t ON t.id = p.template_id WHERE p.load_id = l.id AND p.state = 'quarantined' AND p.implant) AS implant_packs
         FROM sterilizer_loads l JOIN sterilizers s ON s.id = l.sterilizer_id
        WHERE l.release = 'awaiting_bi' AND l.status <> 'cancelled'
        ORDER BY l.completed_at NULLS LAST, s.code, l.cycle_no`,
    );
    return rows.map((r) => {
      const completedAt = r.completed_at ? new Date(r.completed_at as string) : null;
      const earliest = completedAt && r.readout_minutes !== null ? new Date(completedAt.getTime() + (r.readout_minutes as number) * 60_000) : null;
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
