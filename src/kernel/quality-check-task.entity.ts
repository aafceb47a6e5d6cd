import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ReadingKind } from './environment-reading.entity.js';

export const CHECK_FREQUENCIES = ['daily', 'monthly'] as const;
export type CheckFrequency = (typeof CHECK_FREQUENCIES)[number];

/**
 * A routine monitoring task of the schedule (seed 7.2–7.7, domain.md §4.2): what is checked and
 * how often. A reading task is done by a reading of its kind (POST /api/monitoring/readings); the
 * daily random check of indicator tape and process records (7.2) by its own record. The defaults
 * are seeded by the migration; concentrations are checked per solution in use, each its own task.
 */
@Entity('quality_check_tasks')
@Index('uq_quality_check_tasks_code', ['code'], { unique: true })
@Check('ck_quality_check_tasks_frequency', `frequency IN ('daily', 'monthly')`)
export class QualityCheckTask {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_quality_check_tasks' }) id: string;
  @Column({ type: 'varchar', length: 40 }) code: string;
  /** The reading that does the task; null: the random check. */
  @Column({ type: 'varchar', length: 40, nullable: true }) readingKind: ReadingKind | null;
  @Column({ type: 'varchar', length: 10 }) frequency: CheckFrequency;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'smallint' }) sortOrder: number;
  /** A solution no longer in use is retired: it leaves the schedule; its records stay. */
  @Column({ type: 'boolean', default: true }) active: boolean;
}

/** The checks made per solution in use (seed 7.2–7.7): the head nurse adds and retires solutions. */
export const PER_SOLUTION_KINDS = ['disinfectant_concentration', 'cleaning_agent_concentration'] as const;
