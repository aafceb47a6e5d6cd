import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Department } from '../catalog/department.entity.js';
import type { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { CLOSED_STATES, canDo, stateParams } from '../kernel/pack-state.js';
import { Pack } from '../kernel/pack.entity.js';
import { answer, type StepAnswer, type Warning } from '../kernel/pack-summary.js';
import { readScan } from '../kernel/scan.js';
import type { RecycleDto } from './dto/recycle.dto.js';
import { countAgainstTemplate, itemName } from '../kernel/count-sheet.js';
import { COLLECTED_ELSEWHERE, RECYCLE } from '../kernel/pack-event-types.js';
import { readHandover } from './handover.js';
import { RecyclingRepository } from './recycling.repository.js';
import { RoundsService } from '../requisitions/rounds.service.js';

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
    @Inject(RecyclingRepository) private readonly repo: RecyclingRepository,
    @Inject(RoundsService) private readonly rounds: RoundsService,
  ) {}

  recycle(ctx: StepContext, dto: RecycleDto): Promise<StepAnswer> {
    return this.db.transaction((m) => this.recycleIn(m, ctx, dto));
  }

  /**
   * The recycling step inside the caller's transaction: a loaner tray's receipt (src/loaners)
   * starts the tray's first cycle here, exactly as a collected set's. `onRound: false` keeps it
   * off the department's collection round: the lender delivered it, nobody picked it up there.
   */
  async recycleIn(m: EntityManager, ctx: StepContext, dto: RecycleDto, opts: { onRound?: boolean } = {}): Promise<StepAnswer> {
    const onRound = opts.onRound ?? true;
    const scan = readScan(dto.code, this.clock.instant());
    const department = await this.repo.department(m, dto.departmentId);
    if (!department) throw new DomainError('DEPARTMENT_NOT_FOUND');
    const contamination = dto.contaminationClass ?? 'routine';

    // Lock order everywhere: set, then pack.
    let set: InstrumentSet | null;
    let previous: Pack | null;
    if (scan.kind === 'set') {
      set = await this.ledger.lockSet(m, scan.assetCode);
      previous = await this.ledger.lockCurrentOfSet(m, set.id);
    } else {
      const peek = await this.repo.packByBarcode(m, scan.barcode);
      if (!peek) throw new DomainError('UNKNOWN_BARCODE', { code: scan.barcode });
      set = peek.setId ? await this.repo.lockSet(m, peek.setId) : null;
      previous = await this.ledger.lockByBarcode(m, scan.barcode);
    }

    // Checked once the scan is known to be real: an unknown or dead label says so first.
    const handover = await readHandover((id) => this.repo.handoverUser(m, id), ctx.actor, department.id, dto);
    const closed = previous ? await this.closePrevious(m, ctx, previous, dto, contamination, department) : null;
    const elsewhere = previous ? await this.collectedElsewhere(m, ctx, previous, department) : null;
    const warnings = elsewhere ? [elsewhere] : [];

    // A single-use item ends here: it is not reprocessed (prion → incinerated, seed 3.6).
    if (!set) {
      // On the collection round's manifest all the same: it was picked up from the department (seed 15.4).
      await this.rounds.add(m, ctx, 'collection', department.id, {
        packId: previous!.id,
        templateId: previous!.templateId,
        setId: null,
        barcode: previous!.barcode,
        handedOverBy: handover.handedOverBy,
      });
      return answer(
        m,
        previous!,
        closed ?? 'closed',
        (l) =>
          previous!.state === 'incinerated'
            ? { zh: `${l.zh} 已按朊毒体污染焚烧处理`, en: `${l.en} incinerated (prion contamination)` }
            : {
                zh: `${l.zh} 一次性物品已回收，不再处理${unrecordedNote(closed, 'zh')}`,
                en: `${l.en} single-use item collected; not reprocessed${unrecordedNote(closed, 'en')}`,
              },
        { warnings },
      );
    }
    // A loaner tray handed back to its lender (issue 16) says so: its set was retired with the return.
    if (!set.active) throw new DomainError(previous?.state === 'lender_returned' ? 'SET_RETURNED_TO_LENDER' : 'SET_INACTIVE');

    const template = await this.repo.template(m, set.templateId);
    const count = countAgainstTemplate(template, dto.missing, dto.damaged);
    const cycleNo = set.cycleCount + 1;
    const pack = await this.ledger.create(
      m,
      {
        setId: set.id,
        templateId: set.templateId,
        cycleNo,
        state: 'collected',
        implant: template.implant,
        contaminationClass: contamination,
      },
      RECYCLE,
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
    await this.repo.setCycleCount(m, set.id, cycleNo, this.clock.instant());
    if (previous) await this.ledger.supersede(m, previous, pack);
    // What was picked up from the department, and from whom: the collection round's manifest (seed 15.4, 11.3).
    if (onRound)
      await this.rounds.add(m, ctx, 'collection', department.id, {
        packId: pack.id,
        templateId: set.templateId,
        setId: set.id,
        barcode: previous?.barcode ?? null,
        handedOverBy: handover.handedOverBy,
      });

    const short = (lang: 'zh' | 'en') =>
      [
        ...count.missing.map((x) =>
          lang === 'zh' ? `缺 ${itemName(x, lang)} ×${x.quantity}` : `missing ${itemName(x, lang)} ×${x.quantity}`,
        ),
        ...count.damaged.map((x) =>
          lang === 'zh' ? `损坏 ${itemName(x, lang)} ×${x.quantity}` : `damaged ${itemName(x, lang)} ×${x.quantity}`,
        ),
      ].join(lang === 'zh' ? '、' : ', ');
    const matches = count.missing.length + count.damaged.length === 0;
    return answer(
      m,
      pack,
      'collected',
      (l) => ({
        zh: `${l.zh} 已回收（第 ${cycleNo} 次循环）${matches ? '，数量相符' : `，${short('zh')}`}${unrecordedNote(closed, 'zh')}`,
        en: `${l.en} collected (cycle ${cycleNo})${matches ? ', count matches' : `, ${short('en')}`}${unrecordedNote(closed, 'en')}`,
      }),
      { closedPack: previous ? { barcode: previous.barcode, state: previous.state } : null, warnings },
    );
  }

  /**
   * Ends the previous cycle: returned unused when the collection says so, otherwise "use not
   * recorded" unless its department recorded the use (issue 18: never assumed used, with nobody
   * to follow up); refuses a set that is still in process.
   */
  private async closePrevious(
    m: EntityManager,
    ctx: StepContext,
    previous: Pack,
    dto: RecycleDto,
    contamination: string,
    collectedFrom: Department,
  ): Promise<string | null> {
    const singleUse = previous.setId === null;
    if (singleUse && contamination === 'prion' && canDo(previous.state, 'incinerate')) {
      await this.ledger.step(m, previous, 'incinerate', ctx, { data: { contaminationClass: 'prion' } });
      return 'incinerated';
    }
    if (CLOSED_STATES.includes(previous.state)) {
      if (singleUse) throw new DomainError('SINGLE_USE_NOT_RECYCLABLE');
      return null;
    }
    if (!dto.unused && canDo(previous.state, 'use_not_recorded')) {
      // Came back from a department with no use recorded at the bedside: the department it was sent
      // to is asked to complete it (its page, the head nurse's board, a recall's follow-up list).
      await this.ledger.step(m, previous, 'use_not_recorded', ctx, {
        data: { dispatchedToDepartmentId: previous.departmentId, collectedFromDepartmentId: collectedFrom.id },
      });
      return USE_NOT_RECORDED;
    }
    if (canDo(previous.state, 'return_unused')) {
      await this.ledger.step(m, previous, 'return_unused', ctx, { data: { reason: dto.unused ? 'unused' : 'reprocess from storage' } });
      return 'returned';
    }
    throw new DomainError(
      'SET_IN_PROCESS',
      { ...stateParams(previous.state), barcode: previous.barcode ?? '—' },
      { currentPack: previous.id, state: previous.state },
    );
  }

  /**
   * Issue 18: a pack collected from another department than the one it was sent to. Both are kept
   * on the pack's history (an event of its own, which the head nurse's board lists) and the station
   * is warned; the pack stays the dispatched-to department's (§5: departments see only their own).
   */
  private async collectedElsewhere(m: EntityManager, ctx: StepContext, previous: Pack, collectedFrom: Department): Promise<Warning | null> {
    if (previous.departmentId === null || previous.departmentId === collectedFrom.id) return null;
    const sentTo = await this.repo.knownDepartment(m, previous.departmentId);
    // Both departments as they are named today, kept with the event: a later rename does not rewrite it.
    await this.ledger.record(m, previous, COLLECTED_ELSEWHERE, ctx, {
      data: {
        collectedFromDepartmentId: collectedFrom.id,
        collectedFromDepartmentCode: collectedFrom.code,
        collectedFromDepartmentNameZh: collectedFrom.nameZh,
        collectedFromDepartmentNameEn: collectedFrom.nameEn,
        dispatchedToDepartmentId: sentTo.id,
        dispatchedToDepartmentCode: sentTo.code,
        dispatchedToDepartmentNameZh: sentTo.nameZh,
        dispatchedToDepartmentNameEn: sentTo.nameEn,
      },
    });
    return {
      code: 'COLLECTED_FROM_OTHER_DEPARTMENT',
      zh: `${previous.barcode ?? ''} 发往${sentTo.nameZh}（${sentTo.code}），却从${collectedFrom.nameZh}（${collectedFrom.code}）回收：已记录并报告护士长`,
      en: `${previous.barcode ?? ''} was sent to ${sentTo.nameEn} (${sentTo.code}) but collected from ${collectedFrom.nameEn} (${collectedFrom.code}): recorded and shown to the head nurse`,
      details: { barcode: previous.barcode, dispatchedToDepartmentId: sentTo.id, collectedFromDepartmentId: collectedFrom.id },
    };
  }
}

/** The previous pack's closing when it came back with no use recorded (the pack's new state is `use_unrecorded`). */
const USE_NOT_RECORDED = 'use_not_recorded';

/** What the station says of a previous pack that came back with no use recorded. */
function unrecordedNote(closed: string | null, lang: 'zh' | 'en'): string {
  if (closed !== USE_NOT_RECORDED) return '';
  return lang === 'zh'
    ? '；上一包未记录使用，已请发往科室补录'
    : '; the previous pack came back with no use recorded: its department is asked to complete it';
}
