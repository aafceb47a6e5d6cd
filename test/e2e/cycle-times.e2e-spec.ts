import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SterilizerProgram } from '../../src/catalog/sterilizer-program.entity.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { rowCounts } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Cycle times (issue 18, §4.2): the physical record's cycle must fit inside the times the service
 * recorded (the load's start … the unloading), and the program's minimum cycle time applies.
 */
describe('the physical record fits the times the service recorded', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const HISTORY = ['pack_events', 'load_items', 'bi_tests'];
  /** Unloads with the printout read from the load's start to now unless `physical` says otherwise. */
  const unload = async (c: ChainDriver, loadId: string, physical: object = {}) =>
    c.post(`/api/loads/${loadId}/complete`, {
      physical: {
        tempMinC: 134.5,
        tempMaxC: 136,
        holdMinutes: 4.5,
        pressureMinKpa: 210,
        pressureMaxKpa: 225,
        ...(await c.printout(loadId)),
        ...physical,
      },
      loadIndicatorPassed: true,
      exceptions: [],
      secondPerson: { badgeCode: c.monitor.user.badgeCode, pin: c.monitor.pin },
    });
  const statusOf = async (loadId: string) => (await t.ds.query('SELECT status FROM sterilizer_loads WHERE id = $1', [loadId]))[0].status;
  const iso = (ms: number) => new Date(ms).toISOString();

  it('a load unloaded 8 s after its start with a 4.5-minute hold is refused (CYCLE_TIMES_IMPOSSIBLE), nothing written; after the hold it unloads', async () => {
    const c = await ChainDriver.create(t);
    const [p] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([p]);
    t.clock.advance(8000);
    const before = await rowCounts(t, HISTORY);
    const refused = expectRefused(await unload(c, load.id), 422, 'CYCLE_TIMES_IMPOSSIBLE');
    expect(refused.message).toContain('4.5');
    expect(await rowCounts(t, HISTORY)).toEqual(before);
    expect(await statusOf(load.id)).toBe('running');
    t.clock.advanceMinutes(5);
    expect(expectOk(await unload(c, load.id)).status).toBe('completed');
  });

  it('the program’s minimum cycle time applies: 10 minutes into a 35-minute program the load is refused, at 36 it unloads', async () => {
    const c = await ChainDriver.create(t);
    await t.ds.getRepository(SterilizerProgram).update({ id: c.sterilizer.program.id }, { minCycleMin: 35 });
    const [p] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([p]);
    t.clock.advanceMinutes(10);
    expectRefused(await unload(c, load.id), 422, 'CYCLE_TIMES_IMPOSSIBLE');
    t.clock.advanceMinutes(26);
    expectOk(await unload(c, load.id));
  });

  it('the printout’s cycle lies between the load’s start and now and lasts at least its hold; it is kept with the load', async () => {
    const c = await ChainDriver.create(t);
    const [p] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([p]);
    const [{ started_at }] = await t.ds.query('SELECT started_at FROM sterilizer_loads WHERE id = $1', [load.id]);
    const start = new Date(started_at).getTime();
    t.clock.advanceMinutes(40);
    const now = t.clock.instant().getTime();
    const cases = [
      { cycleStartedAt: iso(start - 3 * 60_000), cycleEndedAt: iso(start + 30 * 60_000) }, // before the load started, beyond the clocks' 2-min skew
      { cycleStartedAt: iso(start + 60_000), cycleEndedAt: iso(now + 3600_000) }, // ends in the future
      { cycleStartedAt: iso(start + 60_000), cycleEndedAt: iso(start + 3 * 60_000) }, // shorter than its 4.5-min hold
    ];
    for (const physical of cases) expectRefused(await unload(c, load.id, physical), 422, 'CYCLE_TIMES_IMPOSSIBLE');
    // Every unloading states the printout's cycle (issue 18): a start without its end, or neither, is a malformed body.
    expectRefused(await unload(c, load.id, { cycleStartedAt: iso(start + 60_000), cycleEndedAt: undefined }), 400, 'VALIDATION_FAILED');
    expectRefused(await unload(c, load.id, { cycleStartedAt: undefined, cycleEndedAt: undefined }), 400, 'VALIDATION_FAILED');
    const done = expectOk(await unload(c, load.id, { cycleStartedAt: iso(start + 60_000), cycleEndedAt: iso(start + 38 * 60_000) }));
    expect(done).toMatchObject({ reportedCycleStartedAt: iso(start + 60_000), reportedCycleEndedAt: iso(start + 38 * 60_000) });
  });

  it('the printout’s times written without a zone are the hospital’s wall clock (Asia/Shanghai), not the server’s', async () => {
    const c = await ChainDriver.create(t);
    const [p] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([p]);
    const [{ started_at }] = await t.ds.query('SELECT started_at FROM sterilizer_loads WHERE id = $1', [load.id]);
    const start = Math.ceil(new Date(started_at).getTime() / 60_000) * 60_000 + 60_000;
    t.clock.advanceMinutes(45);
    // As the printout reads in Shanghai (UTC+8, no daylight saving), to the minute.
    const wall = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16);
    const done = expectOk(await unload(c, load.id, { cycleStartedAt: wall(start), cycleEndedAt: wall(start + 38 * 60_000) }));
    expect(done).toMatchObject({ reportedCycleStartedAt: iso(start), reportedCycleEndedAt: iso(start + 38 * 60_000) });
  });
});
