import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a BI records its product's readout time (readout_minutes; rows before this take 24 h,
 * the conventional self-contained BI, only for reads still to come) and when the service learned
 * its result (result_recorded_at), which the
 * BI block is measured against; results read before this migration take their read time.
 * A sterilizer in service has finished any qualification: its commissioning_since is cleared,
 * so that only a sterilizer still qualifying (or stopped while qualifying) is kept from
 * being put back in service by hand.
 */
export class RunOrder1795760000000 implements MigrationInterface {
  name = 'RunOrder1795760000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bi_tests" ADD "result_recorded_at" TIMESTAMP WITH TIME ZONE`);
    // The product's readout time (minutes after the cycle before a result may be entered).
    await queryRunner.query(`ALTER TABLE "bi_tests" ADD "readout_minutes" integer NOT NULL DEFAULT 1440`);
    // A read result is otherwise never changed (tr_bi_tests_read_once): this backfill only adds the new column.
    await queryRunner.query(`ALTER TABLE "bi_tests" DISABLE TRIGGER tr_bi_tests_read_once`);
    await queryRunner.query(`UPDATE bi_tests SET result_recorded_at = read_at WHERE result <> 'pending'`);
    await queryRunner.query(`ALTER TABLE "bi_tests" ENABLE TRIGGER tr_bi_tests_read_once`);
    await queryRunner.query(
      `UPDATE sterilizers SET commissioning_since = NULL WHERE status = 'in_service' AND commissioning_since IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bi_tests" DROP COLUMN "readout_minutes"`);
    await queryRunner.query(`ALTER TABLE "bi_tests" DROP COLUMN "result_recorded_at"`);
  }
}
