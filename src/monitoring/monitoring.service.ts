import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { BiProduct } from '../catalog/bi-product.entity.js';
import { METHOD_NAMES } from '../catalog/packaging-compatibility.js';
import type { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { readPackBarcode } from '../kernel/scan.js';
import { DomainError } from '../common/errors/domain-error.js';
import { hospitalInstant } from '../common/hospital-time.js';
import { statedInstant } from '../common/stated-time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { CorrectiveActionsService } from '../quality-checks/corrective-actions.service.js';
import { QualityScheduleService } from '../quality-checks/quality-schedule.service.js';
import type { DepartmentNotice } from '../recall/department-notice.entity.js';
import { NoticesService } from '../recall/notices.service.js';
import { RecallService, type OpenedRecall } from '../recall/recall.service.js';
import { ReleaseService } from '../release/release.service.js';
import { LoadGate } from '../sterilization/load-gate.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';
import { assertLoadCan, canDoOnLoad, moveLoad, newLoadColumns } from '../kernel/load-state.js';
import { SterilizationRepository } from '../sterilization/sterilization.repository.js';
import { shortenCottonAfterReading } from '../storage/cotton-shelf-life.js';
import { StorageRepository } from '../storage/storage.repository.js';
import type {
  EmergencyReleaseDto,
  PlaceBiDto,
  ReadBiDto,
  RecordBdDto,
  RecordPcdDto,
  RecordPositiveControlDto,
  RecordReadingDto,
} from './dto/monitoring.dto.js';
import { MonitoringRepository } from './monitoring.repository.js';
import { ReadingKind } from '../kernel/environment-reading.entity.js';
import { DEFAULT_LIMITS, withinLimits } from '../kernel/reading-limits.js';

/** Monitoring (§4.2): B-D, biological indicators, emergency release, environment; recalls on failure. */
@Injectable()
export class MonitoringService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LoadGate) private readonly gate: LoadGate,
    @Inject(ReleaseService) private readonly release: ReleaseService,
    @Inject(RecallService) private readonly recalls: RecallService,
    @Inject(NoticesService) private readonly notices: NoticesService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(SterilizationRepository) private readonly loads: SterilizationRepository,
    @Inject(StorageRepository) private readonly storage: StorageRepository,
    @Inject(CorrectiveActionsService) private readonly correctiveActions: CorrectiveActionsService,
    @Inject(QualityScheduleService) private readonly schedule: QualityScheduleService,
    @Inject(MonitoringRepository) private readonly repo: MonitoringRepository,
  ) {}

  /**
   * A B-D test is an empty-chamber cycle of the sterilizer (issue 18): recorded once it ran, it
   * takes the sterilizer's next cycle number as a completed (or failed) cycle, so the printout's
   * "cycle 1 of today" is the register's. Loads opened before it keep their numbers (their labels
   * are printed) and start after it: the B-D already ran — refusing its record would not undo the
   * cycle, only lose it — and every "before" and "since" follows the order cycles ran in.
   */
  recordBd(actor: Actor, dto: RecordBdDto) {
    return this.db.transaction(async (m) => {
      // Locked as a load's opening locks it: the cycle numbers stay unique and in order.
      const s = await this.repo.lockSterilizer(m, dto.sterilizerId);
      if (!s) throw new DomainError('STERILIZER_NOT_FOUND');
      if (s.type !== 'steam_prevacuum') throw new DomainError('BD_NOT_APPLICABLE');
      const testedAt = this.statedTime(dto.testedAt, 'testedAt', await this.repo.lastLoadRun(m, s.id));
      // One cycle at a time: an empty-chamber test cannot have run while a load was in the chamber.
      const running = await this.repo.runningLoad(m, s.id);
      if (running)
        throw new DomainError('STERILIZER_BUSY', { sterilizer: s.code, cycle: running.cycle_no }, { runningCycleNo: running.cycle_no });
      const testDate = localDate(testedAt, this.config.timezone);
      const cycle = await this.repo.insertLoad(m, {
        sterilizerId: s.id,
        kind: 'bowie_dick',
        programId: null,
        cycleNo: await this.loads.nextCycleNo(m, s.id),
        ...newLoadColumns(dto.passed ? 'bd_passed' : 'bd_failed'),
        openedBy: actor.id,
        openedAt: testedAt,
        startedBy: actor.id,
        startedAt: testedAt,
        sterilizationDate: testDate,
        completedAt: testedAt,
        unloadedBy: actor.id,
        chemicalPassed: dto.passed,
        emptyChamber: true,
        note: dto.note ?? null,
      });
      const bd = await this.repo.insertBd(m, {
        sterilizerId: s.id,
        loadId: cycle.id,
        cycleNo: cycle.cycleNo,
        testedAt,
        testDate,
        passed: dto.passed,
        operatorId: actor.id,
        note: dto.note ?? null,
        recordedAt: this.clock.instant(),
      });
      await this.qualifyIfDone(m, s, actor);
      return bd;
    });
  }

  listBd(sterilizerId?: string) {
    return this.repo.latestBds(this.db.manager, sterilizerId);
  }

  placeBi(actor: Actor, dto: PlaceBiDto) {
    return this.db.transaction(async (m) => {
      const load = await this.repo.lockLoad(m, dto.loadId);
      if (!load) throw new DomainError('LOAD_NOT_FOUND');
      // §4.2: the BI sits in its process challenge device in the chamber before the cycle starts.
      assertLoadCan(load, 'place_bi');
      const placedAt = this.statedTime(dto.placedAt, 'placedAt', load.openedAt);
      const product = await this.biProductFor(m, dto.productId, await this.repo.sterilizer(m, load.sterilizerId));
      return this.repo.insertBi(m, {
        sterilizerId: load.sterilizerId,
        loadId: load.id,
        productId: product.id,
        lot: dto.lot,
        placedAt,
        placedBy: actor.id,
        // The product's incubation as it is today, kept with the BI: a later catalog edit does not move its read time.
        readoutMinutes: product.incubationMinutes,
        pcdType5Passed: null,
        result: 'pending',
        recordedAt: this.clock.instant(),
      });
    });
  }

  listBi(sterilizerId?: string) {
    return this.repo.latestBis(this.db.manager, sterilizerId);
  }

  /**
   * Reads a BI. Negative: the load's held-back packs are released. Positive: the load fails,
   * the sterilizer is blocked (until a passing BI) and a recall opens at once (§4.4).
   * Departments holding emergency-released packs of the load are told the late result.
   */
  async readBi(ctx: StepContext, id: string, dto: ReadBiDto) {
    let opened: OpenedRecall | null = null;
    let late: DepartmentNotice[] = [];
    const result = await this.db.transaction(async (m) => {
      const bi = await this.repo.lockBi(m, id);
      if (!bi) throw new DomainError('BI_NOT_FOUND');
      if (bi.result !== 'pending') throw new DomainError('BI_ALREADY_READ');
      const load = await this.repo.lockKnownLoad(m, bi.loadId);
      // Read once the cycle ran and was unloaded.
      assertLoadCan(load, 'read_bi');
      const completedAt = load.completedAt!;
      // The sterilizer row locked, as a load start locks it: a start either runs before this result
      // (and is in its recall) or after it (and is refused, blocked) — never in between.
      const s = (await this.repo.lockSterilizer(m, bi.sterilizerId))!;
      const now = this.clock.instant();
      // As the hospital reads it (§4.1): a read time without a zone is its wall clock, not the server's.
      const readAt = dto.readAt ? hospitalInstant(dto.readAt, this.config.timezone)! : now;
      // A result is read after its cycle ran (the times the service itself recorded), never in the future.
      if (readAt > now || readAt < completedAt) {
        throw new DomainError('BI_READ_TIME_INVALID', { readAt: readAt.toISOString(), completedAt: completedAt.toISOString() });
      }
      // …and no earlier than the product's incubation allows after the cycle (§4.2).
      const earliest = new Date(completedAt.getTime() + bi.readoutMinutes * 60_000);
      if (readAt < earliest)
        throw new DomainError('BI_READ_TOO_EARLY', { earliest: earliest.toISOString(), minutes: bi.readoutMinutes }, { earliest });
      // WS/T 367: each day's readings of a lot come with that day's positive control of the lot.
      const readDate = localDate(readAt, this.config.timezone);
      if (!(await this.repo.hasPositiveControl(m, bi.lot, bi.productId, readDate)))
        throw new DomainError('BI_POSITIVE_CONTROL_MISSING', { lot: bi.lot, date: readDate }, { lot: bi.lot, date: readDate });
      const blockedBefore = (await this.gate.readiness(m, s, now)).bi.blocked;
      const alreadyFailed = (await this.repo.failedBiCount(m, load.id)) > 0;
      // result_recorded_at: when the service learned the result — what the BI block is measured against.
      await this.repo.updateBi(m, id, {
        result: dto.result,
        readAt,
        readDate,
        resultRecordedAt: now,
        readBy: ctx.actor.id,
        note: dto.note ?? null,
      });
      // A negative reading under a control that did not grow proves nothing: no release, no "negative" notice.
      const invalid = await this.repo.readingInvalid(m, id);
      bi.result = dto.result;
      let released = 0;
      if (dto.result === 'passed') {
        if (invalid) return { bi: await this.repo.bi(m, id), released: 0, recall: null };
        released = await this.release.releaseAfterBi(m, load, bi, ctx);
        await this.qualifyIfDone(m, s, ctx.actor);
      } else if (!alreadyFailed) {
        // CDC: a *single* positive steam BI may recall implants only; a repeat positive (the sterilizer
        // already blocked by a failure, e.g. its retest) recalls everything since the last passing BI.
        const implantsOnly =
          this.config.policy.steamBiRecallsImplantsOnly && (s.type === 'steam_prevacuum' || s.type === 'steam_gravity') && !blockedBefore;
        // Under the CDC rule the load's other packs stay in circulation: only its implants are recalled.
        if (!implantsOnly && canDoOnLoad(load, 'bi_positive')) await moveLoad(m, load, 'bi_positive');
        opened = await this.recalls.open(
          m,
          ctx,
          'bi_failed',
          `生物监测阳性 Positive BI: ${s.code} cycle ${load.cycleNo}, lot ${bi.lot}`,
          { kind: 'since_last_passing_bi', sterilizerId: s.id, failedCycleNo: load.cycleNo, implantsOnly },
          {
            sterilizerCode: s.code,
            failedCycleNo: load.cycleNo,
            lot: bi.lot,
            biTestId: bi.id,
            policy: implantsOnly ? 'cdc_steam_implants_only' : 'since_last_passing_bi',
          },
        );
      }
      late = await this.lateBiNotices(m, load, dto.result);
      return { bi: await this.repo.bi(m, id), released, recall: opened ? { id: opened.recall.id } : null };
    });
    this.recalls.delivered(opened);
    this.notices.deliver(late);
    return result;
  }

  /**
   * The day's positive control of a BI lot. One that did not grow invalidates the negative
   * readings of the lot that day: the loads they released are withdrawn (ReleaseService).
   */
  recordPositiveControl(ctx: StepContext, dto: RecordPositiveControlDto) {
    return this.db.transaction(async (m) => {
      const product = await this.repo.findBiProduct(m, dto.productId);
      if (!product) throw new DomainError('BI_PRODUCT_NOT_FOUND');
      const readAt = this.statedTime(dto.readAt, 'readAt');
      const control = await this.repo.insertPositiveControl(m, {
        productId: product.id,
        lot: dto.lot,
        controlDate: localDate(readAt, this.config.timezone),
        grew: dto.grew,
        readAt,
        readBy: ctx.actor.id,
        note: dto.note ?? null,
        recordedAt: this.clock.instant(),
      });
      if (dto.grew) return { control, invalidatedReadings: 0, withdrawnLoads: [], packsHeld: 0, packsOut: 0 };
      const n = await this.repo.passedReadingsOfLot(m, product.id, dto.lot, control.controlDate);
      const withdrawn = await this.release.withdrawAfterFailedControl(m, control, ctx);
      return {
        control,
        invalidatedReadings: n,
        withdrawnLoads: withdrawn.loads,
        packsHeld: withdrawn.packsHeld,
        packsOut: withdrawn.packsOut,
      };
    });
  }

  listPositiveControls(lot?: string) {
    return this.repo.latestPositiveControls(this.db.manager, lot);
  }

  /** The departments that received emergency-released packs of this load hear the late BI result. */
  private async lateBiNotices(m: EntityManager, load: SterilizerLoad, result: 'passed' | 'failed'): Promise<DepartmentNotice[]> {
    const rows = await this.repo.emergencyReleasedByDepartment(m, load.id);
    const out: DepartmentNotice[] = [];
    for (const r of rows) {
      out.push(
        await this.notices.create(m, {
          departmentId: r.department_id,
          kind: result === 'passed' ? 'late_bi_passed' : 'late_bi_failed',
          recallId: null,
          packs: r.packs,
          messageZh:
            result === 'passed'
              ? `紧急放行的植入物：生物监测结果阴性（合格），锅次 ${load.cycleNo}`
              : `紧急放行的植入物：生物监测结果阳性（不合格），锅次 ${load.cycleNo}，请立即随访患者`,
          messageEn:
            result === 'passed'
              ? `Emergency-released implants: the BI of load ${load.cycleNo} is negative (passed)`
              : `Emergency-released implants: the BI of load ${load.cycleNo} is POSITIVE (failed); follow up the patients now`,
        }),
      );
    }
    return out;
  }

  /**
   * The type 5 integrating indicator of a BI's process challenge device, read when the load is
   * unloaded: recorded once, after the cycle — a result stated before the run could not be known.
   */
  recordPcd(actor: Actor, id: string, dto: RecordPcdDto) {
    return this.db.transaction(async (m) => {
      const bi = await this.repo.lockBi(m, id);
      if (!bi) throw new DomainError('BI_NOT_FOUND');
      const load = await this.repo.load(m, bi.loadId);
      assertLoadCan(load, 'record_pcd');
      if (bi.pcdType5Passed !== null) throw new DomainError('PCD_ALREADY_RECORDED');
      if (bi.result !== 'pending') throw new DomainError('BI_ALREADY_READ');
      await this.repo.updateBi(m, id, { pcdType5Passed: dto.passed });
      await this.audit.record(m, actor, 'update', 'bi_test', id, { pcdType5Passed: null }, { pcdType5Passed: dto.passed });
      return this.repo.bi(m, id);
    });
  }

  emergencyRelease(ctx: StepContext, loadId: string, dto: EmergencyReleaseDto) {
    const now = this.clock.instant();
    const barcodes = [...new Set(dto.barcodes.map((code) => readPackBarcode(code, now)))];
    return this.db.transaction(async (m) => {
      const load = await this.repo.lockLoad(m, loadId);
      if (!load) throw new DomainError('LOAD_NOT_FOUND');
      const released = await this.release.emergencyRelease(m, load, ctx, dto.reason, barcodes);
      return {
        loadId,
        released,
        summary: {
          zh: `紧急放行 ${released} 个植入物包，待生物监测结果后通知使用科室`,
          en: `${released} implant pack(s) released in an emergency; departments will be told the BI result`,
        },
      };
    });
  }

  async recordReading(actor: Actor, dto: RecordReadingDto, station: string | null = null) {
    const defaults = DEFAULT_LIMITS[dto.kind];
    const limitMin = dto.limitMin ?? null;
    const limitMax = dto.limitMax ?? defaults?.max ?? null;
    if (!defaults && (limitMin === null || limitMax === null)) throw new DomainError('READING_LIMITS_REQUIRED');
    if (limitMin !== null && limitMax !== null && limitMin > limitMax)
      throw new DomainError('INVALID_RANGE', { field: { zh: '限值', en: 'limit' } });
    const ok = withinLimits(dto.value, limitMin, limitMax, dto.limitMax === undefined && (defaults?.strictMax ?? false));
    return this.db.transaction(async (m) => {
      // Seed 7.2–7.7: the routine task (for a concentration, which solution) the reading does.
      const task = await this.schedule.taskForReading(m, dto.kind, dto.taskId);
      const reading = await this.repo.insertReading(m, {
        kind: dto.kind,
        taskId: task?.id ?? null,
        value: dto.value,
        unit: defaults?.unit ?? 'mg/L',
        limitMin,
        limitMax,
        withinLimits: ok,
        measuredAt: this.statedTime(dto.measuredAt, 'measuredAt'),
        recordedBy: actor.id,
        note: dto.note ?? null,
        recordedAt: this.clock.instant(),
      });
      // Seed 13.4: storage out of its limits shortens the cotton packs under it to 7 days.
      const shortenedCottonPacks = await shortenCottonAfterReading(m, this.storage, this.ledger, { actor, station }, reading);
      // Seed 7.8: a result out of its limits opens a corrective action, with the reading or not at all.
      const correctiveActionId = ok ? null : await this.correctiveActions.openForReading(m, actor, reading, task);
      return { ...reading, shortenedCottonPacks, correctiveActionId };
    });
  }

  listReadings(kind?: ReadingKind) {
    return this.repo.latestReadings(this.db.manager, kind);
  }

  async readiness(id?: string) {
    const list = id ? [await this.sterilizer(this.db.manager, id)] : await this.repo.activeSterilizers(this.db.manager);
    return Promise.all(list.map((s) => this.gate.readiness(this.db.manager, s, this.clock.instant())));
  }

  /**
   * Commissioning ends by itself — and only so — after 3 consecutive passing empty-chamber BI
   * runs (and B-Ds for pre-vacuum). The qualification is then complete (commissioningSince
   * cleared), which is what lets the head nurse put it back in service after a later stop.
   */
  private async qualifyIfDone(m: EntityManager, s: Sterilizer, actor: Actor): Promise<void> {
    if (s.status !== 'commissioning') return;
    const r = await this.gate.readiness(m, s);
    if (!r.commissioning || r.commissioning.biPasses < r.commissioning.needed || r.commissioning.bdPasses < r.commissioning.needed) return;
    const before = { ...s };
    const qualified = { status: 'in_service' as const, commissioningSince: null, updatedAt: this.clock.instant() };
    await this.repo.updateSterilizer(m, s.id, qualified);
    await this.audit.record(m, actor, 'update', 'sterilizer', s.id, before, { ...s, ...qualified, qualified: r.commissioning });
  }

  /** A time the client states (tested, placed, measured) — default now — checked against the service's clock (stated-time.ts). */
  private statedTime(value: string | undefined, field: string, earliest?: Date | null): Date {
    return statedInstant(value, this.clock.instant(), field, { timezone: this.config.timezone, earliest });
  }

  /** The BI's product: known, active, and validated for the sterilizer's method (its IFU). */
  private async biProductFor(m: EntityManager, productId: string, s: Sterilizer): Promise<BiProduct> {
    const product = await this.repo.findBiProduct(m, productId);
    if (!product) throw new DomainError('BI_PRODUCT_NOT_FOUND');
    if (!product.active) throw new DomainError('BI_PRODUCT_INACTIVE', { product: product.code });
    if (!product.methods.includes(s.type)) {
      throw new DomainError(
        'BI_PRODUCT_METHOD_MISMATCH',
        { product: product.code, sterilizer: s.code, methodZh: METHOD_NAMES[s.type].zh, methodEn: METHOD_NAMES[s.type].en },
        { productMethods: product.methods, method: s.type },
      );
    }
    return product;
  }

  private async sterilizer(m: EntityManager, id: string): Promise<Sterilizer> {
    const s = await this.repo.findSterilizer(m, id);
    if (!s) throw new DomainError('STERILIZER_NOT_FOUND');
    return s;
  }
}
