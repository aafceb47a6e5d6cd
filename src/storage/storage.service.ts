import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { stateParams } from '../packs/pack-state.js';
import { Pack } from '../packs/pack.entity.js';
import { answer, summarizeMany, type StepAnswer, type Warning } from '../packs/pack-summary.js';
import { readPackBarcode } from '../packs/scan.js';
import { assertReleased } from '../release/release-policy.js';
import { SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';
import type { StoreDto } from './dto/storage.dto.js';
import { findById } from '../database/prepared.js';
import { labelsWithLaterExpiry, printedLabels } from '../labels/printed-labels.js';
import { IN_CSSD_STATES, shortenCottonAtReceipt } from './cotton-shelf-life.js';

/** 无菌存放 (§3.2 step 5): released packs into sterile storage, first-expiry-first-out lists. */
@Injectable()
export class StorageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
  ) {}

  store(ctx: StepContext, dto: StoreDto): Promise<StepAnswer> {
    const barcode = readPackBarcode(dto.code);
    return this.db.transaction(async (m) => {
      const pack = await this.ledger.lockByBarcode(m, barcode);
      if (pack.state !== 'released' && pack.state !== 'quarantined') {
        throw new DomainError('PACK_WRONG_STATE', stateParams(pack.state), { state: pack.state, action: 'store' });
      }
      const load = pack.loadId ? await findById(m, SterilizerLoad, pack.loadId) : null;
      assertReleased(pack, load);
      if (dto.wet || dto.damaged) {
        await this.ledger.step(m, pack, 'storage_rejected', ctx, { changes: { wet: !!dto.wet || pack.wet, damaged: !!dto.damaged || pack.damaged }, data: { wet: !!dto.wet, damaged: !!dto.damaged } });
        return answer(m, pack, 'sent_to_reprocessing', (l) => ({ zh: `${l.zh} 湿包/破损，不入库，退回重新处理`, en: `${l.en} wet or damaged: not stored, sent back to reprocessing` }));
      }
      // Seed 13.4: a cotton pack received while storage is out of its limits keeps 7 days only.
      await shortenCottonAtReceipt(m, this.ledger, ctx, pack);
      await this.ledger.step(m, pack, 'store', ctx, { changes: { storageLocation: dto.location ?? null }, data: { location: dto.location ?? null } });
      const warnings = await this.labelWarnings(m, pack);
      return answer(m, pack, 'stored', (l) => ({ zh: `${l.zh} 已入库${dto.location ? `（${dto.location}）` : ''}，有效期至 ${pack.expiryDate}`, en: `${l.en} stored${dto.location ? ` at ${dto.location}` : ''}, use by ${pack.expiryDate}` }), { warnings });
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
    const packs = await this.db.getRepository(Pack).find({
      where: { state: 'stored', ...(templateId ? { templateId } : {}) },
      order: { expiryDate: 'ASC', barcode: 'ASC' },
      take: 1000,
    });
    return (await summarizeMany(this.db.manager, packs)).map((s, i) => ({ ...s, storageLocation: packs[i].storageLocation }));
  }
}
