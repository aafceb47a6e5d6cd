import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { InstrumentSet } from '../catalog/instrument-set.entity.js';
import { SetTemplate } from '../catalog/set-template.entity.js';
import { Pack } from '../kernel/pack.entity.js';

/** One line of a loaner tray's count sheet (清点单), as the lender delivered it. */
export interface CountSheetLine {
  nameZh: string;
  nameEn: string;
  specification: string;
  quantity: number;
  /** An implant (植入物): the tray is an implant tray, its loads wait for their BI (WS 310.3). */
  implant: boolean;
}

/** One line counted at the return: what went back against what came in; a shortfall carries its note. */
export interface ReturnedLine {
  line: number;
  nameZh: string;
  nameEn: string;
  specification: string;
  implant: boolean;
  delivered: number;
  returned: number;
  note: string | null;
}

/**
 * A loaner tray's receipt (外来医疗器械, issue 16): who lent it and who delivered it, the operation
 * it came for (theatre department, surgeon, patient, operation, planned time), its count sheet,
 * and the set template and instrument set the receipt made for it so that the stations handle it
 * as any set. Never changed; its return is a row of its own.
 */
@Entity('loaner_trays')
@Index('uq_loaner_trays_code', ['code'], { unique: true })
@Index('uq_loaner_trays_set', ['setId'], { unique: true })
@Index('ix_loaner_trays_received', ['receivedAt'])
@Index('ix_loaner_trays_department', ['departmentId', 'receivedAt'])
@Check('ck_loaner_trays_lines', `jsonb_typeof(lines) = 'array' AND jsonb_array_length(lines) BETWEEN 1 AND 200`)
export class LoanerTray {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_loaner_trays' }) id: string;
  /** LN-<yyyymmdd>-<nn>: the hospital day of the receipt and its number that day. */
  @Column({ type: 'varchar', length: 32 }) code: string;
  @Column({ type: 'varchar', length: 100 }) lenderName: string;
  @Column({ type: 'varchar', length: 100 }) deliveredBy: string;
  /** The operating department the tray came for: the only one it may be dispatched to, the only one that sees it. */
  @Column({ type: 'uuid' }) departmentId: string;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_loaner_trays_department' })
  department?: Relation<Department>;
  @Column({ type: 'varchar', length: 100 }) surgeon: string;
  @Column({ type: 'varchar', length: 40 }) patientId: string;
  @Column({ type: 'varchar', length: 200 }) operation: string;
  @Column({ type: 'timestamptz' }) plannedAt: Date;
  @Column({ type: 'uuid' }) templateId: string;
  @ManyToOne(() => SetTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'fk_loaner_trays_template' })
  template?: Relation<SetTemplate>;
  @Column({ type: 'uuid' }) setId: string;
  @ManyToOne(() => InstrumentSet, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'set_id', foreignKeyConstraintName: 'fk_loaner_trays_set' })
  set?: Relation<InstrumentSet>;
  @Column({ type: 'jsonb' }) lines: CountSheetLine[];
  @Column({ type: 'varchar', length: 300, nullable: true }) note: string | null;
  @Column({ type: 'uuid' }) receivedBy: string;
  @Column({ type: 'timestamptz' }) receivedAt: Date;
}

/**
 * A loaner tray handed back to its lender (issue 16): counted against its count sheet (a line
 * short carries a note), signed for by the lender's representative and by the CSSD nurse. Once.
 */
@Entity('loaner_returns')
@Index('uq_loaner_returns_tray', ['trayId'], { unique: true })
@Index('ix_loaner_returns_returned', ['returnedAt'])
@Check('ck_loaner_returns_lines', `jsonb_typeof(lines) = 'array'`)
export class LoanerReturn {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_loaner_returns' }) id: string;
  @Column({ type: 'uuid' }) trayId: string;
  @ManyToOne(() => LoanerTray, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tray_id', foreignKeyConstraintName: 'fk_loaner_returns_tray' })
  tray?: Relation<LoanerTray>;
  /** The pack (cycle) the tray went back in. */
  @Column({ type: 'uuid' }) packId: string;
  @ManyToOne(() => Pack, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pack_id', foreignKeyConstraintName: 'fk_loaner_returns_pack' })
  pack?: Relation<Pack>;
  @Column({ type: 'jsonb' }) lines: ReturnedLine[];
  @Column({ type: 'boolean' }) countMatches: boolean;
  @Column({ type: 'varchar', length: 100 }) lenderRepresentative: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) note: string | null;
  @Column({ type: 'uuid' }) returnedBy: string;
  @Column({ type: 'timestamptz' }) returnedAt: Date;
}
