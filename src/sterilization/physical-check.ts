import type { ProgramLimits } from '../kernel/run-snapshot.js';

export interface PhysicalRecord {
  tempMinC: number;
  tempMaxC: number;
  holdMinutes: number;
  pressureMinKpa?: number;
  pressureMaxKpa?: number;
  h2o2MgL?: number;
}

/**
 * §4.2 physical monitoring: the run's temperature, hold time, pressure (and sterilant
 * concentration for low-temperature methods) must lie within the program's limits — those the
 * load started with (RunSnapshot). Returns the problems; none means the physical record passes.
 */
export function physicalProblems(program: ProgramLimits, run: PhysicalRecord): string[] {
  const problems: string[] = [];
  if (run.tempMinC > run.tempMaxC) problems.push('temperature min above max');
  if (run.tempMinC < program.tempMinC) problems.push(`temperature ${run.tempMinC} °C below ${program.tempMinC} °C`);
  if (run.tempMaxC > program.tempMaxC) problems.push(`temperature ${run.tempMaxC} °C above ${program.tempMaxC} °C`);
  if (run.holdMinutes < program.minHoldMin) problems.push(`hold ${run.holdMinutes} min shorter than ${program.minHoldMin} min`);
  if (program.pressureMinKpa !== null) {
    if (run.pressureMinKpa === undefined) problems.push('pressure not recorded');
    else if (run.pressureMinKpa < program.pressureMinKpa)
      problems.push(`pressure ${run.pressureMinKpa} kPa below ${program.pressureMinKpa} kPa`);
  }
  if (program.pressureMaxKpa !== null) {
    if (run.pressureMaxKpa === undefined) problems.push('pressure not recorded');
    else if (run.pressureMaxKpa > program.pressureMaxKpa)
      problems.push(`pressure ${run.pressureMaxKpa} kPa above ${program.pressureMaxKpa} kPa`);
  }
  if (program.h2o2MinMgL !== null) {
    if (run.h2o2MgL === undefined) problems.push('H2O2 concentration not recorded');
    else if (run.h2o2MgL < program.h2o2MinMgL) problems.push(`H2O2 ${run.h2o2MgL} mg/L below ${program.h2o2MinMgL} mg/L`);
  }
  return [...new Set(problems)];
}
