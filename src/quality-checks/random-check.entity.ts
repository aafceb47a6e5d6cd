import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const RANDOM_CHECK_ITEMS = ['indicator_tape', 'process_records'] as const;
export type RandomCheckItem = (typeof RANDOM_CHECK_ITEMS)[number];

/**
 * The daily random check (seed 7.2): packs' chemical indicator tape and the process records,
 * how many were sampled, how many did not conform, the findings. It passed when nothing failed —
 * the verdict follows from the counts, and a failed check names its findings (also in the
 * database). Append-only; a failed one opens a corrective action.
 */
@Entity('quality_random_checks')
@Index('ix_quality_random_checks_checked', ['checkedAt'])
@Check(
  'ck_quality_random_checks_items',
  `cardinality(checked_items) >= 1 AND checked_items <@ ARRAY['indicator_tape', 'process_records']::varchar[]`,
)
@Check('ck_quality_random_checks_counts', `sample_size >= 1 AND nonconforming >= 0 AND nonconforming <= sample_size`)
@Check('ck_quality_random_checks_passed', `passed = (nonconforming = 0) AND (passed OR findings IS NOT NULL)`)
export class RandomCheck {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_quality_random_checks' }) id: string;
  @Column({ type: 'varchar', length: 30, array: true }) checkedItems: RandomCheckItem[];
  @Column({ type: 'integer' }) sampleSize: number;
  @Column({ type: 'integer' }) nonconforming: number;
  @Column({ type: 'varchar', length: 500, nullable: true }) findings: string | null;
  @Column({ type: 'boolean' }) passed: boolean;
  /** When it was done (stated, checked against the service's clock); its hospital day is the day it covers. */
  @Column({ type: 'timestamptz' }) checkedAt: Date;
  @Column({ type: 'uuid' }) checkedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
