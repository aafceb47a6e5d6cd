import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { Pack } from '../kernel/pack.entity.js';
import { Requisition } from './requisition.entity.js';
import type { RoundKind } from './requisition-rules.js';

/**
 * A delivery round (a dispatch session to one department) or a collection round (what was picked
 * up from it), seed 15.4, 11.3: its manifest is the items scanned on it. It opens with its first
 * scan, is closed by the CSSD (the manifest is final: printed, handed over) and signed by the
 * department. Numbered from one sequence.
 */
@Entity('rounds')
@Index('uq_rounds_no', ['no'], { unique: true })
@Index('ix_rounds_department', ['departmentId', 'kind', 'openedAt'])
@Index('ix_rounds_opened', ['openedAt'])
@Check('ck_rounds_kind', `kind IN ('delivery', 'collection')`)
export class Round {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_rounds' }) id: string;
  @Column({ type: 'integer' }) no: number;
  @Column({ type: 'varchar', length: 12 }) kind: RoundKind;
  @Column({ type: 'uuid' }) departmentId: string;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_rounds_department' })
  department?: Relation<Department>;
  @Column({ type: 'uuid' }) openedBy: string;
  @Column({ type: 'timestamptz' }) openedAt: Date;
  @Column({ type: 'varchar', length: 64, nullable: true }) station: string | null;
}

/**
 * One pack on a manifest: dispatched on a delivery round (and the requisition it counted
 * against), or collected on a collection round (the set, the label it came back in, who handed it over).
 */
@Entity('round_items')
@Index('uq_round_items_pack', ['roundId', 'packId'], { unique: true })
@Index('ix_round_items_pack', ['packId'])
export class RoundItem {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_round_items' }) id: string;
  @Column({ type: 'uuid' }) roundId: string;
  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'fk_round_items_round' })
  round?: Relation<Round>;
  /** The pack dispatched; for a collection, the new cycle's pack (the single-use item itself when it has none). */
  @Column({ type: 'uuid' }) packId: string;
  @ManyToOne(() => Pack, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'fk_round_items_pack' })
  pack?: Relation<Pack>;
  @Column({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => SetTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_round_items_template' })
  template?: Relation<SetTemplate>;
  @Column({ type: 'uuid', nullable: true }) setId: string | null;
  @ManyToOne(() => InstrumentSet, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'set_id', foreignKeyConstraintName: 'fk_round_items_set' })
  set?: Relation<InstrumentSet>;
  /** The label that left (delivery) or came back (collection); null for a set collected without one. */
  @Column({ type: 'varchar', length: 20, nullable: true }) barcode: string | null;
  @Column({ type: 'uuid', nullable: true }) requisitionId: string | null;
  @ManyToOne(() => Requisition, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requisition_id', foreignKeyConstraintName: 'fk_round_items_requisition' })
  requisition?: Relation<Requisition>;
  /** Collection: the name given (≤ 60) or the department user's display name (≤ 100, as users.display_name). */
  @Column({ type: 'varchar', length: 100, nullable: true }) handedOverBy: string | null;
  @Column({ type: 'uuid' }) actorId: string;
  @Column({ type: 'timestamptz' }) at: Date;
}

/** The CSSD ends a round: its manifest is final. Once. */
@Entity('round_closings')
@Index('uq_round_closings_round', ['roundId'], { unique: true })
export class RoundClosing {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_round_closings' }) id: string;
  @Column({ type: 'uuid' }) roundId: string;
  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'fk_round_closings_round' })
  round?: Relation<Round>;
  @Column({ type: 'uuid' }) closedBy: string;
  @Column({ type: 'timestamptz' }) closedAt: Date;
}

/** The department's signature on a closed manifest: who, when, whether its count matched. Once. */
@Entity('round_signatures')
@Index('uq_round_signatures_round', ['roundId'], { unique: true })
export class RoundSignature {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_round_signatures' }) id: string;
  @Column({ type: 'uuid' }) roundId: string;
  @ManyToOne(() => Round, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'fk_round_signatures_round' })
  round?: Relation<Round>;
  @Column({ type: 'boolean' }) reconciled: boolean;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  @Column({ type: 'uuid' }) signedBy: string;
  @Column({ type: 'timestamptz' }) signedAt: Date;
}

/** One template counted at signing: the manifest's number, the count, the difference and what happened (required with one). */
@Entity('round_signature_lines')
@Index('uq_round_signature_lines_template', ['signatureId', 'templateId'], { unique: true })
@Check('ck_round_signature_lines_counts', `counted >= 0 AND expected >= 0 AND difference = counted - expected`)
@Check('ck_round_signature_lines_noted', `difference = 0 OR note IS NOT NULL`)
export class RoundSignatureLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_round_signature_lines' }) id: string;
  @Column({ type: 'uuid' }) signatureId: string;
  @ManyToOne(() => RoundSignature, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'signature_id', foreignKeyConstraintName: 'fk_round_signature_lines_signature' })
  signature?: Relation<RoundSignature>;
  @Column({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => SetTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_round_signature_lines_template' })
  template?: Relation<SetTemplate>;
  @Column({ type: 'integer' }) expected: number;
  @Column({ type: 'integer' }) counted: number;
  @Column({ type: 'integer' }) difference: number;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
}
