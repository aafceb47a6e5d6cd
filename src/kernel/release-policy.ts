import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { BiVerdict } from './bi-verdict.js';
import type { LoadRelease } from './sterilizer-load.entity.js';

/**
 * Release (§4.3) — the one place that decides whether a load and its packs are released.
 * A load is released when its physical and load-level chemical results pass and, for a load
 * holding implants or an ethylene-oxide load, every BI in it is negative (or an emergency
 * release of named implants is recorded, see ReleaseService).
 */
export interface UnloadFindings {
  physicalPassed: boolean;
  chemicalPassed: boolean;
  containsImplant: boolean;
  method: SterilizationMethod;
  /** What every BI of the load says together (bi-verdict): one still incubating keeps an implant load waiting. */
  bis: BiVerdict;
}

/** WS 310.3: implants wait for their BI; EO loads are released only on a negative BI. */
export function needsBiBeforeRelease(load: { containsImplant: boolean; method: SterilizationMethod }): boolean {
  return load.containsImplant || load.method === 'ethylene_oxide';
}

/** In an implant load only the implant packs wait for the BI; in an EO load all do: the load's rule, asked of one pack. */
export function packWaitsForBi(method: SterilizationMethod, pack: { implant: boolean }): boolean {
  return needsBiBeforeRelease({ containsImplant: pack.implant, method });
}

/**
 * A positive control that did not grow (issue 18): the negative readings it covers prove
 * nothing, so a load that they released is no longer released — it waits again for a BI that
 * counts (which it cannot get: its packs are reprocessed or recalled by the head nurse). Of its
 * packs that waited for the BI, those still in the CSSD are held again; those already sent out
 * are listed on the head nurse's board for her to judge, not recalled automatically: the
 * physical and chemical results passed and no BI grew — the test was not proven, not failed.
 */
export const WITHDRAWN_WHILE_IN_CSSD = ['released', 'stored'] as const;

export function loadReleaseAtUnload(f: UnloadFindings): Exclude<LoadRelease, 'pending'> {
  if (!f.physicalPassed || !f.chemicalPassed || f.bis === 'failed') return 'failed';
  if (needsBiBeforeRelease(f) && f.bis !== 'passed') return 'awaiting_bi';
  return 'released';
}

export type PackOutcome = 'failed' | 'rejected' | 'quarantined' | 'released';

/** What happens to one pack at unloading. In an implant load only the implant packs wait; in an EO load all do. */
export function packOutcomeAtUnload(
  load: { release: LoadRelease; method: SterilizationMethod },
  pack: { implant: boolean; wet: boolean; damaged: boolean; outsideIndicatorPassed: boolean },
): PackOutcome {
  if (load.release === 'failed') return 'failed';
  // §4.2: a failed outside indicator holds the pack; wet or damaged packs are not released.
  if (pack.wet || pack.damaged || !pack.outsideIndicatorPassed) return 'rejected';
  if (load.release === 'awaiting_bi' && packWaitsForBi(load.method, pack)) return 'quarantined';
  return 'released';
}

/** Refuses a pack its load has not released (storage and dispatch ask this). */
export function assertReleased(pack: { state: string }, load: { release: LoadRelease } | null): void {
  if (pack.state === 'quarantined') {
    throw new DomainError(
      'LOAD_NOT_RELEASED',
      { reasonZh: '等待生物监测结果', reasonEn: 'waiting for its biological indicator' },
      { loadRelease: load?.release ?? null },
    );
  }
  if (!load || load.release === 'pending' || load.release === 'failed') {
    const why = !load
      ? { reasonZh: '未经灭菌', reasonEn: 'not sterilized' }
      : load.release === 'failed'
        ? { reasonZh: '灭菌不合格', reasonEn: 'the load failed' }
        : { reasonZh: '等待卸载放行', reasonEn: 'waiting for unloading' };
    throw new DomainError('LOAD_NOT_RELEASED', why, { loadRelease: load?.release ?? null });
  }
}
