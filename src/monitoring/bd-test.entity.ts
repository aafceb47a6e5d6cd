import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { SterilizerLoad } from '../kernel/sterilizer-load.entity.js';

/** Bowie-Dick test 布维-狄克试验 (§4.2): pre-vacuum steam, daily, empty chamber, before the first load. */
@Entity('bd_tests')
@Index('ix_bd_tests_sterilizer', ['sterilizerId', 'testedAt'])
export class BdTest {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) sterilizerId: string;
  @ManyToOne(() => Sterilizer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sterilizer_id', foreignKeyConstraintName: 'fk_bd_tests_sterilizer' })
  sterilizer?: Relation<Sterilizer>;
  /** Its cycle (sterilizer_loads, kind bowie_dick) and number; null for tests recorded before B-Ds took numbers. */
  @Column({ type: 'uuid', nullable: true }) loadId: string | null;
  @ManyToOne(() => SterilizerLoad, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'load_id', foreignKeyConstraintName: 'fk_bd_tests_load' })
  load?: Relation<SterilizerLoad>;
  @Column({ type: 'integer', nullable: true }) cycleNo: number | null;
  @Column({ type: 'timestamptz' }) testedAt: Date;
  /** The test's calendar date in the hospital time zone ("today" for the lockout). */
  @Column({ type: 'date' }) testDate: string;
  @Column({ type: 'boolean' }) passed: boolean;
  @Column({ type: 'uuid' }) operatorId: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
