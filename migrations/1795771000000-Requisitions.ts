import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every table of the requisitions module is history: rows are added, never updated or deleted
 * (§4.5). `requisitions` keeps the trigger but is not on the runtime role's history list
 * (src/database/roles.ts): a dispatch counting against a requisition locks its row FOR UPDATE,
 * which PostgreSQL grants only with the UPDATE privilege — the trigger still refuses the update.
 */
const HISTORY = [
  'base_quantities',
  'requisitions',
  'requisition_lines',
  'requisition_closures',
  'rounds',
  'round_closings',
  'round_signatures',
  'round_signature_lines',
];
/**
 * The rows that name a pack (a manifest's item, a requisition's fulfilment) go with it when the
 * sterilization archival removes it after 3 years (§4.5, src/archive/): their DELETE is refused as
 * the archivable tables' is (cssd_forbid_delete, migrations/1795770000000-Archival.ts), except
 * inside an archival; UPDATE always.
 */
const ARCHIVED_WITH_PACKS = ['requisition_fulfilments', 'round_items'];

/**
 * Issue 16, base quantities, requisitions and handover manifests (seed 4.3, 13.7, 15.1, 15.4,
 * 11.3): a department's base quantity per template (a change is a new row); its requisitions with
 * their lines, the dispatched packs that counted against them and their cancelling or refusal;
 * delivery and collection rounds with the packs on their manifests, their closing by the CSSD and
 * the department's signature with its count per template (a difference kept with its note).
 * Requisitions and rounds are numbered from sequences of their own. All append-only in the
 * database itself.
 */
