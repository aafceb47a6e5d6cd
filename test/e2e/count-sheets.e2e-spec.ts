import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createTemplate, createUser, rowCounts, type TestUser } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Count sheets and checks (issue 18, seed 1.1, 1.3, 1.4, 11.3): the count at recycling is taken
 * against the template's contents line by line; a shortfall follows the set to packing, which
 * refuses it as complete until the instrument is replaced or the head nurse approves packing
 * it short (then on the label and in provenance); the packing inspection is the seed's
 * checklist; collection records the handover.
 */

const CHAIN_TABLES = ['packs', 'pack_events', 'instrument_sets'];
const CONTENTS = [
  { nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 2 },
  { nameZh: '止血钳', nameEn: 'Haemostatic forceps', specification: '14cm', quantity: 6 },
  { nameZh: '持针器', nameEn: 'Needle holder', specification: '', quantity: 1 },
];

describe('count sheets and checks', () => {
  let t: TestApp;
  let chain: ChainDriver;
  let headNurse: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    chain = await ChainDriver.create(t);
    headNurse = await createUser(t, 'head_nurse', { badge: true });
  });
  afterAll(() => t.close());

  const newSet = async (over: Parameters<typeof createTemplate>[1] = {}) => {
    const template = await createTemplate(t, { contents: CONTENTS, ...over });
    return { template, set: await createSet(t, { templateId: template.id }) };
  };
  const recycle = (code: string, extra: object = {}, lang = 'en') =>
    t
      .http()
      .post('/api/recycling/scan')
      .set({ Authorization: `Bearer ${chain.nurse.token}`, 'Accept-Language': lang })
      .send({ code, departmentId: chain.department.id, ...chain.handover(), ...extra });

  describe('at recycling, the count is taken against the template', () => {
    it('refuses free text and instruments the set does not have, writing nothing', async () => {
      const { set } = await newSet();
      const before = await rowCounts(t, CHAIN_TABLES);
      // The free-text count of old: "nonexistent ×99".
      const free = expectRefused(
        await recycle(set.assetCode, { missing: [{ instrument: 'nonexistent', quantity: 99 }] }),
        400,
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(free.details)).toContain('line');
      // A line the template does not have.
      const unknown = expectRefused(await recycle(set.assetCode, { missing: [{ line: 4, quantity: 1 }] }), 422, 'COUNT_LINE_UNKNOWN');
      expect(unknown.message).toContain('3 lines');
      // More than the line holds, missing and damaged together.
      const over = expectRefused(
        await recycle(set.assetCode, { missing: [{ line: 1, quantity: 1 }], damaged: [{ line: 1, quantity: 2 }] }),
        422,
        'COUNT_QUANTITY_EXCEEDS',
      );
      expect(over.message).toBe('Tissue scissors 16cm: 3 missing or damaged, more than the template’s 2');
      const zh = expectRefused(
        await recycle(set.assetCode, { damaged: [{ line: 3, quantity: 99 }] }, 'zh-CN'),
        422,
        'COUNT_QUANTITY_EXCEEDS',
      );
      expect(zh.message).toBe('持针器 缺失/损坏共 99 件，超过模板数量 1 件');
      expect(await rowCounts(t, CHAIN_TABLES)).toEqual(before);
    });

    it('records a shortfall by the template’s lines, as the set’s template version named them', async () => {
      const { template, set } = await newSet();
      const res = expectOk(
        await recycle(set.assetCode, {
          missing: [
            { line: 2, quantity: 1 },
            { line: 2, quantity: 1 },
          ],
          damaged: [{ line: 1, quantity: 1 }],
        }),
      );
      expect(res.summary.en).toContain('missing Haemostatic forceps 14cm ×2, damaged Tissue scissors 16cm ×1');
      expect(res.summary.zh).toContain('缺 止血钳 14cm ×2、损坏 组织剪 16cm ×1');
      const [event] = await t.ds.query(
        `SELECT e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.set_id = $1 AND e.type = 'recycle'`,
        [set.id],
      );
      expect(event.data).toMatchObject({
        templateVersion: template.version ?? 1,
        countMatches: false,
        missing: [{ line: 2, nameZh: '止血钳', nameEn: 'Haemostatic forceps', specification: '14cm', quantity: 2 }],
        damaged: [{ line: 1, nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 1 }],
      });
    });
  });

  describe('a shortfall follows the set to packing', () => {
    const packBody = (code: string, extra: object = {}) => ({ code, inspection: chain.inspection(), ...extra });
    const pack = (code: string, extra: object = {}, lang = 'en') =>
      chain.post('/api/packing/sets', packBody(code, extra)).set('Accept-Language', lang);
    const replace = (code: string, line: number, quantity: number) => chain.post('/api/packing/replacements', { code, line, quantity });
    const shortSet = async () => {
      const { set } = await newSet();
      expectOk(await recycle(set.assetCode, { missing: [{ line: 2, quantity: 2 }], damaged: [{ line: 3, quantity: 1 }] }));
      await chain.wash([set.assetCode]);
      return set;
    };
    const badge = (u: TestUser) => ({ badgeCode: u.user.badgeCode, pin: u.pin });

    it('is refused as complete, naming each instrument and quantity, until replaced', async () => {
      const set = await shortSet();
      const before = await rowCounts(t, CHAIN_TABLES);
      const refused = expectRefused(await pack(set.assetCode), 422, 'SHORTFALL_OPEN');
      expect(refused.message).toBe(
        'This set came back short and cannot be packed as complete: missing Haemostatic forceps 14cm ×2, missing Needle holder ×1. Replace the instruments, or have the head nurse approve packing it short',
      );
      expect(expectRefused(await pack(set.assetCode, {}, 'zh-CN'), 422, 'SHORTFALL_OPEN').message).toContain(
        '缺 止血钳 14cm ×2、缺 持针器 ×1',
      );
      expect(refused.details).toEqual({
        shortfall: [expect.objectContaining({ line: 2, quantity: 2 }), expect.objectContaining({ line: 3, quantity: 1 })],
      });
      expect(await rowCounts(t, CHAIN_TABLES)).toEqual(before);

      // Replacements: which line, how many, who; no more than is short.
      expectRefused(await replace(set.assetCode, 1, 1), 422, 'REPLACEMENT_NOT_SHORT');
      expectRefused(await replace(set.assetCode, 2, 3), 422, 'REPLACEMENT_NOT_SHORT');
      const first = expectOk(await replace(set.assetCode, 2, 2));
      expect(first.shortfall).toEqual([expect.objectContaining({ line: 3, nameEn: 'Needle holder', quantity: 1 })]);
      expect(expectRefused(await pack(set.assetCode), 422, 'SHORTFALL_OPEN').message).toContain('missing Needle holder ×1. ');
      expect(expectOk(await replace(set.assetCode, 3, 1)).shortfall).toEqual([]);

      const barcode = expectOk(await pack(set.assetCode)).pack.barcode;
      // A packed set takes no more replacements (the count is settled at packing).
      expectRefused(await replace(set.assetCode, 2, 1), 409, 'PACK_WRONG_STATE');
      const trace = expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(chain.nurse.token)));
      expect(trace.shortfall.open).toEqual([]);
      expect(trace.shortfall.packedShort).toBeNull();
      expect(trace.shortfall.replacements).toEqual([
        expect.objectContaining({ line: 2, nameZh: '止血钳', quantity: 2, by: expect.objectContaining({ id: chain.nurse.user.id }) }),
        expect.objectContaining({ line: 3, nameZh: '持针器', quantity: 1 }),
      ]);
    });

    it('is packed short only with a head nurse’s approval, then printed on the label and shown in provenance', async () => {
      const set = await shortSet();
      expectOk(await replace(set.assetCode, 3, 1));
      // The approval is a head nurse's: another nurse's badge is refused, as is the packer's own.
      expectRefused(await pack(set.assetCode, { shortApproval: badge(chain.nurse2) }), 422, 'SECOND_PERSON_ROLE');
      expectRefused(await pack(set.assetCode, { shortApproval: { ...badge(headNurse), pin: '000000' } }), 422, 'SECOND_PERSON_INVALID');
      const packed = expectOk(await pack(set.assetCode, { shortApproval: badge(headNurse) }));
      expect(packed.summary.en).toContain('packed short (approved by head nurse Test head_nurse: missing Haemostatic forceps 14cm ×2)');
      expect(packed.warnings).toEqual([
        expect.objectContaining({ code: 'PACKED_SHORT', en: 'Packed short: missing Haemostatic forceps 14cm ×2' }),
      ]);
      const barcode = packed.pack.barcode as string;

      // The label says so (printed in its load, before the run).
      const load = await (await chain.withNewSterilizer()).openLoad();
      expectOk(await chain.post(`/api/loads/${load.id}/packs`, { code: barcode }));
      const label = await t
        .http()
        .get(`/api/labels/packs/${barcode}.svg`)
        .set(bearer(chain.nurse.token))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      const svg = (label.body as Buffer).toString('utf8');
      expect(svg).toContain('缺件 SHORT: 止血钳 14cm ×2');

      const trace = expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(chain.nurse.token)));
      expect(trace.shortfall.packedShort).toEqual({
        at: expect.any(String),
        approvedBy: expect.objectContaining({ id: headNurse.user.id }),
        lines: [{ line: 2, nameZh: '止血钳', nameEn: 'Haemostatic forceps', specification: '14cm', quantity: 2 }],
      });
      expect(trace.shortfall.open).toEqual([expect.objectContaining({ line: 2, quantity: 2 })]);
      expect(trace.recycling.missing).toEqual([expect.objectContaining({ line: 2, quantity: 2 })]);
    });

    it('stays with the set when its inspection sends it back to cleaning', async () => {
      const set = await shortSet();
      expectOk(await chain.post('/api/packing/sets', { code: set.assetCode, inspection: { ...chain.inspection(), clean: false } }));
      await chain.wash([set.assetCode]);
      expectRefused(await pack(set.assetCode), 422, 'SHORTFALL_OPEN');
    });
  });

  describe('the packing inspection records the seed’s checklist', () => {
    const cleanedSet = async (over: Parameters<typeof createTemplate>[1] = {}) => {
      const { set } = await newSet(over);
      expectOk(await recycle(set.assetCode));
      await chain.wash([set.assetCode]);
      return set;
    };
    const inspect = (code: string, over: object, lang = 'en') =>
      chain.post('/api/packing/sets', { code, inspection: chain.inspection(over) }).set('Accept-Language', lang);

    it('records every item; a failed one sends the set back, naming why', async () => {
      const set = await cleanedSet();
      // A checklist without the label and indicator tape is not a checklist.
      const partial = expectRefused(
        await chain.post('/api/packing/sets', { code: set.assetCode, inspection: { clean: true, functional: true, complete: true } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(partial.details)).toContain('inspection.indicatorTape');
      const failed = expectOk(await inspect(set.assetCode, { indicatorTape: false, label: false }));
      expect(failed).toMatchObject({ outcome: 'returned_to_cleaning', pack: { state: 'collected', barcode: null } });
      expect(failed.summary.en).toContain('failed inspection (label, indicator tape): back to cleaning');
      expect(failed.warnings).toEqual([expect.objectContaining({ code: 'INSPECTION_FAILED', zh: '检查不合格：标识、包外化学指示胶带' })]);
      await chain.wash([set.assetCode]);
      const barcode = expectOk(await inspect(set.assetCode, {})).pack.barcode;
      const trace = expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(chain.nurse.token)));
      expect(trace.packing.inspection).toEqual({
        clean: true,
        functional: true,
        complete: true,
        label: true,
        indicatorTape: true,
        weight: null,
        weightKg: null,
        maxWeightKg: null,
        note: null,
        failed: [],
      });
      const failure = trace.events.find((e: { type: string }) => e.type === 'inspection_failed');
      expect(failure.data.inspection).toMatchObject({ label: false, indicatorTape: false, failed: ['label', 'indicatorTape'] });
    });

    it('weighs the set where its template sets a limit', async () => {
      const set = await cleanedSet({ maxWeightKg: 7 });
      const before = await rowCounts(t, CHAIN_TABLES);
      const unweighed = expectRefused(await inspect(set.assetCode, {}), 422, 'INSPECTION_WEIGHT_REQUIRED');
      expect(unweighed.message).toBe('The set template sets a maximum weight of 7 kg: weigh the set and enter its weight');
      expect(await rowCounts(t, CHAIN_TABLES)).toEqual(before);
      const heavy = expectOk(await inspect(set.assetCode, { weightKg: 7.4 }, 'zh-CN'));
      expect(heavy.summary.zh).toContain('检查不合格（重量（7.4 kg，上限 7 kg）），退回重新清洗');
      await chain.wash([set.assetCode]);
      const barcode = expectOk(await inspect(set.assetCode, { weightKg: 6.95 })).pack.barcode;
      const trace = expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(chain.nurse.token)));
      expect(trace.packing.inspection).toMatchObject({ weight: true, weightKg: 6.95, maxWeightKg: 7, failed: [] });
    });

    it('lets the head nurse set a template’s maximum weight in the catalog', async () => {
      const head = bearer(headNurse.token);
      const created = expectOk(
        await t
          .http()
          .post('/api/set-templates')
          .set(head)
          .send({
            code: `MW-${Date.now()}`,
            nameZh: '重包',
            nameEn: 'Heavy set',
            packagingMaterial: 'crepe_nonwoven',
            sterilizationMethod: 'steam_prevacuum',
            contents: CONTENTS,
            maxWeightKg: 7,
          }),
      );
      expect(created.maxWeightKg).toBe(7);
      expectRefused(await t.http().patch(`/api/set-templates/${created.id}`).set(head).send({ maxWeightKg: 0 }), 400, 'VALIDATION_FAILED');
      const cleared = expectOk(await t.http().patch(`/api/set-templates/${created.id}`).set(head).send({ maxWeightKg: null }));
      expect(cleared).toMatchObject({ maxWeightKg: null, version: created.version + 1 });
    });
  });

  describe('collection records the handover', () => {
    const collect = (code: string, handover: object, lang = 'en') =>
      t
        .http()
        .post('/api/recycling/scan')
        .set({ ...bearer(chain.nurse.token), 'Accept-Language': lang })
        .send({ code, departmentId: chain.department.id, ...handover });

    it('needs who handed over at the department: a name, or one of that department’s users', async () => {
      const { set } = await newSet();
      const before = await rowCounts(t, CHAIN_TABLES);
      expect(expectRefused(await collect(set.assetCode, {}), 422, 'HANDOVER_REQUIRED').message).toBe(
        'Name who handed the set over at the department (a name or a department user)',
      );
      expectRefused(await collect(set.assetCode, { handedOverBy: '   ' }), 400, 'VALIDATION_FAILED');
      // Another department's user, or a CSSD nurse, did not hand it over at this department.
      const elsewhere = await createUser(t, 'department');
      expectRefused(await collect(set.assetCode, { handedOverByUserId: elsewhere.user.id }), 422, 'HANDOVER_USER_NOT_IN_DEPARTMENT');
      expectRefused(await collect(set.assetCode, { handedOverByUserId: chain.nurse2.user.id }), 422, 'HANDOVER_USER_NOT_IN_DEPARTMENT');
      expect(await rowCounts(t, CHAIN_TABLES)).toEqual(before);
    });

    it('shows who handed over and who received in provenance', async () => {
      const { set } = await newSet();
      expectOk(await collect(set.assetCode, { handedOverByUserId: chain.departmentUser.user.id }));
      await chain.wash([set.assetCode]);
      const barcode = await chain.pack(set.assetCode);
      const trace = expectOk(await t.http().get(`/api/trace/packs/${barcode}`).set(bearer(chain.nurse.token)));
      expect(trace.recycling.handover).toEqual({
        handedOverBy: chain.departmentUser.user.displayName,
        handedOverByUserId: chain.departmentUser.user.id,
        receivedBy: expect.objectContaining({ id: chain.nurse.user.id }),
      });

      const { set: other } = await newSet();
      expectOk(await collect(other.assetCode, { handedOverBy: '李护士' }));
      await chain.wash([other.assetCode]);
      const otherTrace = expectOk(
        await t
          .http()
          .get(`/api/trace/packs/${await chain.pack(other.assetCode)}`)
          .set(bearer(chain.nurse.token)),
      );
      expect(otherTrace.recycling.handover).toMatchObject({
        handedOverBy: '李护士',
        handedOverByUserId: null,
        receivedBy: { id: chain.nurse.user.id },
      });
    });
  });
});
