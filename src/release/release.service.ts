import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import { DomainError } from '../common/errors/domain-error.js';
import { BiTest } from '../monitoring/bi-test.entity.js';
import { biVerdictSql, controlFailedSql } from '../monitoring/bi-verdict.js';
import type { BiPositiveControl } from '../monitoring/bi-positive-control.entity.js';
import { EmergencyRelease } from '../monitoring/emergency-release.entity.js';
import { PackLedger, type StepContext } from '../packs/pack-ledger.service.js';
import { LOAD_RELEASE_NAMES, SterilizerLoad } from '../sterilization/sterilizer-load.entity.js';
import { needsBiBeforeRelease, packWaitsForBi, WITHDRAWN_WHILE_IN_CSSD } from './release-policy.js';

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
  constructor(@Inject(PackLedger) private readonly ledger: PackLedger) {}

  /**
   * A negative BI releases the packs its load was holding back — only when it was the last
   * of the load's BIs to be read and every one of them is negative (§4.3): with a second BI
   * still incubating, the load keeps waiting. Returns how many packs were released.
   */
  async releaseAfterBi(m: EntityManager, load: SterilizerLoad, bi: BiTest, ctx: StepContext): Promise<number> {
    if (load.release !== 'awaiting_bi') return 0;
    const bis = await m.getRepository(BiTest).find({ where: { loadId: load.id } });
    const [{ verdict }] = await m.query(`SELECT ${biVerdictSql('l')} AS verdict FROM sterilizer_loads l WHERE l.id = $1`, [load.id]);
    if (verdict !== 'passed') return 0;
    await m.getRepository(SterilizerLoad).update({ id: load.id }, { release: 'released' });
    const moved = await this.ledger.stepMany(m, `SELECT id FROM packs WHERE load_id = $1 AND state = 'quarantined'`, [load.id], 'release', ctx, {
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
    const loads: { id: string; cycle_no: number; code: string; method: SterilizationMethod; contains_implant: boolean }[] = await m.query(
      `SELECT l.id, l.cycle_no, coalesce(l.run_snapshot->'sterilizer'->>'code', s.code) AS code, coalesce(l.run_snapshot->'sterilizer'->>'type', s.type) AS method, l.contains_implant
         FROM sterilizer_loads l JOIN sterilizers s ON s.id = l.sterilizer_id
        WHERE l.release = 'released' AND EXISTS (
              SELECT 1 FROM bi_tests b WHERE b.load_id = l.id AND b.product_id = $1 AND b.lot = $2 AND b.read_date = $3 AND b.result = 'passed' AND ${controlFailedSql('b')})
        ORDER BY code, l.cycle_no FOR UPDATE OF l`,
      [control.productId, control.lot, control.controlDate],
    );
    const out: WithdrawnRelease = { loads: [], packsHeld: 0, packsOut: 0 };
    for (const l of loads) {
      const method = l.method;
      // A load released at unloading (no BI needed for it) was never released by the reading.
      if (!needsBiBeforeRelease({ containsImplant: l.contains_implant, method })) continue;
      await m.getRepository(SterilizerLoad).update({ id: l.id }, { release: 'awaiting_bi' });
      out.loads.push({ loadId: l.id, sterilizerCode: l.code, cycleNo: l.cycle_no });
      const waited: { id: string; state: string }[] = (await m.query(`SELECT id, state, implant FROM packs WHERE load_id = $1`, [l.id])).filter((p: { implant: boolean }) => packWaitsForBi(method, p));
      const inCssd = waited.filter((p) => (WITHDRAWN_WHILE_IN_CSSD as readonly string[]).includes(p.state)).map((p) => p.id);
      const moved = await this.ledger.stepMany(m, `SELECT unnest($1::uuid[])`, [inCssd], 'release_withdrawn', ctx, {
        loadId: l.id,
        positiveControlId: control.id,
        lot: control.lot,
        reason: 'the positive control of the BI lot did not grow: the reading that released the load proves nothing',
      });
      out.packsHeld += moved.length;
      out.packsOut += waited.filter((p) => ['dispatched', 'received', 'used'].includes(p.state)).length;
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
    if (load.release !== 'awaiting_bi') throw refuse(`该锅次${LOAD_RELEASE_NAMES[load.release].zh}，不在等待生物监测结果`, `the load is ${LOAD_RELEASE_NAMES[load.release].en}, not waiting for a BI`);
    const bis = await m.getRepository(BiTest).find({ where: { loadId: load.id }, order: { placedAt: 'ASC' } });
    if (bis.length === 0) throw refuse('该锅次没有生物监测包（PCD）', 'no biological indicator (PCD) in this load');
    if (bis.some((b) => b.result === 'failed')) throw refuse('该锅次已有生物监测阳性', 'a biological indicator of this load already failed');
    const unproven = bis.find((b) => b.pcdType5Passed !== true);
    if (unproven) {
      const failed = unproven.pcdType5Passed === false;
      throw refuse(
        `批号 ${unproven.lot} 的 PCD 内第 5 类化学指示物${failed ? '不合格' : '未记录为合格'}`,
        `the type 5 integrating indicator of the PCD with BI lot ${unproven.lot} ${failed ? 'failed' : 'was not recorded as passed'}`,
      );
    }
    const packs: { id: string; barcode: string; implant: boolean; state: string }[] = await m.query(
      `SELECT id, barcode, implant, state FROM packs WHERE load_id = $1 AND barcode = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [load.id, barcodes],
    );
    const missing = barcodes.find((b) => !packs.some((p) => p.barcode === b));
    if (missing) throw new DomainError('PACK_NOT_IN_LOAD', { barcode: missing });
    const notImplant = packs.find((p) => !p.implant);
    if (notImplant) throw refuse(`${notImplant.barcode} 不是植入物：只有急需的植入物可以提前放行`, `${notImplant.barcode} is not an implant: only implants needed now may be released early`);
    const notHeld = packs.find((p) => p.state !== 'quarantined');
    if (notHeld) throw refuse(`${notHeld.barcode} 不在待放行状态`, `${notHeld.barcode} is not waiting for release`);
    const pcds = bis.map((b) => b.id);
    await m.getRepository(EmergencyRelease).insert({ loadId: load.id, biTestId: bis[bis.length - 1].id, approvedBy: ctx.actor.id, reason });
    const moved = await this.ledger.stepMany(m, `SELECT unnest($1::uuid[])`, [packs.map((p) => p.id)], 'release', ctx, { emergency: true, biTestId: bis[bis.length - 1].id, biTestIds: pcds, reason });
    return moved.length;
  }
}
