import type { MigrationInterface, QueryRunner } from "typeorm";

/** Issue 18: the loading check before a load starts (seed 1.4); append-only history. */
export class LoadingChecks1795761600000 implements MigrationInterface {
    name = 'LoadingChecks1795761600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "load_checks" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "load_id" uuid NOT NULL, "packaging" boolean NOT NULL, "quantity" boolean NOT NULL, "specification" boolean NOT NULL, "loading_method" boolean NOT NULL, "passed" boolean NOT NULL, "pack_ids" uuid array NOT NULL, "second_required" boolean NOT NULL, "checked_by" uuid NOT NULL, "second_checked_by" uuid, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" character varying(200), CONSTRAINT "ck_load_checks_second" CHECK ((NOT second_required OR second_checked_by IS NOT NULL) AND second_checked_by IS DISTINCT FROM checked_by), CONSTRAINT "ck_load_checks_passed" CHECK (passed = (packaging AND quantity AND specification AND loading_method)), CONSTRAINT "pk_load_checks" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_load_checks_load" ON "load_checks" ("load_id", "id") `);
        await queryRunner.query(`ALTER TABLE "load_checks" ADD CONSTRAINT "fk_load_checks_load" FOREIGN KEY ("load_id") REFERENCES "sterilizer_loads"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE TRIGGER tr_load_checks_append_only BEFORE UPDATE OR DELETE ON "load_checks" FOR EACH ROW EXECUTE FUNCTION cssd_forbid_change()`);
        await queryRunner.query(`CREATE TRIGGER tr_load_checks_no_truncate BEFORE TRUNCATE ON "load_checks" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER tr_load_checks_no_truncate ON "load_checks"`);
        await queryRunner.query(`DROP TRIGGER tr_load_checks_append_only ON "load_checks"`);
        await queryRunner.query(`ALTER TABLE "load_checks" DROP CONSTRAINT "fk_load_checks_load"`);
        await queryRunner.query(`DROP INDEX "public"."ix_load_checks_load"`);
        await queryRunner.query(`DROP TABLE "load_checks"`);
    }
}
