import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The load gate finds a sterilizer's failed BIs by a partial index instead of reading all its BIs. */
export class BiTestsFailedIndex1795753660242 implements MigrationInterface {
  name = 'BiTestsFailedIndex1795753660242';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_bi_tests_failed" ON "bi_tests"  ("sterilizer_id") WHERE result = 'failed'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_bi_tests_failed"`);
  }
}
