import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key is now claimed inside the transaction of the work it guards (issue 13.1):
 * the claim commits with the work or vanishes with it. `provisional` marks the answer written in
 * that transaction, before the HTTP answer was final. Claims the earlier scheme left behind
 * (status NULL: their request crashed or lost the database) answered 409 to every retry for
 * ever; nothing of theirs can still be running once this migrates, so they are dropped and the
 * next retry runs afresh.
 */
export class IdempotencyProvisional1795760700000 implements MigrationInterface {
  name = 'IdempotencyProvisional1795760700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "idempotency_records" WHERE "status" IS NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_records" ADD "provisional" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_records" DROP COLUMN "provisional"`);
  }
}
