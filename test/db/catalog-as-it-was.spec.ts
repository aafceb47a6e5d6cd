import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { LoadRunSnapshot1795760200000 } from '../../migrations/1795760200000-LoadRunSnapshot.js';
import { createDataSource } from '../../src/database/data-source.js';
import { ENTITIES } from '../../src/entities.js';
import { revertMigrations, runMigrations } from '../../src/database/migrate.js';
import { testNow } from '../support/clock.js';
import { uniq } from '../support/factories.js';
import { createScratchDatabase, insertTemplate, openTestDataSource } from '../support/test-db.js';

/**
 * Issue 19 items 13–14 in the database itself, whoever writes: a template's versions are kept
 * (a pack points at the one it was packed to), a load's run snapshot is written once.
 */
describe('the catalog as it was, in the database', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  afterAll(() => ds?.destroy());

  const versions = (templateId: string) =>
    ds.query(`SELECT version, name_zh, contents FROM set_template_versions WHERE template_id = $1 ORDER BY version`, [templateId]);
  const versionOf = async (templateId: string) =>
    (await ds.query(`SELECT version FROM set_templates WHERE id = $1`, [templateId]))[0].version;

  it('every content change of a template is a new version, counted by the database; (de)activation is not', async () => {
    const id = await insertTemplate(ds, uniq('TPL'));
    expect(await versions(id)).toEqual([{ version: 1, name_zh: '测试包', contents: [] }]);

    const changedAt = new Date('2031-05-06T07:08:09.123Z');
    await ds.query(
      `UPDATE set_templates SET name_zh = '改名', contents = '[{"nameZh":"持针器","nameEn":"Needle holder","specification":"18cm","quantity":2}]', updated_at = $2 WHERE id = $1`,
      [id, changedAt],
    );
    await ds.query(`UPDATE set_templates SET active = false, updated_at = $2 WHERE id = $1`, [id, new Date(changedAt.getTime() + 60_000)]);
    await ds.query(`UPDATE set_templates SET version = 99 WHERE id = $1`, [id]);
    expect(await versionOf(id)).toBe(2);
    const kept = await versions(id);
    expect(kept.map((v: { version: number; name_zh: string }) => [v.version, v.name_zh])).toEqual([
      [1, '测试包'],
      [2, '改名'],
    ]);
    expect(kept[1].contents).toEqual([{ nameZh: '持针器', nameEn: 'Needle holder', specification: '18cm', quantity: 2 }]);
    // Each version is dated by the time its writer gave the template row (the service's clock), not the database's.
    const [{ created_at: createdAt }] = await ds.query(`SELECT created_at FROM set_templates WHERE id = $1`, [id]);
    const dated = await ds.query(`SELECT version, recorded_at FROM set_template_versions WHERE template_id = $1 ORDER BY version`, [id]);
    expect(dated).toEqual([
      { version: 1, recorded_at: createdAt },
      { version: 2, recorded_at: changedAt },
    ]);

    await expect(ds.query(`UPDATE set_template_versions SET name_zh = 'x' WHERE template_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM set_template_versions WHERE template_id = $1`, [id])).rejects.toThrow(/append-only/);
    expect(await versions(id)).toHaveLength(2);
  });

  it('a load’s run snapshot is written once, when it starts, and never changed', async () => {
    const now = testNow();
    const [s] = await ds.query(
      `INSERT INTO sterilizers (code, name_zh, name_en, type, created_at, updated_at) VALUES ($1, '灭菌器', 'Sterilizer', 'steam_prevacuum', $2, $2) RETURNING id, code`,
      [uniq('S'), now],
    );
    const [p] = await ds.query(
      `INSERT INTO sterilizer_programs (sterilizer_id, code, name_zh, name_en, temp_min_c, temp_max_c, min_hold_min, created_at, updated_at) VALUES ($1, 'P134', '134℃', '134 °C', 134, 137, 4, $2, $2) RETURNING id`,
      [s.id, now],
    );
    const [load] = await ds.query(
      `INSERT INTO sterilizer_loads (sterilizer_id, cycle_no, program_id, opened_by, opened_at) VALUES ($1, 1, $2, $3, $4) RETURNING id`,
      [s.id, p.id, randomUUID(), now],
    );
    // A snapshot of the shape the service writes (src/kernel/run-snapshot.ts): the row stays in the
    // shared test database, where the e2e suites' GET /api/loads reads it against the API contract.
    const snapshot = (tempMinC: number) => ({
      sterilizer: { id: s.id, code: s.code, nameZh: '灭菌器', nameEn: 'Sterilizer', type: 'steam_prevacuum' },
      program: {
        id: p.id,
        code: 'P134',
        nameZh: '134℃',
        nameEn: '134 °C',
        tempMinC,
        tempMaxC: 137,
        minHoldMin: 4,
        pressureMinKpa: null,
        pressureMaxKpa: null,
        h2o2MinMgL: null,
      },
    });
    await ds.query(`UPDATE sterilizer_loads SET status = 'running', started_at = now(), run_snapshot = $2 WHERE id = $1`, [
      load.id,
      snapshot(134),
    ]);
    await expect(ds.query(`UPDATE sterilizer_loads SET run_snapshot = $2 WHERE id = $1`, [load.id, snapshot(121)])).rejects.toThrow(
      /fixed when it starts/,
    );
    await expect(ds.query(`UPDATE sterilizer_loads SET run_snapshot = NULL WHERE id = $1`, [load.id])).rejects.toThrow(
      /fixed when it starts/,
    );
    // The load's other columns still change as it runs and is unloaded.
    await ds.query(`UPDATE sterilizer_loads SET status = 'completed', completed_at = now() WHERE id = $1`, [load.id]);
    const [after] = await ds.query(`SELECT status, run_snapshot FROM sterilizer_loads WHERE id = $1`, [load.id]);
    expect(after).toEqual({ status: 'completed', run_snapshot: snapshot(134) });
  });

  it('the migration gives loads started before it the catalog as it was at their start, from the audit log', async () => {
    const url = await createScratchDatabase('asitwas');
    await runMigrations(url);
    const later = MIGRATIONS.length - MIGRATIONS.indexOf(LoadRunSnapshot1795760200000);
    expect(await revertMigrations(url, later)).toBe(later);
    const db = await createDataSource(url, ENTITIES).initialize();
    try {
      const actor = randomUUID();
      const [s] = await db.query(
        `INSERT INTO sterilizers (code, name_zh, name_en, type) VALUES ('S1-NEW', '新名', 'New name', 'steam_prevacuum') RETURNING id`,
      );
      const [p] = await db.query(
        `INSERT INTO sterilizer_programs (sterilizer_id, code, name_zh, name_en, temp_min_c, temp_max_c, min_hold_min, pressure_min_kpa) VALUES ($1, 'P121', '121℃', '121 °C', 121, 137, 1, 200) RETURNING id`,
        [s.id],
      );
      const [untouched] = await db.query(
        `INSERT INTO sterilizer_programs (sterilizer_id, code, name_zh, name_en, temp_min_c, temp_max_c, min_hold_min) VALUES ($1, 'P132', '132℃', '132 °C', 132, 134, 4) RETURNING id`,
        [s.id],
      );
      // The program was created at 134–137 °C / 4 min on day 1 and loosened on day 3; the sterilizer
      // (created before the audit log kept anything) was renamed on day 3.
      const program = (tempMinC: number, minHoldMin: number, code: string) =>
        JSON.stringify({
          code,
          nameZh: code,
          nameEn: code,
          tempMinC,
          tempMaxC: 137,
          minHoldMin,
          pressureMinKpa: 200,
          pressureMaxKpa: null,
          h2o2MinMgL: null,
        });
      await db.query(
        `INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, before, after) VALUES
           ('2026-03-01T08:00:00Z', $1, 'create', 'sterilizer_program', $2, NULL, $3),
           ('2026-03-03T08:00:00Z', $1, 'update', 'sterilizer_program', $2, $3, $4),
           ('2026-03-03T08:00:00Z', $1, 'update', 'sterilizer', $5, $6, $7)`,
        [
          actor,
          p.id,
          program(134, 4, 'P134'),
          program(121, 1, 'P121'),
          s.id,
          JSON.stringify({ code: 'S1', nameZh: '旧名', nameEn: 'Old name', type: 'steam_prevacuum' }),
          JSON.stringify({ code: 'S1-NEW', nameZh: '新名', nameEn: 'New name', type: 'steam_prevacuum' }),
        ],
      );
      const load = async (cycleNo: number, programId: string, startedAt: string | null) =>
        (
          await db.query(
            `INSERT INTO sterilizer_loads (sterilizer_id, cycle_no, program_id, opened_by, started_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
            [s.id, cycleNo, programId, actor, startedAt],
          )
        )[0].id as string;
      const before = await load(1, p.id, '2026-03-02T08:00:00Z');
      const after = await load(2, p.id, '2026-03-04T08:00:00Z');
      const other = await load(3, untouched.id, '2026-03-02T09:00:00Z');
      const open = await load(4, p.id, null);

      await runMigrations(url);
      const snapshot = async (id: string) =>
        (await db.query(`SELECT run_snapshot FROM sterilizer_loads WHERE id = $1`, [id]))[0].run_snapshot;
      expect(await snapshot(before)).toEqual({
        sterilizer: { id: s.id, code: 'S1', nameZh: '旧名', nameEn: 'Old name', type: 'steam_prevacuum' },
        program: {
          id: p.id,
          code: 'P134',
          nameZh: 'P134',
          nameEn: 'P134',
          tempMinC: 134,
          tempMaxC: 137,
          minHoldMin: 4,
          pressureMinKpa: 200,
          pressureMaxKpa: null,
          h2o2MinMgL: null,
        },
        backfilled: true,
      });
      expect(await snapshot(after)).toMatchObject({
        sterilizer: { code: 'S1-NEW' },
        program: { code: 'P121', tempMinC: 121, minHoldMin: 1 },
      });
      // No history of the program: today's row.
      expect(await snapshot(other)).toMatchObject({
        sterilizer: { code: 'S1' },
        program: { id: untouched.id, code: 'P132', tempMinC: 132, tempMaxC: 134, minHoldMin: 4, pressureMinKpa: null },
      });
      expect(await snapshot(open)).toBeNull();
    } finally {
      await db.destroy();
    }
  });
});
