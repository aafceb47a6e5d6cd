import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { Clock, localDate } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import type { Pack } from '../packs/pack.entity.js';
import { answer, type StepAnswer, type Warning } from '../packs/pack-summary.js';
import { readPackBarcode } from '../packs/scan.js';
import { SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';
import { assertDispatchable } from './dispatch-rules.js';
import type { DispatchScanDto } from './dto/dispatch.dto.js';
import { findById } from '../database/prepared.js';
import { DEPARTMENT } from '../catalog/catalog.kinds.js';

/** 发放 (§3.2 step 6): scan packs out to a department; every refusal of §4.3 checked by the server. */
@Injectable()
export class DispatchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  dispatch(ctx: StepContext, dto: DispatchScanDto): Promise<StepAnswer> {
    const barcode = readPackBarcode(dto.code);
    return this.db.transaction(async (m) => {
      const department = await findById(m, Department, dto.departmentId);
      if (!department) throw new DomainError('DEPARTMENT_NOT_FOUND');
      if (!department.active) throw new DomainError('INACTIVE_REFERENCE', { what: DEPARTMENT.label });
      const pack = await this.ledger.lockByBarcode(m, barcode);
      const load = pack.loadId ? await findById(m, SterilizerLoad, pack.loadId) : null;
      const now = this.clock.now();
      assertDispatchable(pack, load, now, this.config.timezone);
      const warnings = await this.fifoWarnings(m, pack, localDate(now, this.config.timezone));
      // The department's code and names kept with the step: a later rename does not rewrite where the pack went (issue 19 item 14).
      const data = { departmentId: department.id, departmentCode: department.code, departmentNameZh: department.nameZh, departmentNameEn: department.nameEn };
      await this.ledger.step(m, pack, 'dispatch', ctx, { changes: { departmentId: department.id }, data });
      return answer(m, pack, 'dispatched', (l) => ({ zh: `${l.zh} 已发放至${department.nameZh}`, en: `${l.en} dispatched to ${department.nameEn}` }), { warnings });
    });
  }

  /** First-expiry-first-out: name an unexpired pack of the same template that expires earlier. */
  private async fifoWarnings(m: EntityManager, pack: Pack, today: string): Promise<Warning[]> {
    // ORDER BY names the column: an output alias of the same name would sort the to_char text
    // and read every stored pack of the template instead of the first few index entries.
    const rows: { barcode: string; expiry: string; storage_location: string | null }[] = await m.query(
      `SELECT barcode, to_char(expiry_date, 'YYYY-MM-DD') AS expiry, storage_location
         FROM packs
        WHERE state = 'stored' AND template_id = $1 AND expiry_date < $2 AND expiry_date >= $3 AND id <> $4
        ORDER BY packs.expiry_date, packs.barcode
        LIMIT 1`,
      [pack.templateId, pack.expiryDate, today, pack.id],
    );
    if (rows.length === 0) return [];
    const r = rows[0];
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
