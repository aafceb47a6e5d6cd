import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { SupplyBatch } from './stock.entity.js';

export const ADVERSE_EVENT_KINDS = ['packaging_defect', 'sterility_doubt', 'product_defect', 'patient_reaction', 'other'] as const;
export type AdverseEventKind = (typeof ADVERSE_EVENT_KINDS)[number];

/**
 * An adverse event on a batch of a disposable product (seed 16): when, what kind, what happened,
 * the outcome; reported by a department (for itself) or by the CSSD. From the moment it is
 * recorded the batch is blocked from issue, until the head nurse closes every event on it with an
 * investigation that releases it.
 */
@Entity('supply_adverse_events')
@Index('ix_supply_adverse_events_batch', ['batchId'])
@Index('ix_supply_adverse_events_reported', ['reportedAt'])
export class SupplyAdverseEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_adverse_events' }) id: string;
  @Column({ type: 'uuid' }) batchId: string;
  @ManyToOne(() => SupplyBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_supply_adverse_events_batch' })
  batch?: Relation<SupplyBatch>;
  @Column({ type: 'varchar', length: 30 }) kind: AdverseEventKind;
  /** When it happened (stated; not in the future). */
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'varchar', length: 500 }) description: string;
  @Column({ type: 'varchar', length: 300 }) outcome: string;
  /** The department that reported it (null: the CSSD). */
  @Column({ type: 'uuid', nullable: true }) departmentId: string | null;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_supply_adverse_events_department' })
  department?: Relation<Department>;
  @Column({ type: 'uuid' }) reportedBy: string;
  @Column({ type: 'timestamptz' }) reportedAt: Date;
}

/** The head nurse's closing of an adverse event: the investigation's result and whether the batch may be issued again. Once. */
@Entity('supply_adverse_event_closures')
@Index('uq_supply_adverse_event_closures_event', ['eventId'], { unique: true })
export class SupplyAdverseEventClosure {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_adverse_event_closures' }) id: string;
  @Column({ type: 'uuid' }) eventId: string;
  @ManyToOne(() => SupplyAdverseEvent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_supply_adverse_event_closures_event' })
  event?: Relation<SupplyAdverseEvent>;
  @Column({ type: 'varchar', length: 500 }) investigation: string;
  /** The investigation cleared the batch: issue resumes (when no other event on it is open). */
  @Column({ type: 'boolean' }) batchReleased: boolean;
  @Column({ type: 'uuid' }) closedBy: string;
  @Column({ type: 'timestamptz' }) closedAt: Date;
}

/** What a department that received a batch is told at once when an adverse event blocks it. */
@Entity('supply_notices')
@Index('ix_supply_notices_department', ['departmentId', 'createdAt'])
export class SupplyNotice {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_notices' }) id: string;
  @Column({ type: 'uuid' }) departmentId: string;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_supply_notices_department' })
  department?: Relation<Department>;
  @Column({ type: 'uuid' }) eventId: string;
  @ManyToOne(() => SupplyAdverseEvent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_supply_notices_event' })
  event?: Relation<SupplyAdverseEvent>;
  @Column({ type: 'varchar', length: 300 }) messageZh: string;
  @Column({ type: 'varchar', length: 300 }) messageEn: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
