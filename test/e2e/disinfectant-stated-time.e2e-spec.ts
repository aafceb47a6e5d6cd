import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { preparation, recordPreparation, refusedUnchanged } from '../support/disinfectants.js';
import { expectOk } from '../support/expect.js';
import { createUser, type TestUser } from '../support/factories.js';

/** Issue 17, the preparation log: a preparation time in the service's future is refused (statedInstant). */
describe('disinfectant preparation: a time in the future is refused', () => {
  let t: TestApp;
  let head: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.nextMorning(t.config.timezone);
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  it('refuses a preparation stated ten minutes ahead of the service’s clock, and writes nothing', async () => {
    const ahead = new Date(t.clock.instant().getTime() + 10 * 60_000).toISOString();
    await refusedUnchanged(t, () => recordPreparation(t, head.token, preparation(t, { preparedAt: ahead })), 422, 'STATED_TIME_IN_FUTURE');
  });

  it('records an earlier stated time as stated, and no time as the service’s now', async () => {
    const earlier = new Date(t.clock.instant().getTime() - 90 * 60_000);
    const stated = expectOk(await recordPreparation(t, head.token, preparation(t, { preparedAt: earlier.toISOString() })));
    expect(stated.preparedAt).toBe(earlier.toISOString());
    const sent = t.clock.instant().getTime();
    const now = expectOk(await recordPreparation(t, head.token, preparation(t)));
    // The test clock runs on from where the test set it: "now" lies between sending and answering.
    expect(Date.parse(now.preparedAt)).toBeGreaterThanOrEqual(sent);
    expect(Date.parse(now.preparedAt)).toBeLessThanOrEqual(t.clock.instant().getTime());
    expect(now.preparedAt).toBe(now.recordedAt);
  });
});
