import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OverlappingRecallItems1795760100000 } from '../../migrations/1795760100000-OverlappingRecallItems.js';
import { testNow } from '../support/clock.js';
import { uniq } from '../support/factories.js';
import { openTestDataSource } from '../support/test-db.js';

/**
 * Issue 19 item 11, the data already written: an open recall that listed a pack as
 * `out_of_circulation` because an earlier, still open recall had taken it (and not yet found it)
 * waits for that pack again after the migration, listed where the earlier recall found it.
 */
describe('migration OverlappingRecallItems', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  afterAll(() => ds?.destroy());

  it('an open later recall waits again for a pack the earlier open recall has not found; closed recalls and accounted packs are left alone', async () => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      const [{ id: templateId }] = await qr.query(
        `INSERT INTO set_templates (code, name_zh, name_en, packaging_material, sterilization_method, created_at, updated_at) VALUES ($1, '测试包', 'Test set', 'crepe_nonwoven', 'steam_prevacuum', $2, $2) RETURNING id`,
        [uniq('TPL'), testNow()],
      );
      const pack = async () =>
        (
          await qr.query(`INSERT INTO packs (template_id, state, created_at, updated_at) VALUES ($1, 'recalled', $2, $2) RETURNING id`, [
            templateId,
            testNow(),
          ])
        )[0].id as string;
      const [out, pulled] = [await pack(), await pack()];
      const actor = randomUUID();
      const dept = randomUUID();
      const load = randomUUID();
      const recall = async (status: 'open' | 'closed', minutesAgo: number) =>
        (
          await qr.query(
            `INSERT INTO recalls (trigger, reason, scope, status, opened_by, opened_at) VALUES ('manual', 'test', '{}', $1, $2, $4::timestamptz - make_interval(mins => $3)) RETURNING id`,
            [status, actor, minutesAgo, testNow()],
          )
        )[0].id as string;
      const item = (recallId: string, packId: string, state: string, departmentId: string | null, disposition: string) =>
        qr.query(
          `INSERT INTO recall_items (recall_id, pack_id, load_id, state_at_recall, department_id, disposition) VALUES ($1, $2, $3, $4, $5, $6)`,
          [recallId, packId, load, state, departmentId, disposition],
        );
      const r1 = await recall('open', 30);
      await item(r1, out, 'dispatched', dept, 'not_found');
      await item(r1, pulled, 'stored', null, 'pulled');
      const r2 = await recall('open', 20);
      await item(r2, out, 'recalled', null, 'out_of_circulation');
      await item(r2, pulled, 'recalled', null, 'out_of_circulation');
      const r3 = await recall('closed', 10);
      await item(r3, out, 'recalled', null, 'out_of_circulation');

      await new OverlappingRecallItems1795760100000().up(qr);

      const rows: { recall_id: string; pack_id: string; state_at_recall: string; department_id: string | null; disposition: string }[] =
        await qr.query(
          `SELECT recall_id, pack_id, state_at_recall, department_id, disposition FROM recall_items WHERE recall_id = ANY($1::uuid[])`,
          [[r1, r2, r3]],
        );
      const of = (r: string, p: string) => rows.find((x) => x.recall_id === r && x.pack_id === p);
      expect(of(r2, out)).toMatchObject({ state_at_recall: 'dispatched', department_id: dept, disposition: 'not_found' });
      expect(of(r2, pulled)).toMatchObject({ state_at_recall: 'recalled', disposition: 'out_of_circulation' });
      expect(of(r1, out)).toMatchObject({ disposition: 'not_found' });
      expect(of(r3, out)).toMatchObject({ state_at_recall: 'recalled', disposition: 'out_of_circulation' });
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
