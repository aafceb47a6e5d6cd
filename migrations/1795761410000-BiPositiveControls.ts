import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A BI reading the positive control of its lot that day invalidates (kept in step with src/kernel/bi-verdict.ts controlFailedSql). */
const CONTROL_FAILED = `EXISTS (SELECT 1 FROM bi_positive_controls pc WHERE pc.lot = b.lot AND pc.product_id = b.product_id AND pc.control_date = b.read_date AND NOT pc.grew)`;

function loadFixedFunction(withControls: boolean): string {
  const released = withControls ? `b.result <> 'passed' OR ${CONTROL_FAILED}` : `b.result <> 'passed'`;
  const withdrawn = withControls
    ? `
       OR (OLD.release = 'released' AND NEW.release = 'awaiting_bi'
           AND EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = OLD.id AND b.result = 'passed' AND ${CONTROL_FAILED}))`
    : '';
  return `CREATE OR REPLACE FUNCTION cssd_completed_load_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'DELETE on sterilizer_loads is not allowed: history is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status NOT IN ('completed', 'failed', 'cancelled') THEN RETURN NEW; END IF;
  IF (to_jsonb(NEW) - 'release') IS DISTINCT FROM (to_jsonb(OLD) - 'release') THEN
    RAISE EXCEPTION 'the record of a % load is fixed: a correction is a new record', OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.release IS DISTINCT FROM OLD.release AND NOT (
       NEW.release = 'failed'
       OR (OLD.release = 'awaiting_bi' AND NEW.release = 'released' AND OLD.status = 'completed'
           AND EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = OLD.id)
           AND NOT EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = OLD.id AND (${released})))${withdrawn}) THEN
    RAISE EXCEPTION 'a % load cannot go from % to %: only its biological indicators release it', OLD.status, OLD.release, NEW.release
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`;
}

/**
 * Issue 18: positive controls of BI lots (WS 310.3, WS/T 367). Append-only like the other
 * monitoring records. A BI keeps the hospital day it was read (read_date), the day whose control
 * covers it. A completed load's release may now also go back from released to waiting, and only
 * when a control that did not grow invalidated a negative reading of the load; it is released
 * only by readings no failed control covers.
 */
export class BiPositiveControls1795761410000 implements MigrationInterface {
  name = 'BiPositiveControls1795761410000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bi_positive_controls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "lot" character varying(40) NOT NULL, "control_date" date NOT NULL, "grew" boolean NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL, "read_by" uuid NOT NULL, "note" character varying(200), "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_89f709a14ec969909fa71719293" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_bi_positive_controls_lot" ON "bi_positive_controls" ("lot", "control_date") `);
    await queryRunner.query(
      `ALTER TABLE "bi_positive_controls" ADD CONSTRAINT "fk_bi_positive_controls_product" FOREIGN KEY ("product_id") REFERENCES "bi_products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_bi_positive_controls_append_only BEFORE UPDATE OR DELETE ON "bi_positive_controls" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_bi_positive_controls_no_truncate BEFORE TRUNCATE ON "bi_positive_controls" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
    );
    await queryRunner.query(`ALTER TABLE "bi_tests" ADD "read_date" date`);
    await queryRunner.query(loadFixedFunction(true));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(loadFixedFunction(false));
    await queryRunner.query(`ALTER TABLE "bi_tests" DROP COLUMN "read_date"`);
    await queryRunner.query(`DROP TABLE "bi_positive_controls"`);
  }
}
