import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import type { SecondPersonDto } from '../auth/dto/second-person.dto.js';
import type { PackagingMaterial } from '../catalog/catalog.enums.js';
import type { SetTemplate } from '../catalog/set-template.entity.js';
import { assertPackagingSuits, PACKAGING_NAMES } from '../catalog/packaging-compatibility.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { answer, type StepAnswer } from '../kernel/pack-summary.js';
import { readScan } from '../kernel/scan.js';
import type { PackDressingDto, PackSetDto, ReplaceInstrumentDto } from './dto/packing.dto.js';
import { assertAnswersEntry, assertPackableAsComplete, assertReplaceable, describeShortfall } from './shortfall.js';
import { itemName } from '../kernel/count-sheet.js';
import { INSTRUMENT_REPLACED, PACK_SHORT_APPROVED } from '../kernel/pack-event-types.js';
import { describeFailures, judgeInspection } from './inspection.js';
import { PackingRepository } from './packing.repository.js';
import { TEMPLATE } from '../catalog/catalog.kinds.js';

/** 检查包装 (§3.2 step 3): inspection, packing, the two-person check, the new barcode. */
@Injectable()
export class PackingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(PackingRepository) private readonly repo: PackingRepository,
  ) {}

  async packSet(ctx: StepContext, dto: PackSetDto): Promise<StepAnswer> {
    const scan = readScan(dto.code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const pack =
        scan.kind === 'set' ? await this.ledger.lockCurrentBySetCode(m, scan.assetCode) : await this.ledger.lockByBarcode(m, scan.barcode);
      const template = await this.repo.template(m, pack.templateId);
      const inspection = judgeInspection(template, dto.inspection);
      if (inspection.failed.length) {
        await this.ledger.step(m, pack, 'inspection_failed', ctx, { data: { inspection } });
        const why = { zh: describeFailures(inspection, 'zh'), en: describeFailures(inspection, 'en') };
        return answer(
          m,
          pack,
          'returned_to_cleaning',
          (l) => ({ zh: `${l.zh} 检查不合格（${why.zh}），退回重新清洗`, en: `${l.en} failed inspection (${why.en}): back to cleaning` }),
          {
            warnings: [
              {
                code: 'INSPECTION_FAILED',
                zh: `检查不合格：${why.zh}`,
                en: `Failed inspection: ${why.en}`,
                details: { failed: inspection.failed },
              },
            ],
          },
        );
      }
      const shortfall = await this.repo.openShortfall(m, pack);
      if (!dto.shortApproval) assertPackableAsComplete(shortfall);
      // Packing short is the head nurse's decision, checked like the two-person check (§5).
      const approver = shortfall.length ? await this.auth.verifySecondPerson(ctx.actor, dto.shortApproval, ['head_nurse'], m) : null;
      const material = allowedMaterial(template, dto.packagingMaterial);
      const checker = await this.checker(m, ctx, template, dto.secondPerson);
      const barcode = await this.ledger.nextBarcode(m);
      if (approver) await this.ledger.record(m, pack, PACK_SHORT_APPROVED, ctx, { data: { shortfall }, secondActorId: approver.id });
      await this.ledger.step(m, pack, 'pack', ctx, {
        // The template version it is packed to: its provenance and label keep this name and contents (issue 19 item 14).
        changes: {
          barcode,
          templateVersion: template.version,
          packagingMaterial: material,
          packedBy: ctx.actor.id,
          checkedBy: checker?.id ?? null,
        },
        // A pack packed short carries its shortfall: the label prints it.
        data: {
          inspection,
          inspectorId: ctx.actor.id,
          packagingMaterial: material,
          barcode,
          ...(approver ? { shortfall, shortApprovedBy: approver.id } : {}),
        },
        secondActorId: checker?.id ?? null,
      });
      if (approver) {
        return answer(
          m,
          pack,
          'packed',
          (l) => ({
            zh: `${l.zh} 已按缺件包装（护士长 ${approver.displayName} 核准：${describeShortfall(shortfall, 'zh')}），新条码 ${barcode}`,
            en: `${l.en} packed short (approved by head nurse ${approver.displayName}: ${describeShortfall(shortfall, 'en')}), new barcode ${barcode}`,
          }),
          {
            warnings: [
              {
                code: 'PACKED_SHORT',
                zh: `缺件包：${describeShortfall(shortfall, 'zh')}`,
                en: `Packed short: ${describeShortfall(shortfall, 'en')}`,
                details: { shortfall },
              },
            ],
          },
        );
      }
      return answer(m, pack, 'packed', (l) => ({ zh: `${l.zh} 已包装，新条码 ${barcode}`, en: `${l.en} packed, new barcode ${barcode}` }));
    });
  }

  /**
   * A replacement instrument put into a set that came back short (issue 18): which line, how
   * many, who. What is still short after it is answered, for the packing station to show.
   */
  async replaceInstrument(ctx: StepContext, dto: ReplaceInstrumentDto): Promise<StepAnswer> {
    const scan = readScan(dto.code, this.clock.instant());
    return this.db.transaction(async (m) => {
      const pack = await this.ledger.lockScanned(m, scan);
      const short = assertReplaceable(pack, await this.repo.openShortfall(m, pack), dto.line, dto.quantity);
      if (dto.registerEntryId) assertAnswersEntry(pack, await this.repo.registerEntry(m, dto.registerEntryId), dto.line, dto.quantity);
      const item = {
        line: short.line,
        nameZh: short.nameZh,
        nameEn: short.nameEn,
        specification: short.specification,
        quantity: dto.quantity,
      };
      // Naming the entry it answers, the set's contents history shows which instrument replaced which (seed 4.4).
      await this.ledger.record(m, pack, INSTRUMENT_REPLACED, ctx, {
        data: dto.registerEntryId ? { ...item, registerEntryId: dto.registerEntryId } : item,
      });
      const still = await this.repo.openShortfall(m, pack);
      return answer(
        m,
        pack,
        'replaced',
        (l) => ({
          zh: `${l.zh} 已补齐 ${itemName(item, 'zh')} ×${dto.quantity}${still.length ? `，仍${describeShortfall(still, 'zh')}` : '，器械已齐全'}`,
          en: `${l.en}: ${itemName(item, 'en')} ×${dto.quantity} replaced${still.length ? `; still ${describeShortfall(still, 'en')}` : '; the set is complete'}`,
        }),
        { shortfall: still },
      );
    });
  }

  /** Dressing packs are made straight from their template, without a reusable set. */
  async packDressing(ctx: StepContext, dto: PackDressingDto): Promise<StepAnswer[]> {
    return this.db.transaction(async (m) => {
      const template = await this.repo.findTemplate(m, dto.templateId);
      if (!template) throw new DomainError('TEMPLATE_NOT_FOUND');
      if (!template.active) throw new DomainError('INACTIVE_REFERENCE', { what: TEMPLATE.label });
      if (!template.dressing) throw new DomainError('NOT_A_DRESSING_TEMPLATE');
      const material = allowedMaterial(template, dto.packagingMaterial);
      const checker = await this.checker(m, ctx, template, dto.secondPerson);
      const out: StepAnswer[] = [];
      for (let i = 0; i < (dto.quantity ?? 1); i++) {
        const barcode = await this.ledger.nextBarcode(m);
        const pack = await this.ledger.create(
          m,
          {
            templateId: template.id,
            templateVersion: template.version,
            setId: null,
            state: 'packed',
            implant: template.implant,
            barcode,
            packagingMaterial: material,
            packedBy: ctx.actor.id,
            checkedBy: checker?.id ?? null,
          },
          'pack',
          ctx,
          { data: { packagingMaterial: material, barcode, dressing: true }, secondActorId: checker?.id ?? null },
        );
        out.push(await answer(m, pack, 'packed', (l) => ({ zh: `${l.zh} 敷料包已包装`, en: `${l.en} dressing pack packed` })));
      }
      return out;
    });
  }

  /** §5 / seed 1.3: critical and implant packs are checked and signed by a second, different person. */
  private async checker(m: EntityManager, ctx: StepContext, template: SetTemplate, cred: SecondPersonDto | undefined) {
    if (!template.critical && !template.implant) return null;
    return this.auth.verifySecondPerson(
      ctx.actor,
      cred,
      CSSD_STAFF.filter((r) => r !== 'admin'),
      m,
    );
  }
}

/**
 * The template's material or one of its alternatives, and one that suits the template's method
 * (WS 310.2): a template saved before the catalog checked it may still name, say, cotton for H₂O₂
 * plasma — its packs are refused here, before anything is wrapped in it.
 */
function allowedMaterial(template: SetTemplate, requested: PackagingMaterial | undefined): PackagingMaterial {
  const material = requested ?? template.packagingMaterial;
  if (material !== template.packagingMaterial && !template.alternativePackaging.includes(material)) {
    throw new DomainError('PACKAGING_NOT_ALLOWED', { material: PACKAGING_NAMES[material] });
  }
  assertPackagingSuits(template.sterilizationMethod, material, { templateCode: template.code });
  return material;
}
