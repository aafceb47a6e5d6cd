import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Both tables are history: rows are added, never updated or deleted (§4.5); a later step is a new row. */
const HISTORY = ['repair_entries', 'repair_steps'];

/**
 * Issue 16, the repair, scrap and compensation register (seed 4.4): an instrument found damaged or
 * missing at recycling's count or a failed packing inspection gets one disposition per finding —
 * repair, scrap or lost — with the reason, who decided, the cost and, when a department caused it,
 * the department charged and the compensation. Its later steps (sent for repair, back repaired or
 * beyond repair, scrap confirmed by the head nurse, compensation settled) are rows of their own.
 *
 * The entry names its pack and the pack event it came from without a foreign key: the sterilization
 * archival removes packs and their events after 3 years (src/archive/), the register stays; the
 * entry keeps the set's asset code and the contents line's names for that reason.
 */
export class InstrumentRepairs1795778000000 implements MigrationInterface {
  name = 'InstrumentRepairs1795778000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "repair_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pack_id" uuid NOT NULL, "pack_event_id" bigint NOT NULL, "found_at_step" character varying(12) NOT NULL, "found_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finding" character varying(8) NOT NULL, "set_id" uuid NOT NULL, "asset_code" character varying(64) NOT NULL, "template_id" uuid NOT NULL, "template_version" integer NOT NULL, "line" integer NOT NULL, "name_zh" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "specification" character varying(100) NOT NULL, "quantity" integer NOT NULL, "disposition" character varying(8) NOT NULL, "reason" character varying(300) NOT NULL, "cost" numeric(10,2), "vendor" character varying(100), "charged_department_id" uuid, "compensation" numeric(10,2), "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_repair_entries_found_at_step" CHECK (found_at_step IN ('recycling', 'inspection')), CONSTRAINT "ck_repair_entries_finding" CHECK (finding IN ('damaged', 'missing')), CONSTRAINT "ck_repair_entries_disposition" CHECK (disposition IN ('repair', 'scrap', 'lost') AND (disposition = 'lost') = (finding = 'missing')), CONSTRAINT "ck_repair_entries_quantity" CHECK (quantity >= 1 AND line >= 1), CONSTRAINT "ck_repair_entries_cost" CHECK (cost IS NULL OR cost >= 0), CONSTRAINT "ck_repair_entries_compensation" CHECK ((compensation IS NULL) = (charged_department_id IS NULL) AND (compensation IS NULL OR compensation >= 0)), CONSTRAINT "pk_repair_entries" PRIMARY KEY ("id"))`,
    );
    // One disposition per finding: the line of that count (or inspection), damaged or missing.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_repair_entries_finding" ON "repair_entries"("pack_event_id", "line", "finding")`);
    await queryRunner.query(`CREATE INDEX "ix_repair_entries_decided_at" ON "repair_entries"("decided_at")`);
    await queryRunner.query(`CREATE INDEX "ix_repair_entries_department" ON "repair_entries"("charged_department_id", "decided_at")`);
    await queryRunner.query(`CREATE INDEX "ix_repair_entries_pack" ON "repair_entries"("pack_id")`);
    await queryRunner.query(`CREATE INDEX "ix_repair_entries_set" ON "repair_entries"("set_id", "decided_at")`);
    await queryRunner.query(
      `CREATE TABLE "repair_steps" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "entry_id" uuid NOT NULL, "step" character varying(24) NOT NULL, "vendor" character varying(100), "cost" numeric(10,2), "note" character varying(300), "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_repair_steps_step" CHECK (step IN ('sent', 'repaired', 'beyond_repair', 'scrap_confirmed', 'compensation_settled')), CONSTRAINT "ck_repair_steps_cost" CHECK (cost IS NULL OR cost >= 0), CONSTRAINT "pk_repair_steps" PRIMARY KEY ("id"))`,
    );
    // Each step once per entry: a second "sent" or "scrap confirmed" is refused by the database too.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_repair_steps_entry_step" ON "repair_steps"("entry_id", "step")`);
    const fk = (table: string, name: string, column: string, target: string) =>
      queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    await fk('repair_entries', 'fk_repair_entries_set', 'set_id', 'instrument_sets');
    await fk('repair_entries', 'fk_repair_entries_department', 'charged_department_id', 'departments');
    await fk('repair_steps', 'fk_repair_steps_entry', 'entry_id', 'repair_entries');
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
    await queryRunner.query(`DROP TABLE "repair_steps" CASCADE`);
    await queryRunner.query(`DROP TABLE "repair_entries" CASCADE`);
  }
}
