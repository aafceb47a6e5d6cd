import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import type { Pack } from '../kernel/pack.entity.js';
import { answer, type StepAnswer, type Warning } from '../kernel/pack-summary.js';
import { readPackBarcode } from '../kernel/scan.js';
import { assertDispatchable } from './dispatch-rules.js';
import type { DispatchScanDto } from './dto/dispatch.dto.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DEPARTMENT } from '../catalog/catalog.kinds.js';
import { RequisitionsService } from '../requisitions/requisitions.service.js';
import { RoundsService } from '../requisitions/rounds.service.js';

/** 发放 (§3.2 step 6): scan packs out to a department; every refusal of §4.3 checked by the server. */
@Injectable()
export class DispatchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DispatchRepository) private readonly repo: DispatchRepository,
    @Inject(RequisitionsService) private readonly requisitions: RequisitionsService,
    @Inject(RoundsService) private readonly rounds: RoundsService,
  ) {}

  /**
   * Dispatches a pack to a department: every check of §4.3 first, then the pack's step, its line
   * on the open delivery round's manifest, and — when the station works through a requisition —
   * its count against it (issue 16), all in one transaction.
   */
  dispatch(ctx: StepContext, dto: DispatchScanDto): Promise<StepAnswer> {
    const barcode = readPackBarcode(dto.code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const department = await this.repo.department(m, dto.departmentId);
      if (!department) throw new DomainError('DEPARTMENT_NOT_FOUND');
      if (!department.active) throw new DomainError('INACTIVE_REFERENCE', { what: DEPARTMENT.label });
      // Locked before the pack (the order every dispatch against it keeps): its count is the scan's.
      const requisition = dto.requisitionId ? await this.requisitions.forDispatch(m, dto.requisitionId, department) : null;
      const pack = await this.ledger.lockByBarcode(m, barcode);
      const load = await this.repo.loadOf(m, pack);
      const now = this.clock.instant();
      assertDispatchable(pack, load, now, this.config.timezone);
      await this.assertLoanerDestination(m, pack, department.id);
      const warnings = await this.fifoWarnings(m, pack, localDate(now, this.config.timezone));
      const counted = requisition ? await this.requisitions.count(m, ctx, requisition, pack) : null;
      const round = await this.rounds.add(m, ctx, 'delivery', department.id, {
        packId: pack.id,
        templateId: pack.templateId,
        setId: pack.setId,
        barcode: pack.barcode,
        requisitionId: counted?.progress.counted ? requisition!.requisition.id : null,
      });
      // The department's code and names kept with the step: a later rename does not rewrite where the pack went (issue 19 item 14).
      const data = {
        departmentId: department.id,
        departmentCode: department.code,
        departmentNameZh: department.nameZh,
        departmentNameEn: department.nameEn,
        manifest: round.code,
        ...(counted?.progress.counted ? { requisition: counted.progress.code } : {}),
      };
      await this.ledger.step(m, pack, 'dispatch', ctx, { changes: { departmentId: department.id }, data });
      return answer(
        m,
        pack,
        'dispatched',
        (l) => ({ zh: `${l.zh} 已发放至${department.nameZh}`, en: `${l.en} dispatched to ${department.nameEn}` }),
        { warnings: [...warnings, ...(counted?.warnings ?? [])], round, requisition: counted?.progress ?? null },
      );
    });
  }

  /** Issue 16: a loaner tray came for one operation; it goes to that operation's department only. */
  private async assertLoanerDestination(m: EntityManager, pack: Pack, departmentId: string): Promise<void> {
    if (!pack.setId) return;
    const loaner = await this.repo.loanerOfSet(m, pack.setId);
    if (loaner && loaner.departmentId !== departmentId)
      throw new DomainError(
        'LOANER_WRONG_DEPARTMENT',
        { tray: loaner.code, departmentZh: loaner.departmentNameZh, departmentEn: loaner.departmentNameEn },
        { tray: loaner.code, departmentId: loaner.departmentId },
      );
  }

  /** First-expiry-first-out: name an unexpired pack of the same template that expires earlier. */
  private async fifoWarnings(m: EntityManager, pack: Pack, today: string): Promise<Warning[]> {
    const r = await this.repo.earlierStoredPack(m, pack, today);
    if (!r) return [];
    const where = r.storage_location ? ` (${r.storage_location})` : '';
    return [
      {
        code: 'FIFO_EARLIER_PACK',
        zh: `先进先出：${r.barcode}${where} 更早过期（${r.expiry}），应先发放`,
        en: `First-expiry-first-out: ${r.barcode}${where} expires earlier (${r.expiry}) and should go first`,
        details: { barcode: r.barcode, expiryDate: r.expiry, location: r.storage_location },
      },
    ];
  }
}
