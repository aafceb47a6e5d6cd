import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import type { PackagingMaterial } from '../catalog/catalog.enums.js';
import { WasherCycle } from './washer-cycle.entity.js';
import { SterilizerLoad } from './sterilizer-load.entity.js';
import type { PackState } from './pack-state.js';

/**
 * One processing cycle of one set, or one dressing pack (§3.1). The row is the current
 * state, kept consistent with the pack's events in the same transaction; the events are
 * the history. The barcode is assigned at packing.
 */
@Entity('packs')
@Unique('uq_packs_barcode', ['barcode'])
@Index('ix_packs_set', ['setId', 'createdAt'])
@Index('ix_packs_load', ['loadId'])
@Index('ix_packs_washer_cycle', ['washerCycleId'])
@Index('ix_packs_department_state', ['departmentId', 'state'])
@Index('ix_packs_department_updated', ['departmentId', 'updatedAt'])
@Index('ix_packs_storage_fifo', ['templateId', 'expiryDate'], { where: `state = 'stored'` })
// The packs inside the CSSD after their load started: shortened when storage leaves its limits, listed for relabelling.
@Index('ix_packs_in_cssd', ['expiryDate'], { where: `state IN ('sterilizing', 'quarantined', 'released', 'stored')` })
// The packs in circulation by expiry: the head nurse's board lists those expiring within 7 days.
@Index('ix_packs_circulating_expiry', ['expiryDate'], { where: `state IN ('stored', 'dispatched', 'received')` })
// Issue 18: packs that came back without a recorded use, by when — the head nurse's board lists them until their departments complete them.
@Index('ix_packs_use_unrecorded', ['updatedAt'], { where: `state = 'use_unrecorded'` })
@Check(
  'ck_packs_state',
  `state IN ('collected', 'washing', 'cleaned', 'packed', 'loaded', 'sterilizing', 'quarantined', 'released', 'stored', 'dispatched', 'received', 'used', 'use_unrecorded', 'returned', 'failed', 'problem', 'recalled', 'incinerated', 'lender_returned')`,
)
export class Pack {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) barcode: string | null;
  @Column({ type: 'uuid', nullable: true }) setId: string | null;
  @ManyToOne(() => InstrumentSet, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'set_id', foreignKeyConstraintName: 'fk_packs_set' })
  set?: Relation<InstrumentSet>;
  @Column({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => SetTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_packs_template' })
  template?: Relation<SetTemplate>;
  /** The version of the template it was packed to (set_template_versions); null before packing. */
  @Column({ type: 'integer', nullable: true }) templateVersion: number | null;
  /** The set's cycle number for this pack (1 for its first trip through the CSSD). */
  @Column({ type: 'integer', nullable: true }) cycleNo: number | null;
  @Column({ type: 'varchar', length: 20 }) state: PackState;
  /** Copied from the template when the pack is made: implants wait for their BI (§4.2). */
  @Column({ type: 'boolean', default: false }) implant: boolean;
  @Column({ type: 'varchar', length: 24, nullable: true }) contaminationClass: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) packagingMaterial: PackagingMaterial | null;
  @Column({ type: 'uuid', nullable: true }) washerCycleId: string | null;
  @ManyToOne(() => WasherCycle, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'washer_cycle_id', foreignKeyConstraintName: 'fk_packs_washer_cycle' })
  washerCycle?: Relation<WasherCycle>;
  /** The load the pack is in or was sterilized in. Fixed once the load starts. */
  @Column({ type: 'uuid', nullable: true }) loadId: string | null;
  @ManyToOne(() => SterilizerLoad, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'load_id', foreignKeyConstraintName: 'fk_packs_load' })
  load?: Relation<SterilizerLoad>;
  @Column({ type: 'date', nullable: true }) sterilizationDate: string | null;
  @Column({ type: 'date', nullable: true }) expiryDate: string | null;
  @Column({ type: 'boolean', default: false }) wet: boolean;
  @Column({ type: 'boolean', default: false }) damaged: boolean;
  @Column({ type: 'boolean', nullable: true }) outsideIndicatorPassed: boolean | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) storageLocation: string | null;
  /** The department the pack was dispatched to (department users see only these). */
  @Column({ type: 'uuid', nullable: true }) departmentId: string | null;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_packs_department' })
  department?: Relation<Department>;
  @Column({ type: 'uuid', nullable: true }) packedBy: string | null;
  @Column({ type: 'uuid', nullable: true }) checkedBy: string | null;
  /** Recorded at use (§3.2 step 7): identifiers only, so a recall lists them without reading events. */
  @Column({ type: 'varchar', length: 40, nullable: true }) patientId: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) operationId: string | null;
  /** Set when the set started a new cycle: scanning this (dead) label names the new pack. */
  @Column({ type: 'uuid', nullable: true }) replacedByPackId: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
