import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The packs inside the CSSD after their load started (sterilizing to stored): a storage reading
 * out of limits shortens the cotton ones (seed 13.4), and the relabel list reads them — a few
 * thousand rows, not every pack ever made.
 */
export class PacksInCssdIndex1795760300001 implements MigrationInterface {
  name = 'PacksInCssdIndex1795760300001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_packs_in_cssd" ON "packs"  ("expiry_date") WHERE state IN ('sterilizing', 'quarantined', 'released', 'stored')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_packs_in_cssd"`);
  }
}
