import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 "Records that close" (seed 19.4): a recall closes with its cause, what was done with
 * the packs that came back (reprocessed, discarded), to whom it was reported and when, and the
 * head nurse's conclusion. Recalls closed before this migration keep what they had (null): a
 * closed recall is fixed.
 */
export class RecallClosingRecord1795761700001 implements MigrationInterface {
  name = 'RecallClosingRecord1795761700001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recalls" ADD "cause" character varying(300)`);
    await queryRunner.query(`ALTER TABLE "recalls" ADD "reprocessed_count" integer`);
    await queryRunner.query(`ALTER TABLE "recalls" ADD "discarded_count" integer`);
    await queryRunner.query(`ALTER TABLE "recalls" ADD "reported_to" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "recalls" ADD "reported_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "recalls" ADD "conclusion" character varying(500)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['conclusion', 'reported_at', 'reported_to', 'discarded_count', 'reprocessed_count', 'cause']) {
      await queryRunner.query(`ALTER TABLE "recalls" DROP COLUMN "${column}"`);
    }
  }
}
