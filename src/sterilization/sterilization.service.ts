import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { assertPackagingSuits, METHOD_NAMES } from '../catalog/packaging-compatibility.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import { biVerdict } from '../kernel/bi-verdict.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { datesAtStart, sterilizationDateOf } from '../kernel/expiry.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { Pack } from '../kernel/pack.entity.js';
import { answer, summarizeMany, type StepAnswer } from '../kernel/pack-summary.js';
import { readPackBarcode, readScan } from '../kernel/scan.js';
import { loadReleaseAtUnload, packOutcomeAtUnload } from '../kernel/release-policy.js';
import type { CompleteLoadDto, OpenLoadDto } from './dto/load.dto.js';
import { LoadGate } from './load-gate.js';
import { assertLoadingChecked } from './loading-check.js';
import { storageCompliant } from '../kernel/storage-environment.js';
import { assertLabelsReadyToStart } from '../kernel/labels-at-start.js';
import { printedLabels } from '../kernel/printed-labels.js';
import { assertCycleFits } from './cycle-times.js';
import { physicalProblems } from './physical-check.js';
import { runSnapshot } from '../kernel/run-snapshot.js';
import { assertLoadCan, moveLoad, newLoadColumns } from '../kernel/load-state.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';
import { SterilizationRepository } from './sterilization.repository.js';
import { STERILIZER_PROGRAM } from '../catalog/catalog.kinds.js';

const OUTCOME_ACTION = {
  failed: 'sterilization_failed',
  rejected: 'unload_rejected',
  quarantined: 'unload_quarantined',
  released: 'unload_released',
} as const;

