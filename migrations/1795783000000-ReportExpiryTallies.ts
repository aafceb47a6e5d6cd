import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: "expired in storage" counted per expiry day in the day tallies (issue 15,
 * src/reports/day-tallies.ts): dim 'expiry', day = the expiry date, kinds 'stored' (stored before its
 * expiry day ended) and 'on_shelf' (and still on the shelf when it did). A year of the indicator is
 * then ~730 rows instead of every pack's shelf row, so the shelf's expiry index goes. A loaner tray
 * handed back to its lender sterile now leaves the shelf, and a pack stored again after a withdrawn
 * release is on it again (day-tallies.ts shelfSpans): their rows are mended first.
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
    // The shelf rows the previous version wrote by "first stored, first left" are mended where that was
    // wrong: a pack whose release was withdrawn (stored again after it) or handed back to its lender
    // sterile (not a leaving step then). Recomputed from their tallied steps as the catch-up now does
    // (src/reports/day-tallies.ts shelfSpans; copied here: a migration does not follow the code).
    await queryRunner.query(`
      WITH st AS (SELECT "through_id", "timezone" FROM "report_tally_state" WHERE "id" = 1 AND "timezone" IS NOT NULL),
      mend AS (
        SELECT p."id" AS pack_id, p."expiry_date", sd.stored_at, lv.left_at
          FROM "packs" p
          CROSS JOIN st
          CROSS JOIN LATERAL (SELECT ((p."expiry_date" + 1)::timestamp AT TIME ZONE st."timezone") AS ends) AS z
          CROSS JOIN LATERAL (SELECT min(e."at") AS stored_at FROM "pack_events" e
                               WHERE e."pack_id" = p."id" AND e."type" = 'store' AND e."id" <= st."through_id") AS sd
          LEFT JOIN LATERAL (SELECT e."at", e."id" FROM "pack_events" e
                              WHERE e."pack_id" = p."id" AND e."type" = 'store' AND e."at" < z.ends AND e."id" <= st."through_id"
                              ORDER BY e."at" DESC, e."id" DESC LIMIT 1) AS ls ON true
          CROSS JOIN LATERAL (SELECT min(e."at") AS left_at FROM "pack_events" e
                               WHERE e."pack_id" = p."id" AND e."id" <= st."through_id"
                                 AND e."type" IN ('dispatch', 'return_unused', 'recall', 'incinerate', 'release_withdrawn', 'return_to_lender')
                                 AND (ls."id" IS NULL OR e."at" > ls."at" OR (e."at" = ls."at" AND e."id" > ls."id"))) AS lv
         WHERE p."id" IN (SELECT e."pack_id" FROM "pack_events" e, st
                           WHERE e."type" IN ('release_withdrawn', 'return_to_lender') AND e."id" <= st."through_id"))
      UPDATE "report_pack_shelf" s SET "expiry_date" = m."expiry_date", "stored_at" = m.stored_at, "left_at" = m.left_at
        FROM mend m WHERE s."pack_id" = m.pack_id`);
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