export class Requisitions1795771000000 implements MigrationInterface {
  name = 'Requisitions1795771000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "base_quantities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "template_id" uuid NOT NULL, "quantity" integer NOT NULL, "emergency" boolean NOT NULL, "note" character varying(200), "set_by" uuid NOT NULL, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_base_quantities_quantity" CHECK (quantity >= 0 AND quantity <= 999), CONSTRAINT "pk_base_quantities" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_base_quantities_department" ON "base_quantities"("department_id", "template_id", "set_at")`);
    await queryRunner.query(
      `CREATE TABLE "requisitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "no" integer NOT NULL, "department_id" uuid NOT NULL, "urgency" character varying(10) NOT NULL, "note" character varying(200), "requested_by" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_requisitions_urgency" CHECK (urgency IN ('routine', 'urgent')), CONSTRAINT "pk_requisitions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_requisitions_requested" ON "requisitions"("requested_at")`);
    await queryRunner.query(`CREATE INDEX "ix_requisitions_department" ON "requisitions"("department_id", "requested_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_requisitions_no" ON "requisitions"("no")`);
    await queryRunner.query(
      `CREATE TABLE "requisition_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requisition_id" uuid NOT NULL, "template_id" uuid NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "ck_requisition_lines_quantity" CHECK (quantity >= 1 AND quantity <= 200), CONSTRAINT "pk_requisition_lines" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_requisition_lines_template" ON "requisition_lines"("requisition_id", "template_id")`);
    await queryRunner.query(
      `CREATE TABLE "requisition_fulfilments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "line_id" uuid NOT NULL, "pack_id" uuid NOT NULL, "dispatched_by" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_requisition_fulfilments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_requisition_fulfilments_line" ON "requisition_fulfilments"("line_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_requisition_fulfilments_pack" ON "requisition_fulfilments"("pack_id")`);
    await queryRunner.query(
      `CREATE TABLE "requisition_closures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requisition_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "reason" character varying(200), "closed_by" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_requisition_closures_reason" CHECK (kind <> 'refused' OR reason IS NOT NULL), CONSTRAINT "ck_requisition_closures_kind" CHECK (kind IN ('cancelled', 'refused')), CONSTRAINT "pk_requisition_closures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_requisition_closures_requisition" ON "requisition_closures"("requisition_id")`);
    await queryRunner.query(
      `CREATE TABLE "rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "no" integer NOT NULL, "kind" character varying(12) NOT NULL, "department_id" uuid NOT NULL, "opened_by" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "station" character varying(64), CONSTRAINT "ck_rounds_kind" CHECK (kind IN ('delivery', 'collection')), CONSTRAINT "pk_rounds" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_rounds_opened" ON "rounds"("opened_at")`);
    await queryRunner.query(`CREATE INDEX "ix_rounds_department" ON "rounds"("department_id", "kind", "opened_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_rounds_no" ON "rounds"("no")`);
    await queryRunner.query(
      `CREATE TABLE "round_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "pack_id" uuid NOT NULL, "template_id" uuid NOT NULL, "set_id" uuid, "barcode" character varying(20), "requisition_id" uuid, "handed_over_by" character varying(60), "actor_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_round_items" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_round_items_pack" ON "round_items"("pack_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_round_items_pack" ON "round_items"("round_id", "pack_id")`);
    await queryRunner.query(
      `CREATE TABLE "round_closings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "closed_by" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_round_closings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_round_closings_round" ON "round_closings"("round_id")`);
    await queryRunner.query(
      `CREATE TABLE "round_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "reconciled" boolean NOT NULL, "note" character varying(200), "signed_by" uuid NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_round_signatures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_round_signatures_round" ON "round_signatures"("round_id")`);
    await queryRunner.query(
      `CREATE TABLE "round_signature_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "signature_id" uuid NOT NULL, "template_id" uuid NOT NULL, "expected" integer NOT NULL, "counted" integer NOT NULL, "difference" integer NOT NULL, "note" character varying(200), CONSTRAINT "ck_round_signature_lines_noted" CHECK (difference = 0 OR note IS NOT NULL), CONSTRAINT "ck_round_signature_lines_counts" CHECK (counted >= 0 AND expected >= 0 AND difference = counted - expected), CONSTRAINT "pk_round_signature_lines" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_round_signature_lines_template" ON "round_signature_lines"("signature_id", "template_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "base_quantities" ADD CONSTRAINT "fk_base_quantities_department" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "base_quantities" ADD CONSTRAINT "fk_base_quantities_template" FOREIGN KEY ("template_id") REFERENCES "set_templates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requisitions" ADD CONSTRAINT "fk_requisitions_department" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requisition_lines" ADD CONSTRAINT "fk_requisition_lines_requisition" FOREIGN KEY ("requisition_id") REFERENCES "requisitions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requisition_lines" ADD CONSTRAINT "fk_requisition_lines_template" FOREIGN KEY ("template_id") REFERENCES "set_templates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requisition_fulfilments" ADD CONSTRAINT "fk_requisition_fulfilments_line" FOREIGN KEY ("line_id") REFERENCES "requisition_lines"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requisition_fulfilments" ADD CONSTRAINT "fk_requisition_fulfilments_pack" FOREIGN KEY ("pack_id") REFERENCES "packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requisition_closures" ADD CONSTRAINT "fk_requisition_closures_requisition" FOREIGN KEY ("requisition_id") REFERENCES "requisitions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rounds" ADD CONSTRAINT "fk_rounds_department" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_items" ADD CONSTRAINT "fk_round_items_round" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_items" ADD CONSTRAINT "fk_round_items_pack" FOREIGN KEY ("pack_id") REFERENCES "packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_items" ADD CONSTRAINT "fk_round_items_template" FOREIGN KEY ("template_id") REFERENCES "set_templates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_items" ADD CONSTRAINT "fk_round_items_set" FOREIGN KEY ("set_id") REFERENCES "instrument_sets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_items" ADD CONSTRAINT "fk_round_items_requisition" FOREIGN KEY ("requisition_id") REFERENCES "requisitions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_closings" ADD CONSTRAINT "fk_round_closings_round" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_signatures" ADD CONSTRAINT "fk_round_signatures_round" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_signature_lines" ADD CONSTRAINT "fk_round_signature_lines_signature" FOREIGN KEY ("signature_id") REFERENCES "round_signatures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "round_signature_lines" ADD CONSTRAINT "fk_round_signature_lines_template" FOREIGN KEY ("template_id") REFERENCES "set_templates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE SEQUENCE requisition_no_seq START 1`);
    await queryRunner.query(`CREATE SEQUENCE round_no_seq START 1`);
    for (const table of [...HISTORY, ...ARCHIVED_WITH_PACKS]) {
      const archivable = ARCHIVED_WITH_PACKS.includes(table);
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE${archivable ? '' : ' OR DELETE'} ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
      );
      if (archivable)
        await queryRunner.query(
          `CREATE TRIGGER tr_${table}_no_delete BEFORE DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_delete()`,
        );
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...HISTORY, ...ARCHIVED_WITH_PACKS].reverse()) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_no_truncate ON "${table}"`);
      if (ARCHIVED_WITH_PACKS.includes(table)) await queryRunner.query(`DROP TRIGGER tr_${table}_no_delete ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER tr_${table}_append_only ON "${table}"`);
    }
    await queryRunner.query(`DROP SEQUENCE round_no_seq`);
    await queryRunner.query(`DROP SEQUENCE requisition_no_seq`);
    await queryRunner.query(`ALTER TABLE "round_signature_lines" DROP CONSTRAINT "fk_round_signature_lines_template"`);
    await queryRunner.query(`ALTER TABLE "round_signature_lines" DROP CONSTRAINT "fk_round_signature_lines_signature"`);
    await queryRunner.query(`ALTER TABLE "round_signatures" DROP CONSTRAINT "fk_round_signatures_round"`);
    await queryRunner.query(`ALTER TABLE "round_closings" DROP CONSTRAINT "fk_round_closings_round"`);
    await queryRunner.query(`ALTER TABLE "round_items" DROP CONSTRAINT "fk_round_items_requisition"`);
    await queryRunner.query(`ALTER TABLE "round_items" DROP CONSTRAINT "fk_round_items_set"`);
    await queryRunner.query(`ALTER TABLE "round_items" DROP CONSTRAINT "fk_round_items_template"`);
    await queryRunner.query(`ALTER TABLE "round_items" DROP CONSTRAINT "fk_round_items_pack"`);
    await queryRunner.query(`ALTER TABLE "round_items" DROP CONSTRAINT "fk_round_items_round"`);
    await queryRunner.query(`ALTER TABLE "rounds" DROP CONSTRAINT "fk_rounds_department"`);
    await queryRunner.query(`ALTER TABLE "requisition_closures" DROP CONSTRAINT "fk_requisition_closures_requisition"`);
    await queryRunner.query(`ALTER TABLE "requisition_fulfilments" DROP CONSTRAINT "fk_requisition_fulfilments_pack"`);
    await queryRunner.query(`ALTER TABLE "requisition_fulfilments" DROP CONSTRAINT "fk_requisition_fulfilments_line"`);
    await queryRunner.query(`ALTER TABLE "requisition_lines" DROP CONSTRAINT "fk_requisition_lines_template"`);
    await queryRunner.query(`ALTER TABLE "requisition_lines" DROP CONSTRAINT "fk_requisition_lines_requisition"`);
    await queryRunner.query(`ALTER TABLE "requisitions" DROP CONSTRAINT "fk_requisitions_department"`);
    await queryRunner.query(`ALTER TABLE "base_quantities" DROP CONSTRAINT "fk_base_quantities_template"`);
    await queryRunner.query(`ALTER TABLE "base_quantities" DROP CONSTRAINT "fk_base_quantities_department"`);
    await queryRunner.query(`DROP INDEX "public"."uq_round_signature_lines_template"`);
    await queryRunner.query(`DROP TABLE "round_signature_lines"`);
    await queryRunner.query(`DROP INDEX "public"."uq_round_signatures_round"`);
    await queryRunner.query(`DROP TABLE "round_signatures"`);
    await queryRunner.query(`DROP INDEX "public"."uq_round_closings_round"`);
    await queryRunner.query(`DROP TABLE "round_closings"`);
    await queryRunner.query(`DROP INDEX "public"."uq_round_items_pack"`);
    await queryRunner.query(`DROP INDEX "public"."ix_round_items_pack"`);
    await queryRunner.query(`DROP TABLE "round_items"`);
    await queryRunner.query(`DROP INDEX "public"."uq_rounds_no"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rounds_department"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rounds_opened"`);
    await queryRunner.query(`DROP TABLE "rounds"`);
    await queryRunner.query(`DROP INDEX "public"."uq_requisition_closures_requisition"`);
    await queryRunner.query(`DROP TABLE "requisition_closures"`);
    await queryRunner.query(`DROP INDEX "public"."uq_requisition_fulfilments_pack"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requisition_fulfilments_line"`);
    await queryRunner.query(`DROP TABLE "requisition_fulfilments"`);
    await queryRunner.query(`DROP INDEX "public"."uq_requisition_lines_template"`);
    await queryRunner.query(`DROP TABLE "requisition_lines"`);
    await queryRunner.query(`DROP INDEX "public"."uq_requisitions_no"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requisitions_department"`);
    await queryRunner.query(`DROP INDEX "public"."ix_requisitions_requested"`);
    await queryRunner.query(`DROP TABLE "requisitions"`);
    await queryRunner.query(`DROP INDEX "public"."ix_base_quantities_department"`);
    await queryRunner.query(`DROP TABLE "base_quantities"`);
  }
}
