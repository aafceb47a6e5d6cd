import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { packBarcode } from '../../src/kernel/barcode.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { ChainDriver } from '../support/chain.js';
import { bearer, createSet, createUser, rowCounts, uniq } from '../support/factories.js';
import { expectOk, expectRefused } from '../support/expect.js';

/**
 * Issue 19 item 15 — packaging must suit the method (WS 310.2; sterilizer makers' instructions):
 * cellulose (cotton, paper) absorbs hydrogen peroxide, so a cotton pack in an H₂O₂ plasma load is
 * not sterilized. The catalog refuses such templates; packing and loading refuse such packs,
 * including those of templates saved before the rule (set up here with SQL).
 */
describe('packaging must suit the sterilization method', () => {
  let t: TestApp;
  let head: string;
  beforeAll(async () => {
    t = await createTestApp();
    head = (await createUser(t, 'head_nurse')).token;
  });
  afterAll(() => t.close());

  const template = (over: object) => ({
    code: uniq('TPL'),
    nameZh: '腹腔镜器械',
    nameEn: 'Laparoscopic instruments',
    sterilizationMethod: 'h2o2_plasma',
    contents: [{ nameZh: '抓钳', nameEn: 'Grasper', specification: '5mm', quantity: 1 }],
    ...over,
  });
  const createTpl = (body: object, lang = 'en') =>
    t.http().post('/api/set-templates').set(bearer(head)).set('Accept-Language', lang).send(body);

  /** A template saved before the catalog checked packaging against the method: its id. */
  async function oldTemplate(packaging: string, method: string): Promise<string> {
    const [row] = await t.ds.query(
      `INSERT INTO set_templates (code, name_zh, name_en, packaging_material, sterilization_method, contents, created_at, updated_at)
       VALUES ($1, '旧模板', 'Old template', $2, $3, '[{"nameZh":"抓钳","nameEn":"Grasper","specification":"5mm","quantity":1}]', $4, $4) RETURNING id`,
      [uniq('OLD'), packaging, method, t.clock.instant()],
    );
    return row.id;
  }

  it('refuses a cotton template for H₂O₂ plasma (422, naming material and method in zh and en); nothing is written', async () => {
    const before = await rowCounts(t, ['set_templates', 'audit_log']);
    const body = template({ packagingMaterial: 'cotton' });
    const en = await createTpl(body, 'en');
    expectRefused(en, 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    expect(en.body.message).toContain('cotton cloth');
    expect(en.body.message).toContain('hydrogen peroxide plasma');
    expect(en.body.details).toMatchObject({ material: 'cotton', method: 'h2o2_plasma', field: 'packagingMaterial' });
    const zh = await createTpl(body, 'zh-CN');
    expectRefused(zh, 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    expect(zh.body.message).toContain('棉布');
    expect(zh.body.message).toContain('过氧化氢低温等离子');
    // Crepe paper, paper bags and the paper side of a paper-plastic pouch are cellulose too.
    for (const packagingMaterial of ['paper_bag', 'crepe_nonwoven', 'paper_plastic_pouch']) {
      expectRefused(await createTpl(template({ packagingMaterial })), 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    }
    expect(await rowCounts(t, ['set_templates', 'audit_log'])).toEqual(before);

    // The cellulose-free materials are accepted, and cotton still suits steam.
    const tyvek = expectOk(
      await createTpl(template({ packagingMaterial: 'tyvek_pouch', alternativePackaging: ['nonwoven_polypropylene', 'rigid_container'] })),
    );
    expect(tyvek).toMatchObject({ packagingMaterial: 'tyvek_pouch', sterilizationMethod: 'h2o2_plasma' });
    expectOk(await createTpl(template({ packagingMaterial: 'cotton', sterilizationMethod: 'steam_prevacuum' })));
  });

  it('refuses an unsuitable alternative packaging, at creation and by PATCH, and a method change the packaging does not suit', async () => {
    const alt = await createTpl(
      template({ packagingMaterial: 'nonwoven_polypropylene', alternativePackaging: ['tyvek_pouch', 'paper_plastic_pouch'] }),
    );
    expectRefused(alt, 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    expect(alt.body.details).toMatchObject({ material: 'paper_plastic_pouch', method: 'h2o2_plasma', field: 'alternativePackaging.1' });
    expect(alt.body.message).toContain('paper-plastic pouch');

    const tpl = expectOk(await createTpl(template({ packagingMaterial: 'nonwoven_polypropylene' })));
    const patch = (body: object) =>
      t.http().patch(`/api/set-templates/${tpl.id}`).set(bearer(head)).set('Accept-Language', 'en').send(body);
    const before = await rowCounts(t, ['audit_log']);
    const cotton = await patch({ alternativePackaging: ['cotton'] });
    expectRefused(cotton, 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    expect(cotton.body.details).toMatchObject({ material: 'cotton', field: 'alternativePackaging.0' });
    expectRefused(await patch({ packagingMaterial: 'crepe_nonwoven' }), 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    expect(await rowCounts(t, ['audit_log'])).toEqual(before);
    const [row] = await t.ds.query(`SELECT packaging_material, alternative_packaging FROM set_templates WHERE id = $1`, [tpl.id]);
    expect(row).toEqual({ packaging_material: 'nonwoven_polypropylene', alternative_packaging: [] });

    // Tyvek does not go through steam: switching a Tyvek template to steam is refused.
    const tyvekTpl = expectOk(await createTpl(template({ packagingMaterial: 'tyvek_pouch' })));
    const toSteam = await t
      .http()
      .patch(`/api/set-templates/${tyvekTpl.id}`)
      .set(bearer(head))
      .send({ sterilizationMethod: 'steam_prevacuum' });
    expectRefused(toSteam, 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    // An old template that breaks the rule is fixed by an edit that makes it suit.
    const old = await oldTemplate('cotton', 'h2o2_plasma');
    expectRefused(
      await t.http().patch(`/api/set-templates/${old}`).set(bearer(head)).send({ nameEn: 'Renamed' }),
      422,
      'PACKAGING_METHOD_INCOMPATIBLE',
    );
    expect(
      expectOk(await t.http().patch(`/api/set-templates/${old}`).set(bearer(head)).send({ packagingMaterial: 'tyvek_pouch' })),
    ).toMatchObject({ packagingMaterial: 'tyvek_pouch' });
  });

  it('packing refuses a set of an old cotton / H₂O₂ plasma template; the set stays cleaned, nothing recorded', async () => {
    const c = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
    const templateId = await oldTemplate('cotton', 'h2o2_plasma');
    const set = await createSet(t, { templateId, homeDepartmentId: c.department.id });
    await c.recycle(set.assetCode);
    await c.wash([set.assetCode]);
    const events = async () =>
      (await t.ds.query(`SELECT count(*)::int AS n FROM pack_events e JOIN packs p ON p.id = e.pack_id WHERE p.set_id = $1`, [set.id]))[0]
        .n;
    const before = await events();
    const res = await c.post('/api/packing/sets', {
      code: set.assetCode,
      inspection: { clean: true, functional: true, complete: true, label: true, indicatorTape: true },
    });
    expectRefused(res, 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    expect(res.body.details).toMatchObject({ material: 'cotton', method: 'h2o2_plasma' });
    const [pack] = await t.ds.query(`SELECT state, barcode FROM packs WHERE set_id = $1`, [set.id]);
    expect(pack).toEqual({ state: 'cleaned', barcode: null });
    expect(await events()).toBe(before);
  });

  it('loading refuses a pack whose packaging does not suit the sterilizer (a cotton pack packed before the rule, into H₂O₂ plasma)', async () => {
    const c = await ChainDriver.create(t, { sterilizerType: 'h2o2_plasma' });
    const templateId = await oldTemplate('cotton', 'h2o2_plasma');
    // Packed before the rule existed: written straight into the table.
    const [{ n }] = await t.ds.query(`SELECT nextval('pack_barcode_seq') AS n`);
    const barcode = packBarcode(BigInt(n));
    await t.ds.query(
      `INSERT INTO packs (barcode, template_id, state, packaging_material, packed_by, created_at, updated_at) VALUES ($1, $2, 'packed', 'cotton', $3, $4, $4)`,
      [barcode, templateId, c.nurse.user.id, t.clock.instant()],
    );
    const load = await c.openLoad();
    const res = await c.post(`/api/loads/${load.id}/packs`, { code: barcode });
    expectRefused(res, 422, 'PACKAGING_METHOD_INCOMPATIBLE');
    expect(res.body.details).toMatchObject({ material: 'cotton', method: 'h2o2_plasma', barcode });
    expect((await t.ds.query(`SELECT state, load_id FROM packs WHERE barcode = $1`, [barcode]))[0]).toEqual({
      state: 'packed',
      load_id: null,
    });
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM load_items WHERE load_id = $1`, [load.id]))[0].n).toBe(0);

    // A suitable pack goes into the same load.
    const [ok] = await c.packedMany([await c.newSet({ sterilizationMethod: 'h2o2_plasma', packagingMaterial: 'tyvek_pouch' })]);
    expectOk(await c.post(`/api/loads/${load.id}/packs`, { code: ok }));
  });
});
