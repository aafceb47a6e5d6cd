import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { EnvironmentReading } from '../kernel/environment-reading.entity.js';
import { QualityCheckTask } from '../kernel/quality-check-task.entity.js';
import { RandomCheck } from './random-check.entity.js';

/**
 * A corrective action (seed 7.8) opened by a failed result — a reading out of its limits or a
 * random check that found nonconforming items — or set by a defect's investigation or a monthly
 * quality review's decision (src/defects, src/quality-reviews: their rows name the action): what,
 * who is responsible, by when. It is closed by a new record (CorrectiveActionClosure); both are
 * append-only.
 */
@Entity('corrective_actions')
@Index('uq_corrective_actions_reading', ['readingId'], { unique: true })
@Index('uq_corrective_actions_random_check', ['randomCheckId'], { unique: true })
// At most one failed result; none for an action a defect or a review sets (migrations/1795772000000-Defects.ts).
@Check('ck_corrective_actions_source', `num_nonnulls(reading_id, random_check_id) <= 1`)
export class CorrectiveAction {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_corrective_actions' }) id: string;
  /** The schedule's task the failed result belongs to (null: a reading outside the schedule, e.g. storage climate). */
  @Column({ type: 'uuid', nullable: true }) taskId: string | null;
  @ManyToOne(() => QualityCheckTask, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_corrective_actions_task' })
  task?: Relation<QualityCheckTask>;
  @Column({ type: 'uuid', nullable: true }) readingId: string | null;
  @ManyToOne(() => EnvironmentReading, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reading_id', foreignKeyConstraintName: 'fk_corrective_actions_reading' })
  reading?: Relation<EnvironmentReading>;
  @Column({ type: 'uuid', nullable: true }) randomCheckId: string | null;
  @ManyToOne(() => RandomCheck, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'random_check_id', foreignKeyConstraintName: 'fk_corrective_actions_random_check' })
  randomCheck?: Relation<RandomCheck>;
  /** What failed, as recorded when it was opened. */
  @Column({ type: 'varchar', length: 300 }) whatZh: string;
  @Column({ type: 'varchar', length: 300 }) whatEn: string;
  @Column({ type: 'uuid' }) responsibleUserId: string;
  /** The hospital day by which it is to be closed; open after it, it is overdue. */
  @Column({ type: 'date' }) dueDate: string;
  @Column({ type: 'uuid' }) openedBy: string;
  @Column({ type: 'timestamptz' }) openedAt: Date;
}

/** The closing of a corrective action: what was done, when, by whom (head nurse or monitor). Once per action. */
@Entity('corrective_action_closures')
@Index('uq_corrective_action_closures_action', ['actionId'], { unique: true })
export class CorrectiveActionClosure {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_corrective_action_closures' }) id: string;
  @Column({ type: 'uuid' }) actionId: string;
  @ManyToOne(() => CorrectiveAction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'fk_corrective_action_closures_action' })
  action?: Relation<CorrectiveAction>;
  @Column({ type: 'varchar', length: 500 }) actionTaken: string;
  /** When it was done (stated; not in the future, not before the failed result). */
  @Column({ type: 'timestamptz' }) doneAt: Date;
  @Column({ type: 'uuid' }) closedBy: string;
  @Column({ type: 'timestamptz' }) closedAt: Date;
}