/** 灭菌装载 (§3.2 step 4): loads with cycle numbers, loading checks, the run, co-signed unloading. */
@Injectable()
export class SterilizationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LoadGate) private readonly gate: LoadGate,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SterilizationRepository) private readonly repo: SterilizationRepository,
  ) {}

  open(actor: Actor, dto: OpenLoadDto) {
    return this.db.transaction(async (m) => {
      // Locking the sterilizer serialises its cycle numbers (锅次): unique, never reused.
      const sterilizer = await this.repo.findSterilizer(m, dto.sterilizerId, { lock: true });
      if (!sterilizer) throw new DomainError('STERILIZER_NOT_FOUND');
      const emptyChamber = dto.emptyChamber ?? false;
      const warnings = await this.gate.assertCanRun(m, sterilizer, { emptyChamberTest: emptyChamber });
      const program = await this.repo.programOf(m, sterilizer.id, dto.programId);
      if (!program) throw new DomainError('PROGRAM_NOT_FOUND');
      if (!program.active) throw new DomainError('INACTIVE_REFERENCE', { what: STERILIZER_PROGRAM.label });
      const load = await this.repo.insertLoad(m, {
        sterilizerId: sterilizer.id,
        programId: program.id,
        cycleNo: await this.repo.nextCycleNo(m, sterilizer.id),
        ...newLoadColumns('opened'),
        openedBy: actor.id,
        openedAt: this.clock.instant(),
        emptyChamber,
      });
      return { ...load, warnings };
    });
  }

  async list(q: { sterilizerId?: string; cycleNo?: number }) {
    const where: Record<string, unknown> = {};
    if (q.sterilizerId) where.sterilizerId = q.sterilizerId;
    if (q.cycleNo) where.cycleNo = q.cycleNo;
    return this.repo.loads(this.db.manager, where);
  }

  async get(id: string) {
    const load = await this.repo.findLoad(this.db.manager, id);
    if (!load) throw new DomainError('LOAD_NOT_FOUND');
    const m = this.db.manager;
    const packs = await this.repo.packsOfLoad(m, id);
    const open = packs.filter((p) => p.state === 'loaded');
    const printed = await printedLabels(
      m,
      open.map((p) => p.id),
    );
    return {
      ...load,
      // The service's clock now: the unloading dialog pre-fills the printout's cycle end from it (a
      // station whose own clock runs ahead would otherwise propose an end after "now", refused).
      at: this.clock.instant(),
      packs: await summarizeMany(m, packs),
      loadingCheck: await this.repo.latestLoadingCheck(m, id),
      loadingCheckNeedsSecondPerson: await this.repo.needsSecondChecker(
        m,
        open.map((p) => p.id),
      ),
      unprintedLabels: open.filter((p) => !printed.has(p.id)).map((p) => p.barcode!),
      bis: await this.repo.bisOfLoadShown(m, id),
    };
  }

  /** Scan a pack into an open load: refused if not packed, already loaded, or the method does not match. */
  addPack(ctx: StepContext, loadId: string, code: string): Promise<StepAnswer> {
    // The set's asset tag or the pack's barcode: a pack is often labelled only once it is in its load.
    const scan = readScan(code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      assertLoadCan(load, 'add_pack');
      if (load.emptyChamber) throw new DomainError('EMPTY_CHAMBER_LOAD');
      const sterilizer = await this.repo.sterilizer(m, load.sterilizerId);
      const pack = await this.ledger.lockScanned(m, scan);
      if (pack.state === 'loaded' && pack.loadId) {
        const other = await this.repo.load(m, pack.loadId);
        const otherSterilizer = await this.repo.sterilizer(m, other.sterilizerId);
        throw new DomainError('PACK_ALREADY_LOADED', { load: `${otherSterilizer.code}-${other.cycleNo}` }, { loadId: other.id });
      }
      const template = await this.repo.template(m, pack.templateId);
      if (template.sterilizationMethod !== sterilizer.type) {
        throw new DomainError(
          'METHOD_MISMATCH',
          { required: METHOD_NAMES[template.sterilizationMethod], actual: METHOD_NAMES[sterilizer.type] },
          { required: template.sterilizationMethod, actual: sterilizer.type },
        );
      }
      // WS 310.2: the pack's wrapping must suit the sterilizer (a pack packed before the rule may not).
      if (pack.packagingMaterial) assertPackagingSuits(sterilizer.type, pack.packagingMaterial, { barcode: pack.barcode });
      await this.ledger.step(m, pack, 'load', ctx, {
        changes: { loadId: load.id },
        data: { loadId: load.id, sterilizerCode: sterilizer.code, cycleNo: load.cycleNo },
      });
      await this.repo.recordLoadItems(m, load.id, [pack.id], 'add', ctx.actor.id, this.clock.instant());
      return answer(m, pack, 'loaded', (l) => ({
        zh: `${l.zh} 已装入 ${sterilizer.code} 第 ${load.cycleNo} 锅`,
        en: `${l.en} loaded into ${sterilizer.code} cycle ${load.cycleNo}`,
      }));
    });
  }

  /** Take a pack out of a load that has not started. */
  removePack(ctx: StepContext, loadId: string, code: string): Promise<StepAnswer> {
    const barcode = readPackBarcode(code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      assertLoadCan(load, 'remove_pack');
      const pack = await this.ledger.lockByBarcode(m, barcode);
      if (pack.loadId !== load.id) throw new DomainError('PACK_NOT_IN_LOAD', { barcode });
      await this.ledger.step(m, pack, 'unload_open', ctx, { changes: { loadId: null }, data: { loadId: load.id } });
      await this.repo.recordLoadItems(m, load.id, [pack.id], 'remove', ctx.actor.id, this.clock.instant());
      const [relabelled] = await this.voidLabels(m, [pack], ctx, load);
      if (relabelled) {
        return answer(
          m,
          pack,
          'packed',
          (l) => ({
            zh: `${l.zh} 已移出锅次；原标签 ${barcode} 作废，请打印新标签`,
            en: `${l.en} taken out of the load; label ${barcode} is void, print the new label`,
          }),
          { voidedBarcode: barcode, newBarcode: pack.barcode },
        );
      }
      return answer(m, pack, 'packed', (l) => ({ zh: `${l.zh} 已移出锅次`, en: `${l.en} taken out of the load` }));
    });
  }

  /** Start the run: lockouts checked; the sterilization date and each pack's expiry are fixed now. */
  start(ctx: StepContext, loadId: string) {
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      assertLoadCan(load, 'start');
      // The sterilizer row locked: starts of one sterilizer are serialised (one cycle at a time, in number order).
      const sterilizer = (await this.repo.findSterilizer(m, load.sterilizerId, { lock: true }))!;
      const now = this.clock.instant();
      const today = sterilizationDateOf(now, this.config.timezone);
      // Checked again at start as the sterilizer is: the program may have been deactivated since the load was opened.
      const program = await this.repo.program(m, load.programId!);
      if (program.sterilizerId !== sterilizer.id) throw new DomainError('PROGRAM_NOT_FOUND');
      if (!program.active)
        throw new DomainError('LOAD_PROGRAM_INACTIVE', { program: program.code, sterilizer: sterilizer.code, cycleNo: load.cycleNo });
      const packs = await this.packsOf(m, load.id, 'loaded');
      if (packs.length === 0 && !load.emptyChamber) throw new DomainError('LOAD_EMPTY');
      const containsImplant = packs.some((p) => p.implant);
      const biCount = await this.repo.biCount(m, load.id);
      const warnings = await this.gate.assertCanStart(
        m,
        sterilizer,
        { id: load.id, cycleNo: load.cycleNo, emptyChamber: load.emptyChamber, containsImplant, biCount },
        { operator: ctx.actor, now },
      );
      // §4.1: cotton keeps 14 days only while sterile storage meets the standard.
      const compliant = await storageCompliant(m);
      // Every pack's label printed, and true of this run, before it enters the chamber.
      await assertLabelsReadyToStart(m, packs, {
        sterilizerCode: sterilizer.code,
        startedAt: now,
        timezone: this.config.timezone,
        storageCompliant: compliant,
      });
      await assertLoadingChecked(load, () => this.repo.latestLoadingCheck(m, load.id));
      await this.ledger.stepEach(
        m,
        packs.map((pack) => {
          const dates = datesAtStart(now, this.config.timezone, pack.packagingMaterial!, compliant);
          return { pack, action: 'start_sterilization', changes: dates, data: { loadId: load.id, ...dates } };
        }),
        ctx,
      );
      // Issue 19 item 13: what the run is judged by (and provenance shows) is fixed now; later catalog edits apply to later loads.
      const snapshot = runSnapshot(sterilizer, program);
      await moveLoad(m, load, 'start', {
        startedBy: ctx.actor.id,
        startedAt: now,
        sterilizationDate: today,
        containsImplant,
        runSnapshot: snapshot,
      });
      return {
        ...(await this.repo.load(m, load.id)),
        packCount: packs.length,
        storageCompliant: compliant,
        warnings,
        loadingCheck: await this.repo.latestLoadingCheck(m, load.id),
      };
    });
  }

  /** Cancel a load that has not started; its cycle number stays used. */
  cancel(ctx: StepContext, loadId: string) {
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      assertLoadCan(load, 'cancel');
      const packs = await this.packsOf(m, load.id, 'loaded');
      await this.ledger.stepEach(
        m,
        packs.map((pack) => ({
          pack,
          action: 'unload_open',
          changes: { loadId: null },
          data: { loadId: load.id, reason: 'load cancelled' },
        })),
        ctx,
      );
      await this.repo.recordLoadItems(
        m,
        load.id,
        packs.map((p) => p.id),
        'remove',
        ctx.actor.id,
        this.clock.instant(),
      );
      const relabelled = await this.voidLabels(m, packs, ctx, load);
      await moveLoad(m, load, 'cancel');
      return { ...(await this.repo.load(m, load.id)), relabelled };
    });
  }

  /**
   * Unloading (seed 1.4): the physical record checked against the program, the load
   * indicator, each pack's checks; co-signed by a quality monitor. Release per release-policy.
   */
  async complete(ctx: StepContext, loadId: string, dto: CompleteLoadDto) {
    const exceptions = new Map((dto.exceptions ?? []).map((e) => [readPackBarcode(e.code, this.clock.instant()), e]));
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      assertLoadCan(load, 'unload');
      const packs = await this.packsOf(m, load.id, 'sterilizing');
      for (const barcode of exceptions.keys()) {
        if (!packs.some((p) => p.barcode === barcode)) throw new DomainError('PACK_NOT_IN_LOAD', { barcode });
      }
      const checker = await this.auth.verifySecondPerson(ctx.actor, dto.secondPerson, ['monitor', 'head_nurse'], m);
      // Judged by the sterilizer and program as they were when the load started, not as the catalog says now.
      const run =
        load.runSnapshot ?? runSnapshot(await this.repo.sterilizer(m, load.sterilizerId), await this.repo.program(m, load.programId!));
      const completedAt = this.clock.instant();
      const reported = assertCycleFits(run.program, load.startedAt!, completedAt, dto.physical, this.config.timezone);
      const problems = physicalProblems(run.program, dto.physical);
      const bis = await this.repo.bisOfLoad(m, load.id);
      const release = loadReleaseAtUnload({
        physicalPassed: problems.length === 0,
        chemicalPassed: dto.loadIndicatorPassed,
        containsImplant: load.containsImplant,
        method: run.sterilizer.type,
        bis: biVerdict(bis),
      });
      await moveLoad(
        m,
        load,
        'unload',
        {
          completedAt,
          unloadedBy: ctx.actor.id,
          unloadCheckedBy: checker.id,
          tempMinC: dto.physical.tempMinC,
          tempMaxC: dto.physical.tempMaxC,
          pressureMinKpa: dto.physical.pressureMinKpa ?? null,
          pressureMaxKpa: dto.physical.pressureMaxKpa ?? null,
          holdMinutes: dto.physical.holdMinutes,
          reportedCycleStartedAt: reported?.start ?? null,
          reportedCycleEndedAt: reported?.end ?? null,
          h2o2MgL: dto.physical.h2o2MgL ?? null,
          physicalPassed: problems.length === 0,
          physicalProblems: problems,
          chemicalPassed: dto.loadIndicatorPassed,
          note: dto.note ?? null,
        },
        release,
      );
      const counts: Record<string, number> = { released: 0, quarantined: 0, rejected: 0, failed: 0 };
      const moves = packs.map((pack) => {
        const e = exceptions.get(pack.barcode!);
        const checks = { wet: e?.wet ?? false, damaged: e?.damaged ?? false, outsideIndicatorPassed: e?.outsideIndicatorPassed ?? true };
        const outcome = packOutcomeAtUnload({ release, method: run.sterilizer.type }, { implant: pack.implant, ...checks });
        counts[outcome]++;
        return {
          pack,
          action: OUTCOME_ACTION[outcome],
          changes: checks,
          data: { loadId: load.id, ...checks, physicalProblems: problems, loadIndicatorPassed: dto.loadIndicatorPassed },
          secondActorId: checker.id,
        };
      });
      await this.ledger.stepEach(m, moves, ctx);
      const updated = await this.repo.load(m, load.id);
      return {
        ...updated,
        counts,
        summary:
          release === 'failed'
            ? {
                zh: `第 ${load.cycleNo} 锅灭菌失败：${problems.join('; ') || '化学监测不合格'}，全部 ${packs.length} 包需重新处理`,
                en: `Cycle ${load.cycleNo} failed: ${problems.join('; ') || 'load chemical indicator failed'}; all ${packs.length} packs to be reprocessed`,
              }
            : {
                zh: `第 ${load.cycleNo} 锅卸载：放行 ${counts.released}，待生物监测 ${counts.quarantined}，不合格 ${counts.rejected}`,
                en: `Cycle ${load.cycleNo} unloaded: ${counts.released} released, ${counts.quarantined} waiting for BI, ${counts.rejected} rejected`,
              },
      };
    });
  }

  /** Packs that leave a load after their label named it get a new barcode (the old label is void): old → new. */
  private async voidLabels(
    m: EntityManager,
    packs: Pack[],
    ctx: StepContext,
    load: SterilizerLoad,
  ): Promise<{ voided: string; barcode: string }[]> {
    const printed = await printedLabels(
      m,
      packs.map((p) => p.id),
    );
    const out: { voided: string; barcode: string }[] = [];
    for (const pack of packs.filter((p) => printed.has(p.id))) {
      const voided = pack.barcode!;
      out.push({ voided, barcode: await this.ledger.relabel(m, pack, ctx, `left_load:${load.cycleNo}:${load.id}`) });
    }
    return out;
  }

  private async lockLoad(m: EntityManager, id: string): Promise<SterilizerLoad> {
    const load = await this.repo.findLoad(m, id, { lock: true });
    if (!load) throw new DomainError('LOAD_NOT_FOUND');
    return load;
  }

  private packsOf(m: EntityManager, loadId: string, state: Pack['state']): Promise<Pack[]> {
    return this.repo.lockPacksOfLoad(m, loadId, state);
  }
}
