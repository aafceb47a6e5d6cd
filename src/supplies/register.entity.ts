import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';

/** Licences a supplier holds (经营许可证) and licences a product needs (生产许可证, 注册证, 进口注册证). */
export const SUPPLIER_LICENCE_KINDS = ['distribution_licence'] as const;
export const PRODUCT_LICENCE_KINDS = ['manufacturing_licence', 'registration_certificate', 'import_registration'] as const;
export const LICENCE_KINDS = [...SUPPLIER_LICENCE_KINDS, ...PRODUCT_LICENCE_KINDS] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];

/**
 * A supplier of disposable sterile supplies (seed 16). The register is append-only: a supplier
 * is never deleted; its licences are records of their own.
 */
@Entity('supply_suppliers')
@Index('uq_supply_suppliers_code', ['code'], { unique: true })
export class Supplier {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_suppliers' }) id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/** A disposable sterile product (seed 16, 4.5): who makes it, who supplies it, whether it is imported. */
@Entity('supply_products')
@Index('uq_supply_products_code', ['code'], { unique: true })
export class SupplyProduct {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_products' }) id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'varchar', length: 100 }) specification: string;
  @Column({ type: 'varchar', length: 100 }) manufacturer: string;
  @Column({ type: 'uuid' }) supplierId: string;
  @ManyToOne(() => Supplier, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supplier_id', foreignKeyConstraintName: 'fk_supply_products_supplier' })
  supplier?: Relation<Supplier>;
  /** An imported product also needs its import registration certificate (进口医疗器械注册证). */
  @Column({ type: 'boolean' }) imported: boolean;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/**
 * A licence of a supplier or a product: its number and the last day it is valid. A renewal is a
 * new row; a wrong entry is corrected by a new row naming it (`correctsId`, with the reason) —
 * rows are never updated or deleted. In force: the latest row of its holder and kind that no
 * other row corrects.
 */
@Entity('supply_licences')
@Index('ix_supply_licences_supplier', ['supplierId', 'kind', 'recordedAt'])
@Index('ix_supply_licences_product', ['productId', 'kind', 'recordedAt'])
@Index('uq_supply_licences_corrects', ['correctsId'], { unique: true })
@Check('ck_supply_licences_holder', `(supplier_id IS NULL) <> (product_id IS NULL)`)
@Check(
  'ck_supply_licences_kind',
  `(supplier_id IS NOT NULL AND kind = 'distribution_licence') OR (product_id IS NOT NULL AND kind IN ('manufacturing_licence', 'registration_certificate', 'import_registration'))`,
)
@Check('ck_supply_licences_correction', `(corrects_id IS NULL) = (reason IS NULL)`)
export class SupplyLicence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supply_licences' }) id: string;
  @Column({ type: 'uuid', nullable: true }) supplierId: string | null;
  @ManyToOne(() => Supplier, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supplier_id', foreignKeyConstraintName: 'fk_supply_licences_supplier' })
  supplier?: Relation<Supplier>;
  @Column({ type: 'uuid', nullable: true }) productId: string | null;
  @ManyToOne(() => SupplyProduct, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_supply_licences_product' })
  product?: Relation<SupplyProduct>;
  @Column({ type: 'varchar', length: 30 }) kind: LicenceKind;
  @Column({ type: 'varchar', length: 60 }) number: string;
  /** The last hospital day it is valid. */
  @Column({ type: 'date' }) validUntil: string;
  @Column({ type: 'uuid', nullable: true }) correctsId: string | null;
  @ManyToOne(() => SupplyLicence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_id', foreignKeyConstraintName: 'fk_supply_licences_corrects' })
  corrects?: Relation<SupplyLicence>;
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
