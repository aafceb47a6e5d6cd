import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { BiProduct } from '../catalog/bi-product.entity.js';
import { METHOD_NAMES } from '../catalog/packaging-compatibility.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { readPackBarcode } from '../packs/scan.js';
import { DomainError } from '../common/errors/domain-error.js';
import { statedInstant } from '../common/stated-time.js';
import { findById, getById } from '../database/prepared.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import type { DepartmentNotice } from '../recall/department-notice.entity.js';
import { NoticesService } from '../recall/notices.service.js';
import { RecallService, type OpenedRecall } from '../recall/recall.service.js';
import { ReleaseService } from '../release/release.service.js';
import { LoadGate } from '../sterilization/load-gate.js';
import { SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';
import { nextCycleNo } from '../sterilization/cycle-numbers.js';
import { shortenCottonAfterReading } from '../storage/cotton-shelf-life.js';
import { BdTest } from './bd-test.entity.js';
import { BiTest } from './bi-test.entity.js';
import type { EmergencyReleaseDto, PlaceBiDto, ReadBiDto, RecordBdDto, RecordPcdDto, RecordPositiveControlDto, RecordReadingDto } from './dto/monitoring.dto.js';
import { BiPositiveControl } from './bi-positive-control.entity.js';
import { controlFailedSql } from './bi-verdict.js';
import { EnvironmentReading, type ReadingKind } from './environment-reading.entity.js';
import { DEFAULT_LIMITS, withinLimits } from './reading-limits.js';

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
      const s = await findById(m, Sterilizer, dto.sterilizerId, { lock: true });
      if (!s) throw new DomainError('STERILIZER_NOT_FOUND');
      if (s.type !== 'steam_prevacuum') throw new DomainError('BD_NOT_APPLICABLE');
      const [last] = await m.query(
        `SELECT max(greatest(started_at, completed_at)) AS at FROM sterilizer_loads WHERE sterilizer_id = $1 AND started_at IS NOT NULL`,
        [s.id],
      );
      const testedAt = this.statedTime(dto.testedAt, 'testedAt', last?.at ? new Date(last.at) : null);
      // One cycle at a time: an empty-chamber test cannot have run while a load was in the chamber.
      const [running] = await m.query(`SELECT cycle_no FROM sterilizer_loads WHERE sterilizer_id = $1 AND status = 'running' LIMIT 1`, [s.id]);
      if (running) throw new DomainError('STERILIZER_BUSY', { sterilizer: s.code, cycle: running.cycle_no }, { runningCycleNo: running.cycle_no });
      const testDate = localDate(testedAt, this.config.timezone);
      const cycle = await m.getRepository(SterilizerLoad).save(
        m.getRepository(SterilizerLoad).create({
          sterilizerId: s.id,
          kind: 'bowie_dick',
          programId: null,
          cycleNo: await nextCycleNo(m, s.id),
          status: dto.passed ? 'completed' : 'failed',
          release: dto.passed ? 'released' : 'failed',
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
        }),
      );
      const bd = await m.getRepository(BdTest).save(
        m.getRepository(BdTest).create({ sterilizerId: s.id, loadId: cycle.id, cycleNo: cycle.cycleNo, testedAt, testDate, passed: dto.passed, operatorId: actor.id, note: dto.note ?? null }),
      );
      await this.qualifyIfDone(m, s, actor);
      return bd;
    });
  }

  listBd(sterilizerId?: string) {
    return this.db.getRepository(BdTest).find({ where: sterilizerId ? { sterilizerId } : {}, order: { testedAt: 'DESC' }, take: 200 });
  }

  placeBi(actor: Actor, dto: PlaceBiDto) {
    return this.db.transaction(async (m) => {
      const load = await m.getRepository(SterilizerLoad).findOne({ where: { id: dto.loadId }, lock: { mode: 'pessimistic_write' } });
      if (!load) throw new DomainError('LOAD_NOT_FOUND');
      if (load.status === 'cancelled') throw new DomainError('LOAD_CANCELLED');
      // §4.2: the BI sits in its process challenge device in the chamber before the cycle starts.
      if (load.status !== 'open') throw new DomainError('BI_LOAD_STARTED');
      const placedAt = this.statedTime(dto.placedAt, 'placedAt', load.openedAt);
      const product = await this.biProductFor(m, dto.productId, await getById(m, Sterilizer, load.sterilizerId));
      return m.getRepository(BiTest).save(
        m.getRepository(BiTest).create({
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
        }),
      );
    });
  }

  listBi(sterilizerId?: string) {
    return this.db.getRepository(BiTest).find({ where: sterilizerId ? { sterilizerId } : {}, order: { placedAt: 'DESC' }, take: 200 });
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
      const bi = await m.getRepository(BiTest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!bi) throw new DomainError('BI_NOT_FOUND');
      if (bi.result !== 'pending') throw new DomainError('BI_ALREADY_READ');
      const load = await m.getRepository(SterilizerLoad).findOneOrFail({ where: { id: bi.loadId }, lock: { mode: 'pessimistic_write' } });
      if (!load.startedAt) throw new DomainError(load.status === 'cancelled' ? 'LOAD_CANCELLED' : 'BI_LOAD_NOT_RUN');
      if (!load.completedAt) throw new DomainError('BI_LOAD_RUNNING');
      // The sterilizer row locked, as a load start locks it: a start either runs before this result
      // (and is in its recall) or after it (and is refused, blocked) — never in between.
      const s = (await findById(m, Sterilizer, bi.sterilizerId, { lock: true }))!;
      const now = this.clock.now();
      const readAt = dto.readAt ? new Date(dto.readAt) : now;
      // A result is read after its cycle ran (the times the service itself recorded), never in the future.
      if (readAt > now || readAt < load.completedAt) {
        throw new DomainError('BI_READ_TIME_INVALID', { readAt: readAt.toISOString(), completedAt: load.completedAt.toISOString() });
      }
      // …and no earlier than the product's incubation allows after the cycle (§4.2).
      const earliest = new Date(load.completedAt.getTime() + bi.readoutMinutes * 60_000);
      if (readAt < earliest) throw new DomainError('BI_READ_TOO_EARLY', { earliest: earliest.toISOString(), minutes: bi.readoutMinutes }, { earliest });
      // WS/T 367: each day's readings of a lot come with that day's positive control of the lot.
      const readDate = localDate(readAt, this.config.timezone);
      const [control] = await m.query(
        `SELECT 1 FROM bi_positive_controls pc WHERE pc.lot = $1 AND ($2::uuid IS NULL OR pc.product_id = $2) AND pc.control_date = $3 LIMIT 1`,
        [bi.lot, bi.productId, readDate],
      );
      if (!control) throw new DomainError('BI_POSITIVE_CONTROL_MISSING', { lot: bi.lot, date: readDate }, { lot: bi.lot, date: readDate });
      const blockedBefore = (await this.gate.readiness(m, s, now)).bi.blocked;
      const alreadyFailed = (await m.getRepository(BiTest).countBy({ loadId: load.id, result: 'failed' })) > 0;
      // result_recorded_at: when the service learned the result — what the BI block is measured against.
      await m.getRepository(BiTest).update({ id }, { result: dto.result, readAt, readDate, resultRecordedAt: now, readBy: ctx.actor.id, note: dto.note ?? null });
      // A negative reading under a control that did not grow proves nothing: no release, no "negative" notice.
      const [{ invalid }] = await m.query(`SELECT ${controlFailedSql('b')} AS invalid FROM bi_tests b WHERE b.id = $1`, [id]);
      bi.result = dto.result;
      let released = 0;
      if (dto.result === 'passed') {
        if (invalid) return { bi: await m.getRepository(BiTest).findOneByOrFail({ id }), released: 0, recall: null };
        released = await this.release.releaseAfterBi(m, load, bi, ctx);
        await this.qualifyIfDone(m, s, ctx.actor);
      } else if (!alreadyFailed) {
        // CDC: a *single* positive steam BI may recall implants only; a repeat positive (the sterilizer
        // already blocked by a failure, e.g. its retest) recalls everything since the last passing BI.
        const implantsOnly = this.config.policy.steamBiRecallsImplantsOnly && (s.type === 'steam_prevacuum' || s.type === 'steam_gravity') && !blockedBefore;
        // Under the CDC rule the load's other packs stay in circulation: only its implants are recalled.
        if (!implantsOnly && load.release !== 'failed' && load.status !== 'open') await m.getRepository(SterilizerLoad).update({ id: load.id }, { release: 'failed' });
        opened = await this.recalls.open(
          m,
          ctx,
          'bi_failed',
          `生物监测阳性 Positive BI: ${s.code} cycle ${load.cycleNo}, lot ${bi.lot}`,
          { kind: 'since_last_passing_bi', sterilizerId: s.id, failedCycleNo: load.cycleNo, implantsOnly },
          { sterilizerCode: s.code, failedCycleNo: load.cycleNo, lot: bi.lot, biTestId: bi.id, policy: implantsOnly ? 'cdc_steam_implants_only' : 'since_last_passing_bi' },
        );
      }
      late = await this.lateBiNotices(m, load, dto.result);
      return { bi: await m.getRepository(BiTest).findOneByOrFail({ id }), released, recall: opened ? { id: opened.recall.id } : null };
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
      const product = await m.getRepository(BiProduct).findOneBy({ id: dto.productId });
      if (!product) throw new DomainError('BI_PRODUCT_NOT_FOUND');
      const readAt = this.statedTime(dto.readAt, 'readAt');
      const control = await m.getRepository(BiPositiveControl).save(
        m.getRepository(BiPositiveControl).create({
          productId: product.id,
          lot: dto.lot,
          controlDate: localDate(readAt, this.config.timezone),
          grew: dto.grew,
          readAt,
          readBy: ctx.actor.id,
          note: dto.note ?? null,
          recordedAt: this.clock.now(),
        }),
      );
      if (dto.grew) return { control, invalidatedReadings: 0, withdrawnLoads: [], packsHeld: 0, packsOut: 0 };
      const [{ n }] = await m.query(
        `SELECT count(*)::int AS n FROM bi_tests WHERE product_id = $1 AND lot = $2 AND read_date = $3 AND result = 'passed'`,
        [product.id, dto.lot, control.controlDate],
      );
      const withdrawn = await this.release.withdrawAfterFailedControl(m, control, ctx);
      return { control, invalidatedReadings: n, withdrawnLoads: withdrawn.loads, packsHeld: withdrawn.packsHeld, packsOut: withdrawn.packsOut };
    });
  }

  listPositiveControls(lot?: string) {
    return this.db.getRepository(BiPositiveControl).find({ where: lot ? { lot } : {}, order: { readAt: 'DESC' }, take: 200 });
  }

  /** The departments that received emergency-released packs of this load hear the late BI result. */
  private async lateBiNotices(m: EntityManager, load: SterilizerLoad, result: 'passed' | 'failed'): Promise<DepartmentNotice[]> {
    const rows: { department_id: string; packs: { id: string; barcode: string }[] }[] = await m.query(
      `SELECT p.department_id, json_agg(json_build_object('id', p.id, 'barcode', p.barcode) ORDER BY p.barcode) AS packs
         FROM packs p
        WHERE p.load_id = $1 AND p.department_id IS NOT NULL
          AND EXISTS (SELECT 1 FROM pack_events e WHERE e.pack_id = p.id AND e.type = 'release' AND (e.data->>'emergency')::boolean)
        GROUP BY p.department_id`,
      [load.id],
    );
    const out: DepartmentNotice[] = [];
    for (const r of rows) {
      out.push(
        await this.notices.create(m, {
          departmentId: r.department_id,
          kind: result === 'passed' ? 'late_bi_passed' : 'late_bi_failed',
          recallId: null,
          packs: r.packs,
          messageZh: result === 'passed' ? `紧急放行的植入物：生物监测结果阴性（合格），锅次 ${load.cycleNo}` : `紧急放行的植入物：生物监测结果阳性（不合格），锅次 ${load.cycleNo}，请立即随访患者`,
          messageEn: result === 'passed' ? `Emergency-released implants: the BI of load ${load.cycleNo} is negative (passed)` : `Emergency-released implants: the BI of load ${load.cycleNo} is POSITIVE (failed); follow up the patients now`,
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
      const bi = await m.getRepository(BiTest).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!bi) throw new DomainError('BI_NOT_FOUND');
      const load = await m.getRepository(SterilizerLoad).findOneByOrFail({ id: bi.loadId });
      if (!load.completedAt) throw new DomainError(load.status === 'cancelled' ? 'LOAD_CANCELLED' : 'PCD_BEFORE_UNLOAD');
      if (bi.pcdType5Passed !== null) throw new DomainError('PCD_ALREADY_RECORDED');
      if (bi.result !== 'pending') throw new DomainError('BI_ALREADY_READ');
      await m.getRepository(BiTest).update({ id }, { pcdType5Passed: dto.passed });
      await this.audit.record(m, actor, 'update', 'bi_test', id, { pcdType5Passed: null }, { pcdType5Passed: dto.passed });
      return m.getRepository(BiTest).findOneByOrFail({ id });
    });
  }

  emergencyRelease(ctx: StepContext, loadId: string, dto: EmergencyReleaseDto) {
    const barcodes = [...new Set(dto.barcodes.map(readPackBarcode))];
    return this.db.transaction(async (m) => {
      const load = await m.getRepository(SterilizerLoad).findOne({ where: { id: loadId }, lock: { mode: 'pessimistic_write' } });
      if (!load) throw new DomainError('LOAD_NOT_FOUND');
      const released = await this.release.emergencyRelease(m, load, ctx, dto.reason, barcodes);
      return { loadId, released, summary: { zh: `紧急放行 ${released} 个植入物包，待生物监测结果后通知使用科室`, en: `${released} implant pack(s) released in an emergency; departments will be told the BI result` } };
    });
  }

  async recordReading(actor: Actor, dto: RecordReadingDto, station: string | null = null) {
    const defaults = DEFAULT_LIMITS[dto.kind];
    const limitMin = dto.limitMin ?? null;
    const limitMax = dto.limitMax ?? defaults?.max ?? null;
    if (!defaults && (limitMin === null || limitMax === null)) throw new DomainError('READING_LIMITS_REQUIRED');
    if (limitMin !== null && limitMax !== null && limitMin > limitMax) throw new DomainError('INVALID_RANGE', { field: { zh: '限值', en: 'limit' } });
    const ok = withinLimits(dto.value, limitMin, limitMax, dto.limitMax === undefined && (defaults?.strictMax ?? false));
    return this.db.transaction(async (m) => {
      const reading = await m.getRepository(EnvironmentReading).save(
        m.getRepository(EnvironmentReading).create({
          kind: dto.kind,
          value: dto.value,
          unit: defaults?.unit ?? 'mg/L',
          limitMin,
          limitMax,
          withinLimits: ok,
          measuredAt: this.statedTime(dto.measuredAt, 'measuredAt'),
          recordedBy: actor.id,
          note: dto.note ?? null,
        }),
      );
      // Seed 13.4: storage out of its limits shortens the cotton packs under it to 7 days.
      const shortenedCottonPacks = await shortenCottonAfterReading(m, this.ledger, { actor, station }, reading);
      return { ...reading, shortenedCottonPacks };
    });
  }

  listReadings(kind?: ReadingKind) {
    return this.db.getRepository(EnvironmentReading).find({ where: kind ? { kind } : {}, order: { measuredAt: 'DESC' }, take: 200 });
  }

  async readiness(id?: string) {
    const list = id ? [await this.sterilizer(this.db.manager, id)] : await this.db.getRepository(Sterilizer).find({ where: { active: true }, order: { code: 'ASC' } });
    return Promise.all(list.map((s) => this.gate.readiness(this.db.manager, s, this.clock.now())));
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
    await m.getRepository(Sterilizer).update({ id: s.id }, { status: 'in_service', commissioningSince: null });
    await this.audit.record(m, actor, 'update', 'sterilizer', s.id, before, { ...s, status: 'in_service', commissioningSince: null, qualified: r.commissioning });
  }

  /** A time the client states (tested, placed, measured) — default now — checked against the service's clock (stated-time.ts). */
  private statedTime(value: string | undefined, field: string, earliest?: Date | null): Date {
    return statedInstant(value, this.clock.now(), field, earliest);
  }

  /** The BI's product: known, active, and validated for the sterilizer's method (its IFU). */
  private async biProductFor(m: EntityManager, productId: string, s: Sterilizer): Promise<BiProduct> {
    const product = await m.getRepository(BiProduct).findOneBy({ id: productId });
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
    const s = await m.getRepository(Sterilizer).findOneBy({ id });
    if (!s) throw new DomainError('STERILIZER_NOT_FOUND');
    return s;
  }
}
