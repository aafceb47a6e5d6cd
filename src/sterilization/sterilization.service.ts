import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { assertPackagingSuits, METHOD_NAMES } from '../catalog/packaging-compatibility.js';
import { SterilizerProgram } from '../catalog/sterilizer-program.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { Clock, localDate } from '../common/clock.js';
import { biVerdict } from '../monitoring/bi-verdict.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { computeExpiry } from '../packing/expiry.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { Pack } from '../packs/pack.entity.js';
import { answer, summarizeMany, type StepAnswer } from '../packs/pack-summary.js';
import { readPackBarcode, readScan } from '../packs/scan.js';
import { loadReleaseAtUnload, packOutcomeAtUnload } from '../release/release-policy.js';
import type { CompleteLoadDto, OpenLoadDto } from './dto/load.dto.js';
import { nextCycleNo } from './cycle-numbers.js';
import { LoadGate } from './load-gate.js';
import { assertLoadingChecked, latestLoadingCheck, loadNeedsSecondChecker } from './loading-check.js';
import { storageCompliant } from '../monitoring/storage-environment.js';
import { assertLabelsReadyToStart } from '../labels/labels-at-start.js';
import { printedLabels } from '../labels/printed-labels.js';
import { BiTest } from '../monitoring/bi-test.entity.js';
import { LoadItem } from './load-item.entity.js';
import { assertCycleFits } from './cycle-times.js';
import { physicalProblems } from './physical-check.js';
import { runSnapshot } from './run-snapshot.js';
import { LOAD_STATUS_NAMES, SterilizerLoad } from './sterilizer-load.entity.js';
import { findById, getById, preparedQuery } from '../database/prepared.js';
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
  ) {}

  open(actor: Actor, dto: OpenLoadDto) {
    return this.db.transaction(async (m) => {
      // Locking the sterilizer serialises its cycle numbers (锅次): unique, never reused.
      const sterilizer = await findById(m, Sterilizer, dto.sterilizerId, { lock: true });
      if (!sterilizer) throw new DomainError('STERILIZER_NOT_FOUND');
      const emptyChamber = dto.emptyChamber ?? false;
      const warnings = await this.gate.assertCanRun(m, sterilizer, { emptyChamberTest: emptyChamber });
      const program = await m.getRepository(SterilizerProgram).findOneBy({ id: dto.programId, sterilizerId: sterilizer.id });
      if (!program) throw new DomainError('PROGRAM_NOT_FOUND');
      if (!program.active) throw new DomainError('INACTIVE_REFERENCE', { what: STERILIZER_PROGRAM.label });
      const load = await m.getRepository(SterilizerLoad).save(
        m.getRepository(SterilizerLoad).create({
          sterilizerId: sterilizer.id,
          programId: program.id,
          cycleNo: await nextCycleNo(m, sterilizer.id),
          status: 'open',
          release: 'pending',
          openedBy: actor.id,
          openedAt: this.clock.now(),
          emptyChamber,
        }),
      );
      return { ...load, warnings };
    });
  }

  async list(q: { sterilizerId?: string; cycleNo?: number }) {
    const where: Record<string, unknown> = {};
    if (q.sterilizerId) where.sterilizerId = q.sterilizerId;
    if (q.cycleNo) where.cycleNo = q.cycleNo;
    return this.db.getRepository(SterilizerLoad).find({ where, order: { openedAt: 'DESC' }, take: 200 });
  }

  async get(id: string) {
    const load = await this.db.getRepository(SterilizerLoad).findOneBy({ id });
    if (!load) throw new DomainError('LOAD_NOT_FOUND');
    const m = this.db.manager;
    const packs = await m.getRepository(Pack).find({ where: { loadId: id }, order: { barcode: 'ASC' } });
    const open = packs.filter((p) => p.state === 'loaded');
    const printed = await printedLabels(m, open.map((p) => p.id));
    return {
      ...load,
      packs: await summarizeMany(m, packs),
      loadingCheck: await latestLoadingCheck(m, id),
      loadingCheckNeedsSecondPerson: await loadNeedsSecondChecker(m, open.map((p) => p.id)),
      unprintedLabels: open.filter((p) => !printed.has(p.id)).map((p) => p.barcode!),
    };
  }

  /** Scan a pack into an open load: refused if not packed, already loaded, or the method does not match. */
  addPack(ctx: StepContext, loadId: string, code: string): Promise<StepAnswer> {
    // The set's asset tag or the pack's barcode: a pack is often labelled only once it is in its load.
    const scan = readScan(code);
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      if (load.status !== 'open') throw new DomainError('LOAD_NOT_OPEN', { status: LOAD_STATUS_NAMES[load.status] });
      if (load.emptyChamber) throw new DomainError('EMPTY_CHAMBER_LOAD');
      const sterilizer = await getById(m, Sterilizer, load.sterilizerId);
      const pack = await this.ledger.lockScanned(m, scan);
      if (pack.state === 'loaded' && pack.loadId) {
        const other = await getById(m, SterilizerLoad, pack.loadId);
        const otherSterilizer = await getById(m, Sterilizer, other.sterilizerId);
        throw new DomainError('PACK_ALREADY_LOADED', { load: `${otherSterilizer.code}-${other.cycleNo}` }, { loadId: other.id });
      }
      const template = await getById(m, SetTemplate, pack.templateId);
      if (template.sterilizationMethod !== sterilizer.type) {
        throw new DomainError('METHOD_MISMATCH', { required: METHOD_NAMES[template.sterilizationMethod], actual: METHOD_NAMES[sterilizer.type] }, { required: template.sterilizationMethod, actual: sterilizer.type });
      }
      // WS 310.2: the pack's wrapping must suit the sterilizer (a pack packed before the rule may not).
      if (pack.packagingMaterial) assertPackagingSuits(sterilizer.type, pack.packagingMaterial, { barcode: pack.barcode });
      await this.ledger.step(m, pack, 'load', ctx, { changes: { loadId: load.id }, data: { loadId: load.id, sterilizerCode: sterilizer.code, cycleNo: load.cycleNo } });
      await recordLoadItems(m, load.id, [pack.id], 'add', ctx.actor.id, this.clock.now());
      return answer(m, pack, 'loaded', (l) => ({ zh: `${l.zh} 已装入 ${sterilizer.code} 第 ${load.cycleNo} 锅`, en: `${l.en} loaded into ${sterilizer.code} cycle ${load.cycleNo}` }));
    });
  }

  /** Take a pack out of a load that has not started. */
  removePack(ctx: StepContext, loadId: string, code: string): Promise<StepAnswer> {
    const barcode = readPackBarcode(code);
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      if (load.status !== 'open') throw new DomainError('LOAD_NOT_OPEN', { status: LOAD_STATUS_NAMES[load.status] });
      const pack = await this.ledger.lockByBarcode(m, barcode);
      if (pack.loadId !== load.id) throw new DomainError('PACK_NOT_IN_LOAD', { barcode });
      await this.ledger.step(m, pack, 'unload_open', ctx, { changes: { loadId: null }, data: { loadId: load.id } });
      await recordLoadItems(m, load.id, [pack.id], 'remove', ctx.actor.id, this.clock.now());
      const [relabelled] = await this.voidLabels(m, [pack], ctx, load);
      if (relabelled) {
        return answer(m, pack, 'packed', (l) => ({
          zh: `${l.zh} 已移出锅次；原标签 ${barcode} 作废，请打印新标签`,
          en: `${l.en} taken out of the load; label ${barcode} is void, print the new label`,
        }), { voidedBarcode: barcode, newBarcode: pack.barcode });
      }
      return answer(m, pack, 'packed', (l) => ({ zh: `${l.zh} 已移出锅次`, en: `${l.en} taken out of the load` }));
    });
  }

  /** Start the run: lockouts checked; the sterilization date and each pack's expiry are fixed now. */
  start(ctx: StepContext, loadId: string) {
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      if (load.status !== 'open') throw new DomainError('LOAD_NOT_OPEN', { status: LOAD_STATUS_NAMES[load.status] });
      // The sterilizer row locked: starts of one sterilizer are serialised (one cycle at a time, in number order).
      const sterilizer = (await findById(m, Sterilizer, load.sterilizerId, { lock: true }))!;
      const now = this.clock.now();
      const today = localDate(now, this.config.timezone);
      // Checked again at start as the sterilizer is: the program may have been deactivated since the load was opened.
      const program = await getById(m, SterilizerProgram, load.programId!);
      if (program.sterilizerId !== sterilizer.id) throw new DomainError('PROGRAM_NOT_FOUND');
      if (!program.active) throw new DomainError('LOAD_PROGRAM_INACTIVE', { program: program.code, sterilizer: sterilizer.code, cycleNo: load.cycleNo });
      const packs = await this.packsOf(m, load.id, 'loaded');
      if (packs.length === 0 && !load.emptyChamber) throw new DomainError('LOAD_EMPTY');
      const containsImplant = packs.some((p) => p.implant);
      const [{ n: biCount }] = await m.query(`SELECT count(*)::int AS n FROM bi_tests WHERE load_id = $1`, [load.id]);
      const warnings = await this.gate.assertCanStart(m, sterilizer, { id: load.id, cycleNo: load.cycleNo, emptyChamber: load.emptyChamber, containsImplant, biCount }, { operator: ctx.actor, now });
      // §4.1: cotton keeps 14 days only while sterile storage meets the standard.
      const compliant = await storageCompliant(m);
      // Every pack's label printed, and true of this run, before it enters the chamber.
      await assertLabelsReadyToStart(m, packs, { sterilizerCode: sterilizer.code, today, storageCompliant: compliant });
      await assertLoadingChecked(m, load);
      await this.ledger.stepEach(
        m,
        packs.map((pack) => {
          const expiryDate = computeExpiry(today, pack.packagingMaterial!, compliant);
          return { pack, action: 'start_sterilization', changes: { sterilizationDate: today, expiryDate }, data: { loadId: load.id, sterilizationDate: today, expiryDate } };
        }),
        ctx,
      );
      // Issue 19 item 13: what the run is judged by (and provenance shows) is fixed now; later catalog edits apply to later loads.
      const snapshot = runSnapshot(sterilizer, program);
      await m.getRepository(SterilizerLoad).update({ id: load.id }, { status: 'running', startedBy: ctx.actor.id, startedAt: now, sterilizationDate: today, containsImplant, runSnapshot: snapshot });
      return { ...(await getById(m, SterilizerLoad, load.id)), packCount: packs.length, storageCompliant: compliant, warnings, loadingCheck: await latestLoadingCheck(m, load.id) };
    });
  }

  /** Cancel a load that has not started; its cycle number stays used. */
  cancel(ctx: StepContext, loadId: string) {
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      if (load.status !== 'open') throw new DomainError('LOAD_NOT_OPEN', { status: LOAD_STATUS_NAMES[load.status] });
      const packs = await this.packsOf(m, load.id, 'loaded');
      await this.ledger.stepEach(m, packs.map((pack) => ({ pack, action: 'unload_open', changes: { loadId: null }, data: { loadId: load.id, reason: 'load cancelled' } })), ctx);
      await recordLoadItems(m, load.id, packs.map((p) => p.id), 'remove', ctx.actor.id, this.clock.now());
      const relabelled = await this.voidLabels(m, packs, ctx, load);
      await m.getRepository(SterilizerLoad).update({ id: load.id }, { status: 'cancelled' });
      return { ...(await getById(m, SterilizerLoad, load.id)), relabelled };
    });
  }

  /**
   * Unloading (seed 1.4): the physical record checked against the program, the load
   * indicator, each pack's checks; co-signed by a quality monitor. Release per release-policy.
   */
  async complete(ctx: StepContext, loadId: string, dto: CompleteLoadDto) {
    const exceptions = new Map((dto.exceptions ?? []).map((e) => [readPackBarcode(e.code), e]));
    return this.db.transaction(async (m) => {
      const load = await this.lockLoad(m, loadId);
      if (load.status !== 'running') throw new DomainError('LOAD_NOT_RUNNING', { status: LOAD_STATUS_NAMES[load.status] });
      const packs = await this.packsOf(m, load.id, 'sterilizing');
      for (const barcode of exceptions.keys()) {
        if (!packs.some((p) => p.barcode === barcode)) throw new DomainError('PACK_NOT_IN_LOAD', { barcode });
      }
      const checker = await this.auth.verifySecondPerson(ctx.actor, dto.secondPerson, ['monitor', 'head_nurse'], m);
      // Judged by the sterilizer and program as they were when the load started, not as the catalog says now.
      const run = load.runSnapshot ?? runSnapshot(await getById(m, Sterilizer, load.sterilizerId), await getById(m, SterilizerProgram, load.programId!));
      const completedAt = this.clock.now();
      assertCycleFits(run.program, load.startedAt!, completedAt, dto.physical);
      const problems = physicalProblems(run.program, dto.physical);
      const bis = await m.getRepository(BiTest).find({ where: { loadId: load.id } });
      const release = loadReleaseAtUnload({
        physicalPassed: problems.length === 0,
        chemicalPassed: dto.loadIndicatorPassed,
        containsImplant: load.containsImplant,
        method: run.sterilizer.type,
        bis: biVerdict(bis),
      });
      await m.getRepository(SterilizerLoad).update(
        { id: load.id },
        {
          status: release === 'failed' ? 'failed' : 'completed',
          release,
          completedAt,
          unloadedBy: ctx.actor.id,
          unloadCheckedBy: checker.id,
          tempMinC: dto.physical.tempMinC,
          tempMaxC: dto.physical.tempMaxC,
          pressureMinKpa: dto.physical.pressureMinKpa ?? null,
          pressureMaxKpa: dto.physical.pressureMaxKpa ?? null,
          holdMinutes: dto.physical.holdMinutes,
          reportedCycleStartedAt: dto.physical.cycleStartedAt ? new Date(dto.physical.cycleStartedAt) : null,
          reportedCycleEndedAt: dto.physical.cycleEndedAt ? new Date(dto.physical.cycleEndedAt) : null,
          h2o2MgL: dto.physical.h2o2MgL ?? null,
          physicalPassed: problems.length === 0,
          physicalProblems: problems,
          chemicalPassed: dto.loadIndicatorPassed,
          note: dto.note ?? null,
        },
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
      const updated = await getById(m, SterilizerLoad, load.id);
      return {
        ...updated,
        counts,
        summary:
          release === 'failed'
            ? { zh: `第 ${load.cycleNo} 锅灭菌失败：${problems.join('; ') || '化学监测不合格'}，全部 ${packs.length} 包需重新处理`, en: `Cycle ${load.cycleNo} failed: ${problems.join('; ') || 'load chemical indicator failed'}; all ${packs.length} packs to be reprocessed` }
            : { zh: `第 ${load.cycleNo} 锅卸载：放行 ${counts.released}，待生物监测 ${counts.quarantined}，不合格 ${counts.rejected}`, en: `Cycle ${load.cycleNo} unloaded: ${counts.released} released, ${counts.quarantined} waiting for BI, ${counts.rejected} rejected` },
      };
    });
  }

  /** Packs that leave a load after their label named it get a new barcode (the old label is void): old → new. */
  private async voidLabels(m: EntityManager, packs: Pack[], ctx: StepContext, load: SterilizerLoad): Promise<{ voided: string; barcode: string }[]> {
    const printed = await printedLabels(m, packs.map((p) => p.id));
    const out: { voided: string; barcode: string }[] = [];
    for (const pack of packs.filter((p) => printed.has(p.id))) {
      const voided = pack.barcode!;
      out.push({ voided, barcode: await this.ledger.relabel(m, pack, ctx, `left_load:${load.cycleNo}:${load.id}`) });
    }
    return out;
  }

  private async lockLoad(m: EntityManager, id: string): Promise<SterilizerLoad> {
    const load = await findById(m, SterilizerLoad, id, { lock: true });
    if (!load) throw new DomainError('LOAD_NOT_FOUND');
    return load;
  }

  private packsOf(m: EntityManager, loadId: string, state: Pack['state']): Promise<Pack[]> {
    return m.getRepository(Pack).find({ where: { loadId, state }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }
}

/** Packs scanned into or out of a load (the load's own history of its packs), in one statement. */
async function recordLoadItems(m: EntityManager, loadId: string, packIds: string[], action: LoadItem['action'], actorId: string, at: Date): Promise<void> {
  if (packIds.length === 0) return;
  await preparedQuery(
    m,
    `INSERT INTO load_items (load_id, pack_id, action, actor_id, at) SELECT $1, p, $3, $4, $5 FROM unnest($2::uuid[]) WITH ORDINALITY AS x(p, i) ORDER BY i`,
    [loadId, packIds, action, actorId, at],
  );
}
