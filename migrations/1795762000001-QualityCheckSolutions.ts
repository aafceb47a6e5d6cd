import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, seed 7.2–7.7: disinfectant and cleaning-agent concentration are checked per solution in
 * use. The head nurse adds a solution as a task of its own and retires it when it is no longer used
 * (`active`); a reading names the task (the solution) it does, which it must when its kind has
 * several. Readings from before name none.
 */
export class QualityCheckSolutions1795762000001 implements MigrationInterface {
  name = 'QualityCheckSolutions1795762000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "quality_check_tasks" ADD "active" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE "environment_readings" ADD "task_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "environment_readings" ADD CONSTRAINT "fk_environment_readings_task" FOREIGN KEY ("task_id") REFERENCES "quality_check_tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "environment_readings" DROP CONSTRAINT "fk_environment_readings_task"`);
    await queryRunner.query(`ALTER TABLE "environment_readings" DROP COLUMN "task_id"`);
    await queryRunner.query(`ALTER TABLE "quality_check_tasks" DROP COLUMN "active"`);
  }
}
