import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, the disinfectant and cleaning-agent preparation log (seed 1.2, 7.4): product, lot,
 * expiry, target concentration with its tolerance, the measured one and how, who prepared it and
 * when, where it is used, and the solution of the routine-check schedule it makes. The database
 * itself refuses a measured concentration outside target ± tolerance. Append-only: a correction
 * is a new row naming the one it corrects, with the reason.
 */
export class DisinfectantPreparations1795768000000 implements MigrationInterface {
  name = 'DisinfectantPreparations1795768000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "disinfectant_preparations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(20) NOT NULL, "product" character varying(100) NOT NULL, "lot_number" character varying(40) NOT NULL, "expiry_date" date NOT NULL, "target" numeric(10,2) NOT NULL, "tolerance" numeric(10,2) NOT NULL, "measured" numeric(10,2) NOT NULL, "unit" character varying(8) NOT NULL, "method" character varying(12) NOT NULL, "area" character varying(20) NOT NULL, "used_for" character varying(100), "solution_task_id" uuid, "prepared_by" uuid NOT NULL, "prepared_at" TIMESTAMP WITH TIME ZONE NOT NULL, "corrects_id" uuid, "reason" character varying(200), "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_disinfectant_preparations_in_range" CHECK (target > 0 AND tolerance >= 0 AND tolerance < target AND abs(measured - target) <= tolerance), CONSTRAINT "ck_disinfectant_preparations_area" CHECK (area IN ('decontamination', 'packing', 'sterile_storage')), CONSTRAINT "ck_disinfectant_preparations_method" CHECK (method IN ('test_strip', 'meter')), CONSTRAINT "ck_disinfectant_preparations_kind" CHECK (kind IN ('disinfectant', 'cleaning_agent')), CONSTRAINT "ck_disinfectant_preparations_correction" CHECK ((corrects_id IS NULL) = (reason IS NULL)), CONSTRAINT "pk_disinfectant_preparations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_disinfectant_preparations_corrects" ON "disinfectant_preparations"("corrects_id")`);
    await queryRunner.query(`CREATE INDEX "ix_disinfectant_preparations_prepared" ON "disinfectant_preparations"("prepared_at")`);
    await queryRunner.query(
      `ALTER TABLE "disinfectant_preparations" ADD CONSTRAINT "fk_disinfectant_preparations_solution" FOREIGN KEY ("solution_task_id") REFERENCES "quality_check_tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "disinfectant_preparations" ADD CONSTRAINT "fk_disinfectant_preparations_corrects" FOREIGN KEY ("corrects_id") REFERENCES "disinfectant_preparations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_disinfectant_preparations_append_only BEFORE UPDATE OR DELETE ON "disinfectant_preparations" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_disinfectant_preparations_no_truncate BEFORE TRUNCATE ON "disinfectant_preparations" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_disinfectant_preparations_no_truncate ON "disinfectant_preparations"`);
    await queryRunner.query(`DROP TRIGGER tr_disinfectant_preparations_append_only ON "disinfectant_preparations"`);
    await queryRunner.query(`ALTER TABLE "disinfectant_preparations" DROP CONSTRAINT "fk_disinfectant_preparations_corrects"`);
    await queryRunner.query(`ALTER TABLE "disinfectant_preparations" DROP CONSTRAINT "fk_disinfectant_preparations_solution"`);
    await queryRunner.query(`DROP TABLE "disinfectant_preparations"`);
  }
}
