import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 "Records that close" (seed 8.6, 20): a department's problem report becomes a record of
 * its own, and the CSSD's outcome (investigation, cause, action, who closed it, when) another.
 * Both append-only: a closed report is never rewritten, a correction is a new outcome naming the
 * one it corrects (one correction per outcome). Reports made before this migration are taken
 * from the packs' history, open.
 */
export class ProblemReportOutcomes1795761700000 implements MigrationInterface {
  name = 'ProblemReportOutcomes1795761700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "problem_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pack_id" uuid NOT NULL, "department_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "note" character varying(200), "after_use" boolean NOT NULL, "load_id" uuid, "recall_id" uuid, "reported_by" uuid NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_problem_reports_kind" CHECK (kind IN ('inside_indicator_failed', 'wet', 'damaged', 'instrument_missing', 'other')), CONSTRAINT "PK_e2eab5c6c6d242af67bc5ec2e7d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_problem_reports_reported" ON "problem_reports" ("reported_at")`);
    await queryRunner.query(`CREATE INDEX "ix_problem_reports_department" ON "problem_reports" ("department_id", "reported_at")`);
    await queryRunner.query(
      `CREATE TABLE "problem_report_outcomes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "investigation" character varying(500) NOT NULL, "cause" character varying(300) NOT NULL, "action" character varying(300) NOT NULL, "closed_by" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "corrects_id" uuid, "correction_reason" character varying(200), CONSTRAINT "PK_de90257f6b7c1c66c2c16053469" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_problem_report_outcomes_corrects" ON "problem_report_outcomes" ("corrects_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_problem_report_outcomes_first" ON "problem_report_outcomes" ("report_id") WHERE "corrects_id" IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_problem_report_outcomes_report" ON "problem_report_outcomes" ("report_id", "closed_at")`);
    await queryRunner.query(
      `ALTER TABLE "problem_reports" ADD CONSTRAINT "fk_problem_reports_pack" FOREIGN KEY ("pack_id") REFERENCES "packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "problem_report_outcomes" ADD CONSTRAINT "fk_problem_report_outcomes_report" FOREIGN KEY ("report_id") REFERENCES "problem_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of ['problem_reports', 'problem_report_outcomes']) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
      );
    }
    await queryRunner.query(`INSERT INTO problem_reports (pack_id, department_id, kind, note, after_use, load_id, reported_by, reported_at)
            SELECT e.pack_id, p.department_id, e.data->>'kind', e.data->>'note', e.type = 'problem_after_use', (e.data->>'loadId')::uuid, e.actor_id, e.at
              FROM pack_events e JOIN packs p ON p.id = e.pack_id
             WHERE e.type IN ('report_problem', 'problem_after_use') AND p.department_id IS NOT NULL AND e.actor_id IS NOT NULL
             ORDER BY e.at`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['problem_reports', 'problem_report_outcomes']) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER tr_${table}_append_only ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "problem_report_outcomes" DROP CONSTRAINT "fk_problem_report_outcomes_report"`);
    await queryRunner.query(`ALTER TABLE "problem_reports" DROP CONSTRAINT "fk_problem_reports_pack"`);
    await queryRunner.query(`DROP TABLE "problem_report_outcomes"`);
    await queryRunner.query(`DROP TABLE "problem_reports"`);
  }
}
