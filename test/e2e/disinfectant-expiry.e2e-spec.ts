import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { preparation, recordPreparation, refusedUnchanged } from '../support/disinfectants.js';
import { expectOk } from '../support/expect.js';
import { createUser, type TestUser } from '../support/factories.js';

/**
 * Issue 17, the preparation log (seed 1.2, 7.4): a product expired on the preparation day is
 * refused with the reason. The product is usable through its expiry day; the day is the hospital's
 * (Asia/Shanghai) by the service's clock, or of the stated preparation time.
 */
describe('disinfectant preparation: an expired product is refused', () => {
  let t: TestApp;
  let tz: string;
  let nurse: TestUser;
  const today = () => localDate(t.clock.instant(), tz);

  beforeAll(async () => {
    t = await createTestApp();
    tz = t.config.timezone;
    t.clock.nextMorning(tz);
    nurse = await createUser(t, 'nurse');
  });
  afterAll(() => t.close());

  it('refuses a product that expired yesterday, names it, and writes nothing', async () => {
    const yesterday = addLocalDays(today(), -1);
    const body = preparation(t, { lotNumber: 'L-EXP-1', expiryDate: yesterday });
    const en = await refusedUnchanged(t, () => recordPreparation(t, nurse.token, body, 'en'), 422, 'DISINFECTANT_PRODUCT_EXPIRED');
    expect(en.message).toBe(`Refused: the product’s lot L-EXP-1 expired on ${yesterday}; the preparation day is ${today()}`);
    const zh = await refusedUnchanged(t, () => recordPreparation(t, nurse.token, body), 422, 'DISINFECTANT_PRODUCT_EXPIRED');
    expect(zh.details).toMatchObject({ product: '含氯消毒片', expiryDate: yesterday, day: today() });
    expect(zh.message).toBe(`拒绝登记：该产品批号 L-EXP-1 已于 ${yesterday} 失效，配制日为 ${today()}`);
  });

  it('accepts a product on its expiry day', async () => {
    const made = expectOk(await recordPreparation(t, nurse.token, preparation(t, { expiryDate: today() })));
    expect(made).toMatchObject({ expiryDate: today(), status: 'in_use', preparedBy: nurse.user.id });
  });

  it('judges the hospital day, not the UTC one: at 00:30 in the hospital, yesterday’s expiry is refused', async () => {
    t.clock.nextMorning(tz, 0);
    t.clock.advanceMinutes(30);
    // 00:30 Asia/Shanghai is still the previous day in UTC.
    expect(t.clock.instant().toISOString().slice(0, 10)).toBe(addLocalDays(today(), -1));
    await refusedUnchanged(
      t,
      () => recordPreparation(t, nurse.token, preparation(t, { expiryDate: addLocalDays(today(), -1) })),
      422,
      'DISINFECTANT_PRODUCT_EXPIRED',
    );
    t.clock.nextMorning(tz);
  });

  it('judges the day of a stated preparation time: made yesterday with a product expiring yesterday is accepted', async () => {
    const yesterday = addLocalDays(today(), -1);
    const made = expectOk(
      await recordPreparation(t, nurse.token, preparation(t, { expiryDate: yesterday, preparedAt: `${yesterday}T10:00:00` })),
    );
    expect(localDate(new Date(made.preparedAt), tz)).toBe(yesterday);
    // The day's list of yesterday holds it, today's does not.
    const list = (day: string) => t.http().get(`/api/disinfectants/preparations?day=${day}`).set('Authorization', `Bearer ${nurse.token}`);
    expect(expectOk(await list(yesterday)).preparations.map((p: { id: string }) => p.id)).toContain(made.id);
    expect(expectOk(await list(today())).preparations.map((p: { id: string }) => p.id)).not.toContain(made.id);
  });
});
