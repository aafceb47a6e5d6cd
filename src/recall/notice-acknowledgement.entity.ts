import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { DepartmentNotice } from './department-notice.entity.js';

/**
 * A department read a notice (a recall, a late BI result) and says so: who, when, at which station
 * (§4.4 "departments are told at once": the recall report shows when each one knew). Once per
 * notice; append-only.
 */
@Entity('department_notice_acknowledgements')
@Unique('uq_department_notice_acknowledgements_notice', ['noticeId'])
export class NoticeAcknowledgement {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_department_notice_acknowledgements' }) id: string;
  @Column({ type: 'uuid' }) noticeId: string;
  @ManyToOne(() => DepartmentNotice, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'notice_id', foreignKeyConstraintName: 'fk_department_notice_acknowledgements_notice' })
  notice?: Relation<DepartmentNotice>;
  @Column({ type: 'uuid' }) acknowledgedBy: string;
  @Column({ type: 'timestamptz' }) acknowledgedAt: Date;
  @Column({ type: 'varchar', length: 64, nullable: true }) station: string | null;
}
