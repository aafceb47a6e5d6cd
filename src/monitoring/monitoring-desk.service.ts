import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, localDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { READING_KINDS } from '../kernel/environment-reading.entity.js';
import { MonitoringRepository } from './monitoring.repository.js';
import { DEFAULT_LIMITS } from '../kernel/reading-limits.js';

/** A BI waiting for its result, as the monitoring desk shows it: codes and cycle numbers, never ids alone. */
export interface PendingBiView {
  id: string;
  lot: string;
  placedAt: Date;
  readoutMinutes: number;
  /** The PCD's type 5 indicator, recorded after unloading (null: not yet). */
  pcdType5Passed: boolean | null;
  sterilizerId: string;
  sterilizerCode: string;
  sterilizerNameZh: string;
  sterilizerNameEn: string;
  loadId: string;
  cycleNo: number;
  loadStatus: string;
  loadRelease: string;
  containsImplant: boolean;
  emptyChamber: boolean;
  startedAt: Date | null;
  completedAt: Date | null;
  /** completedAt + readoutMinutes (§4.2: never read earlier); null while the load has not finished. */
  earliestReadAt: Date | null;
  /** The service's clock has passed earliestReadAt: the result may be entered now. */
  readable: boolean;
  productId: string | null;
  /** Today's positive control of its lot: null none yet (the BI cannot be read), else whether it grew. */
  positiveControlToday: boolean | null;
}

/** A load that ran and waits for its unloading, which a quality monitor co-signs. */
export interface UnloadingLoadView {
  loadId: string;
  sterilizerCode: string;
  sterilizerNameZh: string;
  sterilizerNameEn: string;
  cycleNo: number;
  programCode: string;
  startedAt: Date;
  packs: number;
  bis: number;
  containsImplant: boolean;
  emptyChamber: boolean;
}

/**
 * Read-only views for the monitoring desk (issue 12). Kept apart from MonitoringService, which
 * records results: these only list what is waiting, measured against the service's clock.
 */
@Injectable()
export class MonitoringDeskService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MonitoringRepository) private readonly repo: MonitoringRepository,
  ) {}

  /** Every BI not yet read, of loads not cancelled: in the chamber, running, or incubating. */
  async pendingBis(): Promise<PendingBiView[]> {
    const today = localDate(this.clock.instant(), this.config.timezone);
    const rows = await this.repo.pendingBis(this.db.manager, today);
    const now = this.clock.instant().getTime();
    return rows.map((r) => {
      const completedAt = r.completed_at ? new Date(r.completed_at as string) : null;
      const earliestReadAt = completedAt ? new Date(completedAt.getTime() + (r.readout_minutes as number) * 60_000) : null;
      return {
        id: r.id as string,
        lot: r.lot as string,
        placedAt: new Date(r.placed_at as string),
        readoutMinutes: r.readout_minutes as number,
        pcdType5Passed: r.pcd_type5_passed as boolean | null,
        sterilizerId: r.sterilizer_id as string,
        sterilizerCode: r.sterilizer_code as string,
        sterilizerNameZh: r.sterilizer_name_zh as string,
        sterilizerNameEn: r.sterilizer_name_en as string,
        loadId: r.load_id as string,
        cycleNo: r.cycle_no as number,
        loadStatus: r.load_status as string,
        loadRelease: r.load_release as string,
        containsImplant: r.contains_implant as boolean,
        emptyChamber: r.empty_chamber as boolean,
        startedAt: r.started_at ? new Date(r.started_at as string) : null,
        completedAt,
        earliestReadAt,
        readable: !!earliestReadAt && earliestReadAt.getTime() <= now,
        productId: r.product_id as string | null,
        positiveControlToday: r.control_today as boolean | null,
      };
    });
  }

  /**
   * Loads that ran and wait to be unloaded: unloading is co-signed by a quality monitor (seed 1.4),
   * so the desk shows where its signature is wanted. Oldest start first.
   */
  async loadsToUnload(): Promise<UnloadingLoadView[]> {
    const rows = await this.repo.loadsToUnload(this.db.manager);
    return rows.map((r) => ({
      loadId: r.id as string,
      sterilizerCode: r.sterilizer_code as string,
      sterilizerNameZh: r.name_zh as string,
      sterilizerNameEn: r.name_en as string,
      cycleNo: r.cycle_no as number,
      programCode: r.program_code as string,
      startedAt: new Date(r.started_at as string),
      packs: r.packs as number,
      bis: r.bis as number,
      containsImplant: r.contains_implant as boolean,
      emptyChamber: r.empty_chamber as boolean,
    }));
  }

  /** The limits each reading is judged against (seed 3.7, 7), so the desk can check a value before sending it. */
  readingLimits() {
    return READING_KINDS.map((kind) => {
      const d = DEFAULT_LIMITS[kind];
      return { kind, unit: d?.unit ?? 'mg/L', max: d?.max ?? null, strictMax: d?.strictMax ?? false, limitsRequired: !d };
    });
  }
}
