import type { MigrationInterface, QueryRunner } from 'typeorm';
import { HISTORY_STARTS_INITIAL_V1 } from './1795761300000-HistoryStartsInitial.js';

/**
 * Two rules met on merging: a history row inserted by the runtime role must start open
 * (HistoryStartsInitial), and a B-D test is a cycle of its sterilizer, recorded once it ran
 * (BowieDickCycles). A B-D cycle may therefore be inserted completed or failed — and carries
 * nothing a clinical load does, so it cannot stand in for one. It is worth no more than the
 * bd_tests row beside it, which the runtime role inserts anyway.
 */
export class BowieDickCyclesStartAsRun1795761800000 implements MigrationInterface {
  name = 'BowieDickCyclesStartAsRun1795761800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION cssd_history_starts_initial() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE initial boolean;
BEGIN
  IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN RETURN NEW; END IF;
  -- One branch per table: PL/pgSQL resolves every field an expression names, even one not reached.
  IF TG_TABLE_NAME = 'sterilizer_loads' THEN
    -- (nested: NEW.kind exists on sterilizer_loads only)
    IF NEW.kind = 'bowie_dick' THEN
    -- A B-D cycle is recorded once it ran (its result is the test's): completed or failed, and
    -- nothing a clinical load carries (no program, packs' physical record or snapshot).
    initial := NEW.program_id IS NULL AND NEW.empty_chamber AND NEW.run_snapshot IS NULL
      AND ((NEW.status = 'completed' AND NEW.release = 'released') OR (NEW.status = 'failed' AND NEW.release = 'failed'))
      AND NEW.temp_min_c IS NULL AND NEW.temp_max_c IS NULL AND NEW.pressure_min_kpa IS NULL AND NEW.pressure_max_kpa IS NULL
      AND NEW.hold_minutes IS NULL AND NEW.h2o2_mg_l IS NULL AND NEW.physical_passed IS NULL AND NEW.physical_problems IS NULL
      AND NEW.unload_checked_by IS NULL;
    ELSE
    initial := NEW.status = 'open' AND NEW.release = 'pending'
      AND NEW.started_by IS NULL AND NEW.started_at IS NULL AND NEW.run_snapshot IS NULL AND NEW.sterilization_date IS NULL
      AND NEW.completed_at IS NULL AND NEW.unloaded_by IS NULL AND NEW.unload_checked_by IS NULL
      AND NEW.temp_min_c IS NULL AND NEW.temp_max_c IS NULL AND NEW.pressure_min_kpa IS NULL AND NEW.pressure_max_kpa IS NULL
      AND NEW.hold_minutes IS NULL AND NEW.h2o2_mg_l IS NULL
      AND NEW.physical_passed IS NULL AND NEW.physical_problems IS NULL AND NEW.chemical_passed IS NULL;
    END IF;
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
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(HISTORY_STARTS_INITIAL_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  }
}
