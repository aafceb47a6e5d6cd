import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../src/common/auth/current-user.js';
import { DomainError } from '../../src/common/errors/domain-error.js';
import { PackLedger } from '../../src/packs/pack-ledger.service.js';
import { summarizeMany } from '../../src/kernel/pack-summary.js';
import { Pack } from '../../src/kernel/pack.entity.js';
import { findById } from '../../src/database/prepared.js';
import { TestClock, testNow } from '../support/clock.js';
import { uniq } from '../support/factories.js';
import { insertTemplate, openTestDataSource } from '../support/test-db.js';

/**
 * PackLedger.stepEach moves many packs in one statement. Each pack keeps its own action,
 * changed columns and event; a column one move sets is left alone on a move that does not
 * set it; one illegal move moves none.
 */
describe('PackLedger.stepEach', () => {
  let ds: DataSource;
  let templateId: string;
  const ledger = new PackLedger(new TestClock());
  const actor = { id: randomUUID(), role: 'nurse' } as Actor;
  const ctx = { actor, station: 'DB-TEST' };

  beforeAll(async () => {
    ds = await openTestDataSource();
    templateId = await insertTemplate(ds, uniq('TPL'));
  });
  afterAll(() => ds?.destroy());

  async function sterilizingPacks(n: number): Promise<Pack[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const [row] = await ds.query(
        `INSERT INTO packs (barcode, template_id, state, storage_location, created_at, updated_at) VALUES ($1, $2, 'sterilizing', 'KEEP', $3, $3) RETURNING id`,
        [`X${uniq('').slice(-11)}${i}`.slice(0, 20), templateId, testNow()],
      );
      ids.push(row.id);
    }
    return ds.transaction((m) => lockAll(m, ids));
  }

  /** One query at a time: a transaction's connection runs its queries in order. */
  async function lockAll(m: EntityManager, ids: string[]): Promise<Pack[]> {
    const packs: Pack[] = [];
    for (const id of ids) packs.push(await ledger.lockById(m, id));
    return packs;
  }

  const rows = (ids: string[]) =>
    ds.query(
      `SELECT id, state, wet, damaged, storage_location FROM packs WHERE id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], id)`,
      [ids],
    );
  const events = (ids: string[]) =>
    ds.query(
      `SELECT pack_id, type, from_state, to_state, station, data, second_actor_id FROM pack_events WHERE pack_id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    );

  it('moves each pack by its own action with its own columns and event, in order, in one go', async () => {
    const packs = await sterilizingPacks(3);
    const second = randomUUID();
    await ds.transaction(async (m) => {
      const [a, b, c] = await lockAll(
        m,
        packs.map((p) => p.id),
      );
      await ledger.stepEach(
        m,
        [
          { pack: a, action: 'unload_released', changes: { wet: false }, data: { n: 1 }, secondActorId: second },
          { pack: b, action: 'unload_rejected', changes: { wet: true, damaged: true }, data: { n: 2 } },
          { pack: c, action: 'unload_rejected', changes: { storageLocation: null }, data: { n: 3 } },
        ],
        ctx,
      );
      // The objects follow, and their summaries need no query.
      expect([a.state, b.state, c.state]).toEqual(['released', 'failed', 'failed']);
      expect(b).toMatchObject({ wet: true, damaged: true });
      const summaries = await summarizeMany(m, [a, b, c]);
      expect(summaries.map((s) => [s.state, s.nameZh, s.nameEn])).toEqual([
        ['released', '测试包', 'Test set'],
        ['failed', '测试包', 'Test set'],
        ['failed', '测试包', 'Test set'],
      ]);
    });
    const ids = packs.map((p) => p.id);
    expect(await rows(ids)).toEqual([
      { id: ids[0], state: 'released', wet: false, damaged: false, storage_location: 'KEEP' },
      { id: ids[1], state: 'failed', wet: true, damaged: true, storage_location: 'KEEP' },
      { id: ids[2], state: 'failed', wet: false, damaged: false, storage_location: null },
    ]);
    expect(await events(ids)).toEqual([
      {
        pack_id: ids[0],
        type: 'unload_released',
        from_state: 'sterilizing',
        to_state: 'released',
        station: 'DB-TEST',
        data: { n: 1 },
        second_actor_id: second,
      },
      {
        pack_id: ids[1],
        type: 'unload_rejected',
        from_state: 'sterilizing',
        to_state: 'failed',
        station: 'DB-TEST',
        data: { n: 2 },
        second_actor_id: null,
      },
      {
        pack_id: ids[2],
        type: 'unload_rejected',
        from_state: 'sterilizing',
        to_state: 'failed',
        station: 'DB-TEST',
        data: { n: 3 },
        second_actor_id: null,
      },
    ]);
  });

  it('amendEach changes columns with one event each and leaves the state as it is', async () => {
    const packs = await sterilizingPacks(2);
    const ids = packs.map((p) => p.id);
    await ds.transaction(async (m) => {
      const [a, b] = await lockAll(m, ids);
      await ledger.amendEach(m, [{ pack: a, type: 'expiry_shortened', changes: { storageLocation: 'B-2' }, data: { why: 'test' } }], ctx);
      expect(a).toMatchObject({ state: 'sterilizing', storageLocation: 'B-2' });
      expect(b.storageLocation).toBe('KEEP');
    });
    expect(await rows(ids)).toEqual([
      { id: ids[0], state: 'sterilizing', wet: false, damaged: false, storage_location: 'B-2' },
      { id: ids[1], state: 'sterilizing', wet: false, damaged: false, storage_location: 'KEEP' },
    ]);
    expect(await events(ids)).toEqual([
      {
        pack_id: ids[0],
        type: 'expiry_shortened',
        from_state: 'sterilizing',
        to_state: 'sterilizing',
        station: 'DB-TEST',
        data: { why: 'test' },
        second_actor_id: null,
      },
    ]);
  });

  it('create writes the pack and its first event together, and the pack comes back whole', async () => {
    const barcode = `N${uniq('').slice(-11)}`;
    const pack = await ds.transaction((m) =>
      ledger.create(
        m,
        { templateId, setId: null, state: 'packed', implant: false, barcode, packagingMaterial: 'crepe_nonwoven', packedBy: actor.id },
        'pack',
        ctx,
        { data: { dressing: true } },
      ),
    );
    expect(pack).toMatchObject({
      barcode,
      templateId,
      setId: null,
      state: 'packed',
      implant: false,
      wet: false,
      packagingMaterial: 'crepe_nonwoven',
      packedBy: actor.id,
      expiryDate: null,
    });
    expect(pack.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(pack.createdAt).toBeInstanceOf(Date);
    expect(await events([pack.id])).toEqual([
      {
        pack_id: pack.id,
        type: 'pack',
        from_state: null,
        to_state: 'packed',
        station: 'DB-TEST',
        data: { dressing: true },
        second_actor_id: null,
      },
    ]);
    const [summary] = await summarizeMany(ds.manager, [pack]);
    expect(summary).toMatchObject({
      barcode,
      templateCode: expect.stringMatching(/^TPL/),
      nameZh: '测试包',
      nameEn: 'Test set',
      setAssetCode: null,
      state: 'packed',
    });
  });

  it('one move the state machine refuses moves none and writes nothing', async () => {
    const packs = await sterilizingPacks(2);
    const ids = packs.map((p) => p.id);
    const before = await rows(ids);
    const attempt = ds.transaction(async (m) => {
      const [a, b] = await lockAll(m, ids);
      await ledger.stepEach(
        m,
        [
          { pack: a, action: 'unload_released' },
          { pack: b, action: 'dispatch' },
        ],
        ctx,
      );
    });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'PACK_WRONG_STATE' });
    expect(await rows(ids)).toEqual(before);
    expect(await events(ids)).toEqual([]);
  });

  it('a pack that is no longer where the caller saw it fails the whole statement', async () => {
    const [pack] = await sterilizingPacks(1);
    await ds.query(`UPDATE packs SET state = 'released' WHERE id = $1`, [pack.id]);
    // `pack` still says sterilizing: the guarded UPDATE matches nothing, so nothing is recorded.
    await expect(ds.transaction((m) => ledger.stepEach(m, [{ pack, action: 'unload_rejected' }], ctx))).rejects.toThrow(
      /0 of 1 packs moved/,
    );
    expect(await events([pack.id])).toEqual([]);
  });
  it('keeps reading and creating packs on a connection that prepared its statements before a migration added a column', async () => {
    const [pack] = await sterilizingPacks(1);
    const [{ barcode }] = await ds.query(`SELECT barcode FROM packs WHERE id = $1`, [pack.id]);
    const qr = ds.createQueryRunner();
    await qr.connect();
    const column = `zz_added_${uniq('').slice(-6).toLowerCase()}`;
    try {
      const read = () => qr.manager.transaction((m) => ledger.lockByBarcode(m, barcode));
      const make = () =>
        qr.manager.transaction((m) =>
          ledger.create(m, { templateId, setId: null, state: 'packed', implant: false, barcode: `N${uniq('').slice(-11)}` }, 'pack', ctx),
        );
      const byId = () => findById(qr.manager, Pack, pack.id);
      // Each statement prepared on this connection, and run past PostgreSQL's first custom plans.
      for (let i = 0; i < 6; i++) {
        await read();
        await make();
        await byId();
      }
      // A newer instance migrates while this one runs.
      await ds.query(`ALTER TABLE packs ADD COLUMN ${column} int`);
      expect((await read()).id).toBe(pack.id);
      expect((await make()).state).toBe('packed');
      expect((await byId())?.id).toBe(pack.id);
    } finally {
      await qr.release();
      await ds.query(`ALTER TABLE packs DROP COLUMN IF EXISTS ${column}`);
    }
  });
});
