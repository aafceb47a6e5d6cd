import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, "gaps in the record": a pack collected from a ward with neither a recorded use nor an
 * explicit "unused" is no longer closed as used with no patient: it is `use_unrecorded` until the
 * department it was sent to completes it, and a recall lists it apart (`use_not_recorded`, ask the
 * department). The board reads the open ones and the recent collections from another department
 * than the one a pack was sent to (events `collected_elsewhere`) through small partial indexes.
 * Down refuses while any pack or recall item holds the new values (history is not rewritten).
 */
export class UseNotRecorded1795762100000 implements MigrationInterface {
  name = 'UseNotRecorded1795762100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "packs" DROP CONSTRAINT "ck_packs_state"`);
    await queryRunner.query(
      `ALTER TABLE "packs" ADD CONSTRAINT "ck_packs_state" CHECK (state IN ('collected', 'washing', 'cleaned', 'packed', 'loaded', 'sterilizing', 'quarantined', 'released', 'stored', 'dispatched', 'received', 'used', 'use_unrecorded', 'returned', 'failed', 'problem', 'recalled', 'incinerated'))`,
    );
    await queryRunner.query(`ALTER TABLE "recall_items" DROP CONSTRAINT "ck_recall_items_disposition"`);
    await queryRunner.query(
      `ALTER TABLE "recall_items" ADD CONSTRAINT "ck_recall_items_disposition" CHECK (disposition IN ('not_found', 'pulled', 'returned', 'used', 'use_not_recorded', 'out_of_circulation'))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_packs_use_unrecorded" ON "packs"  ("updated_at") WHERE state = 'use_unrecorded'`);
    await queryRunner.query(
      `CREATE INDEX "ix_pack_events_collected_elsewhere" ON "pack_events"  ("at") WHERE type = 'collected_elsewhere'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_pack_events_collected_elsewhere"`);
    await queryRunner.query(`DROP INDEX "public"."ix_packs_use_unrecorded"`);
    await queryRunner.query(`ALTER TABLE "recall_items" DROP CONSTRAINT "ck_recall_items_disposition"`);
    await queryRunner.query(
      `ALTER TABLE "recall_items" ADD CONSTRAINT "ck_recall_items_disposition" CHECK (disposition IN ('not_found', 'pulled', 'returned', 'used', 'out_of_circulation'))`,
    );
    await queryRunner.query(`ALTER TABLE "packs" DROP CONSTRAINT "ck_packs_state"`);
    await queryRunner.query(
      `ALTER TABLE "packs" ADD CONSTRAINT "ck_packs_state" CHECK (state IN ('collected', 'washing', 'cleaned', 'packed', 'loaded', 'sterilizing', 'quarantined', 'released', 'stored', 'dispatched', 'received', 'used', 'returned', 'failed', 'problem', 'recalled', 'incinerated'))`,
    );
  }
}
