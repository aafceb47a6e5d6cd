import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: "expired in storage" counted per expiry day in the day tallies (issue 15,
 * src/reports/day-tallies.ts): dim 'expiry', day = the expiry date, kinds 'stored' (stored before its
 * expiry day ended) and 'on_shelf' (and still on the shelf when it did). A year of the indicator is
 * then ~730 rows instead of every pack's shelf row, so the shelf's expiry index goes. A loaner tray
 * handed back to its lender sterile now leaves the shelf (LEAVES_SHELF): its row is mended first.
 *
 * The counters of the shelf rows already there are counted here (afresh), in the time zone the tallies count
 * days in (none yet: nothing to add), under the catch-up's lock so no catch-up runs meanwhile.
 * Stop every instance of the previous version first: its catch-up would move shelf rows without
 * their counters.
 */
export class ReportExpiryTallies1795783000000 implements MigrationInterface {
  name = 'ReportExpiryTallies1795783000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT pg_advisory_xact_lock(hashtext('cssd_report_tallies'))`);
    // A loaner tray handed back to its lender sterile left the shelf (the previous version missed it):
    // its shelf row's left_at from its tallied return_to_lender step.
    await queryRunner.query(`
      UPDATE "report_pack_shelf" s SET "left_at" = least(s."left_at", x.at)
        FROM (SELECT e."pack_id", min(e."at") AS at
                FROM "loaner_returns" r
                JOIN "pack_events" e ON e."pack_id" = r."pack_id" AND e."type" = 'return_to_lender'
               WHERE e."id" <= (SELECT "through_id" FROM "report_tally_state" WHERE "id" = 1)
               GROUP BY e."pack_id") AS x
       WHERE s."pack_id" = x."pack_id"`);
    // Counted afresh even if a catch-up of this version ran before the migration (it keeps them too).
    await queryRunner.query(`DELETE FROM "report_day_tallies" WHERE "dim" = 'expiry'`);
    await queryRunner.query(`
      INSERT INTO "report_day_tallies" ("dim", "day", "kind", "key", "n")
      SELECT 'expiry', d."expiry_date", k.kind, '00000000-0000-0000-0000-000000000000'::uuid, count(*)
        FROM "report_pack_shelf" d
        CROSS JOIN (SELECT "timezone" FROM "report_tally_state" WHERE "id" = 1 AND "timezone" IS NOT NULL) AS z
        CROSS JOIN LATERAL (SELECT ((d."expiry_date" + 1)::timestamp AT TIME ZONE z."timezone") AS ends) AS e
        CROSS JOIN LATERAL (VALUES ('stored', d."stored_at" < e.ends),
                                   ('on_shelf', d."stored_at" < e.ends AND (d."left_at" IS NULL OR d."left_at" >= e.ends))) AS k(kind, counts)
       WHERE k.counts AND d."expiry_date" IS NOT NULL
       GROUP BY d."expiry_date", k.kind`);
    await queryRunner.query(`DROP INDEX "ix_report_pack_shelf_expiry"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_report_pack_shelf_expiry" ON "report_pack_shelf" ("expiry_date") INCLUDE ("stored_at", "left_at", "pack_id")`,
    );
    await queryRunner.query(`DELETE FROM "report_day_tallies" WHERE "dim" = 'expiry'`);
  }
}
