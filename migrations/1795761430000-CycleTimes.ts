import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a program's minimum cycle time, and the cycle's start and end as the sterilizer's
 * printout reports them. Existing programs get 0 (no minimum beyond the hold) until the head
 * nurse sets theirs from the sterilizer's manual.
 */
export class CycleTimes1795761430000 implements MigrationInterface {
  name = 'CycleTimes1795761430000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sterilizer_programs" ADD "min_cycle_min" numeric(6,2) NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" ADD "reported_cycle_started_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" ADD "reported_cycle_ended_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" DROP COLUMN "reported_cycle_ended_at"`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" DROP COLUMN "reported_cycle_started_at"`);
    await queryRunner.query(`ALTER TABLE "sterilizer_programs" DROP COLUMN "min_cycle_min"`);
  }
}
