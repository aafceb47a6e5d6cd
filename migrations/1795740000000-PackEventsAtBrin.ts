import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: the time index of pack_events becomes BRIN (tiny, and events arrive in time order). */
export class PackEventsAtBrin1795740000000 implements MigrationInterface {
  name = 'PackEventsAtBrin1795740000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_pack_events_at"`);
    await queryRunner.query(`CREATE INDEX "ix_pack_events_at_brin" ON "pack_events" USING brin ("at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_pack_events_at_brin"`);
    await queryRunner.query(`CREATE INDEX "ix_pack_events_at" ON "pack_events" ("at") `);
  }
}
