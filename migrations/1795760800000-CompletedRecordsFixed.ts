import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (issue 13 §2, docs/domain.md §4.5): history refuses TRUNCATE as well as UPDATE and
 * DELETE on every history table; a pack's events are written in time order (no back-dated
 * event); a completed load, a completed washer cycle and a closed recall stay as they were —
 * corrections are new records. Applies to whoever connects; the runtime role additionally has
 * no DDL, so it cannot disable or replace these triggers (src/database/roles.ts).
 */
const NO_TRUNCATE = [
  'bd_tests',
  'bi_tests',
  'environment_readings',
  'emergency_releases',
  'webhook_deliveries',
  'voided_labels',
  'recalls',
  'recall_items',
  'sterilizer_loads',
  'washer_cycles',
];

export class CompletedRecordsFixed1795760800000 implements MigrationInterface {
  name = 'CompletedRecordsFixed1795760800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of NO_TRUNCATE) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION cssd_forbid_change()`,
      );
    }
    // §3.2: a pack's history reads in order. An event dated before the pack's latest one
    // would rewrite what happened (a forged sterilization "before" a use).
    await queryRunner.query(`CREATE FUNCTION cssd_pack_event_in_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE latest timestamptz;
BEGIN
  SELECT max(at) INTO latest FROM pack_events WHERE pack_id = NEW.pack_id;
  IF latest IS NOT NULL AND NEW.at < latest THEN
    RAISE EXCEPTION 'a pack event cannot be dated % before the pack''s latest event at %: history is append-only', NEW.at, latest
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER tr_pack_events_in_order BEFORE INSERT ON "pack_events" FOR EACH ROW EXECUTE FUNCTION cssd_pack_event_in_order()`,
    );
    // A load's record is written at unloading (physical parameters, co-signers, verdict) and
    // fixed from then on. Only its release may still move, and only as the BIs say (§4.3):
    // waiting → released when every BI of the load was read negative; to failed at any time
    // (a positive BI after release). Nothing is ever released that was failed.
    await queryRunner.query(`CREATE FUNCTION cssd_completed_load_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'DELETE on sterilizer_loads is not allowed: history is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status NOT IN ('completed', 'failed', 'cancelled') THEN RETURN NEW; END IF;
  IF (to_jsonb(NEW) - 'release') IS DISTINCT FROM (to_jsonb(OLD) - 'release') THEN
    RAISE EXCEPTION 'the record of a % load is fixed: a correction is a new record', OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.release IS DISTINCT FROM OLD.release AND NOT (
       NEW.release = 'failed'
       OR (OLD.release = 'awaiting_bi' AND NEW.release = 'released' AND OLD.status = 'completed'
           AND EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = OLD.id)
           AND NOT EXISTS (SELECT 1 FROM bi_tests b WHERE b.load_id = OLD.id AND b.result <> 'passed'))) THEN
    RAISE EXCEPTION 'a % load cannot go from % to %: only its biological indicators release it', OLD.status, OLD.release, NEW.release
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(
      `CREATE TRIGGER tr_sterilizer_loads_completed_fixed BEFORE UPDATE OR DELETE ON "sterilizer_loads" FOR EACH ROW EXECUTE FUNCTION cssd_completed_load_fixed()`,
    );
    await queryRunner.query(`CREATE FUNCTION cssd_closed_record_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE fixed boolean;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'DELETE on % is not allowed: history is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- One branch per table: PL/pgSQL resolves every field an expression names, even one not reached.
  IF TG_TABLE_NAME = 'washer_cycles' THEN
    fixed := OLD.status <> 'open';
  ELSIF TG_TABLE_NAME = 'recalls' THEN
    fixed := OLD.status = 'closed';
  ELSE
    fixed := EXISTS (SELECT 1 FROM recalls r WHERE r.id = OLD.recall_id AND r.status = 'closed');
  END IF;
  IF fixed THEN
    RAISE EXCEPTION 'UPDATE on % is not allowed: a completed or closed record is fixed, a correction is a new record', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`);
    for (const table of ['washer_cycles', 'recalls', 'recall_items']) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_closed_fixed BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_closed_record_fixed()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['washer_cycles', 'recalls', 'recall_items']) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_closed_fixed ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION cssd_closed_record_fixed()`);
    await queryRunner.query(`DROP TRIGGER tr_sterilizer_loads_completed_fixed ON "sterilizer_loads"`);
    await queryRunner.query(`DROP FUNCTION cssd_completed_load_fixed()`);
    await queryRunner.query(`DROP TRIGGER tr_pack_events_in_order ON "pack_events"`);
    await queryRunner.query(`DROP FUNCTION cssd_pack_event_in_order()`);
    for (const table of NO_TRUNCATE) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_no_truncate ON "${table}"`);
    }
  }
}
