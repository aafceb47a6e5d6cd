import { describe, expect, it } from '@jest/globals';
import type { SterilizationMethod } from '../catalog/catalog.enums.js';
import { DomainError } from '../common/errors/domain-error.js';
import { errorRegistry, messageFor } from '../errors.js';
import type { BiVerdict } from './bi-verdict.js';
import type { LoadRelease } from './sterilizer-load.entity.js';
import {
  assertReleased,
  loadReleaseAtUnload,
  needsBiBeforeRelease,
  packOutcomeAtUnload,
  packWaitsForBi,
  type PackOutcome,
} from './release-policy.js';

/**
 * Expectations from docs/domain.md §4.2 (monitoring) and §4.3 (release), written out case by case:
 * a load is released when its physical and load-level chemical results pass and, for a load holding
 * an implant or an EO load, every BI is negative; one positive BI fails the load; in an implant load
 * only the implant packs wait for the BI, in an EO load all do.
 */

const STEAM: SterilizationMethod[] = ['steam_prevacuum', 'steam_gravity'];

function refusal(fn: () => void): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('which loads wait for their BI before release (§4.2, §4.3)', () => {
  it.each<[SterilizationMethod, boolean, boolean]>([
    ['steam_prevacuum', false, false], // routine weekly BI: the load does not wait for it
    ['steam_gravity', false, false],
    ['h2o2_plasma', false, false], // daily BI, same
    ['steam_prevacuum', true, true], // WS 310.3: implants wait for their BI
    ['steam_gravity', true, true],
    ['h2o2_plasma', true, true],
    ['ethylene_oxide', false, true], // EO: every load, released only on a negative BI
    ['ethylene_oxide', true, true],
  ])('%s, holding an implant %s → waits %s', (method, containsImplant, waits) => {
    expect(needsBiBeforeRelease({ method, containsImplant })).toBe(waits);
  });

  it.each<[SterilizationMethod, boolean, boolean]>([
    ['steam_prevacuum', true, true],
    ['steam_prevacuum', false, false], // the non-implant pack of an implant load goes on
    ['steam_gravity', true, true],
    ['steam_gravity', false, false],
    ['h2o2_plasma', true, true],
    ['h2o2_plasma', false, false],
    ['ethylene_oxide', true, true],
    ['ethylene_oxide', false, true], // in an EO load every pack waits
  ])('a pack in a %s load, implant %s → waits %s', (method, implant, waits) => {
    expect(packWaitsForBi(method, { implant })).toBe(waits);
  });
});

describe('the load at unloading (§4.2, §4.3)', () => {
  const passed = { physicalPassed: true, chemicalPassed: true };

  it.each<[string, { physicalPassed: boolean; chemicalPassed: boolean }, SterilizationMethod, boolean, BiVerdict, LoadRelease]>([
    // Physical or load indicator out: the whole load fails, whatever the BI says and whatever it holds.
    ['physical out of limits', { physicalPassed: false, chemicalPassed: true }, 'steam_prevacuum', false, 'none', 'failed'],
    ['physical out of limits, BI negative', { physicalPassed: false, chemicalPassed: true }, 'steam_prevacuum', true, 'passed', 'failed'],
    ['load indicator failed', { physicalPassed: true, chemicalPassed: false }, 'h2o2_plasma', false, 'none', 'failed'],
    ['both failed', { physicalPassed: false, chemicalPassed: false }, 'ethylene_oxide', false, 'pending', 'failed'],
    // One positive BI fails the load at once, routine or not.
    ['a positive routine BI', passed, 'steam_prevacuum', false, 'failed', 'failed'],
    ['a positive BI in an implant load', passed, 'steam_gravity', true, 'failed', 'failed'],
    ['a positive BI in an EO load', passed, 'ethylene_oxide', false, 'failed', 'failed'],
    // Routine loads (no implant, not EO) go on without their BI.
    ['steam, no BI', passed, 'steam_prevacuum', false, 'none', 'released'],
    ['steam, routine BI incubating', passed, 'steam_prevacuum', false, 'pending', 'released'],
    ['plasma, daily BI incubating', passed, 'h2o2_plasma', false, 'pending', 'released'],
    ['steam, routine BI without a valid control', passed, 'steam_gravity', false, 'invalid', 'released'],
    // Implant and EO loads wait until every BI is negative.
    ['implant, BI incubating', passed, 'steam_prevacuum', true, 'pending', 'awaiting_bi'],
    ['implant, no BI recorded', passed, 'steam_prevacuum', true, 'none', 'awaiting_bi'],
    ['implant, negative reading whose control did not grow', passed, 'steam_prevacuum', true, 'invalid', 'awaiting_bi'],
    ['implant, every BI already negative', passed, 'steam_prevacuum', true, 'passed', 'released'],
    ['EO, BI incubating', passed, 'ethylene_oxide', false, 'pending', 'awaiting_bi'],
    ['EO, BI negative', passed, 'ethylene_oxide', false, 'passed', 'released'],
    ['plasma implant, BI incubating', passed, 'h2o2_plasma', true, 'pending', 'awaiting_bi'],
  ])('%s → %s', (_what, results, method, containsImplant, bis, expected) => {
    expect(loadReleaseAtUnload({ ...results, method, containsImplant, bis })).toBe(expected);
  });
});

