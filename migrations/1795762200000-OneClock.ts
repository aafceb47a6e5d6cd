import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TEMPLATE_CONTENT_V2, versionFunction } from './1795761500000-TemplateMaxWeight.js';

/**
 * Columns whose time PostgreSQL supplied (DEFAULT now(), TypeORM's Create/UpdateDateColumn).
 * Every one is now written by the service from its one Clock (src/common/clock.ts): when the
 * database server's clock differs from the service's, a pack's events, its load's dates and
 * the audit log still agree.
 */
export const CLOCK_COLUMNS: Record<string, string[]> = {
  audit_log: ['at'],
  departments: ['created_at', 'updated_at'],
  set_templates: ['created_at', 'updated_at'],
  instrument_sets: ['created_at', 'updated_at'],
  sterilizers: ['created_at', 'updated_at'],
  sterilizer_programs: ['created_at', 'updated_at'],
  washers: ['created_at', 'updated_at'],
  washer_programs: ['created_at', 'updated_at'],
  bi_products: ['created_at', 'updated_at'],
  users: ['created_at', 'updated_at'],
  user_certifications: ['created_at'],
  washer_cycles: ['opened_at'],
  sterilizer_loads: ['opened_at'],
  load_items: ['at'],
  packs: ['created_at', 'updated_at'],
  pack_events: ['at'],
  voided_labels: ['voided_at'],
  bd_tests: ['recorded_at'],
  bi_tests: ['recorded_at'],
  emergency_releases: ['at'],
  environment_readings: ['recorded_at'],
  recalls: ['opened_at'],
  department_notices: ['created_at'],
  webhook_deliveries: ['at'],
  idempotency_records: ['created_at'],
  set_template_versions: ['recorded_at'],
};

/**
 * Hand-written (issue 18, "one clock"): no stored time comes from the database's now() any
 * more. The defaults go, so a writer that forgets to state the time fails NOT NULL instead of
 * taking the database server's. A template version (written by the database's trigger) is
 * dated by the template row's updated_at, which the service wrote from its clock.
 */
export class OneClock1795762200000 implements MigrationInterface {
  name = 'OneClock1795762200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(CLOCK_COLUMNS)) {
      await queryRunner.query(`ALTER TABLE "${table}" ${columns.map((c) => `ALTER COLUMN "${c}" DROP DEFAULT`).join(', ')}`);
    }
    await queryRunner.query(versionFunction(TEMPLATE_CONTENT_V2, 'NEW.updated_at'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(versionFunction(TEMPLATE_CONTENT_V2));
    for (const [table, columns] of Object.entries(CLOCK_COLUMNS)) {
      await queryRunner.query(`ALTER TABLE "${table}" ${columns.map((c) => `ALTER COLUMN "${c}" SET DEFAULT now()`).join(', ')}`);
    }
  }
}
