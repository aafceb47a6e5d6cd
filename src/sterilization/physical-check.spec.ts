import { describe, expect, it } from '@jest/globals';
import { physicalProblems, type PhysicalRecord } from './physical-check.js';
import type { ProgramLimits } from '../kernel/run-snapshot.js';

/**
 * docs/domain.md §4.2 physical monitoring: temperature, pressure, hold time (and H₂O₂ concentration
 * for plasma) within the program's limits; out of limits → the load fails. The limits are the
 * program's (e.g. steam 134 °C: 134–137 °C, hold ≥ 3 min, EN 285). A limit reached exactly passes.
 */

/** Steam 134 °C, EN 285 band, with a pressure band (kPa absolute) as a program may set one. */
const STEAM_134: ProgramLimits = {
  tempMinC: 134,
  tempMaxC: 137,
  minHoldMin: 3,
  pressureMinKpa: 304,
  pressureMaxKpa: 330,
  h2o2MinMgL: null,
};
/** A program that sets no pressure band. */
const STEAM_NO_PRESSURE: ProgramLimits = { ...STEAM_134, pressureMinKpa: null, pressureMaxKpa: null };
/** H₂O₂ plasma: low temperature, a minimum sterilant concentration. */
const PLASMA: ProgramLimits = { tempMinC: 45, tempMaxC: 55, minHoldMin: 6, pressureMinKpa: null, pressureMaxKpa: null, h2o2MinMgL: 6 };

const GOOD_STEAM: PhysicalRecord = { tempMinC: 134.5, tempMaxC: 136, holdMinutes: 4, pressureMinKpa: 310, pressureMaxKpa: 320 };
const GOOD_PLASMA: PhysicalRecord = { tempMinC: 47, tempMaxC: 52, holdMinutes: 7, h2o2MgL: 7.5 };

describe('physicalProblems (§4.2)', () => {
  it.each<[string, ProgramLimits, PhysicalRecord]>([
    ['a steam run well inside its limits', STEAM_134, GOOD_STEAM],
    ['temperatures exactly at both limits', STEAM_134, { ...GOOD_STEAM, tempMinC: 134, tempMaxC: 137 }],
    ['a hold exactly the minimum', STEAM_134, { ...GOOD_STEAM, holdMinutes: 3 }],
    ['pressures exactly at both limits', STEAM_134, { ...GOOD_STEAM, pressureMinKpa: 304, pressureMaxKpa: 330 }],
    ['a constant temperature (min = max)', STEAM_134, { ...GOOD_STEAM, tempMinC: 135, tempMaxC: 135 }],
    ['no pressure where the program sets none', STEAM_NO_PRESSURE, { tempMinC: 134, tempMaxC: 135, holdMinutes: 3 }],
    ['a plasma run with its concentration', PLASMA, GOOD_PLASMA],
    ['a plasma concentration exactly the minimum', PLASMA, { ...GOOD_PLASMA, h2o2MgL: 6 }],
  ])('passes %s', (_what, program, run) => {
    expect(physicalProblems(program, run)).toEqual([]);
  });

  it.each<[string, ProgramLimits, PhysicalRecord, RegExp]>([
    ['0.1 °C under the minimum temperature', STEAM_134, { ...GOOD_STEAM, tempMinC: 133.9 }, /temperature 133\.9 °C below 134 °C/],
    ['0.1 °C over the maximum temperature', STEAM_134, { ...GOOD_STEAM, tempMaxC: 137.1 }, /temperature 137\.1 °C above 137 °C/],
    ['a hold a fraction of a minute short', STEAM_134, { ...GOOD_STEAM, holdMinutes: 2.99 }, /hold 2\.99 min shorter than 3 min/],
    ['no hold at all', STEAM_134, { ...GOOD_STEAM, holdMinutes: 0 }, /hold 0 min/],
    ['pressure 1 kPa under', STEAM_134, { ...GOOD_STEAM, pressureMinKpa: 303 }, /pressure 303 kPa below 304 kPa/],
    ['pressure 1 kPa over', STEAM_134, { ...GOOD_STEAM, pressureMaxKpa: 331 }, /pressure 331 kPa above 330 kPa/],
    [
      'a minimum temperature above the maximum (a misread printout)',
      STEAM_134,
      { ...GOOD_STEAM, tempMinC: 136.5, tempMaxC: 135 },
      /min above max/,
    ],
    ['a plasma concentration just under', PLASMA, { ...GOOD_PLASMA, h2o2MgL: 5.99 }, /H2O2 5\.99 mg\/L below 6 mg\/L/],
    ['a plasma run without its concentration', PLASMA, { tempMinC: 47, tempMaxC: 52, holdMinutes: 7 }, /H2O2 concentration not recorded/],
  ])('fails %s, saying what', (_what, program, run, problem) => {
    const problems = physicalProblems(program, run);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('a program with a pressure band needs the pressure: missing, it is one problem, not two', () => {
    expect(physicalProblems(STEAM_134, { tempMinC: 134, tempMaxC: 135, holdMinutes: 3 })).toEqual(['pressure not recorded']);
  });

  it('names every problem of a run that misses several limits', () => {
    const problems = physicalProblems(STEAM_134, {
      tempMinC: 130,
      tempMaxC: 140,
      holdMinutes: 1,
      pressureMinKpa: 200,
      pressureMaxKpa: 400,
    });
    expect(problems).toHaveLength(5);
    expect(problems.join(' | ')).toMatch(/below 134.*above 137.*hold 1 min.*below 304.*above 330/);
  });

  it('ignores a concentration recorded for a steam program (it sets no minimum)', () => {
    expect(physicalProblems(STEAM_134, { ...GOOD_STEAM, h2o2MgL: 0 })).toEqual([]);
  });
});
