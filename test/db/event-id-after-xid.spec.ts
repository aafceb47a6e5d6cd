import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../src/common/auth/current-user.js';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { LABEL_PRINTED } from '../../src/kernel/pack-event-types.js';
import { Pack } from '../../src/kernel/pack.entity.js';
import { PackLedger } from '../../src/packs/pack-ledger.service.js';
import { TestClock, testNow } from '../support/clock.js';
import { uniq } from '../support/factories.js';
import { asSuperuserOn, createScratchDatabase, insertTemplate, migrateScratchDatabase } from '../support/test-db.js';

/**
 * The day tallies and the sealer take in event ids up to a mark once every transaction that had a
 * transaction id when the mark was read has ended (src/database/settled.ts). A transaction that
 * takes an event's id before it has a transaction id of its own is invisible to that wait: if it
 * stalls between the two (a loaded machine deschedules it), the mark passes its id and the event,
 * committed a moment later, is never counted. So every statement that writes a pack event has its
 * transaction id first, even when the event is the transaction's first write — here a trigger,
 * firing after the id is taken and before the row is stored, notes whether the transaction had one.
 */
describe('a pack event is written by a transaction that already has its transaction id', () => {
  let ds: DataSource;
  let ownerUrl: string;
  let templateId: string;
  const ledger = new PackLedger(new TestClock());
  const ctx = { actor: { id: randomUUID(), role: 'nurse' } as Actor, station: 'DB-TEST' };

  beforeAll(async () => {
    ownerUrl = await createScratchDatabase('xid_first');
    const url = await migrateScratchDatabase(ownerUrl);
    await asSuperuserOn(
      ownerUrl,
      `CREATE FUNCTION note_xid_at_insert() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.data := NEW.data || jsonb_build_object('hadXid', pg_current_xact_id_if_assigned() IS NOT NULL);
         RETURN NEW;
       END $$`,
    );
    await asSuperuserOn(
      ownerUrl,
      `CREATE TRIGGER note_xid_at_insert BEFORE INSERT ON pack_events FOR EACH ROW EXECUTE FUNCTION note_xid_at_insert()`,
    );
    ds = await createDataSource(url, ENTITIES).initialize();
    templateId = await insertTemplate(ds, uniq('TPL'));
  }, 120_000);
  afterAll(() => ds?.destroy());

  const newPack = async (): Promise<Pack> => {
    const [{ id }] = await ds.query(
      `INSERT INTO packs (barcode, template_id, state, created_at, updated_at) VALUES ($1, $2, 'stored', $3, $3) RETURNING id`,
      [`X${uniq('').slice(-11)}`, templateId, testNow()],
    );
    return ds.getRepository(Pack).findOneByOrFail({ id });
  };
  const hadXid = async (packId: string) =>
    (await ds.query(`SELECT type, data->'hadXid' AS "hadXid" FROM pack_events WHERE pack_id = $1 ORDER BY id`, [packId])) as {
      type: string;
      hadXid: boolean;
    }[];

  // Three in a row: taking a sequence value gives the transaction an id only when the sequence
  // writes ahead to the WAL (one value in 32, and the first after a checkpoint).
  it('a note (a label printed) as the first write of its transaction', async () => {
    const pack = await newPack();
    for (let i = 0; i < 3; i++) await ds.transaction((m) => ledger.record(m, pack, LABEL_PRINTED, ctx));
    expect(await hadXid(pack.id)).toEqual(Array(3).fill({ type: LABEL_PRINTED, hadXid: true }));
  });

  it('a new pack with its first event, and a move with its event, each the first write of its transaction', async () => {
    const [{ id: departmentId }] = await ds.query(
      `INSERT INTO departments (code, name_zh, name_en, created_at, updated_at) VALUES ($1, '手术室', 'Operating theatre', $2, $2) RETURNING id`,
      [uniq('D'), testNow()],
    );
    const [{ id: setId }] = await ds.query(
      `INSERT INTO instrument_sets (asset_code, template_id, home_department_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4) RETURNING id`,
      [uniq('SET'), templateId, departmentId, testNow()],
    );
    const pack = await ds.transaction((m) =>
      ledger.create(
        m,
        { setId, templateId, cycleNo: 1, state: 'collected', implant: false, contaminationClass: 'routine' },
        'recycle',
        ctx,
      ),
    );
    const stored = await newPack();
    await ds.transaction((m) => ledger.step(m, stored, 'recall', ctx));
    expect(await hadXid(pack.id)).toEqual([{ type: 'recycle', hadXid: true }]);
    expect(await hadXid(stored.id)).toEqual([{ type: 'recall', hadXid: true }]);
  });
});
