import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table here is history: rows are added, never updated or deleted (§4.5); a correction is a new row. */
const HISTORY = [
  'defects',
  'defect_investigations',
  'defect_actions',
  'defect_verifications',
  'defect_closures',
  'quality_reviews',
  'quality_review_decisions',
  'quality_review_amendments',
];

/**
 * Issue 17, the defect register and the monthly quality review (seed 20, 7.8, 10.1, 10.4): defects
 * reported by the CSSD's staff (what, when, where, what kind, who was involved, the immediate remedy;
 * a correction is a new entry of the same case, with the reason), the head nurse's investigation
 * (cause, responsibility), corrective and preventive actions, their verification and the case's
 * closure; the review of a month (attendees, minutes, decisions; amendments). An action or a
 * decision opens a corrective action (seed 7.8) with its owner and due date: corrective actions
 * may now have no failed result of their own (the defect's or the review's row names them).
 */
export class Defects1795772000000 implements MigrationInterface {
  name = 'Defects1795772000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "defects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "corrects_id" uuid, "reason" character varying(200), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "zone" character varying(20) NOT NULL, "kind" character varying(30) NOT NULL, "description" character varying(500) NOT NULL, "involved" character varying(200), "immediate_remedy" character varying(500) NOT NULL, "problem_report_id" uuid, "reported_by" uuid NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_defects_kind" CHECK (kind IN ('wrong_contents', 'wet_pack', 'labelling_error', 'cleaning_failure', 'damaged_instrument', 'lost_instrument', 'process_deviation', 'other')), CONSTRAINT "ck_defects_zone" CHECK (zone IN ('recycling', 'cleaning', 'packing', 'sterilization', 'storage', 'dispatch', 'department')), CONSTRAINT "ck_defects_correction" CHECK ((corrects_id IS NULL) = (reason IS NULL) AND (corrects_id IS NULL) = (case_id = id)), CONSTRAINT "pk_defects" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_defects_corrects" ON "defects"("corrects_id")`);
    await queryRunner.query(`CREATE INDEX "ix_defects_case" ON "defects"("case_id")`);
    await queryRunner.query(`CREATE INDEX "ix_defects_occurred" ON "defects"("occurred_at")`);
    await queryRunner.query(
      `CREATE TABLE "defect_investigations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "cause" character varying(500) NOT NULL, "responsibility" character varying(300) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_defect_investigations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_defect_investigations_case" ON "defect_investigations"("case_id")`);
    await queryRunner.query(
      `CREATE TABLE "defect_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "seq" smallint NOT NULL, "corrective_action_id" uuid NOT NULL, "corrective" character varying(300) NOT NULL, "preventive" character varying(300) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_defect_actions_seq" CHECK (seq >= 1), CONSTRAINT "pk_defect_actions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_defect_actions_corrective_action" ON "defect_actions"("corrective_action_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_defect_actions_seq" ON "defect_actions"("case_id", "seq")`);
    await queryRunner.query(
      `CREATE TABLE "defect_verifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "covers_seq" smallint NOT NULL, "effective" boolean NOT NULL, "note" character varying(500) NOT NULL, "verified_by" uuid NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_defect_verifications" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_defect_verifications_round" ON "defect_verifications"("case_id", "covers_seq")`);
    await queryRunner.query(
      `CREATE TABLE "defect_closures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "conclusion" character varying(500) NOT NULL, "closed_by" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_defect_closures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_defect_closures_case" ON "defect_closures"("case_id")`);
    await queryRunner.query(
      `CREATE TABLE "quality_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "month" character varying(7) NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attendees" character varying(100) array NOT NULL, "minutes" character varying(4000) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_quality_reviews_attendees" CHECK (cardinality(attendees) BETWEEN 1 AND 40), CONSTRAINT "ck_quality_reviews_month" CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'), CONSTRAINT "pk_quality_reviews" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_quality_reviews_month" ON "quality_reviews"("month")`);
    await queryRunner.query(
      `CREATE TABLE "quality_review_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "review_id" uuid NOT NULL, "seq" smallint NOT NULL, "decision" character varying(300) NOT NULL, "corrective_action_id" uuid NOT NULL, CONSTRAINT "ck_quality_review_decisions_seq" CHECK (seq >= 1), CONSTRAINT "pk_quality_review_decisions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_quality_review_decisions_corrective_action" ON "quality_review_decisions"("corrective_action_id")`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_quality_review_decisions_seq" ON "quality_review_decisions"("review_id", "seq")`);
    await queryRunner.query(
      `CREATE TABLE "quality_review_amendments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "review_id" uuid NOT NULL, "text" character varying(2000) NOT NULL, "reason" character varying(200) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_quality_review_amendments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_quality_review_amendments_review" ON "quality_review_amendments"("review_id", "recorded_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "defects" ADD CONSTRAINT "fk_defects_case" FOREIGN KEY ("case_id") REFERENCES "defects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defects" ADD CONSTRAINT "fk_defects_corrects" FOREIGN KEY ("corrects_id") REFERENCES "defects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defects" ADD CONSTRAINT "fk_defects_problem_report" FOREIGN KEY ("problem_report_id") REFERENCES "problem_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defect_investigations" ADD CONSTRAINT "fk_defect_investigations_case" FOREIGN KEY ("case_id") REFERENCES "defects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defect_actions" ADD CONSTRAINT "fk_defect_actions_case" FOREIGN KEY ("case_id") REFERENCES "defects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defect_actions" ADD CONSTRAINT "fk_defect_actions_corrective_action" FOREIGN KEY ("corrective_action_id") REFERENCES "corrective_actions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defect_verifications" ADD CONSTRAINT "fk_defect_verifications_case" FOREIGN KEY ("case_id") REFERENCES "defects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "defect_closures" ADD CONSTRAINT "fk_defect_closures_case" FOREIGN KEY ("case_id") REFERENCES "defects"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "quality_review_decisions" ADD CONSTRAINT "fk_quality_review_decisions_review" FOREIGN KEY ("review_id") REFERENCES "quality_reviews"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "quality_review_decisions" ADD CONSTRAINT "fk_quality_review_decisions_corrective_action" FOREIGN KEY ("corrective_action_id") REFERENCES "corrective_actions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "quality_review_amendments" ADD CONSTRAINT "fk_quality_review_amendments_review" FOREIGN KEY ("review_id") REFERENCES "quality_reviews"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "corrective_actions" DROP CONSTRAINT "ck_corrective_actions_source"`);
    await queryRunner.query(
      `ALTER TABLE "corrective_actions" ADD CONSTRAINT "ck_corrective_actions_source" CHECK (num_nonnulls(reading_id, random_check_id) <= 1)`,
    );
    for (const table of HISTORY) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...HISTORY].reverse()) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER tr_${table}_append_only ON "${table}"`);
    }
    // The actions defects and reviews opened stay (append-only): the old rule holds for new rows only.
    await queryRunner.query(`ALTER TABLE "corrective_actions" DROP CONSTRAINT "ck_corrective_actions_source"`);
    await queryRunner.query(
      `ALTER TABLE "corrective_actions" ADD CONSTRAINT "ck_corrective_actions_source" CHECK ((reading_id IS NULL) <> (random_check_id IS NULL)) NOT VALID`,
    );
    await queryRunner.query(`ALTER TABLE "quality_review_amendments" DROP CONSTRAINT "fk_quality_review_amendments_review"`);
    await queryRunner.query(`ALTER TABLE "quality_review_decisions" DROP CONSTRAINT "fk_quality_review_decisions_corrective_action"`);
    await queryRunner.query(`ALTER TABLE "quality_review_decisions" DROP CONSTRAINT "fk_quality_review_decisions_review"`);
    await queryRunner.query(`ALTER TABLE "defect_closures" DROP CONSTRAINT "fk_defect_closures_case"`);
    await queryRunner.query(`ALTER TABLE "defect_verifications" DROP CONSTRAINT "fk_defect_verifications_case"`);
    await queryRunner.query(`ALTER TABLE "defect_actions" DROP CONSTRAINT "fk_defect_actions_corrective_action"`);
    await queryRunner.query(`ALTER TABLE "defect_actions" DROP CONSTRAINT "fk_defect_actions_case"`);
    await queryRunner.query(`ALTER TABLE "defect_investigations" DROP CONSTRAINT "fk_defect_investigations_case"`);
    await queryRunner.query(`ALTER TABLE "defects" DROP CONSTRAINT "fk_defects_problem_report"`);
    await queryRunner.query(`ALTER TABLE "defects" DROP CONSTRAINT "fk_defects_corrects"`);
    await queryRunner.query(`ALTER TABLE "defects" DROP CONSTRAINT "fk_defects_case"`);
    await queryRunner.query(`DROP TABLE "quality_review_amendments"`);
    await queryRunner.query(`DROP TABLE "quality_review_decisions"`);
    await queryRunner.query(`DROP TABLE "quality_reviews"`);
    await queryRunner.query(`DROP TABLE "defect_closures"`);
    await queryRunner.query(`DROP TABLE "defect_verifications"`);
    await queryRunner.query(`DROP TABLE "defect_actions"`);
    await queryRunner.query(`DROP TABLE "defect_investigations"`);
    await queryRunner.query(`DROP TABLE "defects"`);
  }
}
