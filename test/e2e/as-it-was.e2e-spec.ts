import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { expectOk, expectRefused } from '../support/expect.js';
import { bearer, createSet, createTemplate, createUser, uniq, type TestUser } from '../support/factories.js';

/** supertest collects a binary body as a Buffer. */
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Issue 19 items 13–14: a load is judged by the catalog as it was when it started, and a pack's
 * provenance and label say what applied when each step happened — whatever the catalog says today.
 */
describe('the record as it was: catalog edits never rewrite a load or a pack', () => {
  let t: TestApp;
  let head: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    head = await createUser(t, 'head_nurse');
  });
  afterAll(() => t.close());

  const patch = (path: string, body: object) => t.http().patch(path).set(bearer(head.token)).send(body);
  const trace = async (barcode: string, c: ChainDriver) =>
    expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(c.nurse.token)));
  const label = async (barcode: string, format: 'svg' | 'zpl', c: ChainDriver) => {
    const res = await t.http().get(`/api/labels/packs/${barcode}.${format}`).set(bearer(c.nurse.token)).buffer(true).parse(binary);
    expectOk(res);
    return (res.body as Buffer).toString('utf8');
  };
  /** The words an SVG label shows (its aria-label lists every text run). */
  const labelText = (svg: string) => /^<svg[^>]* aria-label="([^"]*)"/.exec(svg)![1];

  it('a program edited during a run does not loosen it: unloaded at 125–126 °C, the load fails against 134–137 °C / 4 min', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.startLoad([barcode]);
    const programPath = `/api/sterilizers/${c.sterilizer.sterilizer.id}/programs/${c.sterilizer.program.id}`;
    expectOk(await patch(programPath, { tempMinC: 121, minHoldMin: 1 }));

    const unloaded = await c.unload(load.id, { physical: { tempMinC: 125, tempMaxC: 126, holdMinutes: 4.5 } });
    expect(unloaded).toMatchObject({ status: 'failed', release: 'failed', physicalPassed: false });
    expect(unloaded.physicalProblems).toEqual(['temperature 125 °C below 134 °C']);
    expect(unloaded.counts).toMatchObject({ released: 0, failed: 1 });
    expectRefused(await c.post('/api/storage/scan', { code: barcode }), 409, 'PACK_WRONG_STATE');

    // The load kept the program it started with; the edit applies to loads started after it.
    const got = expectOk(await t.http().get(`/api/loads/${load.id}`).set(bearer(c.nurse.token)));
    expect(got.runSnapshot.program).toMatchObject({ code: 'P134', tempMinC: 134, tempMaxC: 137, minHoldMin: 4 });
    const [later] = await c.packedMany([await c.newSet()]);
    const next = await c.startLoad([later]);
    const nextUnloaded = await c.unload(next.id, { physical: { tempMinC: 125, tempMaxC: 126, holdMinutes: 1.5 } });
    expect(nextUnloaded).toMatchObject({ status: 'completed', release: 'released', physicalPassed: true });
  });

  it('a program deactivated after its load was opened: starting is refused, nothing changes', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad();
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: barcode }));
    expectOk(
      await t
        .http()
        .post(`/api/sterilizers/${c.sterilizer.sterilizer.id}/programs/${c.sterilizer.program.id}/deactivate`)
        .set(bearer(head.token)),
    );

    const refused = await c.post(`/api/loads/${load.id}/start`, {}).set('Accept-Language', 'en');
    expectRefused(refused, 422, 'LOAD_PROGRAM_INACTIVE');
    expect(refused.body.message).toContain('P134');
    const got = expectOk(await t.http().get(`/api/loads/${load.id}`).set(bearer(c.nurse.token)));
    expect(got).toMatchObject({ status: 'open', startedAt: null, runSnapshot: null });
    expect(got.packs.map((p: { barcode: string; state: string }) => [p.barcode, p.state])).toEqual([[barcode, 'loaded']]);
    // The load can still be cancelled, and its packs go into a load on an active program.
    expectOk(await c.post(`/api/loads/${load.id}/cancel`, {}));
  });

  it('renaming the sterilizer, editing the program, the template and the department leaves an earlier pack’s provenance and label as they were', async () => {
    const c = await ChainDriver.create(t);
    const contents = [
      { nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 1 },
      { nameZh: '直止血钳', nameEn: 'Straight haemostat', specification: '14cm', quantity: 4 },
    ];
    const template = await createTemplate(t, { nameZh: '阑尾包', nameEn: 'Appendectomy set', contents });
    const set = await createSet(t, { templateId: template.id, homeDepartmentId: c.department.id });
    await c.recycle(set.assetCode);
    await c.wash([set.assetCode]);
    const barcode = await c.pack(set.assetCode);
    await c.sterilize([barcode]);
    await c.store(barcode);
    await c.dispatch(barcode);

    const before = await trace(barcode, c);
    const svgBefore = await label(barcode, 'svg', c);
    const zplBefore = await label(barcode, 'zpl', c);
    const oldCode = c.sterilizer.sterilizer.code;
    expect(before.sterilization.sterilizer.code).toBe(oldCode);
    expect(labelText(svgBefore)).toContain(oldCode);

    const s = c.sterilizer.sterilizer.id;
    expectOk(await patch(`/api/sterilizers/${s}`, { code: uniq('NEW'), nameZh: '改名灭菌器', nameEn: 'Renamed sterilizer' }));
    expectOk(
      await patch(`/api/sterilizers/${s}/programs/${c.sterilizer.program.id}`, {
        code: 'P121',
        nameZh: '121℃',
        nameEn: '121 °C',
        tempMinC: 121,
        minHoldMin: 1,
      }),
    );
    expectOk(
      await patch(`/api/set-templates/${template.id}`, {
        code: uniq('TPL'),
        nameZh: '改后的包',
        nameEn: 'Changed set',
        contents: [{ nameZh: '持针器', nameEn: 'Needle holder', specification: '18cm', quantity: 2 }],
      }),
    );
    expectOk(await patch(`/api/departments/${c.department.id}`, { code: uniq('D'), nameZh: '改名科室', nameEn: 'Renamed department' }));

    const after = await trace(barcode, c);
    const asItWas = (b: typeof before) => ({
      pack: b.pack,
      template: b.template,
      recyclingFrom: b.recycling.fromDepartment,
      sterilizer: b.sterilization.sterilizer,
      program: b.sterilization.program,
      dispatchedTo: b.dispatch.department,
    });
    expect(asItWas(after)).toEqual(asItWas(before));
    expect(after.sterilization.sterilizer.code).toBe(oldCode);
    expect(after.sterilization.program).toMatchObject({ code: 'P134', tempMinC: 134, tempMaxC: 137, minHoldMin: 4 });
    expect(after.template).toMatchObject({ code: template.code, nameZh: '阑尾包', contents });
    expect(after.pack).toMatchObject({ templateCode: template.code, nameZh: '阑尾包' });
    expect(after.dispatch.department).toEqual({ code: c.department.code, nameZh: '测试科室', nameEn: 'Test department' });
    expect(after.recycling.fromDepartment).toEqual({ code: c.department.code, nameZh: '测试科室', nameEn: 'Test department' });
    // The load event and the provenance name the same sterilizer.
    const loadEvent = after.events.find((e: { type: string }) => e.type === 'load');
    expect(loadEvent.data.sterilizerCode).toBe(after.sterilization.sterilizer.code);

    // Drawn again, the label is the one that was printed.
    const svgAfter = await label(barcode, 'svg', c);
    expect(labelText(svgAfter)).toBe(labelText(svgBefore));
    expect(svgAfter).toBe(svgBefore);
    expect(await label(barcode, 'zpl', c)).toBe(zplBefore);

    // The next pack of the set is packed to the template as it is now.
    await c.recycle(barcode);
    await c.wash([set.assetCode]);
    const next = await c.pack(set.assetCode);
    const nextTrace = await trace(next, c);
    expect(nextTrace.template).toMatchObject({
      nameZh: '改后的包',
      contents: [{ nameZh: '持针器', nameEn: 'Needle holder', specification: '18cm', quantity: 2 }],
    });
    expect(nextTrace.recycling.fromDepartment.nameZh).toBe('改名科室');
  });

  it('a label printed before the load started, then the sterilizer renamed: the load refuses to start until it is reprinted', async () => {
    const c = await ChainDriver.create(t);
    const [barcode] = await c.packedMany([await c.newSet()]);
    const load = await c.openLoad();
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: barcode }));
    expectOk(await c.post(`/api/labels/packs/${barcode}/print`, {}).buffer(true).parse(binary));
    const newCode = uniq('NEW');
    expectOk(await patch(`/api/sterilizers/${c.sterilizer.sterilizer.id}`, { code: newCode }));

    await c.beforeStart(load.id);
    expectRefused(await c.post(`/api/loads/${load.id}/start`, {}), 409, 'LABELS_OUTDATED');
    expectOk(await c.post(`/api/labels/packs/${barcode}/reprint`, { reason: 'sterilizer renamed' }).buffer(true).parse(binary));
    const started = expectOk(await c.post(`/api/loads/${load.id}/start`, {}));
    expect(started.runSnapshot.sterilizer.code).toBe(newCode);
    expect(labelText(await label(barcode, 'svg', c))).toContain(newCode);
  });

  it('the catalog’s own history: the head nurse reads who changed what, and when', async () => {
    const c = await ChainDriver.create(t);
    const programId = c.sterilizer.program.id;
    const t0 = Date.now();
    expectOk(await patch(`/api/sterilizers/${c.sterilizer.sterilizer.id}/programs/${programId}`, { tempMinC: 121, minHoldMin: 1 }));
    expectOk(await patch(`/api/departments/${c.department.id}`, { nameZh: '改名科室' }));

    const programLog = expectOk(
      await t.http().get(`/api/audit?entityType=sterilizer_program&entityId=${programId}`).set(bearer(head.token)),
    );
    expect(programLog).toHaveLength(1);
    expect(programLog[0]).toMatchObject({
      action: 'update',
      actorId: head.user.id,
      actor: { id: head.user.id, username: head.user.username, displayName: head.user.displayName },
      before: { tempMinC: 134, minHoldMin: 4 },
      after: { tempMinC: 121, minHoldMin: 1 },
    });
    expect(new Date(programLog[0].at).getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    const deptLog = expectOk(await t.http().get(`/api/audit?entityId=${c.department.id}`).set(bearer(head.token)));
    expect(deptLog[0]).toMatchObject({
      action: 'update',
      actor: { username: head.user.username },
      before: { nameZh: '测试科室' },
      after: { nameZh: '改名科室' },
    });
    // Nurses do not read the audit log.
    expectRefused(await t.http().get('/api/audit').set(bearer(c.nurse.token)), 403, 'FORBIDDEN_ROLE');
  });
});
