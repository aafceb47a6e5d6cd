import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { CLOSED_STATES, canDo, stateParams } from '../packs/pack-state.js';
import { Pack } from '../packs/pack.entity.js';
import { answer, type StepAnswer } from '../packs/pack-summary.js';
import { readScan } from '../packs/scan.js';
import type { RecycleDto } from './dto/recycle.dto.js';
import { countAgainstTemplate, itemName } from './count-sheet.js';
import { readHandover } from './handover.js';
import { findById, getById, preparedQuery } from '../database/prepared.js';

/**
 * 回收 (§3.2 step 1): a set (or the label of the pack it came back in) enters
 * decontamination. Its previous pack is closed; a new pack — a new cycle — begins.
 */
@Injectable()
export class RecyclingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  recycle(ctx: StepContext, dto: RecycleDto): Promise<StepAnswer> {
    const scan = readScan(dto.code);
    return this.db.transaction(async (m) => {
      const department = await findById(m, Department, dto.departmentId);
      if (!department) throw new DomainError('DEPARTMENT_NOT_FOUND');
      const contamination = dto.contaminationClass ?? 'routine';

      // Lock order everywhere: set, then pack.
      let set: InstrumentSet | null;
      let previous: Pack | null;
      if (scan.kind === 'set') {
        set = await this.ledger.lockSet(m, scan.assetCode);
        previous = await this.ledger.lockCurrentOfSet(m, set.id);
      } else {
        const peek = await m.getRepository(Pack).findOneBy({ barcode: scan.barcode });
        if (!peek) throw new DomainError('UNKNOWN_BARCODE', { code: scan.barcode });
        set = peek.setId ? await findById(m, InstrumentSet, peek.setId, { lock: true }) : null;
        previous = await this.ledger.lockByBarcode(m, scan.barcode);
      }

      // Checked once the scan is known to be real: an unknown or dead label says so first.
      const handover = await readHandover(m, ctx.actor, department.id, dto);
      const closed = previous ? await this.closePrevious(m, ctx, previous, dto, contamination) : null;

      // A single-use item ends here: it is not reprocessed (prion → incinerated, seed 3.6).
      if (!set) {
        return answer(m, previous!, closed ?? 'closed', (l) =>
          previous!.state === 'incinerated'
            ? { zh: `${l.zh} 已按朊毒体污染焚烧处理`, en: `${l.en} incinerated (prion contamination)` }
            : { zh: `${l.zh} 一次性物品已回收，不再处理`, en: `${l.en} single-use item collected; not reprocessed` },
        );
      }
      if (!set.active) throw new DomainError('SET_INACTIVE');

      const template = await getById(m, SetTemplate, set.templateId);
      const count = countAgainstTemplate(template, dto.missing, dto.damaged);
      const cycleNo = set.cycleCount + 1;
      const pack = await this.ledger.create(
        m,
        { setId: set.id, templateId: set.templateId, cycleNo, state: 'collected', implant: template.implant, contaminationClass: contamination },
        'recycle',
        ctx,
        {
          data: {
            // The department as it is named today, kept with the step: a later rename does not rewrite it (issue 19 item 14).
            fromDepartmentId: department.id,
            fromDepartmentCode: department.code,
            fromDepartmentNameZh: department.nameZh,
            fromDepartmentNameEn: department.nameEn,
            contaminationClass: contamination,
            handover,
            // The count against the template version the set has: a shortfall here follows the set to packing (shortfall.ts).
            templateVersion: count.templateVersion,
            countMatches: count.missing.length + count.damaged.length === 0,
            missing: count.missing,
            damaged: count.damaged,
            note: dto.note ?? null,
            previousPackId: previous?.id ?? null,
            previousBarcode: previous?.barcode ?? null,
          },
        },
      );
      await preparedQuery(m, `UPDATE instrument_sets SET cycle_count = $2, updated_at = $3 WHERE id = $1`, [set.id, cycleNo, this.clock.now()]);
      if (previous) await preparedQuery(m, `UPDATE packs SET replaced_by_pack_id = $2, updated_at = $3 WHERE id = $1`, [previous.id, pack.id, this.clock.now()]);

      const short = (lang: 'zh' | 'en') =>
        [
          ...count.missing.map((x) => (lang === 'zh' ? `缺 ${itemName(x, lang)} ×${x.quantity}` : `missing ${itemName(x, lang)} ×${x.quantity}`)),
          ...count.damaged.map((x) => (lang === 'zh' ? `损坏 ${itemName(x, lang)} ×${x.quantity}` : `damaged ${itemName(x, lang)} ×${x.quantity}`)),
        ].join(lang === 'zh' ? '、' : ', ');
      const matches = count.missing.length + count.damaged.length === 0;
      return answer(m, pack, 'collected', (l) => ({
        zh: `${l.zh} 已回收（第 ${cycleNo} 次循环）${matches ? '，数量相符' : `，${short('zh')}`}`,
        en: `${l.en} collected (cycle ${cycleNo})${matches ? ', count matches' : `, ${short('en')}`}`,
      }), { closedPack: previous ? { barcode: previous.barcode, state: previous.state } : null });
    });
  }

  /** Ends the previous cycle: used or returned unused; refuses a set that is still in process. */
  private async closePrevious(m: EntityManager, ctx: StepContext, previous: Pack, dto: RecycleDto, contamination: string): Promise<string | null> {
    const singleUse = previous.setId === null;
    if (singleUse && contamination === 'prion' && canDo(previous.state, 'incinerate')) {
      await this.ledger.step(m, previous, 'incinerate', ctx, { data: { contaminationClass: 'prion' } });
      return 'incinerated';
    }
    if (CLOSED_STATES.includes(previous.state)) {
      if (singleUse) throw new DomainError('SINGLE_USE_NOT_RECYCLABLE');
      return null;
    }
    if (!dto.unused && canDo(previous.state, 'use')) {
      // Came back from a department after use (no patient recorded at the bedside).
      await this.ledger.step(m, previous, 'use', ctx, { data: { recordedAt: 'recycling' } });
      return 'used';
    }
    if (canDo(previous.state, 'return_unused')) {
      await this.ledger.step(m, previous, 'return_unused', ctx, { data: { reason: dto.unused ? 'unused' : 'reprocess from storage' } });
      return 'returned';
    }
    throw new DomainError('SET_IN_PROCESS', { ...stateParams(previous.state), barcode: previous.barcode ?? '—' }, { currentPack: previous.id, state: previous.state });
  }
}
