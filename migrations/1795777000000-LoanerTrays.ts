import type { MigrationInterface, QueryRunner } from 'typeorm';

const HISTORY = ['loaner_trays', 'loaner_returns'];

const STATES_BEFORE = `'collected', 'washing', 'cleaned', 'packed', 'loaded', 'sterilizing', 'quarantined', 'released', 'stored', 'dispatched', 'received', 'used', 'use_unrecorded', 'returned', 'failed', 'problem', 'recalled', 'incinerated'`;

/**
 * Issue 16, loaner trays (外来医疗器械): the receipt (lender, delivered by, the operation it came
 * for, the count sheet, the template and set made for it) and the return to the lender (counted
 * against the count sheet, signed), both history; a pack's new closed state `lender_returned`.
 * Down refuses while a pack holds the new state (history is not rewritten).
 */
export class LoanerTrays1795777000000 implements MigrationInterface {
  name = 'LoanerTrays1795777000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "packs" DROP CONSTRAINT "ck_packs_state"`);
    await queryRunner.query(`ALTER TABLE "packs" ADD CONSTRAINT "ck_packs_state" CHECK (state IN (${STATES_BEFORE}, 'lender_returned'))`);
    await queryRunner.query(
      `CREATE TABLE "loaner_trays" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "lender_name" character varying(100) NOT NULL, "delivered_by" character varying(100) NOT NULL, "department_id" uuid NOT NULL, "surgeon" character varying(100) NOT NULL, "patient_id" character varying(40) NOT NULL, "operation" character varying(200) NOT NULL, "planned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "template_id" uuid NOT NULL, "set_id" uuid NOT NULL, "lines" jsonb NOT NULL, "note" character varying(300), "received_by" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_loaner_trays_lines" CHECK (jsonb_typeof(lines) = 'array' AND jsonb_array_length(lines) BETWEEN 1 AND 200), CONSTRAINT "pk_loaner_trays" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_loaner_trays_code" ON "loaner_trays" ("code")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_loaner_trays_set" ON "loaner_trays" ("set_id")`);
    await queryRunner.query(`CREATE INDEX "ix_loaner_trays_received" ON "loaner_trays" ("received_at")`);
    await queryRunner.query(`CREATE INDEX "ix_loaner_trays_department" ON "loaner_trays" ("department_id", "received_at")`);
    await queryRunner.query(
      `CREATE TABLE "loaner_returns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tray_id" uuid NOT NULL, "pack_id" uuid NOT NULL, "lines" jsonb NOT NULL, "count_matches" boolean NOT NULL, "lender_representative" character varying(100) NOT NULL, "note" character varying(300), "returned_by" uuid NOT NULL, "returned_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_loaner_returns_lines" CHECK (jsonb_typeof(lines) = 'array'), CONSTRAINT "pk_loaner_returns" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_loaner_returns_tray" ON "loaner_returns" ("tray_id")`);
    await queryRunner.query(`CREATE INDEX "ix_loaner_returns_returned" ON "loaner_returns" ("returned_at")`);
    const fk = (table: string, name: string, column: string, target: string) =>
      queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    await fk('loaner_trays', 'fk_loaner_trays_department', 'department_id', 'departments');
    await fk('loaner_trays', 'fk_loaner_trays_template', 'template_id', 'set_templates');
    await fk('loaner_trays', 'fk_loaner_trays_set', 'set_id', 'instrument_sets');
    await fk('loaner_returns', 'fk_loaner_returns_tray', 'tray_id', 'loaner_trays');
    await fk('loaner_returns', 'fk_loaner_returns_pack', 'pack_id', 'packs');
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
    await queryRunner.query(`DROP TABLE "loaner_returns" CASCADE`);
    await queryRunner.query(`DROP TABLE "loaner_trays" CASCADE`);
    await queryRunner.query(`ALTER TABLE "packs" DROP CONSTRAINT "ck_packs_state"`);
    await queryRunner.query(`ALTER TABLE "packs" ADD CONSTRAINT "ck_packs_state" CHECK (state IN (${STATES_BEFORE}))`);
  }
}
