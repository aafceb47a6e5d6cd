import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who handed a set over at collection, on the round's manifest (round_items.handed_over_by), is the
 * name given (up to 60 characters) or, when a department user handed it over, that user's display
 * name — which may be up to 100 characters (users.display_name). The 60-character column refused such
 * a name (22001 → 500 on POST /api/recycling/scan): it is as wide as the name it may hold.
 * Widening a varchar rewrites nothing (the rows, their ledger digests and the append-only guard stay).
 * The way down fails, as it should, if a longer name has since been recorded.
 */
export class RoundItemHandoverName1795784000000 implements MigrationInterface {
  name = 'RoundItemHandoverName1795784000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_items" ALTER COLUMN "handed_over_by" TYPE character varying(100)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "round_items" ALTER COLUMN "handed_over_by" TYPE character varying(60)`);
  }
}
