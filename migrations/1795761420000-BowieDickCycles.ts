import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a B-D test is an empty-chamber cycle of its sterilizer. It takes the next cycle
 * number (a sterilizer_loads row of kind bowie_dick, recorded once run, without a program) and
 * its bd_tests row names that cycle. B-Ds recorded before keep no number.
 */
export class BowieDickCycles1795761420000 implements MigrationInterface {
  name = 'BowieDickCycles1795761420000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" ADD "kind" character varying(12) NOT NULL DEFAULT 'load'`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" ALTER COLUMN "program_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "sterilizer_loads" ADD CONSTRAINT "ck_sterilizer_loads_kind" CHECK (kind IN ('load', 'bowie_dick'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sterilizer_loads" ADD CONSTRAINT "ck_sterilizer_loads_program" CHECK (kind = 'bowie_dick' OR program_id IS NOT NULL)`,
    );
    await queryRunner.query(`ALTER TABLE "bd_tests" ADD "load_id" uuid`);
    await queryRunner.query(`ALTER TABLE "bd_tests" ADD "cycle_no" integer`);
    await queryRunner.query(
      `ALTER TABLE "bd_tests" ADD CONSTRAINT "fk_bd_tests_load" FOREIGN KEY ("load_id") REFERENCES "sterilizer_loads"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bd_tests" DROP CONSTRAINT "fk_bd_tests_load"`);
    await queryRunner.query(`ALTER TABLE "bd_tests" DROP COLUMN "cycle_no"`);
    await queryRunner.query(`ALTER TABLE "bd_tests" DROP COLUMN "load_id"`);
    // B-D cycles have no program: they cannot stay once the column is required again.
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" DISABLE TRIGGER USER`);
    await queryRunner.query(`DELETE FROM "sterilizer_loads" WHERE kind = 'bowie_dick'`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" ENABLE TRIGGER USER`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" DROP CONSTRAINT "ck_sterilizer_loads_program"`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" DROP CONSTRAINT "ck_sterilizer_loads_kind"`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" ALTER COLUMN "program_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" DROP COLUMN "kind"`);
  }
}
