import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a department must be told at once: a recall of packs it holds, a late BI result (§4.2, §4.4). */
@Entity('department_notices')
@Index('ix_department_notices_department', ['departmentId', 'createdAt'])
export class DepartmentNotice {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) departmentId: string;
  @Column({ type: 'varchar', length: 30 }) kind: 'recall' | 'late_bi_passed' | 'late_bi_failed';
  @Column({ type: 'uuid', nullable: true }) recallId: string | null;
  @Column({ type: 'jsonb' }) packs: { id: string; barcode: string | null }[];
  @Column({ type: 'varchar', length: 300 }) messageZh: string;
  @Column({ type: 'varchar', length: 300 }) messageEn: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
