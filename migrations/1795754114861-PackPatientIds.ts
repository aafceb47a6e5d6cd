import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A used pack keeps its patient and operation ids (from its `use` event), so a recall lists them
 * without reading events. Existing used packs get them from their last `use` event.
 */
export class PackPatientIds1795754114861 implements MigrationInterface {
  name = 'PackPatientIds1795754114861';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "packs" ADD "patient_id" character varying(40)`);
    await queryRunner.query(`ALTER TABLE "packs" ADD "operation_id" character varying(40)`);
    await queryRunner.query(
      `UPDATE packs p SET patient_id = u.data->>'patientId', operation_id = u.data->>'operationId'
               FROM (SELECT DISTINCT ON (pack_id) pack_id, data FROM pack_events WHERE type = 'use' ORDER BY pack_id, id DESC) u
              WHERE u.pack_id = p.id AND (u.data->>'patientId' IS NOT NULL OR u.data->>'operationId' IS NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "packs" DROP COLUMN "operation_id"`);
    await queryRunner.query(`ALTER TABLE "packs" DROP COLUMN "patient_id"`);
  }
}
