import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { preparation, recordPreparation, refusedUnchanged } from '../support/disinfectants.js';
import { expectOk } from '../support/expect.js';
import { createUser, type TestUser } from '../support/factories.js';

/**
 * Issue 17, the preparation log (seed 7.4): the measured concentration must lie within the target
 * ± the tolerance given with it, both ends included; outside it the preparation is refused with
 * the range, and nothing is written. A tolerance not below the target is refused as well.
 */
describe('disinfectant preparation: an out-of-range concentration is refused', () => {
  let t: TestApp;
  let monitor: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone);
    monitor = await createUser(t, 'monitor');
  });
  afterAll(() => t.close());

  it('accepts the ends of target ± tolerance', async () => {
    for (const measured of [450, 550]) {
      const made = expectOk(await recordPreparation(t, monitor.token, preparation(t, { measured, method: 'meter' })));
      expect(made).toMatchObject({ target: 500, tolerance: 50, measured, unit: 'mg/L', method: 'meter', status: 'in_use' });
    }
  });

  it('refuses a measurement just outside, in both languages, and writes nothing', async () => {
    const low = await refusedUnchanged(
      t,
      () => recordPreparation(t, monitor.token, preparation(t, { measured: 449.99 }), 'en'),
      422,
      'DISINFECTANT_CONCENTRATION_OUT_OF_RANGE',
    );
    expect(low.message).toBe(
      'Refused: the measured concentration 449.99 mg/L is outside the target 500 ± 50 mg/L (450–550): prepare it again',
    );
    const high = await refusedUnchanged(
      t,
      () => recordPreparation(t, monitor.token, preparation(t, { measured: 550.01 })),
      422,
      'DISINFECTANT_CONCENTRATION_OUT_OF_RANGE',
    );
    expect(high.message).toBe('拒绝登记：实测浓度 550.01 mg/L 不在目标浓度 500 ± 50 mg/L（450–550）范围内，请重新配制');
  });

  it('applies the rule to percent concentrations too (enzymatic cleaner 0.5 ± 0.1 %)', async () => {
    const body = { kind: 'cleaning_agent', product: '多酶清洗液', target: 0.5, tolerance: 0.1, unit: '%' };
    expectOk(await recordPreparation(t, monitor.token, preparation(t, { ...body, measured: 0.4 })));
    await refusedUnchanged(
      t,
      () => recordPreparation(t, monitor.token, preparation(t, { ...body, measured: 0.3 })),
      422,
      'DISINFECTANT_CONCENTRATION_OUT_OF_RANGE',
    );
  });

  it('refuses a tolerance that is not below the target', async () => {
    await refusedUnchanged(
      t,
      () => recordPreparation(t, monitor.token, preparation(t, { tolerance: 500 })),
      422,
      'DISINFECTANT_TOLERANCE_INVALID',
    );
  });

  it('refuses a missing or negative measurement at the edge', async () => {
    const { measured: _omitted, ...noMeasurement } = preparation(t);
    await refusedUnchanged(t, () => recordPreparation(t, monitor.token, noMeasurement), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(t, () => recordPreparation(t, monitor.token, preparation(t, { measured: -1 })), 400, 'VALIDATION_FAILED');
  });
});
