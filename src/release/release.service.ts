import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error.js';
import { BiTest } from '../monitoring/bi-test.entity.js';
import { EmergencyRelease } from '../monitoring/emergency-release.entity.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';

/** The release steps that follow a load's BI: release on a negative BI, or an approved emergency release. */
@Injectable()
export class ReleaseService {
  constructor(@Inject(PackLedger) private readonly ledger: PackLedger) {}

  /** A negative BI releases the packs its load was holding back. Returns how many were released. */
  async releaseAfterBi(m: EntityManager, load: SterilizerLoad, bi: BiTest, ctx: StepContext): Promise<number> {
    if (load.release !== 'awaiting_bi') return 0;
    await m.getRepository(SterilizerLoad).update({ id: load.id }, { release: 'released' });
    const moved = await this.ledger.stepMany(m, `SELECT id FROM packs WHERE load_id = $1 AND state = 'quarantined'`, [load.id], 'release', ctx, { biTestId: bi.id, reason: 'biological indicator negative' });
    return moved.length;
  }

  /**
   * WS 310.3 4.4.2.3.2 / AAMI ST79: implants may be released before the BI result only when
   * the process challenge device's type 5 integrating indicator passed, with a reason and
   * the head nurse's approval. The load stays awaiting its BI; the late result is reported.
   */
  async emergencyRelease(m: EntityManager, load: SterilizerLoad, ctx: StepContext, reason: string): Promise<number> {
    if (load.release !== 'awaiting_bi') throw new DomainError('EMERGENCY_RELEASE_NOT_ALLOWED', { reason: `load is ${load.release}, not waiting for a BI` });
    const bi = await m.getRepository(BiTest).findOne({ where: { loadId: load.id }, order: { placedAt: 'DESC' } });
    if (!bi) throw new DomainError('EMERGENCY_RELEASE_NOT_ALLOWED', { reason: 'no biological indicator (PCD) in this load' });
    if (bi.pcdType5Passed !== true) throw new DomainError('EMERGENCY_RELEASE_NOT_ALLOWED', { reason: 'the PCD type 5 integrating indicator did not pass' });
    if (bi.result === 'failed') throw new DomainError('EMERGENCY_RELEASE_NOT_ALLOWED', { reason: 'the BI already failed' });
    await m.getRepository(EmergencyRelease).insert({ loadId: load.id, biTestId: bi.id, approvedBy: ctx.actor.id, reason });
    const moved = await this.ledger.stepMany(m, `SELECT id FROM packs WHERE load_id = $1 AND state = 'quarantined'`, [load.id], 'release', ctx, { emergency: true, biTestId: bi.id, reason });
    return moved.length;
  }
}
