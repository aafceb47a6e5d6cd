import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Pack } from '../kernel/pack.entity.js';

export const PROBLEM_KINDS = ['inside_indicator_failed', 'wet', 'damaged', 'instrument_missing', 'other'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/**
 * A department's report of a problem found on a pack (seed 8.6, 20): what, on which pack, by whom.
 * Written once; the CSSD's outcome is a record of its own (ProblemReportOutcome).
 */
@Entity('problem_reports')
@Index('ix_problem_reports_department', ['departmentId', 'reportedAt'])
@Index('ix_problem_reports_reported', ['reportedAt'])
@Check('ck_problem_reports_kind', `kind IN ('inside_indicator_failed', 'wet', 'damaged', 'instrument_missing', 'other')`)
export class ProblemReport {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) packId: string;
  @ManyToOne(() => Pack, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'fk_problem_reports_pack' })
  pack?: Relation<Pack>;
  @Column({ type: 'uuid' }) departmentId: string;
  @Column({ type: 'varchar', length: 30 }) kind: ProblemKind;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  /** Found when the pack was opened on a patient: the pack stays `used`. */
  @Column({ type: 'boolean' }) afterUse: boolean;
  @Column({ type: 'uuid', nullable: true }) loadId: string | null;
  /** The recall the report opened (a failed inside indicator, seed 19.2). */
  @Column({ type: 'uuid', nullable: true }) recallId: string | null;
  @Column({ type: 'uuid' }) reportedBy: string;
  @Column({ type: 'timestamptz' }) reportedAt: Date;
}
