import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { packBarcode } from '../../src/kernel/barcode.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createUser, recallClosing, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/** A well-formed label far above any serial the tests reach: no pack ever had it. */
let serial = 9_100_000_000 + (Date.now() % 100_000_000);
const neverIssued = () => packBarcode(serial++);

/**
 * A department sends a recalled pack back from its own page (issue 12; issue 18: "a recalled pack
 * marked returned records who returned it and from which department; a return scanned for a
 * department that never held the pack is refused"). The recall's progress moves; another
 * department's pack, or one that never left the CSSD, answers exactly as an unknown barcode.
 */
describe('a department sends a recalled pack back', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const sendBack = (code: string, user: TestUser, lang = 'zh-CN') =>
    t
      .http()
      .post('/api/department/recalls/return')
      .set(bearer(user.token))
      .set('X-Station', 'WEB-WARD')
      .set('Accept-Language', lang)
      .send({ code });
  const openRecall = async (barcodes: string[]) =>
    expectOk(
      await t.http().post('/api/recalls').set(bearer(head.token)).send({ trigger: 'manual', reason: '手工召回：包装批次可疑', barcodes }),
    );
  const recallView = async (id: string) => expectOk(await t.http().get(`/api/recalls/${id}`).set(bearer(head.token)));
  const itemOf = async (recallId: string, barcode: string) =>
    (await recallView(recallId)).items.find((i: { barcode: string }) => i.barcode === barcode) as Record<string, unknown>;
  const eventsOf = (barcode: string) =>
    t.ds.query(
      `SELECT e.type, e.actor_id, e.station, e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type IN ('recall', 'recall_pulled', 'recall_returned') ORDER BY e.at, e.id`,
      [barcode],
    );
  const rowsOf = (recallId: string) =>
    t.ds.query(
      `SELECT pack_id, disposition, accounted_at, accounted_by, returned_from_department_id FROM recall_items WHERE recall_id = $1 ORDER BY pack_id`,
      [recallId],
    );

  it('the pack it received and the one still on its way: each settled as returned, with who sent it and from which department; the progress moves; the CSSD takes the set in as before', async () => {
    const c = await ChainDriver.create(t);
    const [received, onItsWay, inStorage] = await c.storedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
    await c.dispatch(received);
    await c.receive(received);
    await c.dispatch(onItsWay);
    const recall = await openRecall([received, onItsWay, inStorage]);
    expect(recall.counts).toMatchObject({ not_found: 3, returned: 0 });
    // The department is told, and lists the packs to send back.
    const listed = expectOk(await t.http().get('/api/department/recalls').set(bearer(c.departmentUser.token)));
    expect(listed.map((r: { barcode: string }) => r.barcode).sort()).toEqual([received, onItsWay].sort());

    const answer = expectOk(await sendBack(received, c.departmentUser));
    expect(answer).toEqual({
      barcode: received,
      settledRecallIds: [recall.id],
      summary: { zh: expect.stringContaining(received), en: expect.stringContaining('sent back to the CSSD') },
    });
    expectOk(await sendBack(onItsWay, c.departmentUser, 'en'));

    const after = await recallView(recall.id);
    expect(after.counts).toMatchObject({ not_found: 1, returned: 2, pulled: 0 });
    for (const barcode of [received, onItsWay]) {
      expect(await itemOf(recall.id, barcode)).toMatchObject({
        disposition: 'returned',
        department_code: c.department.code,
        accounted_by_name: c.departmentUser.user.displayName,
        sent_back_by_department: true,
        accounted_at: expect.any(String),
      });
      const events = await eventsOf(barcode);
      expect(events).toEqual([
        expect.objectContaining({ type: 'recall' }),
        {
          type: 'recall_returned',
          actor_id: c.departmentUser.user.id,
          station: 'WEB-WARD',
          data: {
            recallIds: [recall.id],
            sentBackByDepartment: true,
            fromDepartmentId: c.department.id,
            fromDepartmentCode: c.department.code,
            fromDepartmentNameZh: '测试科室',
            fromDepartmentNameEn: 'Test department',
          },
        },
      ]);
    }
    const rows = await t.ds.query(
      `SELECT p.barcode, ri.accounted_by, ri.returned_from_department_id FROM recall_items ri JOIN packs p ON p.id = ri.pack_id WHERE ri.recall_id = $1 ORDER BY p.barcode`,
      [recall.id],
    );
    expect(rows).toEqual(
      [
        { barcode: received, accounted_by: c.departmentUser.user.id, returned_from_department_id: c.department.id },
        { barcode: onItsWay, accounted_by: c.departmentUser.user.id, returned_from_department_id: c.department.id },
        { barcode: inStorage, accounted_by: null, returned_from_department_id: null },
      ].sort((a, b) => a.barcode.localeCompare(b.barcode)),
    );
    // Nothing left to send back on the department's page.
    expect(expectOk(await t.http().get('/api/department/recalls').set(bearer(c.departmentUser.token)))).toEqual([]);

    // Sent twice: refused, nothing written.
    expectRefused(await sendBack(received, c.departmentUser), 409, 'RECALL_ALREADY_RETURNED');
    expect(await eventsOf(received)).toHaveLength(2);

    // The CSSD: a recall scan finds it returned already (no second event); the pulled pack is scanned as before.
    const scanned = expectOk(await c.post(`/api/recalls/${recall.id}/scan`, { code: received }));
    expect(scanned).toMatchObject({ disposition: 'returned', notFoundLeft: 1 });
    expect(await eventsOf(received)).toHaveLength(2);
    expect(expectOk(await c.post(`/api/recalls/${recall.id}/scan`, { code: inStorage })).disposition).toBe('pulled');
    expect((await itemOf(recall.id, inStorage)).sent_back_by_department).toBe(false);
    // The set goes through decontamination as a new cycle, as for any recalled pack; the recall closes.
    expect(await c.recycle(received)).toMatchObject({ outcome: 'collected', pack: { state: 'collected', cycleNo: 2 } });
    const { counts } = expectOk(await t.http().get(`/api/recalls/${recall.id}`).set(bearer(head.token)));
    expectOk(
      await t
        .http()
        .post(`/api/recalls/${recall.id}/close`)
        .set(bearer(head.token))
        .send(recallClosing(counts.pulled + counts.returned)),
    );
  });

  it('a pack the department never held answers exactly as an unknown barcode, in both languages, and the database is left as it was', async () => {
    const c = await ChainDriver.create(t);
    const otherWard = await createUser(t, 'department', { departmentId: (await createDepartment(t)).id });
    const [theirs, stored] = await c.storedMany([await c.newSet(), await c.newSet()]);
    await c.dispatch(theirs);
    await c.receive(theirs);
    const recall = await openRecall([theirs, stored]);
    const before = { items: await rowsOf(recall.id), events: [...(await eventsOf(theirs)), ...(await eventsOf(stored))] };

    for (const lang of ['zh-CN', 'en']) {
      const unknown = neverIssued();
      const never = await sendBack(unknown, otherWard, lang);
      expectRefused(never, 404, 'UNKNOWN_BARCODE');
      // Another department's recalled pack, and a recalled pack that never left the CSSD.
      for (const [user, code] of [
        [otherWard, theirs],
        [c.departmentUser, stored],
        [otherWard, stored],
      ] as const) {
        const res = await sendBack(code, user, lang);
        expect({ status: res.status, body: JSON.parse(JSON.stringify(res.body).replaceAll(code, unknown)) }).toEqual({
          status: never.status,
          body: never.body,
        });
      }
    }
    expect({ items: await rowsOf(recall.id), events: [...(await eventsOf(theirs)), ...(await eventsOf(stored))] }).toEqual(before);
    // Only a department sends packs back; a nurse scans them in on the recall page.
    expectRefused(await sendBack(theirs, c.nurse), 403, 'FORBIDDEN_ROLE');
  });

  it('its own pack that is not recalled, or already used on a patient: nothing to send back', async () => {
    const c = await ChainDriver.create(t);
    const [kept, used] = await c.storedMany([await c.newSet(), await c.newSet()]);
    for (const p of [kept, used]) {
      await c.dispatch(p);
      await c.receive(p);
    }
    await c.use(used, 'ZY2026000077');
    expectRefused(await sendBack(kept, c.departmentUser), 422, 'RECALL_NOTHING_TO_RETURN');
    const recall = await openRecall([used]);
    expect((await itemOf(recall.id, used)).disposition).toBe('used');
    expectRefused(await sendBack(used, c.departmentUser), 422, 'RECALL_NOTHING_TO_RETURN');
    expect((await recallView(recall.id)).counts).toMatchObject({ used: 1, returned: 0 });
  });

  it('a pack in two open recalls is settled in both by one return, with one event on its history', async () => {
    const c = await ChainDriver.create(t);
    const [a, b] = await c.storedMany([await c.newSet(), await c.newSet()]);
    await c.dispatch(a);
    await c.dispatch(b);
    const first = await openRecall([a]);
    const second = await openRecall([a, b]);
    const answer = expectOk(await sendBack(a, c.departmentUser));
    expect(answer.settledRecallIds).toEqual([first.id, second.id].sort());
    expect((await itemOf(first.id, a)).disposition).toBe('returned');
    expect((await itemOf(second.id, a)).disposition).toBe('returned');
    expect((await recallView(second.id)).counts).toMatchObject({ returned: 1, not_found: 1 });
    expect((await eventsOf(a)).filter((e: { type: string }) => e.type === 'recall_returned')).toHaveLength(1);
  });
  /**
   * Issue 18, at the CSSD: a department brings recalled packs to the recall's page. The nurse may name
   * the department and who handed them in: a pack the recall found elsewhere is refused, naming where it
   * was, and leaves everything as it was; the person is kept on the recall's record and its report.
   */
  it('names the department and who handed the pack in; a pack recalled from elsewhere, or from storage, is refused and nothing is written', async () => {
    const c = await ChainDriver.create(t);
    const other = await createDepartment(t, { nameZh: '另一个科室', nameEn: 'Another ward' });
    const [atWard, inStorage] = await c.storedMany([await c.newSet(), await c.newSet()]);
    await c.dispatch(atWard);
    await c.receive(atWard);
    const recall = expectOk(
      await t
        .http()
        .post('/api/recalls')
        .set(bearer(head.token))
        .send({ trigger: 'manual', reason: '手工召回：包装批次可疑', barcodes: [atWard, inStorage] }),
    );
    const scan = (body: object, lang = 'zh-CN') =>
      t
        .http()
        .post(`/api/recalls/${recall.id}/scan`)
        .set(bearer(c.nurse.token))
        .set('X-Station', 'CSSD-1')
        .set('Accept-Language', lang)
        .send(body);
    const state = async () => ({
      items: await t.ds.query(
        `SELECT pack_id, disposition, accounted_by, handed_in_by FROM recall_items WHERE recall_id = $1 ORDER BY pack_id`,
        [recall.id],
      ),
      events: await t.ds.query(
        `SELECT count(*)::int AS n FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = ANY($1::text[])`,
        [[atWard, inStorage]],
      ),
    });
    const before = await state();

    // Another department brings the ward's pack: refused, in each language, naming where the pack was.
    const zh = expectRefused(
      await scan({ code: atWard, fromDepartmentId: other.id, handedInBy: '李护士' }),
      409,
      'RECALL_PACK_NOT_FROM_DEPARTMENT',
    );
    expect(zh.message).toContain('另一个科室');
    expect(zh.message).toContain('测试科室');
    const en = expectRefused(await scan({ code: atWard, fromDepartmentId: other.id }, 'en'), 409, 'RECALL_PACK_NOT_FROM_DEPARTMENT');
    expect(en.message).toContain('Another ward');
    expect(en.message).toContain('Test department');
    // A pack that was in the CSSD's storage when the recall opened was at no department.
    const stored = expectRefused(
      await scan({ code: inStorage, fromDepartmentId: c.department.id }),
      409,
      'RECALL_PACK_NOT_FROM_DEPARTMENT',
    );
    expect(stored.message).toContain('消毒供应中心内');
    // Malformed: refused before anything is read.
    expectRefused(await scan({ code: atWard, fromDepartmentId: 'ward-3' }), 400, 'VALIDATION_FAILED');
    expectRefused(await scan({ code: atWard, handedInBy: '' }), 400, 'VALIDATION_FAILED');
    expect(await state()).toEqual(before);

    // Its own department brings it: returned, with who handed it in, on the recall and the pack's history.
    expect(expectOk(await scan({ code: atWard, fromDepartmentId: c.department.id, handedInBy: ' 王护士 ' }))).toMatchObject({
      disposition: 'returned',
      notFoundLeft: 1,
    });
    const view = expectOk(await t.http().get(`/api/recalls/${recall.id}`).set(bearer(head.token)));
    expect(view.items.find((i: { barcode: string }) => i.barcode === atWard)).toMatchObject({
      disposition: 'returned',
      department_code: c.department.code,
      accounted_by_name: c.nurse.user.displayName,
      sent_back_by_department: false,
      handed_in_by: '王护士',
    });
    const [event] = await t.ds.query(
      `SELECT e.actor_id, e.station, e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type = 'recall_returned'`,
      [atWard],
    );
    expect(event).toEqual({
      actor_id: c.nurse.user.id,
      station: 'CSSD-1',
      data: {
        recallId: recall.id,
        recallIds: [recall.id],
        fromDepartmentId: c.department.id,
        fromDepartmentCode: c.department.code,
        departmentStated: true,
        handedInBy: '王护士',
      },
    });
    // The storage pack, scanned without a department: pulled, nobody handed it in.
    expect(expectOk(await scan({ code: inStorage })).disposition).toBe('pulled');
    const report = expectOk(await t.http().get(`/api/reports/recalls/${recall.id}`).set(bearer(head.token)));
    expect(report.packs.map((p: { barcode: string; handedInBy: string | null }) => [p.barcode, p.handedInBy])).toEqual(
      [
        [atWard, '王护士'],
        [inStorage, null],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });
});
