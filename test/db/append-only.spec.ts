import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { testNow } from '../support/clock.js';
import { uniq } from '../support/factories.js';
import { insertTemplate, openTestDataSource } from '../support/test-db.js';

/**
 * §4.5: nothing in the traceability chain is updated in place or deleted. The pack history
 * (pack_events) and load membership (load_items) refuse UPDATE, DELETE and TRUNCATE in the
 * database itself, whoever connects — not only through the application.
 */
describe('append-only history in the database', () => {
  let ds: DataSource;
  let packId: string;
  let loadId: string;
  const actorId = randomUUID();

  beforeAll(async () => {
    ds = await openTestDataSource();
    // The smallest chain the foreign keys accept: template → pack; sterilizer → program → load.
    const templateId = await insertTemplate(ds, uniq('TPL'));
    const [sterilizer] = await ds.query(
      `INSERT INTO sterilizers (code, name_zh, name_en, type, created_at, updated_at) VALUES ($1, '灭菌器', 'Sterilizer', 'steam_prevacuum', $2, $2) RETURNING id`,
      [uniq('S'), testNow()],
    );
    const [program] = await ds.query(
      `INSERT INTO sterilizer_programs (sterilizer_id, code, name_zh, name_en, temp_min_c, temp_max_c, min_hold_min, created_at, updated_at)
       VALUES ($1, 'P134', '134℃', '134 °C', 134, 137, 4, $2, $2) RETURNING id`,
      [sterilizer.id, testNow()],
    );
    const [load] = await ds.query(
      `INSERT INTO sterilizer_loads (sterilizer_id, cycle_no, program_id, opened_by, opened_at) VALUES ($1, 1, $2, $3, $4) RETURNING id`,
      [sterilizer.id, program.id, actorId, testNow()],
    );
    const [pack] = await ds.query(
      `INSERT INTO packs (barcode, template_id, state, load_id, created_at, updated_at) VALUES ($1, $2, 'loaded', $3, $4, $4) RETURNING id`,
      [`X${uniq('').slice(0, 11)}`, templateId, load.id, testNow()],
    );
    packId = pack.id;
    loadId = load.id;
  });
  afterAll(() => ds?.destroy());

  async function newEvent(): Promise<string> {
    const [row] = await ds.query(
      `INSERT INTO pack_events (pack_id, type, from_state, to_state, actor_id, station, data, at)
       VALUES ($1, 'load', 'packed', 'loaded', $2, 'DB-TEST', '{"loadId": "x"}', $3) RETURNING id`,
      [packId, actorId, testNow()],
    );
    return row.id;
  }

  async function newLoadItem(): Promise<string> {
    const [row] = await ds.query(
      `INSERT INTO load_items (load_id, pack_id, action, actor_id, at) VALUES ($1, $2, 'add', $3, $4) RETURNING id`,
      [loadId, packId, actorId, testNow()],
    );
    return row.id;
  }

  const readEvent = (id: string) => ds.query(`SELECT * FROM pack_events WHERE id = $1`, [id]);
  const readLoadItem = (id: string) => ds.query(`SELECT * FROM load_items WHERE id = $1`, [id]);

  /** Runs `sql` in its own transaction, rolled back whatever happens: a missing trigger cannot wipe the shared test database. */
  async function attempt(sql: string, params: unknown[] = []): Promise<unknown> {
    const qr = ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await qr.query(sql, params);
      return null;
    } catch (e) {
      return e;
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  }

  function expectRefusedAsAppendOnly(err: unknown, op: string, ...tables: string[]) {
    expect(err).toBeInstanceOf(Error);
    const driverError = (err as { driverError?: { code?: string; message?: string } }).driverError;
    // cssd_forbid_change() raises insufficient_privilege (42501) naming the operation and the table.
    expect({ code: driverError?.code, message: driverError?.message }).toEqual({
      code: '42501',
      message: expect.stringMatching(new RegExp(`^${op} on (${tables.join('|')}) is not allowed: history is append-only$`)),
    });
  }

  describe.each([
    { table: 'pack_events', insert: newEvent, read: readEvent, column: 'type', value: "'unload_released'" },
    { table: 'load_items', insert: newLoadItem, read: readLoadItem, column: 'action', value: "'remove'" },
  ])('$table', ({ table, insert, read, column, value }) => {
    it('refuses UPDATE and leaves the row as it was', async () => {
      const id = await insert();
      const before = await read(id);
      expect(before).toHaveLength(1);
      expectRefusedAsAppendOnly(await attempt(`UPDATE ${table} SET ${column} = ${value} WHERE id = $1`, [id]), 'UPDATE', table);
      // Also through the paths a correction might try: every row, or a column nobody reads.
      expectRefusedAsAppendOnly(await attempt(`UPDATE ${table} SET actor_id = $2 WHERE id = $1`, [id, randomUUID()]), 'UPDATE', table);
      expectRefusedAsAppendOnly(await attempt(`UPDATE ${table} SET at = at`), 'UPDATE', table);
      expect(await read(id)).toEqual(before);
    });

    it('refuses DELETE and keeps the row', async () => {
      const id = await insert();
      const before = await read(id);
      expectRefusedAsAppendOnly(await attempt(`DELETE FROM ${table} WHERE id = $1`, [id]), 'DELETE', table);
      expectRefusedAsAppendOnly(await attempt(`DELETE FROM ${table}`), 'DELETE', table);
      expect(await read(id)).toEqual(before);
    });

    it('refuses TRUNCATE and keeps every row', async () => {
      const id = await insert();
      const before = await read(id);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${table}`);
      expectRefusedAsAppendOnly(await attempt(`TRUNCATE ${table}`), 'TRUNCATE', table);
      expect(await read(id)).toEqual(before);
      expect((await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n).toBe(n);
    });

    it('still takes new rows: history grows by INSERT only', async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${table}`);
      await insert();
      expect((await ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n).toBe(n + 1);
    });
  });

  it('refuses to remove the history with its pack: DELETE of the pack fails, TRUNCATE … CASCADE fails', async () => {
    const eventId = await newEvent();
    const itemId = await newLoadItem();
    const deleted = await attempt(`DELETE FROM packs WHERE id = $1`, [packId]);
    // The history's foreign keys are ON DELETE RESTRICT: foreign_key_violation (23503) up to PostgreSQL 17,
    // restrict_violation (23001) from 18 on.
    expect(['23503', '23001']).toContain((deleted as { driverError?: { code?: string } }).driverError?.code);
    expectRefusedAsAppendOnly(await attempt(`TRUNCATE packs CASCADE`), 'TRUNCATE', 'pack_events', 'load_items');
    expect(await readEvent(eventId)).toHaveLength(1);
    expect(await readLoadItem(itemId)).toHaveLength(1);
    expect(await ds.query(`SELECT id FROM packs WHERE id = $1`, [packId])).toEqual([{ id: packId }]);
  });
  it('every history table is guarded by the append-only trigger', async () => {
    const rows: { table: string }[] = await ds.query(
      `SELECT DISTINCT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE p.proname = 'cssd_forbid_change' AND NOT t.tgisinternal ORDER BY 1`,
    );
    expect(rows.map((r) => r.table)).toEqual(
      expect.arrayContaining([
        'audit_log',
        'base_quantities',
        'bd_tests',
        'corrective_action_closures',
        'corrective_actions',
        'emergency_releases',
        'environment_readings',
        'equipment',
        'equipment_faults',
        'equipment_maintenance',
        'load_items',
        'pack_events',
        'quality_random_checks',
        'requisition_closures',
        'requisition_fulfilments',
        'requisition_lines',
        'requisitions',
        'round_closings',
        'round_items',
        'round_signature_lines',
        'round_signatures',
        'rounds',
        'supply_adverse_event_closures',
        'supply_adverse_events',
        'supply_batches',
        'supply_licences',
        'supply_movements',
        'supply_notices',
        'supply_products',
        'supply_receipts',
        'supply_stocktake_lines',
        'supply_stocktakes',
        'supply_suppliers',
        'voided_labels',
        'webhook_deliveries',
      ]),
    );
  });
});
