import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { numeric } from '../database/columns.js';
import type { PackagingMaterial, SterilizationMethod } from './catalog.enums.js';
import { SetTemplate, type TemplateItem } from './set-template.entity.js';

/**
 * One version of a set template, as packs were packed to it (§3.1, §4.5): written by the
 * database itself (trigger on set_templates) whenever a template is created or its content
 * changes, whoever writes it; never updated or deleted. A pack keeps the version it was packed
 * to (packs.template_version), so its provenance and label show the name and contents it was
 * packed to after the template is edited. Versions rather than a copy on every pack: a
 * template's contents are ~1 kB, a few versions against millions of packs.
 */
@Entity('set_template_versions')
export class SetTemplateVersion {
  @PrimaryColumn({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => SetTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_set_template_versions_template' })
  template?: Relation<SetTemplate>;
  @PrimaryColumn({ type: 'integer' }) version: number;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'varchar', length: 32 }) packagingMaterial: PackagingMaterial;
  @Column({ type: 'text', array: true }) alternativePackaging: PackagingMaterial[];
  @Column({ type: 'varchar', length: 32 }) sterilizationMethod: SterilizationMethod;
  @Column({ type: 'boolean' }) implant: boolean;
  @Column({ type: 'boolean' }) critical: boolean;
  @Column({ type: 'boolean' }) dressing: boolean;
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric }) weightKg: number | null;
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric }) maxWeightKg: number | null;
  @Column({ type: 'varchar', length: 14, nullable: true }) gtin: string | null;
  @Column({ type: 'jsonb' }) contents: TemplateItem[];
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
