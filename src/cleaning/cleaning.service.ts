import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { WasherProgram } from '../catalog/washer-program.entity.js';
import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { answer, summarizeMany, type StepAnswer } from '../kernel/pack-summary.js';
import { readScan } from '../kernel/scan.js';
import type { CompleteWasherCycleDto, ManualCleanDto, OpenWasherCycleDto } from './dto/cleaning.dto.js';
import { WasherCycle } from '../kernel/washer-cycle.entity.js';
import { CleaningRepository } from './cleaning.repository.js';
import { WASHER, WASHER_PROGRAM } from '../catalog/catalog.kinds.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { assertWasherMayRun } from '../kernel/machine-status.js';

/** Whether a run's parameters meet its program (thermal disinfection, A0). */
export function washerParametersProblems(p: WasherProgram, run: { temperatureC: number; disinfectMinutes: number; a0: number }): string[] {
  const problems: string[] = [];
  if (run.temperatureC < p.disinfectTempMinC) problems.push(`temperature ${run.temperatureC} °C < ${p.disinfectTempMinC} °C`);
  if (run.disinfectMinutes < p.disinfectMinMin) problems.push(`disinfection time ${run.disinfectMinutes} min < ${p.disinfectMinMin} min`);
  if (run.a0 < p.a0Min) problems.push(`A0 ${run.a0} < ${p.a0Min}`);
  return problems;
}

