import { describe, expect, it } from '@jest/globals';
import { concentrationProblem } from './concentration.js';

describe('concentrationProblem (seed 7.4: target ± tolerance)', () => {
  it('admits both ends and everything between', () => {
    for (const measured of [450, 450.01, 500, 549.99, 550])
      expect(concentrationProblem({ target: 500, tolerance: 50, measured })).toBeNull();
  });

  it('refuses a hundredth outside, and names the range', () => {
    expect(concentrationProblem({ target: 500, tolerance: 50, measured: 449.99 })).toEqual({ low: 450, high: 550 });
    expect(concentrationProblem({ target: 500, tolerance: 50, measured: 550.01 })).toEqual({ low: 450, high: 550 });
  });

  it('compares decimals exactly (0.1 + 0.2 is not above 0.3)', () => {
    expect(concentrationProblem({ target: 0.2, tolerance: 0.1, measured: 0.3 })).toBeNull();
    expect(concentrationProblem({ target: 0.5, tolerance: 0.1, measured: 0.39 })).toEqual({ low: 0.4, high: 0.6 });
  });

  it('with no tolerance, only the target itself passes', () => {
    expect(concentrationProblem({ target: 1000, tolerance: 0, measured: 1000 })).toBeNull();
    expect(concentrationProblem({ target: 1000, tolerance: 0, measured: 1000.01 })).toEqual({ low: 1000, high: 1000 });
  });
});
