import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate, startOfLocalDay, startOfLocalWeek } from '../../src/common/clock.js';
import { createTestApp, TestClock, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Issue 18 (a surveyor's review): domain §4.2 — "the weekly steam BI when due refuses to start
 * without one placed". That is the service's DEFAULT configuration (CSSD_BI_OVERDUE_POLICY unset:
 * block), not a setting to remember; and the nurse at the loading station, who runs the
 * sterilizer, places the BI in its PCD before the start.
 */

const TZ = 'Asia/Shanghai';
/** 08:00 (hospital time) of the next Monday after the real today: the first day of a week. */
const nextMondayMorning = () =>
  new Date(startOfLocalDay(addLocalDays(startOfLocalWeek(localDate(new Date(), TZ)), 7), TZ).getTime() + 8 * 3600_000);

describe('the default configuration: the week’s steam BI is enforced, placed by the loading station’s nurse', () => {
  const clock = new TestClock();
  let t: TestApp;
  beforeAll(async () => {
    // Unset, as a hospital's deployment leaves it (an empty variable is unset: config.ts str()).
    t = await createTestApp({ CSSD_BI_OVERDUE_POLICY: '' }, { clock });
  });
  afterAll(() => t.close());

  const loadView = (c: ChainDriver, id: string) => t.http().get(`/api/loads/${id}`).set(bearer(c.nurse.token));
  const bisOf = async (loadId: string) => (await t.ds.query(`SELECT lot FROM bi_tests WHERE load_id = $1`, [loadId])) as { lot: string }[];

  it('is block: the first steam load of the week does not start without a BI (BI_OVERDUE); the nurse places one, the load shows it and starts', async () => {
    expect(t.config.policy.biOverdue).toBe('block');
    clock.set(nextMondayMorning());
    const c = await ChainDriver.create(t);
    const [pack] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad();
    expect(load.warnings.map((w: { code: string }) => w.code)).toEqual(['BI_OVERDUE']);
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: pack }));
    await c.beforeStart(load.id);
    const refused = expectRefused(await c.post(`/api/loads/${load.id}/start`, {}), 422, 'BI_OVERDUE');
    expect(refused.message).toContain(c.sterilizer.sterilizer.code);
    const [{ status }] = await t.ds.query(`SELECT status FROM sterilizer_loads WHERE id = $1`, [load.id]);
    expect(status).toBe('open');
    expect(expectOk(await loadView(c, load.id)).bis).toEqual([]);

    // The nurse at the loading station (not only the monitoring desk) puts the BI in its PCD.
    const productId = await c.biProduct();
    const placed = expectOk(await c.post('/api/monitoring/bi', { loadId: load.id, productId, lot: 'WK-LOT-7' }, c.nurse.token));
    expect(placed).toMatchObject({ loadId: load.id, lot: 'WK-LOT-7', placedBy: c.nurse.user.id, result: 'pending' });
    const shown = expectOk(await loadView(c, load.id)).bis;
    expect(shown).toEqual([
      expect.objectContaining({
        id: placed.id,
        lot: 'WK-LOT-7',
        result: 'pending',
        placedBy: c.nurse.user.displayName,
        placedAt: placed.placedAt,
      }),
    ]);
    expect(shown[0].productCode).toEqual(expect.any(String));

    const started = expectOk(await c.post(`/api/loads/${load.id}/start`, {}));
    expect(started.status).toBe('running');
    expect(started.warnings.map((w: { code: string }) => w.code)).not.toContain('BI_OVERDUE');
  });

  it('a BI the station cannot place is refused with its code and nothing is written: wrong role, after the start, in the future, malformed', async () => {
    clock.set(new Date(nextMondayMorning().getTime() + 2 * 3600_000));
    const c = await ChainDriver.create(t);
    const productId = await c.biProduct();
    const [pack] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad();
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: pack }));
    const place = (body: object, token = c.nurse.token) =>
      c.post('/api/monitoring/bi', { loadId: load.id, productId, lot: 'L-1', ...body }, token);

    expectRefused(await place({}, c.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await place({ placedAt: new Date(clock.instant().getTime() + 3600_000).toISOString() }), 422, 'STATED_TIME_IN_FUTURE');
    expectRefused(await place({ lot: 'LOT WITH SPACES' }), 400, 'VALIDATION_FAILED');
    expectRefused(await place({ lot: '' }), 400, 'VALIDATION_FAILED');
    expectRefused(await place({ productId: 'not-a-uuid' }), 400, 'VALIDATION_FAILED');
    expect(await bisOf(load.id)).toEqual([]);

    // Placed before the start it counts; one added to a running load proves nothing (§4.2).
    expectOk(await place({ lot: 'L-FIRST' }));
    await c.beforeStart(load.id);
    expectOk(await c.post(`/api/loads/${load.id}/start`, {}));
    expectRefused(await place({ lot: 'L-LATE' }), 409, 'BI_LOAD_STARTED');
    expect(await bisOf(load.id)).toEqual([{ lot: 'L-FIRST' }]);
  });
});
