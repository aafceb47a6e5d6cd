/**
 * The concentration rule of the preparation log (seed 7.4): the measured concentration must lie
 * within the target ± the tolerance given with it, both ends included. Returns the range when it
 * does not, null when it does. Figures have at most 2 decimals: compared in hundredths, so that
 * 500 ± 50 admits 450 and 550 exactly.
 */
export function concentrationProblem(c: { target: number; tolerance: number; measured: number }): { low: number; high: number } | null {
  const [target, tolerance, measured] = [c.target, c.tolerance, c.measured].map((x) => Math.round(x * 100));
  if (Math.abs(measured - target) <= tolerance) return null;
  return { low: (target - tolerance) / 100, high: (target + tolerance) / 100 };
}
