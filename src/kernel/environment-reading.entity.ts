import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { QualityCheckTask } from './quality-check-task.entity.js';
import { numeric } from '../database/columns.js';

export const READING_KINDS = [
  'air_colony_sterile_storage', // cfu/m³ ≤ 200
  'air_colony_packing', // cfu/m³ ≤ 500
  'storage_temperature', // °C < 24
  'storage_humidity', // %RH < 70
  'disinfectant_concentration', // mg/L, within the product's range
  'water_conductivity', // μS/cm ≤ 15 (final rinse)
  'cleaning_agent_concentration', // within the product's range (seed 7.2–7.7, issue 18)
  'wash_water_colony', // cfu/mL ≤ 100 (tap water for washing, GB 5749)
] as const;
export type ReadingKind = (typeof READING_KINDS)[number];

/** Environment, water and disinfectant readings with the limits they were judged against (seed 3.7, 7). */
@Entity('environment_readings')
@Index('ix_environment_readings_kind', ['kind', 'measuredAt'])
@Check(
  'ck_environment_readings_kind',
  `kind IN ('air_colony_sterile_storage', 'air_colony_packing', 'storage_temperature', 'storage_humidity', 'disinfectant_concentration', 'water_conductivity', 'cleaning_agent_concentration', 'wash_water_colony')`,
)
export class EnvironmentReading {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 40 }) kind: ReadingKind;
  @Column({ type: 'numeric', precision: 10, scale: 2, transformer: numeric }) value: number;
  @Column({ type: 'varchar', length: 12 }) unit: string;
  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: numeric }) limitMin: number | null;
  @Column({ type: 'numeric', precision: 10, scale: 2, nullable: true, transformer: numeric }) limitMax: number | null;
  @Column({ type: 'boolean' }) withinLimits: boolean;
  @Column({ type: 'timestamptz' }) measuredAt: Date;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
  /** The routine task it does (which solution, for concentrations; seed 7.2–7.7); null: none, or recorded before the schedule. */
  @Column({ type: 'uuid', nullable: true }) taskId: string | null;
  @ManyToOne(() => QualityCheckTask, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_environment_readings_task' })
  task?: Relation<QualityCheckTask>;
}
