import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { Washer } from '../catalog/washer.entity.js';

export const EQUIPMENT_KINDS = ['sterilizer', 'washer', 'sealer', 'drying_cabinet', 'water_treatment'] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

/**
 * A machine of the department (seed 6, 5.4): its responsible operator and its maintenance plan (a
 * service every `serviceIntervalMonths`, counted from the last one). Sterilizers and washers are
 * the catalog's, linked here; sealers, drying cabinets and water treatment are records of their own.
 * A register entry is never changed (append-only in the database).
 */
@Entity('equipment')
@Index('uq_equipment_code', ['code'], { unique: true })
@Index('uq_equipment_sterilizer', ['sterilizerId'], { unique: true })
@Index('uq_equipment_washer', ['washerId'], { unique: true })
@Check('ck_equipment_kind', `kind IN ('sterilizer', 'washer', 'sealer', 'drying_cabinet', 'water_treatment')`)
@Check('ck_equipment_machine', `(kind = 'sterilizer') = (sterilizer_id IS NOT NULL) AND (kind = 'washer') = (washer_id IS NOT NULL)`)
@Check('ck_equipment_interval', `service_interval_months BETWEEN 1 AND 24`)
export class Equipment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_equipment' }) id: string;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 20 }) kind: EquipmentKind;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'uuid', nullable: true }) sterilizerId: string | null;
  @ManyToOne(() => Sterilizer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sterilizer_id', foreignKeyConstraintName: 'fk_equipment_sterilizer' })
  sterilizer?: Relation<Sterilizer>;
  @Column({ type: 'uuid', nullable: true }) washerId: string | null;
  @ManyToOne(() => Washer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'washer_id', foreignKeyConstraintName: 'fk_equipment_washer' })
  washer?: Relation<Washer>;
  /** The person responsible for the machine (专人负责): a CSSD user, checked when registered. */
  @Column({ type: 'uuid' }) responsibleUserId: string;
  /** The service is due this many months after the last one (half a year unless configured). */
  @Column({ type: 'int' }) serviceIntervalMonths: number;
  /** The last service before the machine was registered (hospital date): the plan counts from it. */
  @Column({ type: 'date' }) lastServiceOn: string;
  /** Where its documents are kept (manuals, certificates, contracts). */
  @Column({ type: 'varchar', length: 300, nullable: true }) documents: string | null;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/** A fault, reported by anyone: what, when, and whether the machine was taken out of use. */
@Entity('equipment_faults')
@Index('ix_equipment_faults_equipment', ['equipmentId', 'reportedAt'])
export class EquipmentFault {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_equipment_faults' }) id: string;
  @Column({ type: 'uuid' }) equipmentId: string;
  @ManyToOne(() => Equipment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'equipment_id', foreignKeyConstraintName: 'fk_equipment_faults_equipment' })
  equipment?: Relation<Equipment>;
  @Column({ type: 'varchar', length: 500 }) description: string;
  /** When it was noticed (stated; not in the future). */
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'boolean' }) outOfUse: boolean;
  @Column({ type: 'uuid' }) reportedBy: string;
  @Column({ type: 'timestamptz' }) reportedAt: Date;
}

export const MAINTENANCE_KINDS = ['service', 'repair', 'self_inspection', 'return_to_service'] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];
export const MAINTENANCE_OUTCOMES = ['passed', 'failed'] as const;
export type MaintenanceOutcome = (typeof MAINTENANCE_OUTCOMES)[number];

/**
 * A service, repair, monthly self-inspection (seed 6.5) or return to service, recorded by whom
 * (the signed-in person; `performer`: who did the work, e.g. the maker's engineer) with its
 * outcome. A return to service closes the one fault it names, once.
 */
@Entity('equipment_maintenance')
@Index('ix_equipment_maintenance_equipment', ['equipmentId', 'kind', 'performedAt'])
@Index('uq_equipment_maintenance_return', ['faultId'], { unique: true, where: `kind = 'return_to_service'` })
@Check('ck_equipment_maintenance_kind', `kind IN ('service', 'repair', 'self_inspection', 'return_to_service')`)
@Check('ck_equipment_maintenance_outcome', `outcome IN ('passed', 'failed')`)
@Check('ck_equipment_maintenance_return', `kind <> 'return_to_service' OR (fault_id IS NOT NULL AND outcome = 'passed')`)
export class EquipmentMaintenance {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_equipment_maintenance' }) id: string;
  @Column({ type: 'uuid' }) equipmentId: string;
  @ManyToOne(() => Equipment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'equipment_id', foreignKeyConstraintName: 'fk_equipment_maintenance_equipment' })
  equipment?: Relation<Equipment>;
  @Column({ type: 'varchar', length: 20 }) kind: MaintenanceKind;
  @Column({ type: 'uuid', nullable: true }) faultId: string | null;
  @ManyToOne(() => EquipmentFault, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'fault_id', foreignKeyConstraintName: 'fk_equipment_maintenance_fault' })
  fault?: Relation<EquipmentFault>;
  @Column({ type: 'varchar', length: 10 }) outcome: MaintenanceOutcome;
  @Column({ type: 'varchar', length: 500 }) note: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) performer: string | null;
  /** When the work was done (stated; not in the future). */
  @Column({ type: 'timestamptz' }) performedAt: Date;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
