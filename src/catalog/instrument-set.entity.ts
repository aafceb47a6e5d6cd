import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Department } from './department.entity.js';
import { SetTemplate } from './set-template.entity.js';

/** The physical, reusable tray with its permanent asset code (§3.1). */
@Entity('instrument_sets')
@Unique('uq_instrument_sets_asset_code', ['assetCode'])
@Index('ix_instrument_sets_template', ['templateId'])
export class InstrumentSet {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Printed / engraved asset code; may be a GS1 GIAI (AI 8004). */
  @Column({ type: 'varchar', length: 64 }) assetCode: string;
  @Column({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => SetTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_instrument_sets_template' })
  template?: Relation<SetTemplate>;
  @Column({ type: 'uuid' }) homeDepartmentId: string;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'home_department_id', foreignKeyConstraintName: 'fk_instrument_sets_home_department' })
  homeDepartment?: Relation<Department>;
  @Column({ type: 'integer', default: 0 }) cycleCount: number;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) updatedAt: Date;
}
