import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { Pack } from '../packs/pack.entity.js';
import { answer, summarizeMany, type StepAnswer } from '../packs/pack-summary.js';
import { readPackBarcode } from '../packs/scan.js';
import { SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';
import type { PackState } from '../packs/pack-state.js';
import type { ProblemDto, UseDto } from './dto/usage.dto.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { RecallService, type OpenedRecall } from '../recall/recall.service.js';
import { ProblemReportsService } from '../problems/problem-reports.service.js';

/**
 * §3.2 step 7, the department's side: confirm receipt, record use on a patient, report a
 * problem. A department sees and acts only on packs dispatched to it.
 */
/** A problem found on a pack already used: recorded on its history, the pack stays `used`. */
export const PROBLEM_AFTER_USE = 'problem_after_use';

@Injectable()
export class UsageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(RecallService) private readonly recalls: RecallService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProblemReportsService) private readonly reports: ProblemReportsService,
  ) {}

  async list(actor: Actor, state?: PackState) {
    const packs = await this.db.getRepository(Pack).find({
      where: { departmentId: actor.departmentId!, ...(state ? { state } : {}) },
      order: { updatedAt: 'DESC' },
      take: 500,
    });
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
   * The pack is blocked (closed as a problem) and the report names its load. A failed inside
   * indicator on a pack already sent out opens a recall (seed 19.2): by default everything
   * since the last passing BI on its sterilizer; a setting narrows it to the pack's load.
   */
  async reportProblem(ctx: StepContext, dto: ProblemDto): Promise<StepAnswer> {
    let opened: OpenedRecall | null = null;
    const result = await this.onOwnPack(ctx, dto.code, async (m, pack) => {
      const load = pack.loadId ? await m.getRepository(SterilizerLoad).findOneBy({ id: pack.loadId }) : null;
      const data = { kind: dto.kind, note: dto.note ?? null, loadId: load?.id ?? null, sterilizerId: load?.sterilizerId ?? null, cycleNo: load?.cycleNo ?? null };
      // Found after use (the inside indicator read when the pack was opened in theatre): the pack stays
      // `used` — its patient is what a recall must follow up — and the finding is recorded on its history.
      const afterUse = pack.state === 'used';
      if (afterUse) await this.ledger.record(m, pack, PROBLEM_AFTER_USE, ctx, { data });
      else await this.ledger.step(m, pack, 'report_problem', ctx, { changes: dto.kind === 'wet' ? { wet: true } : dto.kind === 'damaged' ? { damaged: true } : {}, data });
      if (dto.kind === 'inside_indicator_failed' && load) {
        const sterilizer = await m.getRepository(Sterilizer).findOneByOrFail({ id: load.sterilizerId });
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
      const recallId = (opened as OpenedRecall | null)?.recall.id ?? null;
      // The report waits for the CSSD's outcome (seed 20); the department reads it on its page.
      const reportId = await this.reports.record(m, ctx, pack, { kind: dto.kind, note: dto.note ?? null, afterUse, loadId: load?.id ?? null, recallId });
      const cycle = { zh: load ? `（灭菌锅次 ${load.cycleNo}）` : '', en: load ? ` (load cycle ${load.cycleNo})` : '' };
      return answer(m, pack, afterUse ? PROBLEM_AFTER_USE : 'problem', (l) => afterUse
        ? { zh: `${l.zh} 已使用，问题已记录${cycle.zh}，请随访患者`, en: `${l.en} was already used; problem recorded${cycle.en} — follow up the patient` }
        : { zh: `${l.zh} 已报告问题并停用${cycle.zh}`, en: `${l.en} reported and blocked${cycle.en}` }, { load: load ? { id: load.id, sterilizerId: load.sterilizerId, cycleNo: load.cycleNo } : null, recallId, reportId });
    });
    this.recalls.delivered(opened);
    return result;
  }

  private onOwnPack(ctx: StepContext, code: string, work: (m: EntityManager, pack: Pack) => Promise<StepAnswer>): Promise<StepAnswer> {
    const barcode = readPackBarcode(code);
    return this.db.transaction(async (m) => {
      // A pack in this nurse's hand but not sent here (issue 18) is said so — without a word of whose it is.
      const pack = await this.ledger.lockDepartmentPack(m, barcode, ctx.actor.departmentId!, () => new DomainError('PACK_NOT_SENT_HERE'));
      if (pack.state === 'recalled') throw new DomainError('PACK_RECALLED');
      return work(m, pack);
    });
  }
}
