import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addLocalDays, localDate } from '../../src/common/clock.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createUser, createWasher, rowCounts, uniq, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

interface Machine {
  id: string;
  code: string;
  status: string;
  nextServiceDue: string;
  lastServiceOn: string;
  selfInspectionDue: boolean;
  openFaults: { id: string }[];
  faults: { id: string; open: boolean; outOfUse: boolean }[];
  maintenance: { kind: string; outcome: string; recordedBy: string }[];
}

/**
 * Issue 17, the equipment register and its maintenance gate (seed 6, 5.4, 6.2, 6.5): a machine out
 * of use (an open fault that took it out of use) or overdue for its service refuses loads and
 * washer cycles until a return to service or a passing service is recorded (new rows, never an
 * update); a washer's operator holds a valid washer operator certificate. Every refusal leaves the
 * loads, the cycles and the register as they were.
 */
describe('equipment register and maintenance gate', () => {
  let t: TestApp;
  let tz: string;
  let head: TestUser;
  let nurse: TestUser;
  let monitor: TestUser;
  let departmentUser: TestUser;
  const TABLES = ['equipment', 'equipment_faults', 'equipment_maintenance', 'sterilizer_loads', 'washer_cycles'];
  const today = () => localDate(t.clock.instant(), tz);

  beforeAll(async () => {
    t = await createTestApp();
    tz = t.config.timezone;
    t.clock.nextMorning(tz);
    [head, nurse, monitor, departmentUser] = [
      await createUser(t, 'head_nurse'),
      await createUser(t, 'nurse'),
      await createUser(t, 'monitor'),
      await createUser(t, 'department'),
    ];
  });
  afterAll(() => t.close());

  const get = (path: string, token = nurse.token) => t.http().get(path).set(bearer(token));
  const post = (path: string, body: object, token = nurse.token, lang = 'zh-CN') =>
    t.http().post(path).set(bearer(token)).set('Accept-Language', lang).send(body);
  /** Refused with `code`, and not one row written to the register, the loads or the washer cycles. */
  async function refusedUnchanged(send: () => Promise<{ status: number; body: unknown }>, status: number, code: string) {
    const before = await rowCounts(t, TABLES);
    const body = expectRefused((await send()) as never, status, code);
    expect(await rowCounts(t, TABLES)).toEqual(before);
    return body;
  }

  function register(over: object): Promise<Machine> {
    return post(
      '/api/equipment',
      {
        code: uniq('EQ'),
        kind: 'sealer',
        nameZh: '测试设备',
        nameEn: 'Test machine',
        responsibleUserId: nurse.user.id,
        lastServiceOn: today(),
        ...over,
      },
      head.token,
    ).then(expectOk);
  }
  const fault = (id: string, outOfUse: boolean, token = nurse.token) =>
    post(`/api/equipment/${id}/faults`, { description: '门封漏气 door seal leaks', outOfUse }, token).then(expectOk) as Promise<Machine>;
  const openLoad = (c: ChainDriver, lang = 'zh-CN') =>
    post('/api/loads', { sterilizerId: c.sterilizer.sterilizer.id, programId: c.sterilizer.program.id }, c.nurse.token, lang);

  it('an out-of-use sterilizer refuses a load, in both languages; returned to service with a record it takes one', async () => {
    const c = await ChainDriver.create(t);
    const machine = await register({ kind: 'sterilizer', sterilizerId: c.sterilizer.sterilizer.id, code: c.sterilizer.sterilizer.code });
    expect(machine.status).toBe('in_service');
    await c.openLoad();

    // A fault that did not take it out of use stops nothing.
    await fault(machine.id, false);
    const other = await c.withNewSterilizer();
    await other.openLoad();

    const c2 = await c.withNewSterilizer();
    const m2 = await register({ kind: 'sterilizer', sterilizerId: c2.sterilizer.sterilizer.id, code: c2.sterilizer.sterilizer.code });
    await c2.bd();
    const out = await fault(m2.id, true, monitor.token);
    expect(out.status).toBe('out_of_use');
    expect(out.openFaults).toHaveLength(1);
    const en = await refusedUnchanged(() => openLoad(c2, 'en'), 422, 'EQUIPMENT_OUT_OF_USE');
    expect(en.message).toBe(`Machine ${m2.code} is out of use for a fault since ${today()}, until its return to service is recorded`);
    const zh = await refusedUnchanged(() => openLoad(c2, 'zh-CN'), 422, 'EQUIPMENT_OUT_OF_USE');
    expect(zh.message).toBe(`设备 ${m2.code} 自 ${today()} 因故障停用，登记恢复使用前不得使用`);

    // Only the head nurse returns a machine to service; a nurse is refused and nothing is written.
    const back = { faultId: out.openFaults[0].id, note: '更换门封，试运行正常 new door seal, test run passed' };
    await refusedUnchanged(() => post(`/api/equipment/${m2.id}/return-to-service`, back), 403, 'FORBIDDEN_ROLE');
    const returned: Machine = expectOk(await post(`/api/equipment/${m2.id}/return-to-service`, back, head.token));
    expect(returned.status).toBe('in_service');
    expect(returned.faults.find((f) => f.id === back.faultId)).toMatchObject({ open: false, outOfUse: true });
    expect(returned.maintenance).toEqual([
      expect.objectContaining({ kind: 'return_to_service', outcome: 'passed', recordedBy: head.user.id }),
    ]);
    expectOk(await openLoad(c2));

    // The fault is closed once: a second return to service of it is refused.
    await refusedUnchanged(
      () => post(`/api/equipment/${m2.id}/return-to-service`, back, head.token),
      409,
      'EQUIPMENT_FAULT_NOT_OUT_OF_USE',
    );
  });

  it('a loaded load cannot start while its sterilizer is out of use; returned to service it starts', async () => {
    const c = await ChainDriver.create(t);
    const m = await register({ kind: 'sterilizer', sterilizerId: c.sterilizer.sterilizer.id, code: c.sterilizer.sterilizer.code });
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad();
    expectOk(await post(`/api/loads/${load.id}/packs`, { code: barcode }, c.nurse.token));
    await c.beforeStart(load.id);
    const out = await fault(m.id, true);
    await refusedUnchanged(() => post(`/api/loads/${load.id}/start`, {}, c.nurse.token), 422, 'EQUIPMENT_OUT_OF_USE');
    expect((await get(`/api/loads/${load.id}`)).body.status).toBe('open');
    expectOk(
      await post(`/api/equipment/${m.id}/return-to-service`, { faultId: out.openFaults[0].id, note: 'repaired 已修复' }, head.token),
    );
    expectOk(await post(`/api/loads/${load.id}/start`, {}, c.nurse.token));
    expect((await get(`/api/loads/${load.id}`)).body.status).toBe('running');
  });

  it('an overdue service refuses loads until a passing service is recorded; a failed one does not count', async () => {
    const c = await ChainDriver.create(t);
    // Serviced on 2020-08-31, every 6 months: due on 2021-02-28 (no 31st in February), long overdue.
    const m = await register({
      kind: 'sterilizer',
      sterilizerId: c.sterilizer.sterilizer.id,
      code: c.sterilizer.sterilizer.code,
      lastServiceOn: '2020-08-31',
      serviceIntervalMonths: 6,
    });
    expect(m).toMatchObject({ status: 'service_overdue', nextServiceDue: '2021-02-28', lastServiceOn: '2020-08-31' });
    await c.bd();
    const en = await refusedUnchanged(() => openLoad(c, 'en'), 422, 'EQUIPMENT_SERVICE_OVERDUE');
    expect(en.message).toBe(`Machine ${m.code} is overdue for its service (due 2021-02-28): record the service before using it`);

    const service = (outcome: string) =>
      post(`/api/equipment/${m.id}/maintenance`, { kind: 'service', outcome, note: '年度保养 service', performer: '厂家工程师 Wang' });
    expect((await service('failed').then(expectOk)).status).toBe('service_overdue');
    await refusedUnchanged(() => openLoad(c), 422, 'EQUIPMENT_SERVICE_OVERDUE');

    const done: Machine = expectOk(await service('passed'));
    expect(done).toMatchObject({ status: 'in_service', lastServiceOn: today() });
    expectOk(await openLoad(c));
  });

  it('shows a service as due within 30 days of its date, and the monthly self-inspection as due until one is recorded', async () => {
    const soon = await register({ lastServiceOn: addLocalDays(today(), -170), serviceIntervalMonths: 6 });
    expect(soon.status).toBe('service_due');
    const fresh = await register({ lastServiceOn: addLocalDays(today(), -10), serviceIntervalMonths: 6, kind: 'drying_cabinet' });
    expect(fresh).toMatchObject({ status: 'in_service', selfInspectionDue: true });
    const inspected: Machine = expectOk(
      await post(`/api/equipment/${fresh.id}/maintenance`, { kind: 'self_inspection', outcome: 'passed', note: '月度自查 monthly check' }),
    );
    expect(inspected.selfInspectionDue).toBe(false);
    const list: Machine[] = expectOk(await get('/api/equipment', monitor.token));
    expect(list.filter((x) => [soon.id, fresh.id].includes(x.id)).map((x) => [x.code, x.status])).toEqual(
      [
        [soon.code, 'service_due'],
        [fresh.code, 'in_service'],
      ].sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  });

  it('an overdue or out-of-use washer refuses a cycle', async () => {
    const w = await createWasher(t);
    const open = () => post('/api/cleaning/cycles', { washerId: w.washer.id, programId: w.program.id }, nurse.token, 'en');
    // Serviced 2020-01-10, yearly: due 2021-01-10.
    const m = await register({ kind: 'washer', washerId: w.washer.id, lastServiceOn: '2020-01-10', serviceIntervalMonths: 12 });
    const body = await refusedUnchanged(open, 422, 'EQUIPMENT_SERVICE_OVERDUE');
    expect(body.message).toContain('due 2021-01-10');
    expectOk(await post(`/api/equipment/${m.id}/maintenance`, { kind: 'service', outcome: 'passed', note: 'serviced 保养' }));
    expectOk(await open());
    await fault(m.id, true);
    await refusedUnchanged(open, 422, 'EQUIPMENT_OUT_OF_USE');
  });

  it('a washer operator without a valid washer operator certificate cannot open a cycle', async () => {
    const w = await createWasher(t);
    const operator = await createUser(t, 'nurse', { certified: false });
    const certify = (kind: string, validUntil: string) =>
      post(`/api/users/${operator.user.id}/certifications`, { kind, validUntil }, head.token).then(expectOk);
    const open = () => post('/api/cleaning/cycles', { washerId: w.washer.id, programId: w.program.id }, operator.token, 'en');
    // A sterilizer operator's certificate is not a washer operator's; an expired one is not valid.
    await certify('sterilizer_operator', '2099-12-31');
    await certify('washer_operator', addLocalDays(today(), -1));
    const body = await refusedUnchanged(open, 422, 'WASHER_OPERATOR_NOT_CERTIFIED');
    expect(body.message).toBe('The operator has no valid washer-disinfector operator certificate');
    // Valid through its last day.
    await certify('washer_operator', today());
    expectOk(await open());
  });

  it('refuses a bad register entry, fault or record with a code and writes nothing', async () => {
    const c = await ChainDriver.create(t);
    const base = { code: uniq('EQ'), nameZh: '灭菌器', nameEn: 'Sterilizer', responsibleUserId: nurse.user.id, lastServiceOn: today() };
    const reg =
      (over: object, token = head.token) =>
      () =>
        post('/api/equipment', { ...base, ...over }, token);
    await refusedUnchanged(reg({ kind: 'sterilizer' }), 422, 'EQUIPMENT_MACHINE_REQUIRED');
    await refusedUnchanged(reg({ kind: 'sealer', washerId: c.washer.washer.id }), 422, 'EQUIPMENT_MACHINE_REQUIRED');
    await refusedUnchanged(reg({ kind: 'washer', washerId: c.sterilizer.sterilizer.id }), 404, 'WASHER_NOT_FOUND');
    await refusedUnchanged(
      reg({ kind: 'sterilizer', sterilizerId: c.sterilizer.sterilizer.id, responsibleUserId: departmentUser.user.id }),
      422,
      'EQUIPMENT_RESPONSIBLE_INVALID',
    );
    await refusedUnchanged(reg({ kind: 'sealer', serviceIntervalMonths: 0 }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(reg({ kind: 'sterilizer', sterilizerId: c.sterilizer.sterilizer.id }, nurse.token), 403, 'FORBIDDEN_ROLE');
    const m = expectOk(await reg({ kind: 'sterilizer', sterilizerId: c.sterilizer.sterilizer.id })());
    await refusedUnchanged(
      reg({ kind: 'sterilizer', sterilizerId: c.sterilizer.sterilizer.id, code: uniq('EQ') }),
      409,
      'EQUIPMENT_ALREADY_REGISTERED',
    );
    await refusedUnchanged(reg({ kind: 'sealer' }), 409, 'DUPLICATE_CODE');

    const future = t.clock.instant().getTime() + 3_600_000;
    await refusedUnchanged(
      () => post(`/api/equipment/${m.id}/faults`, { description: 'x fault', outOfUse: true, occurredAt: new Date(future).toISOString() }),
      422,
      'STATED_TIME_IN_FUTURE',
    );
    const notOut = await fault(m.id, false);
    const faultId = notOut.faults[0].id;
    await refusedUnchanged(
      () => post(`/api/equipment/${m.id}/return-to-service`, { faultId, note: 'ok' }, head.token),
      409,
      'EQUIPMENT_FAULT_NOT_OUT_OF_USE',
    );
    const elsewhere = await register({});
    await refusedUnchanged(
      () => post(`/api/equipment/${elsewhere.id}/maintenance`, { kind: 'repair', outcome: 'passed', note: 'fixed', faultId }),
      404,
      'EQUIPMENT_FAULT_NOT_FOUND',
    );
    await refusedUnchanged(
      () => post(`/api/equipment/${m.id}/maintenance`, { kind: 'return_to_service', outcome: 'passed', note: 'back' }),
      400,
      'VALIDATION_FAILED',
    );
    await refusedUnchanged(
      () => post(`/api/equipment/${m.id}/maintenance`, { kind: 'service', outcome: 'passed', note: 'x' }, monitor.token),
      403,
      'FORBIDDEN_ROLE',
    );
    await refusedUnchanged(
      () => post(`/api/equipment/${m.id}/faults`, { description: 'broken', outOfUse: true }, departmentUser.token),
      403,
      'FORBIDDEN_ROLE',
    );
    expectRefused(await get('/api/equipment', departmentUser.token), 403, 'FORBIDDEN_ROLE');
    expectRefused(await get(`/api/equipment/${crypto.randomUUID()}`), 404, 'EQUIPMENT_NOT_FOUND');
  });
});
