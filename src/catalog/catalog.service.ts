import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { Actor } from '../common/auth/current-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import {
  BI_PRODUCT,
  DEPARTMENT,
  INSTRUMENT_SET,
  STERILIZER,
  STERILIZER_PROGRAM,
  TEMPLATE,
  WASHER,
  WASHER_PROGRAM,
} from './catalog.kinds.js';
import { CatalogRepository } from './catalog.repository.js';
import { CatalogStore } from './catalog.store.js';
import { BiProduct } from './bi-product.entity.js';
import { Department } from './department.entity.js';
import type {
  CreateBiProductDto,
  CreateDepartmentDto,
  CreateInstrumentSetDto,
  CreateSterilizerDto,
  CreateSterilizerProgramDto,
  CreateTemplateDto,
  CreateWasherDto,
  CreateWasherProgramDto,
  UpdateBiProductDto,
  UpdateDepartmentDto,
  UpdateInstrumentSetDto,
  UpdateSterilizerDto,
  UpdateSterilizerProgramDto,
  UpdateTemplateDto,
  UpdateWasherDto,
  UpdateWasherProgramDto,
} from './dto/catalog.dto.js';
import { InstrumentSet } from './instrument-set.entity.js';
import { assertPackagingSuits } from './packaging-compatibility.js';
import { SetTemplate } from './set-template.entity.js';
import { SterilizerProgram } from './sterilizer-program.entity.js';
import { Sterilizer } from './sterilizer.entity.js';
import { WasherProgram } from './washer-program.entity.js';
import { Washer } from './washer.entity.js';

export type SterilizerWithPrograms = Sterilizer & { programs: SterilizerProgram[] };
export type WasherWithPrograms = Washer & { programs: WasherProgram[] };

