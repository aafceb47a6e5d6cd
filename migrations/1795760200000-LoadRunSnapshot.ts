import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (issue 19 item 13): sterilizer_loads.run_snapshot — the sterilizer and program a
 * load started with, what its unloading is judged by and its provenance and labels show. Written
 * once at start; a trigger refuses changing it. Loads that started before are backfilled from the
 * catalog's history: the audit log's last record of the sterilizer / program at or before the
 * start, else the `before` of its first change after it, else today's row; marked `backfilled`.
 */
export class LoadRunSnapshot1795760200000 implements MigrationInterface {
  name = 'LoadRunSnapshot1795760200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" ADD "run_snapshot" jsonb`);
    const asOfStart = (entityType: string, id: string, today: string) => `coalesce(
            (SELECT a.after FROM audit_log a WHERE a.entity_type = '${entityType}' AND a.entity_id = l.${id} AND a.at <= l.started_at AND a.after IS NOT NULL ORDER BY a.at DESC, a.id DESC LIMIT 1),
            (SELECT a.before FROM audit_log a WHERE a.entity_type = '${entityType}' AND a.entity_id = l.${id} AND a.at > l.started_at AND a.before IS NOT NULL ORDER BY a.at, a.id LIMIT 1),
            (${today}))`;
    await queryRunner.query(`
            UPDATE sterilizer_loads u SET run_snapshot = jsonb_build_object(
                'sterilizer', jsonb_build_object('id', u.sterilizer_id, 'code', x.s->'code', 'nameZh', x.s->'nameZh', 'nameEn', x.s->'nameEn', 'type', x.s->'type'),
                'program', jsonb_build_object('id', u.program_id, 'code', x.p->'code', 'nameZh', x.p->'nameZh', 'nameEn', x.p->'nameEn',
                    'tempMinC', x.p->'tempMinC', 'tempMaxC', x.p->'tempMaxC', 'minHoldMin', x.p->'minHoldMin',
                    'pressureMinKpa', x.p->'pressureMinKpa', 'pressureMaxKpa', x.p->'pressureMaxKpa', 'h2o2MinMgL', x.p->'h2o2MinMgL'),
                'backfilled', true)
              FROM (SELECT l.id,
                      ${asOfStart('sterilizer', 'sterilizer_id', `SELECT jsonb_build_object('code', s.code, 'nameZh', s.name_zh, 'nameEn', s.name_en, 'type', s.type) FROM sterilizers s WHERE s.id = l.sterilizer_id`)} AS s,
                      ${asOfStart('sterilizer_program', 'program_id', `SELECT jsonb_build_object('code', p.code, 'nameZh', p.name_zh, 'nameEn', p.name_en, 'tempMinC', p.temp_min_c, 'tempMaxC', p.temp_max_c, 'minHoldMin', p.min_hold_min, 'pressureMinKpa', p.pressure_min_kpa, 'pressureMaxKpa', p.pressure_max_kpa, 'h2o2MinMgL', p.h2o2_min_mg_l) FROM sterilizer_programs p WHERE p.id = l.program_id`)} AS p
                      FROM sterilizer_loads l WHERE l.started_at IS NOT NULL) x
             WHERE x.id = u.id`);
    await queryRunner.query(`CREATE FUNCTION cssd_run_snapshot_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.run_snapshot IS NOT NULL AND NEW.run_snapshot IS DISTINCT FROM OLD.run_snapshot THEN
    RAISE EXCEPTION 'what a load ran under is fixed when it starts and never changed'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER tr_sterilizer_loads_run_snapshot_fixed BEFORE UPDATE OF run_snapshot ON "sterilizer_loads" FOR EACH ROW EXECUTE FUNCTION cssd_run_snapshot_fixed()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_sterilizer_loads_run_snapshot_fixed ON "sterilizer_loads"`);
    await queryRunner.query(`DROP FUNCTION cssd_run_snapshot_fixed()`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" DROP COLUMN "run_snapshot"`);
  }
}
