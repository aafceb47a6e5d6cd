import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createDepartment, createSet, createTemplate, createUser, type TestUser, recallClosing } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Issue 19 items 11 and 12, over HTTP on the real PostgreSQL: a pack still to be found in one
 * recall is still to be found in the next (listed where it really is, its department told, no
 * recall closes without it, one scan settles it everywhere); and what a department is shown —
 * notices, its recall list, provenance — names its own packs and its own cycle only.
 */

const sorted = <T>(xs: T[]) => [...xs].sort();

interface ItemView {
  barcode: string;
  state_at_recall: string;
  disposition: string;
  department_code: string | null;
  patient_id: string | null;
  current_state: string;
}

describe('overlapping recalls and what departments see', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const get = (path: string, token: string) => t.http().get(path).set(bearer(token));
  const openRecall = (body: object) => t.http().post('/api/recalls').set(bearer(head.token)).set('X-Station', 'RECALL-1').send(body);
  const view = async (id: string) => expectOk(await get(`/api/recalls/${id}`, head.token));
  /** Closes with a complete closing record: every pack that came back reprocessed. */
  const close = async (id: string) => {
    const { counts } = await view(id);
    return t
      .http()
      .post(`/api/recalls/${id}/close`)
      .set(bearer(head.token))
      .send(recallClosing(counts.pulled + counts.returned));
  };
  const itemOf = (recall: { items: ItemView[] }, barcode: string) => recall.items.find((i) => i.barcode === barcode);

  it('a pack still out at its department in recall R1 is, in the next recall R2, still to be found there: listed, its department told, neither closes until one scan settles both', async () => {
    const c = await ChainDriver.create(t);
    const deptA = c.department;
    const [out, kept, used] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
    const load = await c.startLoad([out, kept, used]);
    await c.unload(load.id);
    for (const p of [out, kept, used]) await c.store(p);
    await c.dispatch(out);
    await c.dispatch(used);
    await c.receive(used);
    await c.use(used, 'ZY-OVERLAP-1');

    // R1: the load is recalled; the pack in storage is pulled at once, the one at department A is not back yet.
    const r1 = expectOk(await openRecall({ trigger: 'manual', reason: 'Steam supply contaminated', loadIds: [load.id] }));
    expect(itemOf(r1, out)).toMatchObject({ disposition: 'not_found', state_at_recall: 'dispatched', department_code: deptA.code });
    expect(expectOk(await c.post(`/api/recalls/${r1.id}/scan`, { code: kept })).disposition).toBe('pulled');

    // R2: an infection cluster on the same sterilizer (no passing BI: its whole history).
    const r2 = expectOk(
      await openRecall({
        trigger: 'infection_cluster',
        reason: '2 surgical site infections, same week',
        sterilizerIds: [c.sterilizer.sterilizer.id],
      }),
    );
    expect(sorted(r2.items.map((i: ItemView) => i.barcode))).toEqual(sorted([out, kept, used]));
    // Still out at A: to be found, where R1 found it.
    expect(itemOf(r2, out)).toMatchObject({
      disposition: 'not_found',
      state_at_recall: 'dispatched',
      department_code: deptA.code,
      current_state: 'recalled',
    });
    // Already pulled back under R1: out of circulation. Used: its patient is followed up here too.
    expect(itemOf(r2, kept)).toMatchObject({ disposition: 'out_of_circulation' });
    expect(itemOf(r2, used)).toMatchObject({ disposition: 'used', patient_id: 'ZY-OVERLAP-1', department_code: deptA.code });
    expect(r2.followUp.map((i: ItemView) => `${i.barcode}:${i.patient_id}`)).toEqual([`${used}:ZY-OVERLAP-1`]);
    expect(r2.counts).toEqual({ not_found: 1, pulled: 0, returned: 0, used: 1, use_not_recorded: 0, out_of_circulation: 1 });

    // Department A is told of R2 and sees the pack in its list under both recalls.
    const notices = expectOk(await get('/api/department/notices', c.departmentUser.token));
    const forR2 = notices.filter((n: { recallId: string }) => n.recallId === r2.id);
    expect(forR2.map((n: { packs: { barcode: string }[] }) => sorted(n.packs.map((p) => p.barcode)))).toEqual([sorted([out, used])]);
    const list = expectOk(await get('/api/department/recalls', c.departmentUser.token));
    expect(sorted(list.filter((r: { barcode: string }) => r.barcode === out).map((r: { recall_id: string }) => r.recall_id))).toEqual(
      sorted([r1.id, r2.id]),
    );

    // Neither recall closes while the pack is out.
    expectRefused(await close(r2.id), 409, 'RECALL_HAS_UNFOUND_PACKS');
    expectRefused(await close(r1.id), 409, 'RECALL_HAS_UNFOUND_PACKS');

    // The department sends it back: scanned once, under R2, it is returned in both.
    const scan = expectOk(await c.post(`/api/recalls/${r2.id}/scan`, { code: out }));
    expect(scan).toMatchObject({ barcode: out, disposition: 'returned', notFoundLeft: 0 });
    expect(sorted(scan.settledRecallIds)).toEqual(sorted([r1.id, r2.id]));
    for (const id of [r1.id, r2.id]) expect(itemOf(await view(id), out)).toMatchObject({ disposition: 'returned' });
    // One physical return, one event on the pack's history, naming both recalls.
    const events: { type: string; data: { recallId: string; recallIds: string[] } }[] = await t.ds.query(
      `SELECT e.type, e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.barcode = $1 AND e.type LIKE 'recall_%' ORDER BY e.id`,
      [out],
    );
    expect(events.map((e) => ({ type: e.type, recallId: e.data.recallId, recallIds: sorted(e.data.recallIds) }))).toEqual([
      { type: 'recall_returned', recallId: r2.id, recallIds: sorted([r1.id, r2.id]) },
    ]);
    // Scanning it again under R1 changes nothing.
    expect(expectOk(await c.post(`/api/recalls/${r1.id}/scan`, { code: out })).disposition).toBe('returned');
    expect(expectOk(await close(r1.id)).status).toBe('closed');
    expect(expectOk(await close(r2.id)).status).toBe('closed');
  });

  it('a failed inside indicator reported by department A: department B’s notice and recall list name only B’s packs and the sterilizer and cycle, never A’s barcode; the head nurse still sees it', async () => {
    const c = await ChainDriver.create(t);
    const userA = c.departmentUser;
    const deptB = await createDepartment(t);
    const userB = await createUser(t, 'department', { departmentId: deptB.id });
    const [atA, atB, inStore] = await c.packedMany([await c.newSet(), await c.newSet(), await c.newSet()]);
    const load = await c.startLoad([atA, atB, inStore]);
    await c.unload(load.id);
    for (const p of [atA, atB, inStore]) await c.store(p);
    await c.dispatch(atA);
    await c.receive(atA);
    await c.dispatch(atB, deptB.id);

    const report = expectOk(await c.post('/api/department/problems', { code: atA, kind: 'inside_indicator_failed' }, userA.token));
    const recall = await view(report.recallId);
    const where = `${c.sterilizer.sterilizer.code} cycle ${load.cycleNo}`;
    expect(recall.reason).toContain(where);
    expect(recall.reason).not.toContain(atA);
    // The head nurse's view keeps the reported pack.
    expect(recall.scope).toMatchObject({ reportedPack: atA, sterilizerCode: c.sterilizer.sterilizer.code, failedCycleNo: load.cycleNo });

    const notices = expectOk(await get('/api/department/notices', userB.token));
    const mine = notices.filter((n: { recallId: string }) => n.recallId === report.recallId);
    expect(mine).toHaveLength(1);
    expect(mine[0].packs.map((p: { barcode: string }) => p.barcode)).toEqual([atB]);
    for (const text of [mine[0].messageZh, mine[0].messageEn]) {
      expect(text).not.toContain(atA);
      expect(text).toContain(c.sterilizer.sterilizer.code);
    }
    // Each language's notice in that language only (the recorded reason holds both).
    expect(mine[0].messageEn).not.toMatch(/[\u4e00-\u9fff]/);
    expect(mine[0].messageZh).not.toMatch(/Inside indicator/);
    const list = expectOk(await get('/api/department/recalls', userB.token));
    const rows = list.filter((r: { recall_id: string }) => r.recall_id === report.recallId);
    expect(rows[0]).toMatchObject({
      reason_zh: `包内化学指示物不合格（${where.replace(' cycle ', ' 第 ')} 锅）`,
      reason_en: `Inside indicator failed: ${where}`,
    });
    expect(rows.map((r: { barcode: string }) => r.barcode)).toEqual([atB]);
    expect(JSON.stringify(rows)).not.toContain(atA);
    // The recall event on B's pack, which B reads in its provenance, does not name A's pack either.
    const trace = expectOk(await get(`/api/trace/packs/${atB}`, userB.token));
    expect(JSON.stringify(trace)).not.toContain(atA);
  });

  it('provenance seen by a department covers its own cycle: the recycling of B’s pack does not name the set’s earlier pack or department A; CSSD staff still see them', async () => {
    const c = await ChainDriver.create(t);
    const deptA = c.department;
    const userA = c.departmentUser;
    const deptB = await createDepartment(t);
    const userB = await createUser(t, 'department', { departmentId: deptB.id });
    const template = await createTemplate(t);
    const set = await createSet(t, { templateId: template.id, homeDepartmentId: deptA.id });

    // Cycle 1 at A: used on a patient, collected from A.
    const [first] = await c.storedMany([set.assetCode]);
    await c.dispatch(first);
    await c.receive(first);
    await c.use(first, 'ZY-A-77');
    const [{ id: firstId }] = await t.ds.query(`SELECT id FROM packs WHERE barcode = $1`, [first]);
    // Cycle 2 goes to B.
    await c.recycle(first, { note: 'collected from theatre 3 after case 77' });
    await c.wash([set.assetCode]);
    const second = await c.pack(set.assetCode);
    await c.sterilize([second]);
    await c.store(second);
    await c.dispatch(second, deptB.id);

    const seenByB = expectOk(await get(`/api/trace/packs/${second}`, userB.token));
    expect(seenByB.pack).toMatchObject({ barcode: second, cycleNo: 2 });
    expect(seenByB.recycling).toMatchObject({ fromDepartment: null });
    for (const key of ['previousBarcode', 'previousPackId', 'fromDepartmentId', 'fromDepartmentCode', 'note']) {
      expect({ key, inRecycling: key in seenByB.recycling.data }).toEqual({ key, inRecycling: false });
    }
    const recycleEvent = seenByB.events.find((e: { type: string }) => e.type === 'recycle');
    expect(recycleEvent.data).not.toHaveProperty('previousBarcode');
    const text = JSON.stringify(seenByB);
    for (const foreign of [first, firstId, deptA.code, 'theatre 3'])
      expect({ foreign, shown: text.includes(foreign) }).toEqual({ foreign, shown: false });
    // B's own cycle is all there.
    expect(seenByB.dispatch.department.code).toBe(deptB.code);
    expect(seenByB.sterilization.sterilizer.code).toBe(c.sterilizer.sterilizer.code);

    // A, looking at its own pack, does not see the set's next cycle at B.
    const seenByA = expectOk(await get(`/api/trace/packs/${first}`, userA.token));
    expect(seenByA.use.patientId).toBe('ZY-A-77');
    expect(seenByA.replacedBy).toBeNull();
    expect(JSON.stringify(seenByA)).not.toContain(second);

    // CSSD staff see the whole chain.
    const seenByCssd = expectOk(await get(`/api/trace/packs/${second}`, c.nurse.token));
    expect(seenByCssd.recycling.fromDepartment.code).toBe(deptA.code);
    expect(seenByCssd.recycling.data).toMatchObject({
      previousBarcode: first,
      previousPackId: firstId,
      note: 'collected from theatre 3 after case 77',
    });
    expect(expectOk(await get(`/api/trace/packs/${first}`, head.token)).replacedBy).toMatchObject({ barcode: second });
  });
});
