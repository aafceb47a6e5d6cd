import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { numeric } from '../database/columns.js';
import { Washer } from './washer.entity.js';

/** Washer-disinfector program with its thermal disinfection limits (A0). */
@Entity('washer_programs')
@Unique('uq_washer_programs_code', ['washerId', 'code'])
export class WasherProgram {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) washerId: string;
  @ManyToOne(() => Washer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'washer_id', foreignKeyConstraintName: 'fk_washer_programs_washer' })
  washer?: Relation<Washer>;
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) nameZh: string;
  @Column({ type: 'varchar', length: 100 }) nameEn: string;
  @Column({ type: 'numeric', precision: 5, scale: 1, transformer: numeric }) disinfectTempMinC: number;
  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numeric }) disinfectMinMin: number;
  @Column({ type: 'integer' }) a0Min: number;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
