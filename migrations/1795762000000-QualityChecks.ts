import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'air_colony_sterile_storage', 'air_colony_packing', 'storage_temperature', 'storage_humidity', 'disinfectant_concentration', 'water_conductivity'`;
const HISTORY = ['quality_random_checks', 'corrective_actions', 'corrective_action_closures'];

/**
 * Issue 18, "Daily monitoring has a schedule" (seed 7.2–7.8): the routine tasks and how often
 * (seeded here), two reading kinds the schedule needs (cleaning-agent concentration, wash water),
 * the daily random check of indicator tape and process records, and the corrective actions a
 * failed result opens, closed by a record of their own. The last three are append-only.
 */
export class QualityChecks1795762000000 implements MigrationInterface {
  name = 'QualityChecks1795762000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "environment_readings" DROP CONSTRAINT "ck_environment_readings_kind"`);
    await queryRunner.query(
      `ALTER TABLE "environment_readings" ADD CONSTRAINT "ck_environment_readings_kind" CHECK (kind IN (${KINDS_BEFORE}, 'cleaning_agent_concentration', 'wash_water_colony'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "quality_check_tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(40) NOT NULL, "reading_kind" character varying(40), "frequency" character varying(10) NOT NULL, "name_zh" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "sort_order" smallint NOT NULL, CONSTRAINT "ck_quality_check_tasks_frequency" CHECK (frequency IN ('daily', 'monthly')), CONSTRAINT "pk_quality_check_tasks" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_quality_check_tasks_code" ON "quality_check_tasks" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "quality_random_checks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "checked_items" character varying(30) array NOT NULL, "sample_size" integer NOT NULL, "nonconforming" integer NOT NULL, "findings" character varying(500), "passed" boolean NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "checked_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_quality_random_checks_passed" CHECK (passed = (nonconforming = 0) AND (passed OR findings IS NOT NULL)), CONSTRAINT "ck_quality_random_checks_counts" CHECK (sample_size >= 1 AND nonconforming >= 0 AND nonconforming <= sample_size), CONSTRAINT "ck_quality_random_checks_items" CHECK (cardinality(checked_items) >= 1 AND checked_items <@ ARRAY['indicator_tape', 'process_records']::varchar[]), CONSTRAINT "pk_quality_random_checks" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_quality_random_checks_checked" ON "quality_random_checks" ("checked_at") `);
    await queryRunner.query(
      `CREATE TABLE "corrective_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid, "reading_id" uuid, "random_check_id" uuid, "what_zh" character varying(300) NOT NULL, "what_en" character varying(300) NOT NULL, "responsible_user_id" uuid NOT NULL, "due_date" date NOT NULL, "opened_by" uuid NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_corrective_actions_source" CHECK ((reading_id IS NULL) <> (random_check_id IS NULL)), CONSTRAINT "pk_corrective_actions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_corrective_actions_reading" ON "corrective_actions" ("reading_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_corrective_actions_random_check" ON "corrective_actions" ("random_check_id") `);
    await queryRunner.query(
      `CREATE TABLE "corrective_action_closures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "action_id" uuid NOT NULL, "action_taken" character varying(500) NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_by" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_corrective_action_closures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_corrective_action_closures_action" ON "corrective_action_closures" ("action_id") `);
    await queryRunner.query(
      `ALTER TABLE "corrective_actions" ADD CONSTRAINT "fk_corrective_actions_task" FOREIGN KEY ("task_id") REFERENCES "quality_check_tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "corrective_actions" ADD CONSTRAINT "fk_corrective_actions_reading" FOREIGN KEY ("reading_id") REFERENCES "environment_readings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "corrective_actions" ADD CONSTRAINT "fk_corrective_actions_random_check" FOREIGN KEY ("random_check_id") REFERENCES "quality_random_checks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "corrective_action_closures" ADD CONSTRAINT "fk_corrective_action_closures_action" FOREIGN KEY ("action_id") REFERENCES "corrective_actions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const table of HISTORY) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
      );
    }
    // The default schedule (seed 7.2–7.7): concentrations and conductivity daily, air and wash water monthly, the random check daily.
    await queryRunner.query(`INSERT INTO quality_check_tasks (code, reading_kind, frequency, name_zh, name_en, sort_order) VALUES
            ('disinfectant_concentration', 'disinfectant_concentration', 'daily', '消毒剂浓度（在用消毒液）', 'Disinfectant concentration (solution in use)', 10),
            ('cleaning_agent_concentration', 'cleaning_agent_concentration', 'daily', '清洗剂浓度（在用清洗液）', 'Cleaning agent concentration (solution in use)', 20),
            ('water_conductivity', 'water_conductivity', 'daily', '纯化水（终末漂洗水）电导率', 'Purified (final rinse) water conductivity', 30),
            ('random_check', NULL, 'daily', '化学指示胶带与过程记录随机抽查', 'Random check of indicator tape and process records', 40),
            ('air_colony_packing', 'air_colony_packing', 'monthly', '检查包装区空气菌落数', 'Air colonies, packing area', 50),
            ('air_colony_sterile_storage', 'air_colony_sterile_storage', 'monthly', '无菌物品存放区空气菌落数', 'Air colonies, sterile storage', 60),
            ('wash_water_colony', 'wash_water_colony', 'monthly', '清洗用水（自来水）菌落总数', 'Wash water (tap water) colony count', 70)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of HISTORY) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_no_truncate ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER tr_${table}_append_only ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "corrective_action_closures" DROP CONSTRAINT "fk_corrective_action_closures_action"`);
    await queryRunner.query(`ALTER TABLE "corrective_actions" DROP CONSTRAINT "fk_corrective_actions_random_check"`);
    await queryRunner.query(`ALTER TABLE "corrective_actions" DROP CONSTRAINT "fk_corrective_actions_reading"`);
    await queryRunner.query(`ALTER TABLE "corrective_actions" DROP CONSTRAINT "fk_corrective_actions_task"`);
    await queryRunner.query(`DROP TABLE "corrective_action_closures"`);
    await queryRunner.query(`DROP TABLE "corrective_actions"`);
    await queryRunner.query(`DROP TABLE "quality_random_checks"`);
    await queryRunner.query(`DROP TABLE "quality_check_tasks"`);
    // Readings of the two new kinds stay (history is append-only): the old constraint no longer checks the rows already there.
    await queryRunner.query(`ALTER TABLE "environment_readings" DROP CONSTRAINT "ck_environment_readings_kind"`);
    await queryRunner.query(
      `ALTER TABLE "environment_readings" ADD CONSTRAINT "ck_environment_readings_kind" CHECK (kind IN (${KINDS_BEFORE})) NOT VALID`,
    );
  }
}
