import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { BiProduct } from '../catalog/bi-product.entity.js';

/**
 * A positive control 阳性对照 (WS 310.3, WS/T 367, §4.2): a BI of the same product and lot, not
 * sterilized, incubated beside the day's BIs — it must grow. It covers every reading of that lot
 * on its hospital day: a BI of the lot is read only once that day's control is on record, and a
 * control that did not grow makes the day's negative readings of the lot prove nothing.
 * Append-only: a control is never changed.
 */
@Entity('bi_positive_controls')
@Index('ix_bi_positive_controls_lot', ['lot', 'controlDate'])
export class BiPositiveControl {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) productId: string;
  @ManyToOne(() => BiProduct, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_bi_positive_controls_product' })
  product?: Relation<BiProduct>;
  @Column({ type: 'varchar', length: 40 }) lot: string;
  /** The hospital day whose readings of the lot it covers (the day it was read). */
  @Column({ type: 'date' }) controlDate: string;
  @Column({ type: 'boolean' }) grew: boolean;
  @Column({ type: 'timestamptz' }) readAt: Date;
  @Column({ type: 'uuid' }) readBy: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  /** When the service learned it (its own clock). */
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
