import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { expectOk } from '../support/expect.js';
import { createDepartment, createTemplate, createUser, type TestUser } from '../support/factories.js';
import { dispatchAgainst, get, inStorage, post, refusedUnchanged, templateWithSets } from '../support/requisitions.js';

interface Level {
  templateId: string;
  base: number;
  emergency: boolean;
  held: number;
  inLoop: number;
  shortfall: number;
  setByName: string | null;
  note: string | null;
}
interface DepartmentLevels {
  departmentId: string;
  lines: Level[];
}
interface LowStock {
  templateId: string;
  nameZh: string;
  nameEn: string;
  inStorage: number;
  demand: number;
  emergency: boolean;
  departments: { departmentCode: string; shortfall: number }[];
}

/**
 * Issue 16, base quantities (基数, seed 4.3, 13.7): the head nurse sets a department's base per
 * template (emergency sets too); a change is a new row and the history stays. Per department:
 * what it holds (dispatched, not yet collected), what is in the CSSD's loop for it, its shortfall.
 * Low stock — sterile storage holding fewer packs of a template than the departments' shortfalls
 * add up to — is on the head nurse's board.
 */
describe('base quantities and low stock', () => {
  let t: TestApp;
  let c: ChainDriver;
  let head: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    c = await ChainDriver.create(t);
    head = await createUser(t, 'head_nurse');
  }, 120_000);
  afterAll(() => t.close());

  const setBase = async (departmentId: string, templateId: string, quantity: number, over: object = {}) =>
    expectOk(await post(t, '/api/base-quantities', { departmentId, templateId, quantity, ...over }, head.token)) as DepartmentLevels;
  const levelOf = (d: DepartmentLevels, templateId: string) => d.lines.find((l) => l.templateId === templateId);
  const lowStock = async () => expectOk(await get(t, '/api/board', head.token)).lowStock as LowStock[];

  it('the head nurse sets a base quantity; a change is a new row and the history keeps who, when and why', async () => {
    const a = await templateWithSets(c, 0);
    const d = await createDepartment(t);
    expect(levelOf(await setBase(d.id, a.id, 3), a.id)).toMatchObject({ base: 3, emergency: false, setByName: 'Test head_nurse' });
    const changed = levelOf(await setBase(d.id, a.id, 5, { emergency: true, note: '新增床位 10 张' }), a.id);
    expect(changed).toMatchObject({ base: 5, emergency: true, note: '新增床位 10 张' });
    const history = expectOk(await get(t, `/api/base-quantities/history?departmentId=${d.id}&templateId=${a.id}`, c.nurse.token));
    expect(history).toEqual([
      expect.objectContaining({ quantity: 5, emergency: true, note: '新增床位 10 张', setByName: 'Test head_nurse' }),
      expect.objectContaining({ quantity: 3, emergency: false, note: null }),
    ]);
    // 0 takes the base away; the history stays.
    expect(levelOf(await setBase(d.id, a.id, 0), a.id)).toBeUndefined();
    expect(expectOk(await get(t, `/api/base-quantities/history?departmentId=${d.id}&templateId=${a.id}`, c.nurse.token))).toHaveLength(3);
  });

  it('only the head nurse sets it, and a bad one is refused with its code, writing nothing', async () => {
    const a = await templateWithSets(c, 0);
    const d = await createDepartment(t);
    const set =
      (body: object, token = head.token) =>
      () =>
        post(t, '/api/base-quantities', body, token);
    const body = { departmentId: d.id, templateId: a.id, quantity: 2 };
    await refusedUnchanged(t, set(body, c.nurse.token), 403, 'FORBIDDEN_ROLE');
    await refusedUnchanged(t, set(body, c.departmentUser.token), 403, 'FORBIDDEN_ROLE');
    for (const quantity of [-1, 1000, 2.5, '2']) await refusedUnchanged(t, set({ ...body, quantity }), 400, 'VALIDATION_FAILED');
    await refusedUnchanged(t, set({ ...body, departmentId: '00000000-0000-4000-8000-000000000000' }), 404, 'DEPARTMENT_NOT_FOUND');
    await refusedUnchanged(t, set({ ...body, templateId: '00000000-0000-4000-8000-000000000000' }), 404, 'TEMPLATE_NOT_FOUND');
    const retired = await createTemplate(t, { active: false });
    const refused = await refusedUnchanged(
      t,
      () => post(t, '/api/base-quantities', { ...body, templateId: retired.id }, head.token, 'en'),
      422,
      'INACTIVE_REFERENCE',
    );
    expect(refused.message).toBe('The referenced set template is deactivated');
    const closed = await createDepartment(t, { active: false });
    await refusedUnchanged(t, set({ ...body, departmentId: closed.id }), 422, 'INACTIVE_REFERENCE');
  });

  it('a department sees what it holds, what is in the CSSD’s loop for it and its shortfall against its base — its own only', async () => {
    const a = await templateWithSets(c, 3);
    await setBase(c.department.id, a.id, 4);
    const [p1, p2] = await inStorage(c, a.sets.slice(0, 2));
    await dispatchAgainst(c, p1);
    await dispatchAgainst(c, p2);
    // The third set was collected from the ward: in the CSSD's loop for it.
    await c.recycle(a.sets[2]);
    const mine = expectOk(await get(t, '/api/department/base-quantities', c.departmentUser.token)) as DepartmentLevels;
    expect(mine.departmentId).toBe(c.department.id);
    expect(levelOf(mine, a.id)).toMatchObject({ base: 4, held: 2, inLoop: 1, shortfall: 2 });
    // One comes back: held 1, in the loop 2, short 3.
    await c.recycle(a.sets[0]);
    const after = expectOk(await get(t, '/api/department/base-quantities', c.departmentUser.token)) as DepartmentLevels;
    expect(levelOf(after, a.id)).toMatchObject({ base: 4, held: 1, inLoop: 2, shortfall: 3 });
    // The CSSD sees the same per department; another department sees none of it.
    const atCssd = (expectOk(await get(t, `/api/base-quantities?departmentId=${c.department.id}`, c.nurse.token)) as DepartmentLevels[])[0];
    expect(levelOf(atCssd, a.id)).toMatchObject({ base: 4, held: 1, inLoop: 2, shortfall: 3 });
    const stranger = await createUser(t, 'department');
    const theirs = expectOk(await get(t, '/api/department/base-quantities', stranger.token)) as DepartmentLevels;
    expect(levelOf(theirs, a.id)).toBeUndefined();
  }, 120_000);

  it('low stock: sterile storage holding fewer packs than the departments’ shortfalls raises an alert on the head nurse’s board', async () => {
    const a = await templateWithSets(c, 3, { nameZh: '抢救包', nameEn: 'Emergency resuscitation set' });
    const [ward1, ward2] = [await createDepartment(t), await createDepartment(t)];
    await setBase(ward1.id, a.id, 2, { emergency: true });
    await setBase(ward2.id, a.id, 2);
    const [p1] = await inStorage(c, [a.sets[0]]);
    await dispatchAgainst(c, p1, undefined, ward1.id);
    // Short: ward 1 one pack, ward 2 two; storage holds none.
    expect((await lowStock()).find((x) => x.templateId === a.id)).toEqual(
      expect.objectContaining({
        nameZh: '抢救包',
        nameEn: 'Emergency resuscitation set',
        inStorage: 0,
        demand: 3,
        emergency: true,
        departments: expect.arrayContaining([
          { departmentCode: ward1.code, departmentNameZh: ward1.nameZh, departmentNameEn: ward1.nameEn, shortfall: 1 },
          { departmentCode: ward2.code, departmentNameZh: ward2.nameZh, departmentNameEn: ward2.nameEn, shortfall: 2 },
        ]),
      }),
    );
    await inStorage(c, [a.sets[1], a.sets[2]]);
    expect((await lowStock()).find((x) => x.templateId === a.id)).toMatchObject({ inStorage: 2, demand: 3 });
    // Ward 2 needs one less: storage covers the demand, the alert goes.
    await setBase(ward2.id, a.id, 1);
    expect((await lowStock()).find((x) => x.templateId === a.id)).toBeUndefined();
  }, 120_000);
});
