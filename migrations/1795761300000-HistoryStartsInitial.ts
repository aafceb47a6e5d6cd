import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written (issue 13 §2, docs/domain.md §4.5): a load, a washer cycle and a recall begin as the
 * service begins them — open, with nothing measured, signed or decided — and reach completed,
 * released or closed only by the UPDATEs that CompletedRecordsFixed guards. Without this, the
 * runtime role could skip that path: INSERT a load already completed and released, a washer
 * cycle already passed, a recall already closed, or add items to a closed recall.
 * The tables' owner is let through: it could switch the trigger off anyway, and importing a
 * department's past from its previous system (or a test's or benchmark's history) is its job.
 */
const TABLES = ['sterilizer_loads', 'washer_cycles', 'recalls', 'recall_items'];

/** The function as this migration made it (a later one replaces it and restores it on revert). */
export const HISTORY_STARTS_INITIAL_V1 = `CREATE FUNCTION cssd_history_starts_initial() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE initial boolean;
BEGIN
  IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN RETURN NEW; END IF;
  -- One branch per table: PL/pgSQL resolves every field an expression names, even one not reached.
  IF TG_TABLE_NAME = 'sterilizer_loads' THEN
    initial := NEW.status = 'open' AND NEW.release = 'pending'
      AND NEW.started_by IS NULL AND NEW.started_at IS NULL AND NEW.run_snapshot IS NULL AND NEW.sterilization_date IS NULL
      AND NEW.completed_at IS NULL AND NEW.unloaded_by IS NULL AND NEW.unload_checked_by IS NULL
      AND NEW.temp_min_c IS NULL AND NEW.temp_max_c IS NULL AND NEW.pressure_min_kpa IS NULL AND NEW.pressure_max_kpa IS NULL
      AND NEW.hold_minutes IS NULL AND NEW.h2o2_mg_l IS NULL
      AND NEW.physical_passed IS NULL AND NEW.physical_problems IS NULL AND NEW.chemical_passed IS NULL;
  ELSIF TG_TABLE_NAME = 'washer_cycles' THEN
    initial := NEW.status = 'open' AND NEW.completed_by IS NULL AND NEW.completed_at IS NULL
      AND NEW.temperature_c IS NULL AND NEW.disinfect_minutes IS NULL AND NEW.a0 IS NULL;
  ELSIF TG_TABLE_NAME = 'recalls' THEN
    initial := NEW.status = 'open' AND NEW.closed_by IS NULL AND NEW.closed_at IS NULL AND NEW.close_note IS NULL;
  ELSE
    initial := NOT EXISTS (SELECT 1 FROM recalls r WHERE r.id = NEW.recall_id AND r.status = 'closed');
  END IF;
  IF NOT coalesce(initial, false) THEN
    RAISE EXCEPTION 'INSERT into % must start an open record: it is completed or closed only by its own steps (history is append-only)', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$`;

export class HistoryStartsInitial1795761300000 implements MigrationInterface {
  name = 'HistoryStartsInitial1795761300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(HISTORY_STARTS_INITIAL_V1);
    for (const table of TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_starts_initial BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION cssd_history_starts_initial()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`DROP TRIGGER tr_${table}_starts_initial ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION cssd_history_starts_initial()`);
  }
}
