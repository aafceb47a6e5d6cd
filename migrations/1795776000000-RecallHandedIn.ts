import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: a recalled pack a department hands in at the CSSD (scanned back on the recall's page)
 * records who of the department handed it in. The department it came from is the item's own
 * (where the pack was when the recall opened); a stated other department is refused.
 */
export class RecallHandedIn1795776000000 implements MigrationInterface {
  name = 'RecallHandedIn1795776000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recall_items" ADD "handed_in_by" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recall_items" DROP COLUMN "handed_in_by"`);
  }
}
