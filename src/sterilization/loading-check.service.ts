import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { StepContext } from '../packs/pack-ledger.service.js';
import type { RecordLoadingCheckDto } from './dto/loading-check.dto.js';
import { LoadingCheckRecord } from './loading-check.js';
import { SterilizationRepository } from './sterilization.repository.js';
import { assertLoadCan } from '../kernel/load-state.js';

/** Who may be the second person of a loading check: CSSD staff who work the chain (as at packing). */
const SECOND_CHECKERS = CSSD_STAFF.filter((r) => r !== 'admin');

/** Records the loading check of an open load (seed 1.4); the start rule is `assertLoadingChecked`. */
@Injectable()
export class LoadingCheckService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(SterilizationRepository) private readonly repo: SterilizationRepository,
  ) {}

  record(ctx: StepContext, loadId: string, dto: RecordLoadingCheckDto): Promise<LoadingCheckRecord> {
    return this.db.transaction(async (m) => {
      // Locked as a scan into the load locks it: the packs checked are the packs in it.
      const load = await this.repo.findLoad(m, loadId, { lock: true });
      if (!load) throw new DomainError('LOAD_NOT_FOUND');
      assertLoadCan(load, 'check_loading');
      const packs = await this.repo.loadedPackIds(m, load.id);
      // An empty-chamber run (B-D, BI qualification) holds nothing to check.
      if (packs.length === 0) throw new DomainError('LOAD_EMPTY');
      const packIds = packs.map((p) => p.id);
      const secondRequired = await this.repo.needsSecondChecker(m, packIds);
      const second =
        secondRequired || dto.secondPerson ? await this.auth.verifySecondPerson(ctx.actor, dto.secondPerson, SECOND_CHECKERS, m) : null;
      const items = {
        packaging: dto.packaging,
        quantity: dto.quantity,
        specification: dto.specification,
        loadingMethod: dto.loadingMethod,
      };
      await this.repo.insertLoadingCheck(m, {
        loadId: load.id,
        ...items,
        passed: Object.values(items).every(Boolean),
        packIds,
        secondRequired,
        checkedBy: ctx.actor.id,
        secondCheckedBy: second?.id ?? null,
        checkedAt: this.clock.instant(),
        note: dto.note?.trim() || null,
      });
      return (await this.repo.latestLoadingCheck(m, load.id))!;
    });
  }
}
