import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = [
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
export const TEMPLATE_CONTENT_V2 = [...BEFORE, 'max_weight_kg'];
const AFTER = TEMPLATE_CONTENT_V2;

/**
 * The version trigger of TemplateVersions1795760200001 over `columns` (a change to any of them
 * is a new version). `recordedAt`: an expression of the template row (`NEW.…`) that dates the
 * version; without it the column's default does (before OneClock1795762200000).
 */
export const versionFunction = (columns: string[], recordedAt?: string) => {
  const row = (alias: string) => `ROW(${columns.map((c) => `${alias}.${c}`).join(', ')})`;
  const written = recordedAt ? [...columns, 'recorded_at'] : columns;
  const values = [...columns.map((c) => `NEW.${c}`), ...(recordedAt ? [recordedAt] : [])];
  return `CREATE OR REPLACE FUNCTION cssd_set_template_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_WHEN = 'BEFORE' THEN
    NEW.version := OLD.version + CASE WHEN ${row('NEW')} IS DISTINCT FROM ${row('OLD')} THEN 1 ELSE 0 END;
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.version <> OLD.version THEN
    INSERT INTO set_template_versions (template_id, version, ${written.join(', ')})
    VALUES (NEW.id, NEW.version, ${values.join(', ')});
  END IF;
  RETURN NULL;
END $$`;
};

/**
 * Issue 18: a template may set the most a packed set may weigh (WS 310.2: instrument packs
 * ≤ 7 kg, dressing packs ≤ 5 kg); the packing inspection weighs the set against it. Part of
 * the content a pack is packed to, so it is kept with each template version.
 */
export class TemplateMaxWeight1795761500000 implements MigrationInterface {
  name = 'TemplateMaxWeight1795761500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "set_templates" ADD "max_weight_kg" numeric(6,2)`);
    await queryRunner.query(
      `ALTER TABLE "set_templates" ADD CONSTRAINT "ck_set_templates_max_weight" CHECK (max_weight_kg IS NULL OR max_weight_kg > 0)`,
    );
    await queryRunner.query(`ALTER TABLE "set_template_versions" ADD "max_weight_kg" numeric(6,2)`);
    await queryRunner.query(versionFunction(AFTER));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(versionFunction(BEFORE));
    await queryRunner.query(`ALTER TABLE "set_template_versions" DROP COLUMN "max_weight_kg"`);
    await queryRunner.query(`ALTER TABLE "set_templates" DROP CONSTRAINT "ck_set_templates_max_weight"`);
    await queryRunner.query(`ALTER TABLE "set_templates" DROP COLUMN "max_weight_kg"`);
  }
}
