import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of a template that a pack is packed to (a change to any of them is a new version; (de)activation is not). */
const TEMPLATE_CONTENT = [
  'code',
  'name_zh',
  'name_en',
  'packaging_material',
  'alternative_packaging',
  'sterilization_method',
  'implant',
  'critical',
  'dressing',
  'weight_kg',
  'gtin',
  'contents',
];
const row = (alias: string) => `ROW(${TEMPLATE_CONTENT.map((c) => `${alias}.${c}`).join(', ')})`;

/**
 * Hand-written (issue 19 item 14): set_template_versions keeps every version of a template,
 * written by the database itself when a template is created or its content changes (whoever
 * writes it); packs.template_version is the version a pack was packed to. Today's templates
 * become version 1. Packs packed before keep no version (rewriting every pack row is not worth
 * it): they show today's template.
 */
export class TemplateVersions1795760200001 implements MigrationInterface {
  name = 'TemplateVersions1795760200001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "set_template_versions" ("template_id" uuid NOT NULL, "version" integer NOT NULL, "code" character varying(32) NOT NULL, "name_zh" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "packaging_material" character varying(32) NOT NULL, "alternative_packaging" text array NOT NULL, "sterilization_method" character varying(32) NOT NULL, "implant" boolean NOT NULL, "critical" boolean NOT NULL, "dressing" boolean NOT NULL, "weight_kg" numeric(6,2), "gtin" character varying(14), "contents" jsonb NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0dfc17d83ff39d489680ebd09b2" PRIMARY KEY ("template_id", "version"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "set_template_versions" ADD CONSTRAINT "fk_set_template_versions_template" FOREIGN KEY ("template_id") REFERENCES "set_templates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "set_templates" ADD "version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "packs" ADD "template_version" integer`);
    await queryRunner.query(
      `INSERT INTO set_template_versions (template_id, version, ${TEMPLATE_CONTENT.join(', ')}) SELECT id, version, ${TEMPLATE_CONTENT.join(', ')} FROM set_templates`,
    );
    // BEFORE UPDATE: the database counts the version (whatever the writer sets); AFTER INSERT OR UPDATE: records it
    // (after, so the template row exists for the foreign key).
    await queryRunner.query(`CREATE FUNCTION cssd_set_template_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_WHEN = 'BEFORE' THEN
    NEW.version := OLD.version + CASE WHEN ${row('NEW')} IS DISTINCT FROM ${row('OLD')} THEN 1 ELSE 0 END;
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.version <> OLD.version THEN
    INSERT INTO set_template_versions (template_id, version, ${TEMPLATE_CONTENT.join(', ')})
    VALUES (NEW.id, NEW.version, ${TEMPLATE_CONTENT.map((c) => `NEW.${c}`).join(', ')});
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER tr_set_templates_count_version BEFORE UPDATE ON "set_templates" FOR EACH ROW EXECUTE FUNCTION cssd_set_template_version()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_set_templates_record_version AFTER INSERT OR UPDATE ON "set_templates" FOR EACH ROW EXECUTE FUNCTION cssd_set_template_version()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_set_template_versions_append_only BEFORE UPDATE OR DELETE ON "set_template_versions" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_set_template_versions_no_truncate BEFORE TRUNCATE ON "set_template_versions" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_set_templates_record_version ON "set_templates"`);
    await queryRunner.query(`DROP TRIGGER tr_set_templates_count_version ON "set_templates"`);
    await queryRunner.query(`DROP FUNCTION cssd_set_template_version()`);
    await queryRunner.query(`ALTER TABLE "packs" DROP COLUMN "template_version"`);
    await queryRunner.query(`ALTER TABLE "set_templates" DROP COLUMN "version"`);
    await queryRunner.query(`DROP TABLE "set_template_versions"`);
  }
}
