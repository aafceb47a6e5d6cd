import { DomainError } from '../common/errors/domain-error.js';
import type { LoadRelease } from '../sterilization/sterilizer-load.entity.js';

/**
 * Release (§4.3) — the one place that decides whether a load and its packs are released.
 * Monitoring (B-D, biological indicators, emergency release) extends these rules here.
 */
export interface UnloadFindings {
  physicalPassed: boolean;
  chemicalPassed: boolean;
  containsImplant: boolean;
}

/** A load is released when its physical and load-level chemical results pass; implant loads wait for their BI. */
export function loadReleaseAtUnload(f: UnloadFindings): LoadRelease {
  if (!f.physicalPassed || !f.chemicalPassed) return 'failed';
  return f.containsImplant ? 'awaiting_bi' : 'released';
}

export type PackOutcome = 'failed' | 'rejected' | 'quarantined' | 'released';

/** What happens to one pack at unloading. Only implant packs wait for the BI of their load. */
export function packOutcomeAtUnload(
  load: LoadRelease,
  pack: { implant: boolean; wet: boolean; damaged: boolean; outsideIndicatorPassed: boolean },
): PackOutcome {
  if (load === 'failed') return 'failed';
  if (pack.wet || pack.damaged || !pack.outsideIndicatorPassed) return 'rejected';
  if (pack.implant && load === 'awaiting_bi') return 'quarantined';
  return 'released';
}

/** Refuses a pack whose load has not released it (storage and dispatch ask this). */
export function assertReleased(pack: { state: string; implant: boolean }, load: { release: LoadRelease } | null): void {
  if (pack.state === 'quarantined' || (load && load.release === 'awaiting_bi' && pack.implant)) {
    throw new DomainError('LOAD_NOT_RELEASED', { reason: 'implant waiting for its biological indicator 植入物等待生物监测结果' }, { loadRelease: load?.release });
  }
  if (!load || load.release === 'pending' || load.release === 'failed') {
    throw new DomainError('LOAD_NOT_RELEASED', { reason: load?.release ?? 'no load' }, { loadRelease: load?.release ?? null });
  }
}
