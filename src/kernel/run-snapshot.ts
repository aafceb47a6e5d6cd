import type { SterilizerProgram } from '../catalog/sterilizer-program.entity.js';
import type { Sterilizer } from '../catalog/sterilizer.entity.js';
import type { SterilizationMethod } from '../catalog/catalog.enums.js';

/** The limits a run is checked against (§4.2). */
export type ProgramLimits = Pick<
  SterilizerProgram,
  'tempMinC' | 'tempMaxC' | 'minHoldMin' | 'pressureMinKpa' | 'pressureMaxKpa' | 'h2o2MinMgL'
> &
  /** Absent from snapshots taken before programs had a minimum cycle time. */
  Partial<Pick<SterilizerProgram, 'minCycleMin'>>;

/**
 * What a load runs under, fixed when it starts (sterilizer_loads.run_snapshot): the sterilizer
 * as it was named and typed, the program with its limits. Unloading judges the run by it and
 * provenance and labels show it, so a catalog edit made while the load runs (or later) applies
 * only to loads started after it (issue 19 item 13; §4.5: records are never rewritten).
 */
export interface RunSnapshot {
  sterilizer: { id: string; code: string; nameZh: string; nameEn: string; type: SterilizationMethod };
  program: { id: string; code: string; nameZh: string; nameEn: string } & ProgramLimits;
  /** Set by the migration for loads started before snapshots existed (from the audit log, else the rows of that day). */
  backfilled?: true;
}

export function runSnapshot(s: Sterilizer, p: SterilizerProgram): RunSnapshot {
  return {
    sterilizer: { id: s.id, code: s.code, nameZh: s.nameZh, nameEn: s.nameEn, type: s.type },
    program: {
      id: p.id,
      code: p.code,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      tempMinC: p.tempMinC,
      tempMaxC: p.tempMaxC,
      minHoldMin: p.minHoldMin,
      minCycleMin: p.minCycleMin,
      pressureMinKpa: p.pressureMinKpa,
      pressureMaxKpa: p.pressureMaxKpa,
      h2o2MinMgL: p.h2o2MinMgL,
    },
  };
}
