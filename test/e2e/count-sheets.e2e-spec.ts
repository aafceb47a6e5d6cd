import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { createSet, createTemplate, rowCounts } from '../support/factories.js';
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
  beforeAll(async () => {
    t = await createTestApp();
    chain = await ChainDriver.create(t);
  });
  afterAll(() => t.close());

  const newSet = async (over: Parameters<typeof createTemplate>[1] = {}) => {
    const template = await createTemplate(t, { contents: CONTENTS, ...over });
    return { template, set: await createSet(t, { templateId: template.id }) };
  };
  const recycle = (code: string, extra: object = {}, lang = 'en') =>
    t.http().post('/api/recycling/scan').set({ Authorization: `Bearer ${chain.nurse.token}`, 'Accept-Language': lang }).send({ code, departmentId: chain.department.id, ...extra });

  describe('at recycling, the count is taken against the template', () => {
    it('refuses free text and instruments the set does not have, writing nothing', async () => {
      const { set } = await newSet();
      const before = await rowCounts(t, CHAIN_TABLES);
      // The free-text count of old: "nonexistent ×99".
      const free = expectRefused(await recycle(set.assetCode, { missing: [{ instrument: 'nonexistent', quantity: 99 }] }), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(free.details)).toContain('line');
      // A line the template does not have.
      const unknown = expectRefused(await recycle(set.assetCode, { missing: [{ line: 4, quantity: 1 }] }), 422, 'COUNT_LINE_UNKNOWN');
      expect(unknown.message).toContain('3 lines');
      // More than the line holds, missing and damaged together.
      const over = expectRefused(await recycle(set.assetCode, { missing: [{ line: 1, quantity: 1 }], damaged: [{ line: 1, quantity: 2 }] }), 422, 'COUNT_QUANTITY_EXCEEDS');
      expect(over.message).toBe('Tissue scissors 16cm: 3 missing or damaged, more than the template’s 2');
      const zh = expectRefused(await recycle(set.assetCode, { damaged: [{ line: 3, quantity: 99 }] }, 'zh-CN'), 422, 'COUNT_QUANTITY_EXCEEDS');
      expect(zh.message).toBe('持针器 缺失/损坏共 99 件，超过模板数量 1 件');
      expect(await rowCounts(t, CHAIN_TABLES)).toEqual(before);
    });

    it('records a shortfall by the template’s lines, as the set’s template version named them', async () => {
      const { template, set } = await newSet();
      const res = expectOk(await recycle(set.assetCode, { missing: [{ line: 2, quantity: 1 }, { line: 2, quantity: 1 }], damaged: [{ line: 1, quantity: 1 }] }));
      expect(res.summary.en).toContain('missing Haemostatic forceps 14cm ×2, damaged Tissue scissors 16cm ×1');
      expect(res.summary.zh).toContain('缺 止血钳 14cm ×2、损坏 组织剪 16cm ×1');
      const [event] = await t.ds.query(`SELECT e.data FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.set_id = $1 AND e.type = 'recycle'`, [set.id]);
      expect(event.data).toMatchObject({
        templateVersion: template.version ?? 1,
        countMatches: false,
        missing: [{ line: 2, nameZh: '止血钳', nameEn: 'Haemostatic forceps', specification: '14cm', quantity: 2 }],
        damaged: [{ line: 1, nameZh: '组织剪', nameEn: 'Tissue scissors', specification: '16cm', quantity: 1 }],
      });
    });
  });
});
