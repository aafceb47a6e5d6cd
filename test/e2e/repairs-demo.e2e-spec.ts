import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { localDate } from '../../src/common/clock.js';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { seedDemoHospital } from '../../src/seed/demo-seed.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { expectOk } from '../support/expect.js';
import { bearer, createUser } from '../support/factories.js';
import { createScratchDatabase } from '../support/test-db.js';

/**
 * The demo hospital's repair and scrap register (issue 16, seed 4.4): blunt scissors at the repair
 * vendor, a broken forceps awaiting the head nurse's scrap confirmation, a lost instrument charged
 * to the emergency department — each from a real recycling count of the demo's sets, so the
 * findings, the register and the department's own charges read them as they read a station's.
 */
describe('demo repair register', () => {
  let t: TestApp;
  let owner: DataSource;

  beforeAll(async () => {
    const ownerUrl = await createScratchDatabase('repairsdemo');
    t = await createTestApp({}, { ownerUrl });
    owner = await createDataSource(ownerUrl, ENTITIES).initialize();
    await seedDemoHospital(owner, t.clock.instant(), localDate(t.clock.instant(), t.config.timezone));
  }, 120_000);
  afterAll(async () => {
    await owner?.destroy();
    await t?.close();
  });

  it('holds a repair at the vendor, a scrap to confirm and a loss charged to a ward', async () => {
    const head = await createUser(t, 'head_nurse');
    const day = localDate(t.clock.instant(), t.config.timezone);
    const r = expectOk(await t.http().get(`/api/repairs?date=${day}`).set(bearer(head.token)));
    expect(
      r.entries
        .map((e: { assetCode: string; disposition: string; status: string }) => [e.assetCode, e.disposition, e.status])
        .sort((a: string[], b: string[]) => a[0].localeCompare(b[0])),
    ).toEqual([
      ['APP-0001', 'repair', 'at_vendor'],
      ['LAP-0001', 'scrap', 'awaiting_scrap'],
      ['SUT-0001', 'lost', 'lost'],
    ]);
    expect(r.totals).toMatchObject({ entries: 3, cost: 275, compensation: 45 });
    expect(r.totals.byDepartment).toEqual([expect.objectContaining({ code: 'ED', compensation: 45, settled: 0 })]);
    const findings = expectOk(await t.http().get('/api/repairs/findings?code=APP-0001').set(bearer(head.token)));
    expect(findings.findings[0].lines[0]).toMatchObject({ line: 1, nameZh: '组织剪', finding: 'damaged', found: 1 });
    expect(findings.findings[0].lines[0].entry).toMatchObject({ disposition: 'repair', vendor: '上海某医疗器械维修有限公司' });
    // The emergency department sees its own charge, nothing else.
    const [ed] = await owner.query(`SELECT id FROM departments WHERE code = 'ED'`);
    const edUser = await createUser(t, 'department', { departmentId: ed.id });
    const mine = expectOk(await t.http().get(`/api/repairs?date=${day}`).set(bearer(edUser.token)));
    expect(mine.entries.map((e: { assetCode: string }) => e.assetCode)).toEqual(['SUT-0001']);
  });
});
