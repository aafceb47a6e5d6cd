import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { numeric } from '../database/columns.js';
import { WasherProgram } from '../catalog/washer-program.entity.js';
import { Washer } from '../catalog/washer.entity.js';

/** One washer-disinfector run (cycle number per washer, automatic) with its parameters. */
@Entity('washer_cycles')
@Unique('uq_washer_cycles_number', ['washerId', 'cycleNo'])
@Index('ix_washer_cycles_opened', ['openedAt'])
@Check('ck_washer_cycles_status', `status IN ('open', 'passed', 'failed')`)
export class WasherCycle {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) washerId: string;
  @ManyToOne(() => Washer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'washer_id', foreignKeyConstraintName: 'fk_washer_cycles_washer' })
  washer?: Relation<Washer>;
  @Column({ type: 'uuid' }) programId: string;
  @ManyToOne(() => WasherProgram, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'fk_washer_cycles_program' })
  program?: Relation<WasherProgram>;
  @Column({ type: 'integer' }) cycleNo: number;
  @Column({ type: 'varchar', length: 10, default: 'open' }) status: 'open' | 'passed' | 'failed';
  @Column({ type: 'uuid' }) openedBy: string;
  @Column({ type: 'timestamptz' }) openedAt: Date;
  @Column({ type: 'uuid', nullable: true }) completedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ type: 'numeric', precision: 5, scale: 1, nullable: true, transformer: numeric }) temperatureC: number | null;
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric }) disinfectMinutes: number | null;
  @Column({ type: 'integer', nullable: true }) a0: number | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
}
