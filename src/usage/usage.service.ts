import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { Pack } from '../kernel/pack.entity.js';
import { answer, summarizeMany, type StepAnswer } from '../kernel/pack-summary.js';
import { readPackBarcode } from '../kernel/scan.js';
import type { PackState } from '../kernel/pack-state.js';
import { PROBLEM_AFTER_USE } from '../kernel/pack-event-types.js';
import type { ProblemDto, UseDto } from './dto/usage.dto.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { UsageRepository } from './usage.repository.js';
import { RecallService, type OpenedRecall } from '../recall/recall.service.js';
import { ProblemReportsService } from '../problems/problem-reports.service.js';

/**
 * §3.2 step 7, the department's side: confirm receipt, record use on a patient, report a
 * problem. A department sees and acts only on packs dispatched to it.
 */
@Injectable()
export class UsageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(RecallService) private readonly recalls: RecallService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProblemReportsService) private readonly reports: ProblemReportsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(UsageRepository) private readonly repo: UsageRepository,
  ) {}

  async list(actor: Actor, state?: PackState) {
    const packs = await this.repo.departmentPacks(this.db.manager, actor.departmentId!, state);
    return summarizeMany(this.db.manager, packs);
  }

  receive(ctx: StepContext, code: string): Promise<StepAnswer> {
    return this.onOwnPack(ctx, code, async (m, pack) => {
      await this.ledger.step(m, pack, 'receive', ctx);
      return answer(m, pack, 'received', (l) => ({ zh: `${l.zh} 已确认接收`, en: `${l.en} receipt confirmed` }));
    });
  }

  use(ctx: StepContext, dto: UseDto): Promise<StepAnswer> {
    return this.onOwnPack(ctx, dto.code, async (m, pack) => {
      const ids = { patientId: dto.patientId ?? null, operationId: dto.operationId ?? null };
      await this.ledger.step(m, pack, 'use', ctx, { changes: ids, data: ids });
      return answer(m, pack, 'used', (l) => ({ zh: `${l.zh} 已记录使用`, en: `${l.en} use recorded` }));
    });
  }

  /**
   * Issue 18: a pack that came back to the CSSD with no use recorded is completed by the department
   * it was sent to — the patient / operation it was used on — with who and when on its event. An
   * open recall that lists it as "use not recorded" then lists its patient for follow-up.
   */
  completeUse(ctx: StepContext, dto: UseDto): Promise<StepAnswer> {
    return this.onOwnPack(ctx, dto.code, async (m, pack) => {
      const ids = { patientId: dto.patientId ?? null, operationId: dto.operationId ?? null };
      await this.ledger.step(m, pack, 'complete_use', ctx, { changes: ids, data: ids });
      await this.recalls.useCompleted(m, ctx, pack);
      return answer(m, pack, 'used', (l) => ({ zh: `${l.zh} 已补录使用`, en: `${l.en} use recorded afterwards` }));
    });
  }

  /** Issue 18: the department states that a pack which came back with no use recorded was not used. */
  completeUnused(ctx: StepContext, code: string): Promise<StepAnswer> {
    return this.onOwnPack(ctx, code, async (m, pack) => {
      await this.ledger.step(m, pack, 'complete_unused', ctx, { data: { reason: 'unused' } });
      await this.recalls.useCompleted(m, ctx, pack);
      return answer(m, pack, 'returned', (l) => ({ zh: `${l.zh} 已确认未使用`, en: `${l.en} stated as not used` }));
    });
  }

  /**
   * The pack is blocked (closed as a problem) and the report names its load. A failed inside
   * indicator on a pack already sent out opens a recall (seed 19.2): by default everything
   * since the last passing BI on its sterilizer; a setting narrows it to the pack's load.
   */
  async reportProblem(ctx: StepContext, dto: ProblemDto): Promise<StepAnswer> {
    let opened: OpenedRecall | null = null;
    const result = await this.onOwnPack(ctx, dto.code, async (m, pack) => {
      const load = await this.repo.loadOf(m, pack);
      const data = {
        kind: dto.kind,
        note: dto.note ?? null,
        loadId: load?.id ?? null,
        sterilizerId: load?.sterilizerId ?? null,
        cycleNo: load?.cycleNo ?? null,
      };
      // Found after use (the inside indicator read when the pack was opened in theatre): the pack stays
      // `used` — its patient is what a recall must follow up — and the finding is recorded on its history.
      const afterUse = pack.state === 'used';
      if (afterUse) await this.ledger.record(m, pack, PROBLEM_AFTER_USE, ctx, { data });
      else
        await this.ledger.step(m, pack, 'report_problem', ctx, {
          changes: dto.kind === 'wet' ? { wet: true } : dto.kind === 'damaged' ? { damaged: true } : {},
          data,
        });
      if (dto.kind === 'inside_indicator_failed' && load) {
        const sterilizer = await this.repo.sterilizer(m, load.sterilizerId);
        // The reason reaches every department holding packs of the recall (notices, lists, the
        // packs' recall events): it names the sterilizer and cycle, not the reported pack, which is
        // this department's (§5); the head nurse's view keeps it in the scope (reportedPack).
        opened = await this.recalls.open(
          m,
          ctx,
          'chemical_failed',
          `包内化学指示物不合格（${sterilizer.code} 第 ${load.cycleNo} 锅）Inside indicator failed: ${sterilizer.code} cycle ${load.cycleNo}`,
          this.config.policy.chemicalRecallScope === 'load'
            ? { kind: 'loads', loadIds: [load.id] }
            : { kind: 'since_last_passing_bi', sterilizerId: load.sterilizerId, failedCycleNo: load.cycleNo },
          { reportedPack: pack.barcode, sterilizerCode: sterilizer.code, failedCycleNo: load.cycleNo },
        );
      }
      const recallId = opened?.recall.id ?? null;
      // The report waits for the CSSD's outcome (seed 20); the department reads it on its page.
      const reportId = await this.reports.record(m, ctx, pack, {
        kind: dto.kind,
        note: dto.note ?? null,
        afterUse,
        loadId: load?.id ?? null,
        recallId,
      });
      const cycle = { zh: load ? `（灭菌锅次 ${load.cycleNo}）` : '', en: load ? ` (load cycle ${load.cycleNo})` : '' };
      return answer(
        m,
        pack,
        afterUse ? PROBLEM_AFTER_USE : 'problem',
        (l) =>
          afterUse
            ? {
                zh: `${l.zh} 已使用，问题已记录${cycle.zh}，请随访患者`,
                en: `${l.en} was already used; problem recorded${cycle.en} — follow up the patient`,
              }
            : { zh: `${l.zh} 已报告问题并停用${cycle.zh}`, en: `${l.en} reported and blocked${cycle.en}` },
        { load: load ? { id: load.id, sterilizerId: load.sterilizerId, cycleNo: load.cycleNo } : null, recallId, reportId },
      );
    });
    this.recalls.delivered(opened);
    return result;
  }

  private onOwnPack(ctx: StepContext, code: string, work: (m: EntityManager, pack: Pack) => Promise<StepAnswer>): Promise<StepAnswer> {
    const barcode = readPackBarcode(code, this.clock.instant());
    return this.db.transaction(async (m) => {
      // A pack in this nurse's hand but not sent here (issue 18) is said so — without a word of whose it is.
      const pack = await this.ledger.lockDepartmentPack(m, barcode, ctx.actor.departmentId!, () => new DomainError('PACK_NOT_SENT_HERE'));
      if (pack.state === 'recalled') throw new DomainError('PACK_RECALLED');
      return work(m, pack);
    });
  }
}