/** The catalog (§3.1): departments, set templates, instrument sets, sterilizers, washers. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly store: CatalogStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CatalogRepository) private readonly repo: CatalogRepository,
  ) {}

  private get db() {
    return this.store.db;
  }

  private activeOnly<T>(includeInactive: boolean): FindOptionsWhere<T> {
    return (includeInactive ? {} : { active: true }) as FindOptionsWhere<T>;
  }

  // departments
  listDepartments(includeInactive = false) {
    return this.db.getRepository(Department).find({ where: this.activeOnly(includeInactive), order: { code: 'ASC' } });
  }
  getDepartment(id: string) {
    return this.store.get(DEPARTMENT, id);
  }
  createDepartment(actor: Actor, dto: CreateDepartmentDto) {
    return this.store.create(actor, DEPARTMENT, dto);
  }
  updateDepartment(actor: Actor, id: string, dto: UpdateDepartmentDto) {
    return this.store.update(actor, DEPARTMENT, id, dto);
  }
  setDepartmentActive(actor: Actor, id: string, active: boolean) {
    return this.store.setActive(actor, DEPARTMENT, id, active);
  }

  // set templates
  listTemplates(includeInactive = false) {
    return this.db.getRepository(SetTemplate).find({ where: this.activeOnly(includeInactive), order: { code: 'ASC' } });
  }
  getTemplate(id: string) {
    return this.store.get(TEMPLATE, id);
  }
  createTemplate(actor: Actor, dto: CreateTemplateDto) {
    const data = { ...dto, alternativePackaging: dto.alternativePackaging ?? [] };
    return this.store.create(actor, TEMPLATE, data, async () => assertTemplatePackaging(data));
  }
  /** The template as it would be after the edit must still suit its method (an old row that does not must be fixed in the same edit). */
  updateTemplate(actor: Actor, id: string, dto: UpdateTemplateDto) {
    return this.store.update(actor, TEMPLATE, id, dto, async (_m, merged) => assertTemplatePackaging(merged));
  }
  setTemplateActive(actor: Actor, id: string, active: boolean) {
    return this.store.setActive(actor, TEMPLATE, id, active);
  }

  // instrument sets
  listSets(q: { includeInactive?: boolean; assetCode?: string; templateId?: string }) {
    const where: FindOptionsWhere<InstrumentSet> = this.activeOnly(q.includeInactive ?? false);
    if (q.assetCode) where.assetCode = q.assetCode;
    if (q.templateId) where.templateId = q.templateId;
    return this.db.getRepository(InstrumentSet).find({ where, order: { assetCode: 'ASC' }, take: 1000 });
  }
  getSet(id: string) {
    return this.store.get(INSTRUMENT_SET, id);
  }
  createSet(actor: Actor, dto: CreateInstrumentSetDto) {
    return this.store.create(actor, INSTRUMENT_SET, { ...dto, cycleCount: 0 }, async (m) => {
      const template = await this.store.assertActive(m, TEMPLATE, dto.templateId);
      if (template.dressing)
        throw new DomainError(
          'VALIDATION_FAILED',
          { fields: 'templateId' },
          {
            fields: [
              { field: 'templateId', problems: [{ zh: '敷料包模板没有可复用的器械包', en: 'a dressing template has no reusable sets' }] },
            ],
          },
        );
      await this.store.assertActive(m, DEPARTMENT, dto.homeDepartmentId);
    });
  }
  updateSet(actor: Actor, id: string, dto: UpdateInstrumentSetDto) {
    return this.store.update(actor, INSTRUMENT_SET, id, dto, async (m) => {
      if (dto.homeDepartmentId) await this.store.assertActive(m, DEPARTMENT, dto.homeDepartmentId);
    });
  }
  setSetActive(actor: Actor, id: string, active: boolean) {
    return this.store.setActive(actor, INSTRUMENT_SET, id, active);
  }

  // sterilizers and their programs
  async listSterilizers(includeInactive = false): Promise<SterilizerWithPrograms[]> {
    const rows = await this.db.getRepository(Sterilizer).find({ where: this.activeOnly(includeInactive), order: { code: 'ASC' } });
    const programs = await this.db.getRepository(SterilizerProgram).find({ order: { code: 'ASC' } });
    return rows.map((s) => ({ ...s, programs: programs.filter((p) => p.sterilizerId === s.id) }));
  }
  async getSterilizer(id: string): Promise<SterilizerWithPrograms> {
    const s = await this.store.get(STERILIZER, id);
    return { ...s, programs: await this.db.getRepository(SterilizerProgram).find({ where: { sterilizerId: id }, order: { code: 'ASC' } }) };
  }
  createSterilizer(actor: Actor, dto: CreateSterilizerDto) {
    const status = dto.status ?? 'in_service';
    return this.store.create(actor, STERILIZER, {
      ...dto,
      status,
      annualInspectionValidUntil: dto.annualInspectionValidUntil ?? null,
      commissioningSince: status === 'commissioning' ? this.clock.instant() : null,
    });
  }
  /**
   * Marking a sterilizer new / moved / repaired (status commissioning) restarts its qualification
   * count (§4.2). Leaving commissioning happens only through qualification (MonitoringService
   * qualifyIfDone clears commissioningSince): no edit puts an unqualified sterilizer in service,
   * directly or by way of out_of_service. No override: a sterilizer that skipped its 3 empty-chamber
   * BIs would sterilize patients' instruments unproven; the regulations allow no exception.
   */
  async updateSterilizer(actor: Actor, id: string, dto: UpdateSterilizerDto) {
    const current = await this.store.get(STERILIZER, id);
    const qualifying = current.status === 'commissioning' || current.commissioningSince !== null;
    if (dto.status === 'in_service' && current.status !== 'in_service' && qualifying) {
      throw new DomainError('STERILIZER_QUALIFICATION_REQUIRED', { sterilizer: current.code });
    }
    // The method decides which tests the sterilizer owes (B-D, the BI calendar, a BI in every EO
    // load): once it has run or holds a load, changing it would rewrite what its history is judged by.
    if (dto.type !== undefined && dto.type !== current.type) {
      if (await this.repo.sterilizerHasLoads(this.db.manager, id))
        throw new DomainError('STERILIZER_TYPE_LOCKED', { sterilizer: current.code });
    }
    // Marked new / moved / repaired again, even while qualifying: the count starts over.
    const entering = dto.status === 'commissioning';
    return this.store.update(actor, STERILIZER, id, { ...dto, ...(entering ? { commissioningSince: this.clock.instant() } : {}) });
  }
  setSterilizerActive(actor: Actor, id: string, active: boolean) {
    return this.store.setActive(actor, STERILIZER, id, active);
  }
  addSterilizerProgram(actor: Actor, sterilizerId: string, dto: CreateSterilizerProgramDto) {
    const data = { pressureMinKpa: null, pressureMaxKpa: null, h2o2MinMgL: null, ...dto, sterilizerId };
    return this.store.create(actor, STERILIZER_PROGRAM, data, async (m) => {
      await this.store.assertActive(m, STERILIZER, sterilizerId);
      assertSterilizerRanges(data);
    });
  }
  updateSterilizerProgram(actor: Actor, sterilizerId: string, programId: string, dto: UpdateSterilizerProgramDto) {
    return this.store.update(actor, STERILIZER_PROGRAM, programId, dto, async (_m, merged) => {
      if (merged.sterilizerId !== sterilizerId) throw new DomainError('PROGRAM_NOT_FOUND');
      assertSterilizerRanges(merged);
    });
  }
  async setSterilizerProgramActive(actor: Actor, sterilizerId: string, programId: string, active: boolean) {
    await this.assertOwned(SterilizerProgram, programId, { sterilizerId });
    return this.store.setActive(actor, STERILIZER_PROGRAM, programId, active);
  }

  // washers and their programs
  async listWashers(includeInactive = false): Promise<WasherWithPrograms[]> {
    const rows = await this.db.getRepository(Washer).find({ where: this.activeOnly(includeInactive), order: { code: 'ASC' } });
    const programs = await this.db.getRepository(WasherProgram).find({ order: { code: 'ASC' } });
    return rows.map((w) => ({ ...w, programs: programs.filter((p) => p.washerId === w.id) }));
  }
  async getWasher(id: string): Promise<WasherWithPrograms> {
    const w = await this.store.get(WASHER, id);
    return { ...w, programs: await this.db.getRepository(WasherProgram).find({ where: { washerId: id }, order: { code: 'ASC' } }) };
  }
  createWasher(actor: Actor, dto: CreateWasherDto) {
    return this.store.create(actor, WASHER, dto);
  }
  updateWasher(actor: Actor, id: string, dto: UpdateWasherDto) {
    return this.store.update(actor, WASHER, id, dto);
  }
  setWasherActive(actor: Actor, id: string, active: boolean) {
    return this.store.setActive(actor, WASHER, id, active);
  }
  addWasherProgram(actor: Actor, washerId: string, dto: CreateWasherProgramDto) {
    return this.store.create(actor, WASHER_PROGRAM, { ...dto, washerId }, async (m) => {
      await this.store.assertActive(m, WASHER, washerId);
    });
  }
  updateWasherProgram(actor: Actor, washerId: string, programId: string, dto: UpdateWasherProgramDto) {
    return this.store.update(actor, WASHER_PROGRAM, programId, dto, async (_m, merged) => {
      if (merged.washerId !== washerId) throw new DomainError('PROGRAM_NOT_FOUND');
    });
  }
  async setWasherProgramActive(actor: Actor, washerId: string, programId: string, active: boolean) {
    await this.assertOwned(WasherProgram, programId, { washerId });
    return this.store.setActive(actor, WASHER_PROGRAM, programId, active);
  }

  // biological indicator products (§4.2)
  listBiProducts(includeInactive = false) {
    return this.db.getRepository(BiProduct).find({ where: this.activeOnly(includeInactive), order: { code: 'ASC' } });
  }
  getBiProduct(id: string) {
    return this.store.get(BI_PRODUCT, id);
  }
  createBiProduct(actor: Actor, dto: CreateBiProductDto) {
    return this.store.create(actor, BI_PRODUCT, { ...dto, methods: [...new Set(dto.methods)] });
  }
  updateBiProduct(actor: Actor, id: string, dto: UpdateBiProductDto) {
    return this.store.update(actor, BI_PRODUCT, id, dto.methods ? { ...dto, methods: [...new Set(dto.methods)] } : dto);
  }
  setBiProductActive(actor: Actor, id: string, active: boolean) {
    return this.store.setActive(actor, BI_PRODUCT, id, active);
  }

  private async assertOwned(
    entity: typeof SterilizerProgram | typeof WasherProgram,
    id: string,
    owner: object,
    m: EntityManager = this.db.manager,
  ) {
    const found = await m.getRepository(entity).existsBy({ id, ...owner });
    if (!found) throw new DomainError('PROGRAM_NOT_FOUND');
  }
}

/** WS 310.2: the usual packaging and every alternative must suit the template's method. */
function assertTemplatePackaging(t: Pick<SetTemplate, 'packagingMaterial' | 'alternativePackaging' | 'sterilizationMethod'>) {
  for (const [i, material] of [t.packagingMaterial, ...(t.alternativePackaging ?? [])].entries()) {
    assertPackagingSuits(t.sterilizationMethod, material, { field: i === 0 ? 'packagingMaterial' : `alternativePackaging.${i - 1}` });
  }
}

function assertSterilizerRanges(p: { tempMinC: number; tempMaxC: number; pressureMinKpa: number | null; pressureMaxKpa: number | null }) {
  if (p.tempMinC > p.tempMaxC) throw new DomainError('INVALID_RANGE', { field: { zh: '温度', en: 'temperature' } });
  if (p.pressureMinKpa !== null && p.pressureMaxKpa !== null && p.pressureMinKpa > p.pressureMaxKpa) {
    throw new DomainError('INVALID_RANGE', { field: { zh: '压力', en: 'pressure' } });
  }
}
