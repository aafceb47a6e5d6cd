import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyHashDepartmentList1795734740312 implements MigrationInterface {
  name = 'IdempotencyHashDepartmentList1795734740312';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_records" ADD "request_hash" character(64)`);
    await queryRunner.query(`CREATE INDEX "ix_packs_department_updated" ON "packs"  ("department_id", "updated_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_packs_department_updated"`);
    await queryRunner.query(`ALTER TABLE "idempotency_records" DROP COLUMN "request_hash"`);
  }
}
