import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: monitoring records are append-only (§4.5); a BI result is recorded once. */
export class MonitoringRecords1795714360311 implements MigrationInterface {
  name = 'MonitoringRecords1795714360311';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['bd_tests', 'environment_readings', 'emergency_releases', 'webhook_deliveries']) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
      );
    }
    await queryRunner.query(`CREATE FUNCTION cssd_bi_read_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.result <> 'pending' THEN
    RAISE EXCEPTION 'a biological indicator result is recorded once and never changed or deleted'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER tr_bi_tests_read_once BEFORE UPDATE OR DELETE ON "bi_tests" FOR EACH ROW EXECUTE FUNCTION cssd_bi_read_once()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_bi_tests_read_once ON "bi_tests"`);
    await queryRunner.query(`DROP FUNCTION cssd_bi_read_once()`);
    for (const table of ['bd_tests', 'environment_readings', 'emergency_releases', 'webhook_deliveries']) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_append_only ON "${table}"`);
    }
  }
}
