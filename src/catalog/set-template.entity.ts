import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { numeric } from '../database/columns.js';
import type { PackagingMaterial, SterilizationMethod } from './catalog.enums.js';

export interface TemplateItem {
  nameZh: string;
  nameEn: string;
  specification: string;
  quantity: number;
}

/**
 * 器械包 definition (§3.1). Contents are kept with the template; every version packs were packed
 * to is kept in set_template_versions, and the audit log says who changed what.
 */
@Entity('set_templates')
@Check(
  'ck_set_templates_packaging',
  `packaging_material IN ('cotton', 'paper_bag', 'crepe_nonwoven', 'paper_plastic_pouch', 'rigid_container', 'nonwoven_polypropylene', 'tyvek_pouch')`,
)
@Check('ck_set_templates_method', `sterilization_method IN ('steam_prevacuum', 'steam_gravity', 'h2o2_plasma', 'ethylene_oxide')`)
@Check('ck_set_templates_max_weight', `max_weight_kg IS NULL OR max_weight_kg > 0`)
@Unique('uq_set_templates_code', ['code'])
export class SetTemplate {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'varchar', length: 32 }) packagingMaterial: PackagingMaterial;
  /** Other materials the packer may use instead of the usual one (each must suit the method: packaging-compatibility.ts). */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) alternativePackaging: PackagingMaterial[];
  @Column({ type: 'varchar', length: 32 }) sterilizationMethod: SterilizationMethod;
  @Column({ type: 'boolean', default: false }) implant: boolean;
  @Column({ type: 'boolean', default: false }) critical: boolean;
  /** Single-use dressing pack packed straight from the template, without a reusable set. */
  @Column({ type: 'boolean', default: false }) dressing: boolean;
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric }) weightKg: number | null;
  /** The most a packed set may weigh (WS 310.2); the packing inspection weighs the set against it. */
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric }) maxWeightKg: number | null;
  /** GS1 GTIN-14 for GS1 labels, when the hospital has one. */
  @Column({ type: 'varchar', length: 14, nullable: true }) gtin: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) contents: TemplateItem[];
  @Column({ type: 'boolean', default: true }) active: boolean;
  /**
   * The current version (set_template_versions): the database counts it up when the content
   * changes (a trigger), so the application never writes it.
   */
  @Column({ type: 'integer', default: 1, insert: false, update: false }) version: number;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
