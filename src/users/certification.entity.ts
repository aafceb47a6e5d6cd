import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { User } from './user.entity.js';

/** e.g. 灭菌员上岗证 (sterilizer operator, seed 6.2); a renewal is a new row. */
@Entity('user_certifications')
@Index('ix_user_certifications_user', ['userId', 'kind'])
export class Certification {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) userId: string;
  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_certifications_user' })
  user?: Relation<User>;
  @Column({ type: 'varchar', length: 40 }) kind: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) number: string | null;
  @Column({ type: 'date' }) validUntil: string;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
