import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ProblemReport } from './problem-report.entity.js';

/**
 * The CSSD's answer to a problem report (seed 20): the investigation, the cause, the action taken,
 * who closed it and when. Append-only: the first outcome closes the report; a correction is a new
 * outcome that names the one it corrects (one correction per outcome, so they form one line).
 */
@Entity('problem_report_outcomes')
@Index('ix_problem_report_outcomes_report', ['reportId', 'closedAt'])
// The database itself keeps a report closed once, and its corrections in one line.
@Index('uq_problem_report_outcomes_first', ['reportId'], { unique: true, where: `"corrects_id" IS NULL` })
@Index('uq_problem_report_outcomes_corrects', ['correctsId'], { unique: true })
export class ProblemReportOutcome {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) reportId: string;
  @ManyToOne(() => ProblemReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_problem_report_outcomes_report' })
  report?: Relation<ProblemReport>;
  @Column({ type: 'varchar', length: 500 }) investigation: string;
  @Column({ type: 'varchar', length: 300 }) cause: string;
  @Column({ type: 'varchar', length: 300 }) action: string;
  @Column({ type: 'uuid' }) closedBy: string;
  @Column({ type: 'timestamptz' }) closedAt: Date;
  @Column({ type: 'uuid', nullable: true }) correctsId: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) correctionReason: string | null;
}
