import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the reports' day tallies (issue 15, src/reports/day-tallies.ts). Derived from
 * pack_events and rebuildable from them, so outside the tamper-evident record (NOT_COVERED):
 * - report_day_tallies: per hospital day, one row per counter (dim, kind, key) with its sums;
 * - report_pack_shelf: per pack, its expiry date and when it was first stored and first left the shelf
 *   (indexed by expiry with everything the report reads: a year is an index-only scan);
 * - report_tally_state: the one row saying which events are in them (ids up to through_id) and in
 *   which time zone their days are counted.
 */
export class ReportTallies1795782000000 implements MigrationInterface {
  name = 'ReportTallies1795782000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "report_day_tallies" (
        "dim" text NOT NULL,
        "day" date NOT NULL,
        "kind" text NOT NULL,
        "key" uuid NOT NULL,
        "n" integer NOT NULL,
        "short" integer NOT NULL DEFAULT 0,
        "missing" integer NOT NULL DEFAULT 0,
        "damaged" integer NOT NULL DEFAULT 0,
        "hours" double precision NOT NULL DEFAULT 0,
        CONSTRAINT "PK_report_day_tallies" PRIMARY KEY ("dim", "day", "kind", "key")
      )`);
    await queryRunner.query(`
      CREATE TABLE "report_pack_shelf" (
        "pack_id" uuid NOT NULL,
        "expiry_date" date,
        "stored_at" TIMESTAMP WITH TIME ZONE,
        "left_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_report_pack_shelf" PRIMARY KEY ("pack_id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "ix_report_pack_shelf_expiry" ON "report_pack_shelf" ("expiry_date") INCLUDE ("stored_at", "left_at", "pack_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "report_tally_state" (
        "id" integer NOT NULL,
        "through_id" bigint NOT NULL DEFAULT 0,
        "timezone" text,
        "updated_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_report_tally_state" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_report_tally_state_one" CHECK ("id" = 1)
      )`);
    await queryRunner.query(`INSERT INTO "report_tally_state" ("id") VALUES (1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "report_tally_state"`);
    await queryRunner.query(`DROP TABLE "report_pack_shelf"`);
    await queryRunner.query(`DROP TABLE "report_day_tallies"`);
  }
}
