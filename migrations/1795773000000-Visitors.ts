import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table here is history: rows are added, never updated or deleted (§4.5); a correction is a new row. */
const HISTORY = ['visit_requests', 'visit_decisions', 'visit_cancellations', 'visit_check_ins', 'visit_check_outs', 'visit_comments'];

const ZONES = `ARRAY['recycling', 'cleaning', 'packing', 'sterilization', 'storage', 'dispatch']::varchar[]`;

/**
 * Issue 17, the visitors register: the CSSD is a restricted department. A visit request (the unit,
 * its visitors with their titles, a contact, the purpose, the planned day and window, the zones;
 * corrected by new entries of the same visit, with the reason), the head nurse's or an
 * administrator's decision (refused with the reason), a cancellation before the visit started, the
 * check-in (time, escort) and check-out (time, zones entered), each corrected by a new row naming
 * the one it corrects, and the visitors' comments.
 */
export class Visitors1795773000000 implements MigrationInterface {
  name = 'Visitors1795773000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "visit_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "corrects_id" uuid, "reason" character varying(200), "unit" character varying(200) NOT NULL, "visitors" jsonb NOT NULL, "contact" character varying(100) NOT NULL, "purpose" character varying(500) NOT NULL, "planned_date" date NOT NULL, "window_start" TIME NOT NULL, "window_end" TIME NOT NULL, "zones" character varying(20) array NOT NULL, "requested_by" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_visit_requests_zones" CHECK (cardinality(zones) >= 1 AND zones <@ ${ZONES}), CONSTRAINT "ck_visit_requests_visitors" CHECK (jsonb_typeof(visitors) = 'array' AND jsonb_array_length(visitors) BETWEEN 1 AND 30), CONSTRAINT "ck_visit_requests_window" CHECK (window_end > window_start), CONSTRAINT "ck_visit_requests_correction" CHECK ((corrects_id IS NULL) = (reason IS NULL) AND (corrects_id IS NULL) = (visit_id = id)), CONSTRAINT "pk_visit_requests" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_visit_requests_corrects" ON "visit_requests"("corrects_id")`);
    await queryRunner.query(`CREATE INDEX "ix_visit_requests_visit" ON "visit_requests"("visit_id")`);
    await queryRunner.query(`CREATE INDEX "ix_visit_requests_planned" ON "visit_requests"("planned_date")`);
    await queryRunner.query(
      `CREATE TABLE "visit_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "approved" boolean NOT NULL, "reason" character varying(300), "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_visit_decisions_reason" CHECK (approved OR reason IS NOT NULL), CONSTRAINT "pk_visit_decisions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_visit_decisions_visit" ON "visit_decisions"("visit_id")`);
    await queryRunner.query(
      `CREATE TABLE "visit_cancellations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "reason" character varying(300) NOT NULL, "cancelled_by" uuid NOT NULL, "cancelled_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_visit_cancellations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_visit_cancellations_visit" ON "visit_cancellations"("visit_id")`);
    await queryRunner.query(
      `CREATE TABLE "visit_check_ins" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "corrects_id" uuid, "reason" character varying(200), "in_at" TIMESTAMP WITH TIME ZONE NOT NULL, "escort_user_id" uuid NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_visit_check_ins_correction" CHECK ((corrects_id IS NULL) = (reason IS NULL)), CONSTRAINT "pk_visit_check_ins" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_visit_check_ins_corrects" ON "visit_check_ins"("corrects_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_visit_check_ins_first" ON "visit_check_ins"("visit_id") WHERE "corrects_id" IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "visit_check_outs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "corrects_id" uuid, "reason" character varying(200), "out_at" TIMESTAMP WITH TIME ZONE NOT NULL, "zones_entered" character varying(20) array NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_visit_check_outs_zones" CHECK (cardinality(zones_entered) >= 1 AND zones_entered <@ ${ZONES}), CONSTRAINT "ck_visit_check_outs_correction" CHECK ((corrects_id IS NULL) = (reason IS NULL)), CONSTRAINT "pk_visit_check_outs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_visit_check_outs_corrects" ON "visit_check_outs"("corrects_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_visit_check_outs_first" ON "visit_check_outs"("visit_id") WHERE "corrects_id" IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "visit_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "visit_id" uuid NOT NULL, "author" character varying(100), "text" character varying(1000) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_visit_comments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_visit_comments_visit" ON "visit_comments"("visit_id", "recorded_at")`);
    const fk = (table: string, name: string, column: string, target: string) =>
      queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    await fk('visit_requests', 'fk_visit_requests_visit', 'visit_id', 'visit_requests');
    await fk('visit_requests', 'fk_visit_requests_corrects', 'corrects_id', 'visit_requests');
    await fk('visit_decisions', 'fk_visit_decisions_visit', 'visit_id', 'visit_requests');
    await fk('visit_cancellations', 'fk_visit_cancellations_visit', 'visit_id', 'visit_requests');
    await fk('visit_check_ins', 'fk_visit_check_ins_visit', 'visit_id', 'visit_requests');
    await fk('visit_check_ins', 'fk_visit_check_ins_corrects', 'corrects_id', 'visit_check_ins');
    await fk('visit_check_outs', 'fk_visit_check_outs_visit', 'visit_id', 'visit_requests');
    await fk('visit_check_outs', 'fk_visit_check_outs_corrects', 'corrects_id', 'visit_check_outs');
    await fk('visit_comments', 'fk_visit_comments_visit', 'visit_id', 'visit_requests');
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
    for (const table of [
      'visit_comments',
      'visit_check_outs',
      'visit_check_ins',
      'visit_cancellations',
      'visit_decisions',
      'visit_requests',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}" CASCADE`);
    }
  }
}
