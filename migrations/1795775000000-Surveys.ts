import type { MigrationInterface, QueryRunner } from 'typeorm';

/** History: rows are added, never updated or deleted (§4.5). `surveys` too, though its row is locked FOR UPDATE (src/database/roles.ts). */
const HISTORY = [
  'surveys',
  'survey_versions',
  'survey_questions',
  'survey_departments',
  'survey_responses',
  'survey_answers',
  'survey_closures',
  'survey_actions',
];

/** [table, constraint, column, referenced table]. */
const FOREIGN_KEYS: [string, string, string, string][] = [
  ['survey_versions', 'fk_survey_versions_survey', 'survey_id', 'surveys'],
  ['survey_questions', 'fk_survey_questions_version', 'version_id', 'survey_versions'],
  ['survey_departments', 'fk_survey_departments_version', 'version_id', 'survey_versions'],
  ['survey_departments', 'fk_survey_departments_department', 'department_id', 'departments'],
  ['survey_responses', 'fk_survey_responses_survey', 'survey_id', 'surveys'],
  ['survey_responses', 'fk_survey_responses_version', 'version_id', 'survey_versions'],
  ['survey_responses', 'fk_survey_responses_department', 'department_id', 'departments'],
  ['survey_answers', 'fk_survey_answers_response', 'response_id', 'survey_responses'],
  ['survey_answers', 'fk_survey_answers_question', 'question_id', 'survey_questions'],
  ['survey_closures', 'fk_survey_closures_survey', 'survey_id', 'surveys'],
  ['survey_actions', 'fk_survey_actions_survey', 'survey_id', 'surveys'],
  ['survey_actions', 'fk_survey_actions_department', 'department_id', 'departments'],
  ['survey_actions', 'fk_survey_actions_corrective_action', 'corrective_action_id', 'corrective_actions'],
];

/**
 * Issue 17, "Department feedback" (seed 5.2): department satisfaction surveys. A survey's title,
 * period, questions (rated 1–5 or free text, in Chinese and English) and departments asked are its
 * versions (a change before the first answer is a new version with the reason); each asked department
 * answers once; the head nurse closes it; improvement actions agreed from it are corrective actions
 * (seed 7.8) with their owner and due date, as a defect's and a quality review's are.
 */
export class Surveys1795775000000 implements MigrationInterface {
  name = 'Surveys1795775000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "surveys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_surveys" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "version" smallint NOT NULL, "title_zh" character varying(100) NOT NULL, "title_en" character varying(100) NOT NULL, "period_from" character varying(7) NOT NULL, "period_to" character varying(7) NOT NULL, "reason" character varying(200), "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_survey_versions_period" CHECK (period_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND period_to ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND period_from <= period_to), CONSTRAINT "ck_survey_versions_version" CHECK (version >= 1 AND (version = 1) = (reason IS NULL)), CONSTRAINT "pk_survey_versions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_versions_version" ON "survey_versions"("survey_id", "version")`);
    await queryRunner.query(
      `CREATE TABLE "survey_questions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "seq" smallint NOT NULL, "kind" character varying(10) NOT NULL, "text_zh" character varying(200) NOT NULL, "text_en" character varying(200) NOT NULL, CONSTRAINT "ck_survey_questions_seq" CHECK (seq >= 1), CONSTRAINT "ck_survey_questions_kind" CHECK (kind IN ('rating', 'text')), CONSTRAINT "pk_survey_questions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_questions_seq" ON "survey_questions"("version_id", "seq")`);
    await queryRunner.query(
      `CREATE TABLE "survey_departments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "department_id" uuid NOT NULL, CONSTRAINT "pk_survey_departments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_survey_departments_department" ON "survey_departments"("version_id", "department_id")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_survey_departments_department" ON "survey_departments"("department_id")`);
    await queryRunner.query(
      `CREATE TABLE "survey_responses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "version_id" uuid NOT NULL, "department_id" uuid NOT NULL, "answered_by" uuid NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_survey_responses" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_responses_department" ON "survey_responses"("survey_id", "department_id")`);
    await queryRunner.query(
      `CREATE TABLE "survey_answers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "response_id" uuid NOT NULL, "question_id" uuid NOT NULL, "rating" smallint, "text" character varying(1000), CONSTRAINT "ck_survey_answers_value" CHECK (num_nonnulls(rating, text) = 1 AND (rating IS NULL OR rating BETWEEN 1 AND 5)), CONSTRAINT "pk_survey_answers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_answers_question" ON "survey_answers"("response_id", "question_id")`);
    await queryRunner.query(
      `CREATE TABLE "survey_closures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "note" character varying(300), "closed_by" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_survey_closures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_closures_survey" ON "survey_closures"("survey_id")`);
    await queryRunner.query(
      `CREATE TABLE "survey_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "seq" smallint NOT NULL, "what" character varying(300) NOT NULL, "department_id" uuid, "corrective_action_id" uuid NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_survey_actions_seq" CHECK (seq >= 1), CONSTRAINT "pk_survey_actions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_actions_corrective_action" ON "survey_actions"("corrective_action_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_actions_seq" ON "survey_actions"("survey_id", "seq")`);
    for (const [table, name, column, target] of FOREIGN_KEYS) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }
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
    for (const [table, name] of [...FOREIGN_KEYS].reverse()) await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    for (const table of [...HISTORY].reverse()) await queryRunner.query(`DROP TABLE "${table}"`);
  }
}
