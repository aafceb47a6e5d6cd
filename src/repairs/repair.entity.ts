import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { numeric } from '../database/columns.js';

/** Where the damage or loss was found: recycling's count, or a failed packing inspection. */
export const FOUND_AT_STEPS = ['recycling', 'inspection'] as const;
export type FoundAtStep = (typeof FOUND_AT_STEPS)[number];
export const FINDINGS = ['damaged', 'missing'] as const;
export type Finding = (typeof FINDINGS)[number];
/** What is done with it: a damaged instrument is repaired or scrapped; a missing one is lost. */
export const DISPOSITIONS = ['repair', 'scrap', 'lost'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
/** The later steps of an entry, each once. */
export const REPAIR_STEPS = ['sent', 'repaired', 'beyond_repair', 'scrap_confirmed', 'compensation_settled'] as const;
export type RepairStepKind = (typeof REPAIR_STEPS)[number];

/**
 * A register entry (器械维修报废登记, seed 4.4): one finding of one count or inspection — a contents
 * line of the set found damaged or missing — and what was decided for it: repair, scrap or lost, with
 * the reason, who decided, the cost (yuan), the repair vendor, and the department charged with the
 * compensation when it caused the loss or damage. Never changed: later steps are RepairStep rows.
 * The pack and its event are named without a foreign key (the archival removes them after 3 years).
 */
@Entity('repair_entries')
@Index('uq_repair_entries_finding', ['packEventId', 'line', 'finding'], { unique: true })
@Index('ix_repair_entries_decided_at', ['decidedAt'])
@Index('ix_repair_entries_department', ['chargedDepartmentId', 'decidedAt'])
@Index('ix_repair_entries_pack', ['packId'])
@Index('ix_repair_entries_set', ['setId', 'decidedAt'])
@Check('ck_repair_entries_found_at_step', `found_at_step IN ('recycling', 'inspection')`)
@Check('ck_repair_entries_finding', `finding IN ('damaged', 'missing')`)
@Check('ck_repair_entries_disposition', `disposition IN ('repair', 'scrap', 'lost') AND (disposition = 'lost') = (finding = 'missing')`)
@Check('ck_repair_entries_quantity', `quantity >= 1 AND line >= 1`)
@Check('ck_repair_entries_cost', `cost IS NULL OR cost >= 0`)
@Check(
  'ck_repair_entries_compensation',
  `(compensation IS NULL) = (charged_department_id IS NULL) AND (compensation IS NULL OR compensation >= 0)`,
)
export class RepairEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_repair_entries' }) id: string;
  @Column({ type: 'uuid' }) packId: string;
  @Column({ type: 'bigint' }) packEventId: string;
  @Column({ type: 'varchar', length: 12 }) foundAtStep: FoundAtStep;
  @Column({ type: 'timestamptz' }) foundAt: Date;
  @Column({ type: 'varchar', length: 8 }) finding: Finding;
  @Column({ type: 'uuid' }) setId: string;
  @ManyToOne(() => InstrumentSet, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'set_id', foreignKeyConstraintName: 'fk_repair_entries_set' })
  set?: Relation<InstrumentSet>;
  @Column({ type: 'varchar', length: 64 }) assetCode: string;
  @Column({ type: 'uuid' }) templateId: string;
  @Column({ type: 'integer' }) templateVersion: number;
  /** The template's contents line (from 1), named as the template version named it. */
  @Column({ type: 'integer' }) line: number;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'varchar', length: 100 }) specification: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'varchar', length: 8 }) disposition: Disposition;
  @Column({ type: 'varchar', length: 300 }) reason: string;
  /** Yuan: the repair's quote or the written-off instrument's value. */
  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: numeric }) cost: number | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) vendor: string | null;
  @Column({ type: 'uuid', nullable: true }) chargedDepartmentId: string | null;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'charged_department_id', foreignKeyConstraintName: 'fk_repair_entries_department' })
  chargedDepartment?: Relation<Department>;
  /** Yuan the charged department owes. */
  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: numeric }) compensation: number | null;
  @Column({ type: 'uuid' }) decidedBy: string;
  @Column({ type: 'timestamptz' }) decidedAt: Date;
}

/** A later step of an entry (each once): sent for repair, back repaired or beyond repair, scrap confirmed, compensation settled. */
@Entity('repair_steps')
@Index('uq_repair_steps_entry_step', ['entryId', 'step'], { unique: true })
@Check('ck_repair_steps_step', `step IN ('sent', 'repaired', 'beyond_repair', 'scrap_confirmed', 'compensation_settled')`)
@Check('ck_repair_steps_cost', `cost IS NULL OR cost >= 0`)
export class RepairStep {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_repair_steps' }) id: string;
  @Column({ type: 'uuid' }) entryId: string;
  @ManyToOne(() => RepairEntry, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'fk_repair_steps_entry' })
  entry?: Relation<RepairEntry>;
  @Column({ type: 'varchar', length: 24 }) step: RepairStepKind;
  @Column({ type: 'varchar', length: 100, nullable: true }) vendor: string | null;
  /** Yuan: the repair's final cost (replaces the entry's quote in the register's totals). */
  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: numeric }) cost: number | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) note: string | null;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
