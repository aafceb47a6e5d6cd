import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { SterilizationMethod, SterilizerStatus } from './catalog.enums.js';

@Entity('sterilizers')
@Check('ck_sterilizers_type', `type IN ('steam_prevacuum', 'steam_gravity', 'h2o2_plasma', 'ethylene_oxide')`)
@Check('ck_sterilizers_status', `status IN ('in_service', 'commissioning', 'out_of_service')`)
@Unique('uq_sterilizers_code', ['code'])
export class Sterilizer {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  /** The sterilization method it runs; a template's method must match to be loaded. */
  @Column({ type: 'varchar', length: 32 }) type: SterilizationMethod;
  /** 年检合格证 valid through this date (seed 2.4). */
  @Column({ type: 'date', nullable: true }) annualInspectionValidUntil: string | null;
  @Column({ type: 'varchar', length: 20, default: 'in_service' }) status: SterilizerStatus;
  /** When it was last marked new / moved / repaired: qualification tests count from here. */
  @Column({ type: 'timestamptz', nullable: true }) commissioningSince: Date | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
