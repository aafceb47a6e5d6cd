import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 / issue 18: a department sends a recalled pack back from its own page; the recall
 * item records the department it came from (who: accounted_by, already there).
 */
export class RecallReturnedFromDepartment1795761000000 implements MigrationInterface {
  name = 'RecallReturnedFromDepartment1795761000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recall_items" ADD "returned_from_department_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recall_items" DROP COLUMN "returned_from_department_id"`);
  }
}
