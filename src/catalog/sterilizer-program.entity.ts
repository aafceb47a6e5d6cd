import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { numeric } from '../database/columns.js';
import { Sterilizer } from './sterilizer.entity.js';

/** A sterilizer program with the physical limits a run is checked against (§4.2). */
@Entity('sterilizer_programs')
@Unique('uq_sterilizer_programs_code', ['sterilizerId', 'code'])
export class SterilizerProgram {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) sterilizerId: string;
  @ManyToOne(() => Sterilizer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sterilizer_id', foreignKeyConstraintName: 'fk_sterilizer_programs_sterilizer' })
  sterilizer?: Relation<Sterilizer>;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'numeric', precision: 5, scale: 1, transformer: numeric }) tempMinC: number;
  @Column({ type: 'numeric', precision: 5, scale: 1, transformer: numeric }) tempMaxC: number;
  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric }) minHoldMin: number;
  /**
   * The shortest whole cycle (conditioning, exposure, drying) the program runs, minutes: an
   * unloading sooner after the start than this is refused (issue 18). 0: no minimum beyond the hold.
   */
  @Column({ type: 'numeric', precision: 6, scale: 2, default: 0, transformer: numeric }) minCycleMin: number;
  @Column({ type: 'numeric', precision: 6, scale: 1, nullable: true, transformer: numeric }) pressureMinKpa: number | null;
  @Column({ type: 'numeric', precision: 6, scale: 1, nullable: true, transformer: numeric }) pressureMaxKpa: number | null;
  /** Low-temperature methods: minimum sterilant concentration (H2O2 mg/L). */
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric }) h2o2MinMgL: number | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
