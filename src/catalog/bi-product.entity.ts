import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SterilizationMethod } from './catalog.enums.js';

/**
 * A biological indicator product 生物指示物产品 (§4.2): what the monitor places in a PCD. Its
 * incubation time (the manufacturer's IFU: 24 h / 48 h self-contained, 1 h / 3 h rapid readout)
 * decides when its result may be read; the methods it is validated for decide which loads it
 * may go into. A BI copies the incubation time when it is placed: a later catalog edit does not
 * move the read time of a BI already incubating.
 */
@Entity('bi_products')
@Unique('uq_bi_products_code', ['code'])
@Check('ck_bi_products_incubation', `incubation_minutes BETWEEN 20 AND 10080`)
export class BiProduct {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'varchar', length: 100 }) manufacturer: string;
  /** The sterilization methods the product is validated for (its IFU). */
  @Column({ type: 'text', array: true }) methods: SterilizationMethod[];
  @Column({ type: 'integer' }) incubationMinutes: number;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
