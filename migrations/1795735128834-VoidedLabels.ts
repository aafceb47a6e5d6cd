import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Voided label barcodes (a pack relabelled after leaving the load its label named); append-only. */

export class VoidedLabels1795735128834 implements MigrationInterface {
  name = 'VoidedLabels1795735128834';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "voided_labels" ("barcode" character varying(40) NOT NULL, "pack_id" uuid NOT NULL, "replaced_by" character varying(40) NOT NULL, "reason" character varying(200) NOT NULL, "voided_by" uuid NOT NULL, "voided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_45a948e97c922226e1eaadc893e" PRIMARY KEY ("barcode"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_voided_labels_pack" ON "voided_labels"  ("pack_id") `);
    await queryRunner.query(
      `ALTER TABLE "voided_labels" ADD CONSTRAINT "fk_voided_labels_pack" FOREIGN KEY ("pack_id") REFERENCES "packs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_voided_labels_append_only BEFORE UPDATE OR DELETE ON "voided_labels" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_voided_labels_append_only ON "voided_labels"`);
    await queryRunner.query(`ALTER TABLE "voided_labels" DROP CONSTRAINT "fk_voided_labels_pack"`);
    await queryRunner.query(`DROP INDEX "public"."ix_voided_labels_pack"`);
    await queryRunner.query(`DROP TABLE "voided_labels"`);
  }
}
