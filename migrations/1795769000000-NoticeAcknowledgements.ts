import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, the recall report's timeline: a department acknowledges a notice (a recall, a late BI
 * result) — who, when, at which station — once per notice. Append-only, and tamper-evident like the
 * recall's other steps (JOURNALED in src/ledger-seal/covered-tables.ts).
 */
export class NoticeAcknowledgements1795769000000 implements MigrationInterface {
  name = 'NoticeAcknowledgements1795769000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "department_notice_acknowledgements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notice_id" uuid NOT NULL, "acknowledged_by" uuid NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE NOT NULL, "station" character varying(64), CONSTRAINT "uq_department_notice_acknowledgements_notice" UNIQUE ("notice_id"), CONSTRAINT "pk_department_notice_acknowledgements" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "department_notice_acknowledgements" ADD CONSTRAINT "fk_department_notice_acknowledgements_notice" FOREIGN KEY ("notice_id") REFERENCES "department_notices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_department_notice_acknowledgements_append_only BEFORE UPDATE OR DELETE ON "department_notice_acknowledgements" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_department_notice_acknowledgements_no_truncate BEFORE TRUNCATE ON "department_notice_acknowledgements" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_department_notice_acknowledgements_ledger AFTER INSERT OR UPDATE ON "department_notice_acknowledgements" FOR EACH ROW EXECUTE FUNCTION cssd_ledger_journal('id')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_department_notice_acknowledgements_ledger ON "department_notice_acknowledgements"`);
    await queryRunner.query(`DROP TRIGGER tr_department_notice_acknowledgements_no_truncate ON "department_notice_acknowledgements"`);
    await queryRunner.query(`DROP TRIGGER tr_department_notice_acknowledgements_append_only ON "department_notice_acknowledgements"`);
    await queryRunner.query(
      `ALTER TABLE "department_notice_acknowledgements" DROP CONSTRAINT "fk_department_notice_acknowledgements_notice"`,
    );
    await queryRunner.query(`DROP TABLE "department_notice_acknowledgements"`);
  }
}
