import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { assertCanDo } from '../kernel/pack-state.js';
import { Pack } from '../kernel/pack.entity.js';
import { answer, summarizeMany, type StepAnswer, type Warning } from '../kernel/pack-summary.js';
import { readPackBarcode } from '../kernel/scan.js';
import { assertReleased } from '../kernel/release-policy.js';
import type { StoreDto } from './dto/storage.dto.js';
import { StorageRepository } from './storage.repository.js';
import { labelsWithLaterExpiry, printedLabels } from '../kernel/printed-labels.js';
import { IN_CSSD_STATES, shortenCottonAtReceipt } from './cotton-shelf-life.js';

/** 无菌存放 (§3.2 step 5): released packs into sterile storage, first-expiry-first-out lists. */
@Injectable()
export class StorageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(StorageRepository) private readonly repo: StorageRepository,
  ) {}

  store(ctx: StepContext, dto: StoreDto): Promise<StepAnswer> {
    const barcode = readPackBarcode(dto.code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const pack = await this.ledger.lockByBarcode(m, barcode);
      const load = await this.repo.loadOf(m, pack);
      // Which states may be stored is the pack state machine's; a pack waiting for its BI is told why (LOAD_NOT_RELEASED).
      if (pack.state === 'quarantined') assertReleased(pack, load);
      assertCanDo(pack.state, 'store');
      assertReleased(pack, load);
      if (dto.wet || dto.damaged) {
        await this.ledger.step(m, pack, 'storage_rejected', ctx, {
          changes: { wet: !!dto.wet || pack.wet, damaged: !!dto.damaged || pack.damaged },
          data: { wet: !!dto.wet, damaged: !!dto.damaged },
        });
        return answer(m, pack, 'sent_to_reprocessing', (l) => ({
          zh: `${l.zh} 湿包/破损，不入库，退回重新处理`,
          en: `${l.en} wet or damaged: not stored, sent back to reprocessing`,
        }));
      }
      // Seed 13.4: a cotton pack received while storage is out of its limits keeps 7 days only.
      await shortenCottonAtReceipt(m, this.ledger, ctx, pack);
      await this.ledger.step(m, pack, 'store', ctx, {
        changes: { storageLocation: dto.location ?? null },
        data: { location: dto.location ?? null },
      });
      const warnings = await this.labelWarnings(m, pack);
      return answer(
        m,
        pack,
        'stored',
        (l) => ({
          zh: `${l.zh} 已入库${dto.location ? `（${dto.location}）` : ''}，有效期至 ${pack.expiryDate}`,
          en: `${l.en} stored${dto.location ? ` at ${dto.location}` : ''}, use by ${pack.expiryDate}`,
        }),
        { warnings },
      );
    });
  }

  /** Packs in the CSSD whose printed label shows a later expiry than the one that applies: to be relabelled (reprinted). */
  relabelList() {
    return labelsWithLaterExpiry(this.db.manager, IN_CSSD_STATES);
  }

  /** The label on the pack promises more than the pack has (its expiry was shortened after printing). */
  private async labelWarnings(m: EntityManager, pack: Pack): Promise<Warning[]> {
    const printed = (await printedLabels(m, [pack.id])).get(pack.id);
    if (!printed?.expiryDate || !pack.expiryDate || printed.expiryDate <= pack.expiryDate) return [];
    return [
      {
        code: 'LABEL_EXPIRY_OUTDATED',
        zh: `标签上的有效期 ${printed.expiryDate} 晚于实际有效期 ${pack.expiryDate}，请重新打印标签`,
        en: `The label says use by ${printed.expiryDate}, but the pack expires on ${pack.expiryDate}: reprint its label`,
        details: { printedExpiryDate: printed.expiryDate, expiryDate: pack.expiryDate },
      },
    ];
  }

  /** Packs in sterile storage, earliest expiry first (FIFO). */
  async list(templateId?: string) {
    const packs = await this.repo.stored(this.db.manager, templateId);
    return (await summarizeMany(this.db.manager, packs)).map((s, i) => ({ ...s, storageLocation: packs[i].storageLocation }));
  }
}
