import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { Pack } from '../kernel/pack.entity.js';
import type { ClosureKind, Urgency } from './requisition-rules.js';

/**
 * A department's base quantity (基数) of a template (seed 4.3, 13.7): what it keeps on the ward,
 * set by the head nurse. A change is a new row (who, when, why); the latest row of a department
 * and template is in force, 0 meaning none. `emergency` marks an emergency set's base (急救包基数).
 */
@Entity('base_quantities')
@Index('ix_base_quantities_department', ['departmentId', 'templateId', 'setAt'])
@Check('ck_base_quantities_quantity', `quantity >= 0 AND quantity <= 999`)
export class BaseQuantity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_base_quantities' }) id: string;
  @Column({ type: 'uuid' }) departmentId: string;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_base_quantities_department' })
  department?: Relation<Department>;
  @Column({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => SetTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_base_quantities_template' })
  template?: Relation<SetTemplate>;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'boolean' }) emergency: boolean;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  @Column({ type: 'uuid' }) setBy: string;
  @Column({ type: 'timestamptz' }) setAt: Date;
}

/**
 * A department's requisition (申领单, seed 15.1): who asked, when, how urgently, with a note; its
 * lines name the templates and quantities. Numbered from one sequence (its barcode RQ + number).
 * Never changed (a trigger refuses it); its row is only locked while a dispatch counts against it.
 */
@Entity('requisitions')
@Index('uq_requisitions_no', ['no'], { unique: true })
@Index('ix_requisitions_department', ['departmentId', 'requestedAt'])
@Index('ix_requisitions_requested', ['requestedAt'])
@Check('ck_requisitions_urgency', `urgency IN ('routine', 'urgent')`)
export class Requisition {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_requisitions' }) id: string;
  @Column({ type: 'integer' }) no: number;
  @Column({ type: 'uuid' }) departmentId: string;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_requisitions_department' })
  department?: Relation<Department>;
  @Column({ type: 'varchar', length: 10 }) urgency: Urgency;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  @Column({ type: 'uuid' }) requestedBy: string;
  @Column({ type: 'timestamptz' }) requestedAt: Date;
}

/** One template and quantity of a requisition. */
@Entity('requisition_lines')
@Index('uq_requisition_lines_template', ['requisitionId', 'templateId'], { unique: true })
@Check('ck_requisition_lines_quantity', `quantity >= 1 AND quantity <= 200`)
export class RequisitionLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_requisition_lines' }) id: string;
  @Column({ type: 'uuid' }) requisitionId: string;
  @ManyToOne(() => Requisition, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requisition_id', foreignKeyConstraintName: 'fk_requisition_lines_requisition' })
  requisition?: Relation<Requisition>;
  @Column({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => SetTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_requisition_lines_template' })
  template?: Relation<SetTemplate>;
  @Column({ type: 'integer' }) quantity: number;
}

/** A dispatched pack that counted against a line of a requisition (one pack counts once). */
@Entity('requisition_fulfilments')
@Index('uq_requisition_fulfilments_pack', ['packId'], { unique: true })
@Index('ix_requisition_fulfilments_line', ['lineId'])
export class RequisitionFulfilment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_requisition_fulfilments' }) id: string;
  @Column({ type: 'uuid' }) lineId: string;
  @ManyToOne(() => RequisitionLine, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'line_id', foreignKeyConstraintName: 'fk_requisition_fulfilments_line' })
  line?: Relation<RequisitionLine>;
  @Column({ type: 'uuid' }) packId: string;
  @ManyToOne(() => Pack, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'fk_requisition_fulfilments_pack' })
  pack?: Relation<Pack>;
  @Column({ type: 'uuid' }) dispatchedBy: string;
  @Column({ type: 'timestamptz' }) at: Date;
}

/**
 * The end of a requisition before it was fulfilled: cancelled by its department (what was not yet
 * sent), or refused by the CSSD with its reason. Once.
 */
@Entity('requisition_closures')
@Index('uq_requisition_closures_requisition', ['requisitionId'], { unique: true })
@Check('ck_requisition_closures_kind', `kind IN ('cancelled', 'refused')`)
@Check('ck_requisition_closures_reason', `kind <> 'refused' OR reason IS NOT NULL`)
export class RequisitionClosure {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_requisition_closures' }) id: string;
  @Column({ type: 'uuid' }) requisitionId: string;
  @ManyToOne(() => Requisition, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requisition_id', foreignKeyConstraintName: 'fk_requisition_closures_requisition' })
  requisition?: Relation<Requisition>;
  @Column({ type: 'varchar', length: 10 }) kind: ClosureKind;
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  @Column({ type: 'uuid' }) closedBy: string;
  @Column({ type: 'timestamptz' }) closedAt: Date;
}
