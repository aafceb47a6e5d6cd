import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { numeric } from '../database/columns.js';
import { QualityCheckTask } from '../kernel/quality-check-task.entity.js';

/** What was prepared: a disinfectant or a cleaning agent (seed 1.2, 7.4). */
export const AGENT_KINDS = ['disinfectant', 'cleaning_agent'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];
/** How the concentration was measured. */
export const MEASUREMENT_METHODS = ['test_strip', 'meter'] as const;
export type MeasurementMethod = (typeof MEASUREMENT_METHODS)[number];
export const CONCENTRATION_UNITS = ['mg/L', '%'] as const;
export type ConcentrationUnit = (typeof CONCENTRATION_UNITS)[number];
/** Where a solution is used: the three zones of the one-way flow (§2). */
export const AREAS = ['decontamination', 'packing', 'sterile_storage'] as const;
export type Area = (typeof AREAS)[number];

/**
 * One preparation of a disinfectant or cleaning-agent solution (seed 1.2, 7.4): the product, its lot
 * and expiry, the target concentration with its tolerance, the measured one and how, who prepared it,
 * when, and where it is used; linked to the solution of the routine-check schedule whose daily
 * concentration check it is (when the nurse names one). Append-only: a wrong entry is corrected by a
 * new row naming it (`correctsId`, with the reason).
 */
@Entity('disinfectant_preparations')
@Index('ix_disinfectant_preparations_prepared', ['preparedAt'])
@Index('uq_disinfectant_preparations_corrects', ['correctsId'], { unique: true })
@Check('ck_disinfectant_preparations_correction', `(corrects_id IS NULL) = (reason IS NULL)`)
@Check('ck_disinfectant_preparations_kind', `kind IN ('disinfectant', 'cleaning_agent')`)
@Check('ck_disinfectant_preparations_method', `method IN ('test_strip', 'meter')`)
@Check('ck_disinfectant_preparations_area', `area IN ('decontamination', 'packing', 'sterile_storage')`)
@Check(
  'ck_disinfectant_preparations_in_range',
  `target > 0 AND tolerance >= 0 AND tolerance < target AND abs(measured - target) <= tolerance`,
)
export class DisinfectantPreparation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_disinfectant_preparations' }) id: string;
  @Column({ type: 'varchar', length: 20 }) kind: AgentKind;
  @Column({ type: 'varchar', length: 100 }) product: string;
  @Column({ type: 'varchar', length: 40 }) lotNumber: string;
  /** The product's last usable hospital day. */
  @Column({ type: 'date' }) expiryDate: string;
  @Column({ type: 'numeric', precision: 10, scale: 2, transformer: numeric }) target: number;
  /** The measured concentration passes within target ± tolerance. */
  @Column({ type: 'numeric', precision: 10, scale: 2, transformer: numeric }) tolerance: number;
  @Column({ type: 'numeric', precision: 10, scale: 2, transformer: numeric }) measured: number;
  @Column({ type: 'varchar', length: 8 }) unit: ConcentrationUnit;
  @Column({ type: 'varchar', length: 12 }) method: MeasurementMethod;
  @Column({ type: 'varchar', length: 20 }) area: Area;
  @Column({ type: 'varchar', length: 100, nullable: true }) usedFor: string | null;
  /** The solution of the schedule (a per-solution concentration task) this preparation makes. */
  @Column({ type: 'uuid', nullable: true }) solutionTaskId: string | null;
  @ManyToOne(() => QualityCheckTask, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'solution_task_id', foreignKeyConstraintName: 'fk_disinfectant_preparations_solution' })
  solution?: Relation<QualityCheckTask>;
  @Column({ type: 'uuid' }) preparedBy: string;
  @Column({ type: 'timestamptz' }) preparedAt: Date;
  @Column({ type: 'uuid', nullable: true }) correctsId: string | null;
  @ManyToOne(() => DisinfectantPreparation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_id', foreignKeyConstraintName: 'fk_disinfectant_preparations_corrects' })
  corrects?: Relation<DisinfectantPreparation>;
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
