import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table here is history: rows are added, never updated or deleted (§4.5); a correction is a new row. */
const HISTORY = ['shift_handovers', 'shift_handover_checklists', 'shift_handover_signatures', 'shift_handover_corrections'];

/**
 * Issue 17, the shift handover (seed 17, 2.1, 11.6): per hospital day, shift and zone, the outgoing
 * nurse's note with the snapshot of what the system showed her, the end-of-shift checklist, the
 * outgoing and the incoming nurse's signatures (badge + PIN, two different people), and corrections
 * of a signed note (a new row naming the entry it corrects, with the reason).
 */
export class ShiftHandovers1795774000000 implements MigrationInterface {
  name = 'ShiftHandovers1795774000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "shift_handovers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "day" date NOT NULL, "shift" character varying(10) NOT NULL, "zone" character varying(20) NOT NULL, "snapshot" jsonb NOT NULL, "notes" character varying(2000) NOT NULL, "author_id" uuid NOT NULL, "drafted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_shift_handovers_zone" CHECK (zone IN ('decontamination', 'packing', 'sterile_storage')), CONSTRAINT "ck_shift_handovers_shift" CHECK (shift IN ('early', 'middle', 'night')), CONSTRAINT "pk_shift_handovers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_shift_handovers_slot" ON "shift_handovers"("day", "shift", "zone")`);
    await queryRunner.query(
      `CREATE TABLE "shift_handover_checklists" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "handover_id" uuid NOT NULL, "seq" smallint NOT NULL, "items" jsonb NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_shift_handover_checklists_seq" CHECK (seq >= 1), CONSTRAINT "pk_shift_handover_checklists" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_shift_handover_checklists_seq" ON "shift_handover_checklists"("handover_id", "seq")`);
    await queryRunner.query(
      `CREATE TABLE "shift_handover_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "handover_id" uuid NOT NULL, "role" character varying(10) NOT NULL, "signer_id" uuid NOT NULL, "recorded_by" uuid NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_shift_handover_signatures_role" CHECK (role IN ('outgoing', 'incoming')), CONSTRAINT "pk_shift_handover_signatures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_shift_handover_signatures_role" ON "shift_handover_signatures"("handover_id", "role")`,
    );
    await queryRunner.query(
      `CREATE TABLE "shift_handover_corrections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "handover_id" uuid NOT NULL, "seq" smallint NOT NULL, "corrects_id" uuid NOT NULL, "notes" character varying(2000) NOT NULL, "reason" character varying(200) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_shift_handover_corrections_seq" CHECK (seq >= 1), CONSTRAINT "pk_shift_handover_corrections" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_shift_handover_corrections_corrects" ON "shift_handover_corrections"("corrects_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_shift_handover_corrections_seq" ON "shift_handover_corrections"("handover_id", "seq")`,
    );
    for (const table of HISTORY.slice(1)) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_handover" FOREIGN KEY ("handover_id") REFERENCES "shift_handovers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
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
    for (const table of HISTORY.slice(1).reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "fk_${table}_handover"`);
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    await queryRunner.query(`DROP TABLE "shift_handovers"`);
  }
}
