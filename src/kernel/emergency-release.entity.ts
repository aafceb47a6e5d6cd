import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { SterilizerLoad } from './sterilizer-load.entity.js';

/** Emergency release of implants before the BI result (WS 310.3 4.4.2.3.2): approved, reasoned, recorded. */
@Entity('emergency_releases')
@Index('ix_emergency_releases_load', ['loadId'])
export class EmergencyRelease {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) loadId: string;
  @ManyToOne(() => SterilizerLoad, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'load_id', foreignKeyConstraintName: 'fk_emergency_releases_load' })
  load?: Relation<SterilizerLoad>;
  @Column({ type: 'uuid' }) biTestId: string;
  @Column({ type: 'uuid' }) approvedBy: string;
  @Column({ type: 'varchar', length: 300 }) reason: string;
  @Column({ type: 'timestamptz' }) at: Date;
}
