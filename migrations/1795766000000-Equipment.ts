import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table of the equipment register is history: rows are added, never updated or deleted (§4.5). */
const HISTORY = ['equipment', 'equipment_faults', 'equipment_maintenance'];

/**
 * Issue 17, the equipment register (seed 6, 5.4, 6.5): every machine with its responsible operator
 * and service plan (catalog sterilizers and washers linked; sealers, drying cabinets and water
 * treatment of their own), faults reported by anyone, services, repairs, monthly self-inspections
 * and returns to service. A return to service is a new row naming the fault it closes, once.
 */
export class Equipment1795766000000 implements MigrationInterface {
  name = 'Equipment1795766000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "equipment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "kind" character varying(20) NOT NULL, "name_zh" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "sterilizer_id" uuid, "washer_id" uuid, "responsible_user_id" uuid NOT NULL, "service_interval_months" integer NOT NULL, "last_service_on" date NOT NULL, "documents" character varying(300), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_equipment_interval" CHECK (service_interval_months BETWEEN 1 AND 24), CONSTRAINT "ck_equipment_machine" CHECK ((kind = 'sterilizer') = (sterilizer_id IS NOT NULL) AND (kind = 'washer') = (washer_id IS NOT NULL)), CONSTRAINT "ck_equipment_kind" CHECK (kind IN ('sterilizer', 'washer', 'sealer', 'drying_cabinet', 'water_treatment')), CONSTRAINT "pk_equipment" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_equipment_code" ON "equipment"("code")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_equipment_sterilizer" ON "equipment"("sterilizer_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_equipment_washer" ON "equipment"("washer_id")`);
    await queryRunner.query(
      `CREATE TABLE "equipment_faults" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "equipment_id" uuid NOT NULL, "description" character varying(500) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "out_of_use" boolean NOT NULL, "reported_by" uuid NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_equipment_faults" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_equipment_faults_equipment" ON "equipment_faults"("equipment_id", "reported_at")`);
    await queryRunner.query(
      `CREATE TABLE "equipment_maintenance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "equipment_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "fault_id" uuid, "outcome" character varying(10) NOT NULL, "note" character varying(500) NOT NULL, "performer" character varying(100), "performed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_equipment_maintenance_return" CHECK (kind <> 'return_to_service' OR (fault_id IS NOT NULL AND outcome = 'passed')), CONSTRAINT "ck_equipment_maintenance_outcome" CHECK (outcome IN ('passed', 'failed')), CONSTRAINT "ck_equipment_maintenance_kind" CHECK (kind IN ('service', 'repair', 'self_inspection', 'return_to_service')), CONSTRAINT "pk_equipment_maintenance" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_equipment_maintenance_equipment" ON "equipment_maintenance"("equipment_id", "kind", "performed_at")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_equipment_maintenance_return" ON "equipment_maintenance"("fault_id") WHERE kind = 'return_to_service'`,
    );
    await queryRunner.query(
      `ALTER TABLE "equipment" ADD CONSTRAINT "fk_equipment_sterilizer" FOREIGN KEY ("sterilizer_id") REFERENCES "sterilizers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "equipment" ADD CONSTRAINT "fk_equipment_washer" FOREIGN KEY ("washer_id") REFERENCES "washers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "equipment_faults" ADD CONSTRAINT "fk_equipment_faults_equipment" FOREIGN KEY ("equipment_id") REFERENCES "equipment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "equipment_maintenance" ADD CONSTRAINT "fk_equipment_maintenance_equipment" FOREIGN KEY ("equipment_id") REFERENCES "equipment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "equipment_maintenance" ADD CONSTRAINT "fk_equipment_maintenance_fault" FOREIGN KEY ("fault_id") REFERENCES "equipment_faults"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of HISTORY) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
      );
      // Tamper-evident (JOURNALED in src/ledger-seal/covered-tables.ts): each new row's digest in the ledger journal.
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_ledger AFTER INSERT OR UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_ledger_journal('id')`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...HISTORY].reverse()) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_ledger ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER tr_${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER tr_${table}_append_only ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "equipment_maintenance" DROP CONSTRAINT "fk_equipment_maintenance_fault"`);
    await queryRunner.query(`ALTER TABLE "equipment_maintenance" DROP CONSTRAINT "fk_equipment_maintenance_equipment"`);
    await queryRunner.query(`ALTER TABLE "equipment_faults" DROP CONSTRAINT "fk_equipment_faults_equipment"`);
    await queryRunner.query(`ALTER TABLE "equipment" DROP CONSTRAINT "fk_equipment_washer"`);
    await queryRunner.query(`ALTER TABLE "equipment" DROP CONSTRAINT "fk_equipment_sterilizer"`);
    await queryRunner.query(`DROP TABLE "equipment_maintenance"`);
    await queryRunner.query(`DROP TABLE "equipment_faults"`);
    await queryRunner.query(`DROP TABLE "equipment"`);
  }
}