describe('each pack at unloading (§4.2, §4.3)', () => {
  const clean = { wet: false, damaged: false, outsideIndicatorPassed: true };

  it.each<
    [
      string,
      LoadRelease,
      SterilizationMethod,
      { implant: boolean; wet?: boolean; damaged?: boolean; outsideIndicatorPassed?: boolean },
      PackOutcome,
    ]
  >([
    // A failed load fails every pack, even those also found wet.
    ['failed load, clean pack', 'failed', 'steam_prevacuum', { implant: false }, 'failed'],
    ['failed load, wet pack', 'failed', 'steam_prevacuum', { implant: false, wet: true }, 'failed'],
    ['failed load, implant', 'failed', 'ethylene_oxide', { implant: true }, 'failed'],
    // A wet, damaged or outside-indicator-failed pack is held back alone.
    ['released load, wet pack', 'released', 'steam_prevacuum', { implant: false, wet: true }, 'rejected'],
    ['released load, damaged pack', 'released', 'steam_gravity', { implant: false, damaged: true }, 'rejected'],
    ['released load, outside indicator failed', 'released', 'h2o2_plasma', { implant: false, outsideIndicatorPassed: false }, 'rejected'],
    ['released load, clean pack', 'released', 'steam_prevacuum', { implant: false }, 'released'],
    // Waiting for the BI: in an implant load only the implants wait; in an EO load every pack.
    ['implant load, the implant', 'awaiting_bi', 'steam_prevacuum', { implant: true }, 'quarantined'],
    ['implant load, an ordinary pack beside it', 'awaiting_bi', 'steam_prevacuum', { implant: false }, 'released'],
    ['EO load, an ordinary pack', 'awaiting_bi', 'ethylene_oxide', { implant: false }, 'quarantined'],
    ['EO load, an implant', 'awaiting_bi', 'ethylene_oxide', { implant: true }, 'quarantined'],
    // A wet implant is rejected, not quarantined: no BI result will make it usable.
    ['implant load, a wet implant', 'awaiting_bi', 'steam_prevacuum', { implant: true, wet: true }, 'rejected'],
    ['EO load, a damaged pack', 'awaiting_bi', 'ethylene_oxide', { implant: false, damaged: true }, 'rejected'],
  ])('%s → %s', (_what, release, method, pack, expected) => {
    expect(packOutcomeAtUnload({ release, method }, { ...clean, ...pack })).toBe(expected);
  });
});

describe('storage and dispatch refuse what the load did not release (§4.3)', () => {
  it.each<[string, string, LoadRelease | null, string]>([
    ['a pack waiting for its BI', 'quarantined', 'awaiting_bi', 'waiting for its biological indicator'],
    ['a quarantined pack even if its load row says released', 'quarantined', 'released', 'waiting for its biological indicator'],
    ['a pack of no load', 'stored', null, 'not sterilized'],
    ['a pack of a load not yet unloaded', 'released', 'pending', 'waiting for unloading'],
    ['a pack of a failed load', 'stored', 'failed', 'the load failed'],
  ])('refuses %s with 422 LOAD_NOT_RELEASED saying why', (_what, state, release, why) => {
    const e = refusal(() => assertReleased({ state }, release === null ? null : { release }));
    expect(e.code).toBe('LOAD_NOT_RELEASED');
    expect(errorRegistry.status(e.code)).toBe(422);
    expect(e.details).toEqual({ loadRelease: release });
    expect(messageFor(e.code, e.params, 'en')).toContain(why);
    expect(messageFor(e.code, e.params, 'zh-CN')).not.toMatch(/[a-z]{3}/);
  });

  it.each<[string, string, LoadRelease]>([
    ['a pack of a released load', 'stored', 'released'],
    ['the ordinary pack of an implant load still waiting for its BI', 'stored', 'awaiting_bi'],
    ['a released pack on its way to storage', 'released', 'released'],
  ])('lets %s through', (_what, state, release) => {
    expect(() => assertReleased({ state }, { release })).not.toThrow();
  });
});

describe('steam and the other methods agree where the rule does not name them', () => {
  it('steam pre-vacuum and gravity are judged alike at every step', () => {
    const [a, b] = STEAM;
    for (const containsImplant of [true, false]) {
      expect(needsBiBeforeRelease({ method: a, containsImplant })).toBe(needsBiBeforeRelease({ method: b, containsImplant }));
      for (const bis of ['none', 'pending', 'passed', 'failed', 'invalid'] as BiVerdict[]) {
        const f = { physicalPassed: true, chemicalPassed: true, containsImplant, bis };
        expect(loadReleaseAtUnload({ ...f, method: a })).toBe(loadReleaseAtUnload({ ...f, method: b }));
      }
    }
  });
});
