import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Pack } from '../kernel/pack.entity.js';

/**
 * A barcode whose printed label stopped being true (its pack left the load the label names)
 * and was replaced by a new barcode on the same pack. Scanning it is refused, naming the new
 * one. Append-only.
 */
@Entity('voided_labels')
@Index('ix_voided_labels_pack', ['packId'])
export class VoidedLabel {
  @PrimaryColumn({ type: 'varchar', length: 40 }) barcode: string;
  @Column({ type: 'uuid' }) packId: string;
  @ManyToOne(() => Pack, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'fk_voided_labels_pack' })
  pack?: Relation<Pack>;
  @Column({ type: 'varchar', length: 40 }) replacedBy: string;
  @Column({ type: 'varchar', length: 200 }) reason: string;
  @Column({ type: 'uuid' }) voidedBy: string;
  @Column({ type: 'timestamptz' }) voidedAt: Date;
}
