import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The head nurse's board is read every few seconds (issue 12): the packs in circulation by expiry
 * (stored, dispatched, received — a few thousand rows, not every pack ever made), and the loads
 * still open or running or waiting for their BI (a handful among a sterilizer's years of loads).
 */
export class BoardIndexes1795760500000 implements MigrationInterface {
  name = 'BoardIndexes1795760500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_packs_circulating_expiry" ON "packs"  ("expiry_date") WHERE state IN ('stored', 'dispatched', 'received')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sterilizer_loads_active" ON "sterilizer_loads"  ("sterilizer_id", "cycle_no") WHERE status IN ('open', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sterilizer_loads_awaiting_bi" ON "sterilizer_loads"  ("completed_at") WHERE release = 'awaiting_bi'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_sterilizer_loads_awaiting_bi"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sterilizer_loads_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_packs_circulating_expiry"`);
  }
}