/** 清洗消毒 (§3.2 step 2): washer-disinfector cycles and manual cleaning. */
@Injectable()
export class CleaningService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CleaningRepository) private readonly repo: CleaningRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  open(actor: Actor, dto: OpenWasherCycleDto): Promise<WasherCycle> {
    return this.db.transaction(async (m) => {
      // Locking the washer serialises cycle numbering per washer.
      const washer = await this.repo.lockWasher(m, dto.washerId);
      if (!washer) throw new DomainError('WASHER_NOT_FOUND');
      if (!washer.active) throw new DomainError('INACTIVE_REFERENCE', { what: WASHER.label });
      const program = await this.repo.programOf(m, washer.id, dto.programId);
      if (!program) throw new DomainError('PROGRAM_NOT_FOUND');
      if (!program.active) throw new DomainError('INACTIVE_REFERENCE', { what: WASHER_PROGRAM.label });
      await assertWasherMayRun(m, washer.id, actor.id, this.clock.instant(), this.config.timezone);
      const n = await this.repo.nextCycleNo(m, washer.id);
      return this.repo.insertCycle(m, {
        washerId: washer.id,
        programId: program.id,
        cycleNo: n,
        status: 'open',
        openedBy: actor.id,
        openedAt: this.clock.instant(),
      });
    });
  }

  async get(id: string) {
    const cycle = await this.repo.cycle(this.db.manager, id);
    if (!cycle) throw new DomainError('WASHER_CYCLE_NOT_FOUND');
    const packs = await this.repo.packsOfCycle(this.db.manager, id);
    return { ...cycle, packs: await summarizeMany(this.db.manager, packs) };
  }

  /** Scan a set into an open washer cycle. */
  scanIn(ctx: StepContext, cycleId: string, code: string): Promise<StepAnswer> {
    const scan = readScan(code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const cycle = await this.lockOpenCycle(m, cycleId);
      const pack =
        scan.kind === 'set' ? await this.ledger.lockCurrentBySetCode(m, scan.assetCode) : await this.ledger.lockByBarcode(m, scan.barcode);
      await this.ledger.step(m, pack, 'start_wash', ctx, {
        changes: { washerCycleId: cycle.id },
        data: { washerCycleId: cycle.id, washerId: cycle.washerId, cycleNo: cycle.cycleNo },
      });
      const washer = await this.repo.washer(m, cycle.washerId);
      return answer(m, pack, 'washing', (l) => ({
        zh: `${l.zh} 已放入 ${washer.code} 第 ${cycle.cycleNo} 批`,
        en: `${l.en} into ${washer.code} cycle ${cycle.cycleNo}`,
      }));
    });
  }

  /** Records the run; a failed run (or parameters out of limits) sends its sets back to waiting-for-cleaning. */
  complete(ctx: StepContext, cycleId: string, dto: CompleteWasherCycleDto) {
    return this.db.transaction(async (m) => {
      const cycle = await this.lockOpenCycle(m, cycleId);
      const packs = await this.repo.lockWashingPacks(m, cycle.id);
      if (packs.length === 0) throw new DomainError('WASHER_CYCLE_EMPTY');
      const program = await this.repo.program(m, cycle.programId);
      const problems = washerParametersProblems(program, dto);
      const passed = dto.passed && problems.length === 0;
      await this.repo.completeCycle(m, cycle.id, {
        status: passed ? 'passed' : 'failed',
        completedBy: ctx.actor.id,
        completedAt: this.clock.instant(),
        temperatureC: dto.temperatureC,
        disinfectMinutes: dto.disinfectMinutes,
        a0: dto.a0,
        note: dto.note ?? null,
      });
      await this.ledger.stepEach(
        m,
        packs.map((pack) => ({ pack, action: passed ? 'wash_passed' : 'wash_failed', data: { washerCycleId: cycle.id, problems } })),
        ctx,
      );
      return {
        id: cycle.id,
        cycleNo: cycle.cycleNo,
        status: passed ? 'passed' : 'failed',
        problems,
        packCount: packs.length,
        summary: passed
          ? {
              zh: `第 ${cycle.cycleNo} 批清洗合格，${packs.length} 个器械包待检查包装`,
              en: `Cycle ${cycle.cycleNo} passed: ${packs.length} set(s) ready for inspection`,
            }
          : {
              zh: `第 ${cycle.cycleNo} 批清洗不合格，${packs.length} 个器械包退回待清洗`,
              en: `Cycle ${cycle.cycleNo} failed: ${packs.length} set(s) back to waiting for cleaning`,
            },
      };
    });
  }

  /**
   * A manual clean (§3.2 step 2): its agent and concentration, water temperature, time, the
   * operator (the caller) and the result are recorded on the pack's history as a washer run's are;
   * a failed one sends the set back to waiting for cleaning, as a failed washer run does.
   */
  manual(ctx: StepContext, dto: ManualCleanDto): Promise<StepAnswer> {
    const scan = readScan(dto.code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const pack =
        scan.kind === 'set' ? await this.ledger.lockCurrentBySetCode(m, scan.assetCode) : await this.ledger.lockByBarcode(m, scan.barcode);
      const data = {
        result: dto.passed ? 'passed' : 'failed',
        agent: dto.agent.trim(),
        concentration: dto.concentration.trim(),
        temperatureC: dto.temperatureC,
        minutes: dto.minutes,
        reason: dto.reason ?? null,
        method: dto.method ?? 'manual',
        note: dto.note ?? null,
      };
      if (!dto.passed) {
        await this.ledger.step(m, pack, 'manual_clean_failed', ctx, { data });
        return answer(m, pack, 'collected', (l) => ({
          zh: `${l.zh} 手工清洗不合格，退回待清洗`,
          en: `${l.en} failed its manual clean: back to waiting for cleaning`,
        }));
      }
      await this.ledger.step(m, pack, 'manual_clean', ctx, { changes: { washerCycleId: null }, data });
      return answer(m, pack, 'cleaned', (l) => ({ zh: `${l.zh} 手工清洗合格`, en: `${l.en} cleaned by hand: passed` }));
    });
  }

  private async lockOpenCycle(m: EntityManager, id: string): Promise<WasherCycle> {
    const cycle = await this.repo.lockCycle(m, id);
    if (!cycle) throw new DomainError('WASHER_CYCLE_NOT_FOUND');
    if (cycle.status !== 'open') throw new DomainError('WASHER_CYCLE_CLOSED');
    return cycle;
  }
}
