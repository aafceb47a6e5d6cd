import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: BI products in the catalog. A BI names its product when placed and copies the
 * product's incubation time (readout_minutes). BIs placed before keep the readout time they
 * were given and no product (product_id null): their read time does not move.
 */
export class BiProducts1795761400000 implements MigrationInterface {
  name = 'BiProducts1795761400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bi_products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name_zh" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "manufacturer" character varying(100) NOT NULL, "methods" text array NOT NULL, "incubation_minutes" integer NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_bi_products_code" UNIQUE ("code"), CONSTRAINT "ck_bi_products_incubation" CHECK (incubation_minutes BETWEEN 20 AND 10080), CONSTRAINT "PK_2b906c0873658f2fb268f4e8f0a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "bi_tests" ADD "product_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "bi_tests" ADD CONSTRAINT "fk_bi_tests_product" FOREIGN KEY ("product_id") REFERENCES "bi_products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Every new BI states its incubation through its product: no default that could stand in for one.
    await queryRunner.query(`ALTER TABLE "bi_tests" ALTER COLUMN "readout_minutes" DROP DEFAULT`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bi_tests" ALTER COLUMN "readout_minutes" SET DEFAULT 1440`);
    await queryRunner.query(`ALTER TABLE "bi_tests" DROP CONSTRAINT "fk_bi_tests_product"`);
    await queryRunner.query(`ALTER TABLE "bi_tests" DROP COLUMN "product_id"`);
    await queryRunner.query(`DROP TABLE "bi_products"`);
  }
}
