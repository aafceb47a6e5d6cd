import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { SupplyProduct } from './register.entity.js';

export const MOVEMENT_KINDS = ['receipt', 'issue', 'adjustment'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** A batch (lot) of a product: its lot number and expiry. Its stock is the sum of its movements. */
@Entity('supply_batches')
@Index('uq_supply_batches_lot', ['productId', 'lotNumber'], { unique: true })
export class SupplyBatch {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_batches' }) id: string;
  @Column({ type: 'uuid' }) productId: string;
  @ManyToOne(() => SupplyProduct, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_supply_batches_product' })
  product?: Relation<SupplyProduct>;
  @Column({ type: 'varchar', length: 40 }) lotNumber: string;
  /** Usable through the end of this hospital day (as a pack's expiry, §4.1). */
  @Column({ type: 'date' }) expiryDate: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/**
 * The receipt of a delivery of one batch (seed 16, 4.5): the quantity and the checks of the nurse
 * who received it — packaging intact, clean and dry; certificate of conformity; sterilization
 * mark; the manufacturer's quality report for the batch. A delivery failing any check is refused,
 * so a receipt on record passed them all (the database says so too).
 */
@Entity('supply_receipts')
@Index('ix_supply_receipts_batch', ['batchId'])
@Check('ck_supply_receipts_quantity', `quantity > 0`)
@Check('ck_supply_receipts_checks', `packaging_intact AND certificate_of_conformity AND sterilization_mark AND quality_report`)
export class SupplyReceipt {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_receipts' }) id: string;
  @Column({ type: 'uuid' }) batchId: string;
  @ManyToOne(() => SupplyBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_supply_receipts_batch' })
  batch?: Relation<SupplyBatch>;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'boolean' }) packagingIntact: boolean;
  @Column({ type: 'boolean' }) certificateOfConformity: boolean;
  @Column({ type: 'boolean' }) sterilizationMark: boolean;
  @Column({ type: 'boolean' }) qualityReport: boolean;
  @Column({ type: 'uuid' }) checkedBy: string;
  @Column({ type: 'timestamptz' }) receivedAt: Date;
}

/** A monthly stocktake (日清月结): who counted, when, the hospital month it closes. */
@Entity('supply_stocktakes')
@Index('ix_supply_stocktakes_counted', ['countedAt'])
export class SupplyStocktake {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_stocktakes' }) id: string;
  /** YYYY-MM, the hospital month of `countedAt`. */
  @Column({ type: 'char', length: 7 }) month: string;
  @Column({ type: 'uuid' }) countedBy: string;
  @Column({ type: 'timestamptz' }) countedAt: Date;
}

/** One batch counted: the book stock, the count, the difference and why (required when there is one). */
@Entity('supply_stocktake_lines')
@Index('uq_supply_stocktake_lines_batch', ['stocktakeId', 'batchId'], { unique: true })
@Check('ck_supply_stocktake_lines_counts', `counted >= 0 AND difference = counted - expected`)
@Check('ck_supply_stocktake_lines_explained', `difference = 0 OR explanation IS NOT NULL`)
export class SupplyStocktakeLine {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_stocktake_lines' }) id: string;
  @Column({ type: 'uuid' }) stocktakeId: string;
  @ManyToOne(() => SupplyStocktake, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stocktake_id', foreignKeyConstraintName: 'fk_supply_stocktake_lines_stocktake' })
  stocktake?: Relation<SupplyStocktake>;
  @Column({ type: 'uuid' }) batchId: string;
  @ManyToOne(() => SupplyBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_supply_stocktake_lines_batch' })
  batch?: Relation<SupplyBatch>;
  @Column({ type: 'integer' }) expected: number;
  @Column({ type: 'integer' }) counted: number;
  @Column({ type: 'integer' }) difference: number;
  @Column({ type: 'varchar', length: 300, nullable: true }) explanation: string | null;
}

/**
 * Stock in and out, per batch, append-only: a receipt (+), an issue to a department (−), a
 * stocktake's adjustment (±). The stock of a batch is the sum of its movements; history is never
 * rewritten.
 */
@Entity('supply_movements')
@Index('ix_supply_movements_batch', ['batchId', 'at'])
@Index('ix_supply_movements_department', ['departmentId', 'at'])
@Check(
  'ck_supply_movements_kind',
  `(kind = 'receipt' AND quantity > 0 AND receipt_id IS NOT NULL AND department_id IS NULL AND stocktake_line_id IS NULL) OR (kind = 'issue' AND quantity < 0 AND department_id IS NOT NULL AND receipt_id IS NULL AND stocktake_line_id IS NULL) OR (kind = 'adjustment' AND quantity <> 0 AND stocktake_line_id IS NOT NULL AND receipt_id IS NULL AND department_id IS NULL)`,
)
export class SupplyMovement {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_movements' }) id: string;
  @Column({ type: 'uuid' }) batchId: string;
  @ManyToOne(() => SupplyBatch, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'fk_supply_movements_batch' })
  batch?: Relation<SupplyBatch>;
  @Column({ type: 'varchar', length: 12 }) kind: MovementKind;
  /** Signed: + into stock, − out of it. */
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'uuid', nullable: true }) departmentId: string | null;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_supply_movements_department' })
  department?: Relation<Department>;
  @Column({ type: 'uuid', nullable: true }) receiptId: string | null;
  @ManyToOne(() => SupplyReceipt, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'receipt_id', foreignKeyConstraintName: 'fk_supply_movements_receipt' })
  receipt?: Relation<SupplyReceipt>;
  @Column({ type: 'uuid', nullable: true }) stocktakeLineId: string | null;
  @ManyToOne(() => SupplyStocktakeLine, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'stocktake_line_id', foreignKeyConstraintName: 'fk_supply_movements_stocktake_line' })
  stocktakeLine?: Relation<SupplyStocktakeLine>;
  @Column({ type: 'uuid' }) actorId: string;
  @Column({ type: 'timestamptz' }) at: Date;
}
