import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { SterilizerProgram } from '../catalog/sterilizer-program.entity.js';
import { Sterilizer } from '../catalog/sterilizer.entity.js';
import { numeric } from '../database/columns.js';
import type { RunSnapshot } from './run-snapshot.js';

export const LOAD_STATUSES = ['open', 'running', 'completed', 'failed', 'cancelled'] as const;
export type LoadStatus = (typeof LOAD_STATUSES)[number];

/** What a person reads for each status, in refusals. */
export const LOAD_STATUS_NAMES: Record<LoadStatus, { zh: string; en: string }> = {
  open: { zh: '装载中', en: 'open' },
  running: { zh: '运行中', en: 'running' },
  completed: { zh: '已完成', en: 'completed' },
  failed: { zh: '失败', en: 'failed' },
  cancelled: { zh: '已取消', en: 'cancelled' },
};
/** released: every pack may go to storage; awaiting_bi: its implant packs wait (§4.3). */
export type LoadRelease = 'pending' | 'released' | 'awaiting_bi' | 'failed';
/** load: packs (or an empty-chamber BI run) through a program; bowie_dick: the day's B-D test cycle (§4.2). */
export const LOAD_KINDS = ['load', 'bowie_dick'] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];

/** What a person reads for each release state, in refusals. */
export const LOAD_RELEASE_NAMES: Record<LoadRelease, { zh: string; en: string }> = {
  pending: { zh: '尚未放行', en: 'not released yet' },
  released: { zh: '已放行', en: 'released' },
  awaiting_bi: { zh: '等待生物监测结果', en: 'waiting for its BI' },
  failed: { zh: '不合格', en: 'failed' },
};

/** A sterilizer load 灭菌锅次: cycle number per sterilizer, never reused, even when cancelled. */
@Entity('sterilizer_loads')
@Unique('uq_sterilizer_loads_number', ['sterilizerId', 'cycleNo'])
@Index('ix_sterilizer_loads_started', ['sterilizerId', 'startedAt'])
// The board's open / running loads and the loads waiting for their BI: a handful among years of loads.
@Index('ix_sterilizer_loads_active', ['sterilizerId', 'cycleNo'], { where: `status IN ('open', 'running')` })
@Index('ix_sterilizer_loads_awaiting_bi', ['completedAt'], { where: `release = 'awaiting_bi'` })
@Check('ck_sterilizer_loads_status', `status IN ('open', 'running', 'completed', 'failed', 'cancelled')`)
@Check('ck_sterilizer_loads_release', `release IN ('pending', 'released', 'awaiting_bi', 'failed')`)
@Check('ck_sterilizer_loads_kind', `kind IN ('load', 'bowie_dick')`)
@Check('ck_sterilizer_loads_program', `kind = 'bowie_dick' OR program_id IS NOT NULL`)
export class SterilizerLoad {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) sterilizerId: string;
  @ManyToOne(() => Sterilizer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sterilizer_id', foreignKeyConstraintName: 'fk_sterilizer_loads_sterilizer' })
  sterilizer?: Relation<Sterilizer>;
  @Column({ type: 'integer' }) cycleNo: number;
  /**
   * A B-D test is an empty-chamber cycle of the sterilizer (issue 18): it takes the next cycle
   * number, so the sterilizer's printout and the register name the same run. Recorded once run.
   */
  @Column({ type: 'varchar', length: 12, default: 'load' }) kind: LoadKind;
  /** The program it ran (null for a B-D cycle, whose sheet is the record). */
  @Column({ type: 'uuid', nullable: true }) programId: string | null;
  @ManyToOne(() => SterilizerProgram, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'fk_sterilizer_loads_program' })
  program?: Relation<SterilizerProgram>;
  @Column({ type: 'varchar', length: 12, default: 'open' }) status: LoadStatus;
  @Column({ type: 'varchar', length: 12, default: 'pending' }) release: LoadRelease;
  @Column({ type: 'uuid' }) openedBy: string;
  @Column({ type: 'timestamptz' }) openedAt: Date;
  @Column({ type: 'uuid', nullable: true }) startedBy: string | null;
  @Column({ type: 'timestamptz', nullable: true }) startedAt: Date | null;
  /**
   * The sterilizer and program as they were when the load started (null while it is open):
   * what unloading judges the run by and what provenance and labels show. Written once at
   * start; a trigger refuses changing it afterwards.
   */
  @Column({ type: 'jsonb', nullable: true }) runSnapshot: RunSnapshot | null;
  /** The load's start date in the hospital time zone: the packs' sterilization date. */
  @Column({ type: 'date', nullable: true }) sterilizationDate: string | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt: Date | null;
  /** Unloading is co-signed: the operator and a quality monitor (seed 1.4). */
  @Column({ type: 'uuid', nullable: true }) unloadedBy: string | null;
  @Column({ type: 'uuid', nullable: true }) unloadCheckedBy: string | null;
  @Column({ type: 'numeric', precision: 5, scale: 1, nullable: true, transformer: numeric }) tempMinC: number | null;
  @Column({ type: 'numeric', precision: 5, scale: 1, nullable: true, transformer: numeric }) tempMaxC: number | null;
  @Column({ type: 'numeric', precision: 6, scale: 1, nullable: true, transformer: numeric }) pressureMinKpa: number | null;
  @Column({ type: 'numeric', precision: 6, scale: 1, nullable: true, transformer: numeric }) pressureMaxKpa: number | null;
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric }) holdMinutes: number | null;
  /** The cycle as the sterilizer's printout reports it (within startedAt … completedAt, see cycle-times.ts). */
  @Column({ type: 'timestamptz', nullable: true }) reportedCycleStartedAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) reportedCycleEndedAt: Date | null;
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numeric }) h2o2MgL: number | null;
  @Column({ type: 'boolean', nullable: true }) physicalPassed: boolean | null;
  @Column({ type: 'jsonb', nullable: true }) physicalProblems: string[] | null;
  @Column({ type: 'boolean', nullable: true }) chemicalPassed: boolean | null;
  @Column({ type: 'boolean', default: false }) containsImplant: boolean;
  /** An empty-chamber test run (B-D or BI qualification): takes no packs. */
  @Column({ type: 'boolean', default: false }) emptyChamber: boolean;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
}
