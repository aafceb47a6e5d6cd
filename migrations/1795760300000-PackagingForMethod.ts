import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Packaging chosen by method (WS 310.2, src/catalog/packaging-compatibility.ts): two cellulose-free
 * materials the H₂O₂ plasma method needs, `nonwoven_polypropylene` and `tyvek_pouch`, which the old
 * `crepe_nonwoven` (crepe paper or non-woven) could not tell apart from paper.
 *
 * Existing templates whose packaging does not suit their method are left as they are: the rule
 * lives in the application, not in a CHECK, so this migration cannot fail on them. Packing and
 * loading refuse their packs (PACKAGING_METHOD_INCOMPATIBLE) and an edit of such a template must
 * fix its packaging.
 */
export class PackagingForMethod1795760300000 implements MigrationInterface {
  name = 'PackagingForMethod1795760300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "set_templates" DROP CONSTRAINT "ck_set_templates_packaging"`);
    await queryRunner.query(
      `ALTER TABLE "set_templates" ADD CONSTRAINT "ck_set_templates_packaging" CHECK (packaging_material IN ('cotton', 'paper_bag', 'crepe_nonwoven', 'paper_plastic_pouch', 'rigid_container', 'nonwoven_polypropylene', 'tyvek_pouch'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Fails while a template uses one of the new materials: change those templates first.
    await queryRunner.query(`ALTER TABLE "set_templates" DROP CONSTRAINT "ck_set_templates_packaging"`);
    await queryRunner.query(
      `ALTER TABLE "set_templates" ADD CONSTRAINT "ck_set_templates_packaging" CHECK (packaging_material IN ('cotton', 'paper_bag', 'crepe_nonwoven', 'paper_plastic_pouch', 'rigid_container'))`,
    );
  }
}
