import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MonitoringRecall1795714360310 implements MigrationInterface {
  name = 'MonitoringRecall1795714360310';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bd_tests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sterilizer_id" uuid NOT NULL, "tested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "test_date" date NOT NULL, "passed" boolean NOT NULL, "operator_id" uuid NOT NULL, "note" character varying(200), "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f4d004867f38608b20e8dfcaf24" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_bd_tests_sterilizer" ON "bd_tests"  ("sterilizer_id", "tested_at") `);
    await queryRunner.query(
      `CREATE TABLE "bi_tests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sterilizer_id" uuid NOT NULL, "load_id" uuid NOT NULL, "lot" character varying(40) NOT NULL, "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "placed_by" uuid NOT NULL, "pcd_type5_passed" boolean, "result" character varying(10) NOT NULL DEFAULT 'pending', "read_at" TIMESTAMP WITH TIME ZONE, "read_by" uuid, "note" character varying(200), "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_bi_tests_result" CHECK (result IN ('pending', 'passed', 'failed')), CONSTRAINT "PK_f9935bd73d6d0db8e5c6413fd76" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_bi_tests_load" ON "bi_tests"  ("load_id") `);
    await queryRunner.query(`CREATE INDEX "ix_bi_tests_sterilizer" ON "bi_tests"  ("sterilizer_id", "placed_at") `);
    await queryRunner.query(
      `CREATE TABLE "emergency_releases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "load_id" uuid NOT NULL, "bi_test_id" uuid NOT NULL, "approved_by" uuid NOT NULL, "reason" character varying(300) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d70442835670dbeaf5c867ff800" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_emergency_releases_load" ON "emergency_releases"  ("load_id") `);
    await queryRunner.query(
      `CREATE TABLE "environment_readings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(40) NOT NULL, "value" numeric(10,2) NOT NULL, "unit" character varying(12) NOT NULL, "limit_min" numeric(10,2), "limit_max" numeric(10,2), "within_limits" boolean NOT NULL, "measured_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_by" uuid NOT NULL, "note" character varying(200), "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_environment_readings_kind" CHECK (kind IN ('air_colony_sterile_storage', 'air_colony_packing', 'storage_temperature', 'storage_humidity', 'disinfectant_concentration', 'water_conductivity')), CONSTRAINT "PK_e6dc507a13551b47648cc004b73" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_environment_readings_kind" ON "environment_readings"  ("kind", "measured_at") `);
    await queryRunner.query(
      `CREATE TABLE "department_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "department_id" uuid NOT NULL, "kind" character varying(30) NOT NULL, "recall_id" uuid, "packs" jsonb NOT NULL, "message_zh" character varying(300) NOT NULL, "message_en" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1ca05f2f70fbe1a20279d5753ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_department_notices_department" ON "department_notices"  ("department_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "recalls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trigger" character varying(20) NOT NULL, "reason" character varying(300) NOT NULL, "scope" jsonb NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'open', "opened_by" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_by" uuid, "closed_at" TIMESTAMP WITH TIME ZONE, "close_note" character varying(300), CONSTRAINT "ck_recalls_status" CHECK (status IN ('open', 'closed')), CONSTRAINT "ck_recalls_trigger" CHECK (trigger IN ('bi_failed', 'chemical_failed', 'physical_failed', 'infection_cluster', 'manual')), CONSTRAINT "PK_13ebd50c4d11c01b5d4528d5bb9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_recalls_opened" ON "recalls"  ("opened_at") `);
    await queryRunner.query(
      `CREATE TABLE "recall_items" ("recall_id" uuid NOT NULL, "pack_id" uuid NOT NULL, "load_id" uuid NOT NULL, "state_at_recall" character varying(20) NOT NULL, "department_id" uuid, "disposition" character varying(20) NOT NULL, "patient_id" character varying(40), "operation_id" character varying(40), "accounted_at" TIMESTAMP WITH TIME ZONE, "accounted_by" uuid, CONSTRAINT "ck_recall_items_disposition" CHECK (disposition IN ('not_found', 'pulled', 'returned', 'used', 'out_of_circulation')), CONSTRAINT "PK_b43c9eaccb9f574257f31ac06a2" PRIMARY KEY ("recall_id", "pack_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_recall_items_department" ON "recall_items"  ("department_id", "disposition") `);
    await queryRunner.query(`CREATE INDEX "ix_recall_items_pack" ON "recall_items"  ("pack_id") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL, "notice_id" uuid NOT NULL, "attempt" integer NOT NULL, "http_status" integer, "delivered" boolean NOT NULL, "error" character varying(300), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_notice" ON "webhook_deliveries"  ("notice_id", "attempt") `);
    await queryRunner.query(`ALTER TABLE "sterilizers" ADD "commissioning_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" ADD "empty_chamber" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `ALTER TABLE "bd_tests" ADD CONSTRAINT "fk_bd_tests_sterilizer" FOREIGN KEY ("sterilizer_id") REFERENCES "sterilizers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bi_tests" ADD CONSTRAINT "fk_bi_tests_sterilizer" FOREIGN KEY ("sterilizer_id") REFERENCES "sterilizers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bi_tests" ADD CONSTRAINT "fk_bi_tests_load" FOREIGN KEY ("load_id") REFERENCES "sterilizer_loads"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "emergency_releases" ADD CONSTRAINT "fk_emergency_releases_load" FOREIGN KEY ("load_id") REFERENCES "sterilizer_loads"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recall_items" ADD CONSTRAINT "fk_recall_items_recall" FOREIGN KEY ("recall_id") REFERENCES "recalls"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "recall_items" ADD CONSTRAINT "fk_recall_items_pack" FOREIGN KEY ("pack_id") REFERENCES "packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "recall_items" DROP CONSTRAINT "fk_recall_items_pack"`);
    await queryRunner.query(`ALTER TABLE "recall_items" DROP CONSTRAINT "fk_recall_items_recall"`);
    await queryRunner.query(`ALTER TABLE "emergency_releases" DROP CONSTRAINT "fk_emergency_releases_load"`);
    await queryRunner.query(`ALTER TABLE "bi_tests" DROP CONSTRAINT "fk_bi_tests_load"`);
    await queryRunner.query(`ALTER TABLE "bi_tests" DROP CONSTRAINT "fk_bi_tests_sterilizer"`);
    await queryRunner.query(`ALTER TABLE "bd_tests" DROP CONSTRAINT "fk_bd_tests_sterilizer"`);
    await queryRunner.query(`ALTER TABLE "sterilizer_loads" DROP COLUMN "empty_chamber"`);
    await queryRunner.query(`ALTER TABLE "sterilizers" DROP COLUMN "commissioning_since"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_notice"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recall_items_pack"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recall_items_department"`);
    await queryRunner.query(`DROP TABLE "recall_items"`);
    await queryRunner.query(`DROP INDEX "public"."ix_recalls_opened"`);
    await queryRunner.query(`DROP TABLE "recalls"`);
    await queryRunner.query(`DROP INDEX "public"."ix_department_notices_department"`);
    await queryRunner.query(`DROP TABLE "department_notices"`);
    await queryRunner.query(`DROP INDEX "public"."ix_environment_readings_kind"`);
    await queryRunner.query(`DROP TABLE "environment_readings"`);
    await queryRunner.query(`DROP INDEX "public"."ix_emergency_releases_load"`);
    await queryRunner.query(`DROP TABLE "emergency_releases"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bi_tests_sterilizer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bi_tests_load"`);
    await queryRunner.query(`DROP TABLE "bi_tests"`);
    await queryRunner.query(`DROP INDEX "public"."ix_bd_tests_sterilizer"`);
    await queryRunner.query(`DROP TABLE "bd_tests"`);
  }
}
