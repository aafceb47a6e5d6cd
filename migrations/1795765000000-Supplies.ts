import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table of the supplies module is history: rows are added, never updated or deleted (§4.5). */
const HISTORY = [
  'supply_suppliers',
  'supply_products',
  'supply_licences',
  'supply_batches',
  'supply_receipts',
  'supply_stocktakes',
  'supply_stocktake_lines',
  'supply_movements',
  'supply_adverse_events',
  'supply_adverse_event_closures',
  'supply_notices',
];

/**
 * Issue 16, disposable sterile supplies (seed 16, 4.5): the register of suppliers and products with
 * their licences (corrections are new rows naming the one they correct), batches and their
 * receipts with the checks, stock movements per batch (receipt, issue, stocktake adjustment), the
 * monthly stocktake, adverse events on a batch with their closing and the departments' notices.
 * All append-only in the database itself.
 */
export class Supplies1795765000000 implements MigrationInterface {
  name = 'Supplies1795765000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "supply_suppliers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name_zh" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_supply_suppliers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_supply_suppliers_code" ON "supply_suppliers"("code")`);
    await queryRunner.query(
      `CREATE TABLE "supply_products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name_zh" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "specification" character varying(100) NOT NULL, "manufacturer" character varying(100) NOT NULL, "supplier_id" uuid NOT NULL, "imported" boolean NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_supply_products" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_supply_products_code" ON "supply_products"("code")`);
    await queryRunner.query(
      `CREATE TABLE "supply_licences" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "supplier_id" uuid, "product_id" uuid, "kind" character varying(30) NOT NULL, "number" character varying(60) NOT NULL, "valid_until" date NOT NULL, "corrects_id" uuid, "reason" character varying(200), "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_supply_licences_correction" CHECK ((corrects_id IS NULL) = (reason IS NULL)), CONSTRAINT "ck_supply_licences_kind" CHECK ((supplier_id IS NOT NULL AND kind = 'distribution_licence') OR (product_id IS NOT NULL AND kind IN ('manufacturing_licence', 'registration_certificate', 'import_registration'))), CONSTRAINT "ck_supply_licences_holder" CHECK ((supplier_id IS NULL) <> (product_id IS NULL)), CONSTRAINT "pk_supply_licences" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_supply_licences_corrects" ON "supply_licences"("corrects_id")`);
    await queryRunner.query(`CREATE INDEX "ix_supply_licences_product" ON "supply_licences"("product_id", "kind", "recorded_at")`);
    await queryRunner.query(`CREATE INDEX "ix_supply_licences_supplier" ON "supply_licences"("supplier_id", "kind", "recorded_at")`);
    await queryRunner.query(
      `CREATE TABLE "supply_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "lot_number" character varying(40) NOT NULL, "expiry_date" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_supply_batches" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_supply_batches_lot" ON "supply_batches"("product_id", "lot_number")`);
    await queryRunner.query(
      `CREATE TABLE "supply_receipts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_id" uuid NOT NULL, "quantity" integer NOT NULL, "packaging_intact" boolean NOT NULL, "certificate_of_conformity" boolean NOT NULL, "sterilization_mark" boolean NOT NULL, "quality_report" boolean NOT NULL, "checked_by" uuid NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_supply_receipts_checks" CHECK (packaging_intact AND certificate_of_conformity AND sterilization_mark AND quality_report), CONSTRAINT "ck_supply_receipts_quantity" CHECK (quantity > 0), CONSTRAINT "pk_supply_receipts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_supply_receipts_batch" ON "supply_receipts"("batch_id")`);
    await queryRunner.query(
      `CREATE TABLE "supply_stocktakes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "month" character(7) NOT NULL, "counted_by" uuid NOT NULL, "counted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_supply_stocktakes" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_supply_stocktakes_counted" ON "supply_stocktakes"("counted_at")`);
    await queryRunner.query(
      `CREATE TABLE "supply_stocktake_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stocktake_id" uuid NOT NULL, "batch_id" uuid NOT NULL, "expected" integer NOT NULL, "counted" integer NOT NULL, "difference" integer NOT NULL, "explanation" character varying(300), CONSTRAINT "ck_supply_stocktake_lines_explained" CHECK (difference = 0 OR explanation IS NOT NULL), CONSTRAINT "ck_supply_stocktake_lines_counts" CHECK (counted >= 0 AND difference = counted - expected), CONSTRAINT "pk_supply_stocktake_lines" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_supply_stocktake_lines_batch" ON "supply_stocktake_lines"("stocktake_id", "batch_id")`,
    );
    await queryRunner.query(
      `CREATE TABLE "supply_movements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "quantity" integer NOT NULL, "department_id" uuid, "receipt_id" uuid, "stocktake_line_id" uuid, "actor_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_supply_movements_kind" CHECK ((kind = 'receipt' AND quantity > 0 AND receipt_id IS NOT NULL AND department_id IS NULL AND stocktake_line_id IS NULL) OR (kind = 'issue' AND quantity < 0 AND department_id IS NOT NULL AND receipt_id IS NULL AND stocktake_line_id IS NULL) OR (kind = 'adjustment' AND quantity <> 0 AND stocktake_line_id IS NOT NULL AND receipt_id IS NULL AND department_id IS NULL)), CONSTRAINT "pk_supply_movements" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_supply_movements_department" ON "supply_movements"("department_id", "at")`);
    await queryRunner.query(`CREATE INDEX "ix_supply_movements_batch" ON "supply_movements"("batch_id", "at")`);
    await queryRunner.query(
      `CREATE TABLE "supply_adverse_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "description" character varying(500) NOT NULL, "outcome" character varying(300) NOT NULL, "department_id" uuid, "reported_by" uuid NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_supply_adverse_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_supply_adverse_events_reported" ON "supply_adverse_events"("reported_at")`);
    await queryRunner.query(`CREATE INDEX "ix_supply_adverse_events_batch" ON "supply_adverse_events"("batch_id")`);
    await queryRunner.query(
      `CREATE TABLE "supply_adverse_event_closures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "investigation" character varying(500) NOT NULL, "batch_released" boolean NOT NULL, "closed_by" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_supply_adverse_event_closures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_supply_adverse_event_closures_event" ON "supply_adverse_event_closures"("event_id")`);
    await queryRunner.query(
      `CREATE TABLE "supply_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "event_id" uuid NOT NULL, "message_zh" character varying(300) NOT NULL, "message_en" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_supply_notices" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_supply_notices_department" ON "supply_notices"("department_id", "created_at")`);
    await queryRunner.query(
      `ALTER TABLE "supply_products" ADD CONSTRAINT "fk_supply_products_supplier" FOREIGN KEY ("supplier_id") REFERENCES "supply_suppliers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_licences" ADD CONSTRAINT "fk_supply_licences_supplier" FOREIGN KEY ("supplier_id") REFERENCES "supply_suppliers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_licences" ADD CONSTRAINT "fk_supply_licences_product" FOREIGN KEY ("product_id") REFERENCES "supply_products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_licences" ADD CONSTRAINT "fk_supply_licences_corrects" FOREIGN KEY ("corrects_id") REFERENCES "supply_licences"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_batches" ADD CONSTRAINT "fk_supply_batches_product" FOREIGN KEY ("product_id") REFERENCES "supply_products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_receipts" ADD CONSTRAINT "fk_supply_receipts_batch" FOREIGN KEY ("batch_id") REFERENCES "supply_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_stocktake_lines" ADD CONSTRAINT "fk_supply_stocktake_lines_stocktake" FOREIGN KEY ("stocktake_id") REFERENCES "supply_stocktakes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_stocktake_lines" ADD CONSTRAINT "fk_supply_stocktake_lines_batch" FOREIGN KEY ("batch_id") REFERENCES "supply_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_movements" ADD CONSTRAINT "fk_supply_movements_batch" FOREIGN KEY ("batch_id") REFERENCES "supply_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_movements" ADD CONSTRAINT "fk_supply_movements_department" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_movements" ADD CONSTRAINT "fk_supply_movements_receipt" FOREIGN KEY ("receipt_id") REFERENCES "supply_receipts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_movements" ADD CONSTRAINT "fk_supply_movements_stocktake_line" FOREIGN KEY ("stocktake_line_id") REFERENCES "supply_stocktake_lines"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_adverse_events" ADD CONSTRAINT "fk_supply_adverse_events_batch" FOREIGN KEY ("batch_id") REFERENCES "supply_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_adverse_events" ADD CONSTRAINT "fk_supply_adverse_events_department" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_adverse_event_closures" ADD CONSTRAINT "fk_supply_adverse_event_closures_event" FOREIGN KEY ("event_id") REFERENCES "supply_adverse_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_notices" ADD CONSTRAINT "fk_supply_notices_department" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supply_notices" ADD CONSTRAINT "fk_supply_notices_event" FOREIGN KEY ("event_id") REFERENCES "supply_adverse_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
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
    await queryRunner.query(`ALTER TABLE "supply_notices" DROP CONSTRAINT "fk_supply_notices_event"`);
    await queryRunner.query(`ALTER TABLE "supply_notices" DROP CONSTRAINT "fk_supply_notices_department"`);
    await queryRunner.query(`ALTER TABLE "supply_adverse_event_closures" DROP CONSTRAINT "fk_supply_adverse_event_closures_event"`);
    await queryRunner.query(`ALTER TABLE "supply_adverse_events" DROP CONSTRAINT "fk_supply_adverse_events_department"`);
    await queryRunner.query(`ALTER TABLE "supply_adverse_events" DROP CONSTRAINT "fk_supply_adverse_events_batch"`);
    await queryRunner.query(`ALTER TABLE "supply_movements" DROP CONSTRAINT "fk_supply_movements_stocktake_line"`);
    await queryRunner.query(`ALTER TABLE "supply_movements" DROP CONSTRAINT "fk_supply_movements_receipt"`);
    await queryRunner.query(`ALTER TABLE "supply_movements" DROP CONSTRAINT "fk_supply_movements_department"`);
    await queryRunner.query(`ALTER TABLE "supply_movements" DROP CONSTRAINT "fk_supply_movements_batch"`);
    await queryRunner.query(`ALTER TABLE "supply_stocktake_lines" DROP CONSTRAINT "fk_supply_stocktake_lines_batch"`);
    await queryRunner.query(`ALTER TABLE "supply_stocktake_lines" DROP CONSTRAINT "fk_supply_stocktake_lines_stocktake"`);
    await queryRunner.query(`ALTER TABLE "supply_receipts" DROP CONSTRAINT "fk_supply_receipts_batch"`);
    await queryRunner.query(`ALTER TABLE "supply_batches" DROP CONSTRAINT "fk_supply_batches_product"`);
    await queryRunner.query(`ALTER TABLE "supply_licences" DROP CONSTRAINT "fk_supply_licences_corrects"`);
    await queryRunner.query(`ALTER TABLE "supply_licences" DROP CONSTRAINT "fk_supply_licences_product"`);
    await queryRunner.query(`ALTER TABLE "supply_licences" DROP CONSTRAINT "fk_supply_licences_supplier"`);
    await queryRunner.query(`ALTER TABLE "supply_products" DROP CONSTRAINT "fk_supply_products_supplier"`);
    await queryRunner.query(`DROP TABLE "supply_notices"`);
    await queryRunner.query(`DROP TABLE "supply_adverse_event_closures"`);
    await queryRunner.query(`DROP TABLE "supply_adverse_events"`);
    await queryRunner.query(`DROP TABLE "supply_movements"`);
    await queryRunner.query(`DROP TABLE "supply_stocktake_lines"`);
    await queryRunner.query(`DROP TABLE "supply_stocktakes"`);
    await queryRunner.query(`DROP TABLE "supply_receipts"`);
    await queryRunner.query(`DROP TABLE "supply_batches"`);
    await queryRunner.query(`DROP TABLE "supply_licences"`);
    await queryRunner.query(`DROP TABLE "supply_products"`);
    await queryRunner.query(`DROP TABLE "supply_suppliers"`);
  }
}
