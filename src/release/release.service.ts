import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { BiTest } from '../kernel/bi-test.entity.js';
import type { BiPositiveControl } from '../kernel/bi-positive-control.entity.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { assertLoadCan, canDoOnLoad, moveLoad } from '../kernel/load-state.js';
import type { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';
import { RELEASE_SQL, ReleaseRepository } from './release.repository.js';
import { needsBiBeforeRelease, packWaitsForBi, WITHDRAWN_WHILE_IN_CSSD } from '../kernel/release-policy.js';

export interface WithdrawnRelease {
  loads: { loadId: string; sterilizerCode: string; cycleNo: number }[];
  /** Packs held again in the CSSD (back to waiting for release). */
  packsHeld: number;
  /** Packs already sent out, for the head nurse (the board lists them). */
  packsOut: number;
}

/** The release steps that follow a load's BIs: release when every BI is negative, or an approved emergency release. */
@Injectable()
export class ReleaseService {
  constructor(
    @Inject(PackLedger) private readonly ledger: PackLedger,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ReleaseRepository) private readonly repo: ReleaseRepository,
  ) {}

  /**
   * A negative BI releases the packs its load was holding back — only when it was the last
   * of the load's BIs to be read and every one of them is negative (§4.3): with a second BI
   * still incubating, the load keeps waiting. Returns how many packs were released.
   */
  async releaseAfterBi(m: EntityManager, load: SterilizerLoad, bi: BiTest, ctx: StepContext): Promise<number> {
    if (!canDoOnLoad(load, 'release_after_bi')) return 0;
    const bis = await this.repo.bisOfLoad(m, load.id);
    const verdict = await this.repo.loadVerdict(m, load.id);
    if (verdict !== 'passed') return 0;
    await moveLoad(m, load, 'release_after_bi');
    const moved = await this.ledger.stepMany(m, RELEASE_SQL.quarantinedPackIds, [load.id], 'release', ctx, {
      biTestId: bi.id,
      biTestIds: bis.map((b) => b.id),
      reason: 'every biological indicator of the load negative',
    });
    return moved.length;
  }

  /**
   * A positive control that did not grow invalidates the negative readings of its lot that day
   * (release-policy: WITHDRAWN_WHILE_IN_CSSD): every load those readings released is no longer
   * released, and its packs that waited for the BI are held again while still in the CSSD.
   */
  async withdrawAfterFailedControl(m: EntityManager, control: BiPositiveControl, ctx: StepContext): Promise<WithdrawnRelease> {
    const loads = await this.repo.lockLoadsReleasedUnderFailedControl(m, control);
    const out: WithdrawnRelease = { loads: [], packsHeld: 0, packsOut: 0 };
    for (const l of loads) {
      const method = l.method;
      // A load released at unloading (no BI needed for it) was never released by the reading.
      if (!needsBiBeforeRelease({ containsImplant: l.contains_implant, method })) continue;
      await moveLoad(m, l, 'release_withdrawn');
      out.loads.push({ loadId: l.id, sterilizerCode: l.code, cycleNo: l.cycle_no });
      const waited: { id: string; state: string }[] = (await this.repo.packsOfLoad(m, l.id)).filter((p) => packWaitsForBi(method, p));
      const inCssd = waited.filter((p) => (WITHDRAWN_WHILE_IN_CSSD as readonly string[]).includes(p.state)).map((p) => p.id);
      const moved = await this.ledger.stepMany(m, RELEASE_SQL.givenPackIds, [inCssd], 'release_withdrawn', ctx, {
        loadId: l.id,
        positiveControlId: control.id,
        lot: control.lot,
        reason: 'the positive control of the BI lot did not grow: the reading that released the load proves nothing',
      });
      out.packsHeld += moved.length;
      // Out of the CSSD's hands: sent out, used, or back with no use recorded (its patient unknown, issue 18).
      out.packsOut += waited.filter((p) => ['dispatched', 'received', 'used', 'use_unrecorded'].includes(p.state)).length;
    }
    return out;
  }

  /**
   * WS 310.3 4.4.2.3.2 / AAMI ST79: an implant needed now may be released before its BI result
   * only when the type 5 integrating indicator of every process challenge device in the load
   * was recorded as passed (one failed — or never recorded — and the outcome would depend on
   * which PCD was looked at), no BI of the load has failed, with a reason and the head nurse's
   * approval. It releases the implant packs named, nothing else: the rest of the load (in an EO
   * load, every pack) keeps waiting for its BIs. The late result is reported to the departments.
   */
  async emergencyRelease(m: EntityManager, load: SterilizerLoad, ctx: StepContext, reason: string, barcodes: string[]): Promise<number> {
    const refuse = (reasonZh: string, reasonEn: string) => new DomainError('EMERGENCY_RELEASE_NOT_ALLOWED', { reasonZh, reasonEn });
    assertLoadCan(load, 'emergency_release');
    const bis = await this.repo.bisOfLoadByPlacement(m, load.id);
    if (bis.length === 0) throw refuse('该锅次没有生物监测包（PCD）', 'no biological indicator (PCD) in this load');
    if (bis.some((b) => b.result === 'failed'))
      throw refuse('该锅次已有生物监测阳性', 'a biological indicator of this load already failed');
    const unproven = bis.find((b) => b.pcdType5Passed !== true);
    if (unproven) {
      const failed = unproven.pcdType5Passed === false;
      throw refuse(
        `批号 ${unproven.lot} 的 PCD 内第 5 类化学指示物${failed ? '不合格' : '未记录为合格'}`,
        `the type 5 integrating indicator of the PCD with BI lot ${unproven.lot} ${failed ? 'failed' : 'was not recorded as passed'}`,
      );
    }
    const packs = await this.repo.lockPacksByBarcode(m, load.id, barcodes);
    const missing = barcodes.find((b) => !packs.some((p) => p.barcode === b));
    if (missing) throw new DomainError('PACK_NOT_IN_LOAD', { barcode: missing });
    const notImplant = packs.find((p) => !p.implant);
    if (notImplant)
      throw refuse(
        `${notImplant.barcode} 不是植入物：只有急需的植入物可以提前放行`,
        `${notImplant.barcode} is not an implant: only implants needed now may be released early`,
      );
    const notHeld = packs.find((p) => p.state !== 'quarantined');
    if (notHeld) throw refuse(`${notHeld.barcode} 不在待放行状态`, `${notHeld.barcode} is not waiting for release`);
    const pcds = bis.map((b) => b.id);
    await this.repo.insertEmergencyRelease(m, {
      loadId: load.id,
      biTestId: bis[bis.length - 1].id,
      approvedBy: ctx.actor.id,
      reason,
      at: this.clock.instant(),
    });
    const moved = await this.ledger.stepMany(m, RELEASE_SQL.givenPackIds, [packs.map((p) => p.id)], 'release', ctx, {
      emergency: true,
      biTestId: bis[bis.length - 1].id,
      biTestIds: pcds,
      reason,
    });
    return moved.length;
  }
}
