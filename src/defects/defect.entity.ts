import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ProblemReport } from '../problems/problem-report.entity.js';
import { CorrectiveAction } from '../quality-checks/corrective-action.entity.js';

/** Where a defect happened: the stations of the chain (§3.2), and a clinical department. */
export const DEFECT_ZONES = ['recycling', 'cleaning', 'packing', 'sterilization', 'storage', 'dispatch', 'department'] as const;
export type DefectZone = (typeof DEFECT_ZONES)[number];

/** What kind of defect it is: the register's small fixed list (seed 20, 10.1). */
export const DEFECT_KINDS = [
  'wrong_contents',
  'wet_pack',
  'labelling_error',
  'cleaning_failure',
  'damaged_instrument',
  'lost_instrument',
  'process_deviation',
  'other',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

/** The names the exports and the corrective actions print (the pages have their own, in web/src/messages.ts). */
export const DEFECT_ZONE_NAMES: Record<DefectZone, { zh: string; en: string }> = {
  recycling: { zh: '回收', en: 'Recycling' },
  cleaning: { zh: '清洗消毒', en: 'Cleaning' },
  packing: { zh: '检查包装', en: 'Packing' },
  sterilization: { zh: '灭菌', en: 'Sterilization' },
  storage: { zh: '无菌物品存放', en: 'Sterile storage' },
  dispatch: { zh: '发放', en: 'Dispatch' },
  department: { zh: '临床科室', en: 'Clinical department' },
};
export const DEFECT_KIND_NAMES: Record<DefectKind, { zh: string; en: string }> = {
  wrong_contents: { zh: '包内器械错误', en: 'Wrong pack contents' },
  wet_pack: { zh: '湿包', en: 'Wet pack' },
  labelling_error: { zh: '标识错误', en: 'Labelling error' },
  cleaning_failure: { zh: '清洗不合格', en: 'Cleaning failure' },
  damaged_instrument: { zh: '器械损坏', en: 'Damaged instrument' },
  lost_instrument: { zh: '器械丢失', en: 'Lost instrument' },
  process_deviation: { zh: '流程偏差', en: 'Process deviation' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * One entry of the defect register (差错/缺陷登记, seed 20): what happened, when, where, what kind,
 * who was involved, the immediate remedy, who reported it. Entries are never changed: a correction
 * is a new entry naming the one it corrects, with the reason, in the same case (`caseId`, the first
 * entry's id); the case's later steps (investigation, actions, verification, closure) name the case.
 */
@Entity('defects')
@Index('ix_defects_occurred', ['occurredAt'])
@Index('ix_defects_case', ['caseId'])
@Index('uq_defects_corrects', ['correctsId'], { unique: true })
@Check('ck_defects_correction', `(corrects_id IS NULL) = (reason IS NULL) AND (corrects_id IS NULL) = (case_id = id)`)
@Check('ck_defects_zone', `zone IN ('recycling', 'cleaning', 'packing', 'sterilization', 'storage', 'dispatch', 'department')`)
@Check(
  'ck_defects_kind',
  `kind IN ('wrong_contents', 'wet_pack', 'labelling_error', 'cleaning_failure', 'damaged_instrument', 'lost_instrument', 'process_deviation', 'other')`,
)
export class Defect {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_defects' }) id: string;
  /** The case: the first entry's id (its own for the first entry). */
  @Column({ type: 'uuid' }) caseId: string;
  @ManyToOne(() => Defect, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_defects_case' })
  case?: Relation<Defect>;
  @Column({ type: 'uuid', nullable: true }) correctsId: string | null;
  @ManyToOne(() => Defect, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_id', foreignKeyConstraintName: 'fk_defects_corrects' })
  corrects?: Relation<Defect>;
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  /** When it happened (stated; not in the future). */
  @Column({ type: 'timestamptz' }) occurredAt: Date;
  @Column({ type: 'varchar', length: 20 }) zone: DefectZone;
  @Column({ type: 'varchar', length: 30 }) kind: DefectKind;
  @Column({ type: 'varchar', length: 500 }) description: string;
  /** Who was involved (names, roles), as the reporter writes it. */
  @Column({ type: 'varchar', length: 200, nullable: true }) involved: string | null;
  @Column({ type: 'varchar', length: 500 }) immediateRemedy: string;
  /** The department's problem report it was raised from (seed 8.6, 20). */
  @Column({ type: 'uuid', nullable: true }) problemReportId: string | null;
  @ManyToOne(() => ProblemReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'problem_report_id', foreignKeyConstraintName: 'fk_defects_problem_report' })
  problemReport?: Relation<ProblemReport>;
  @Column({ type: 'uuid' }) reportedBy: string;
  @Column({ type: 'timestamptz' }) reportedAt: Date;
}

/** The head nurse's investigation of a case: the cause and the responsibility. Once per case. */
@Entity('defect_investigations')
@Index('uq_defect_investigations_case', ['caseId'], { unique: true })
export class DefectInvestigation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_defect_investigations' }) id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @ManyToOne(() => Defect, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_defect_investigations_case' })
  case?: Relation<Defect>;
  @Column({ type: 'varchar', length: 500 }) cause: string;
  @Column({ type: 'varchar', length: 300 }) responsibility: string;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

/**
 * A corrective and preventive action of a case (round `seq`, from 1): what is to be corrected and
 * prevented. Its owner, due date and "done" are the corrective action it opened (seed 7.8,
 * src/quality-checks): one kind of corrective action, on the desk and the head nurse's board.
 */
@Entity('defect_actions')
@Index('uq_defect_actions_seq', ['caseId', 'seq'], { unique: true })
@Index('uq_defect_actions_corrective_action', ['correctiveActionId'], { unique: true })
@Check('ck_defect_actions_seq', `seq >= 1`)
export class DefectAction {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_defect_actions' }) id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @ManyToOne(() => Defect, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_defect_actions_case' })
  case?: Relation<Defect>;
  @Column({ type: 'smallint' }) seq: number;
  @Column({ type: 'uuid' }) correctiveActionId: string;
  @ManyToOne(() => CorrectiveAction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrective_action_id', foreignKeyConstraintName: 'fk_defect_actions_corrective_action' })
  correctiveAction?: Relation<CorrectiveAction>;
  @Column({ type: 'varchar', length: 300 }) corrective: string;
  @Column({ type: 'varchar', length: 300 }) preventive: string;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

/**
 * The head nurse's verification of a case's actions, all of them done (up to round `coversSeq`):
 * effective or not, and how it was verified. Once per round; a round found not effective needs a
 * further action before the case can close.
 */
@Entity('defect_verifications')
@Index('uq_defect_verifications_round', ['caseId', 'coversSeq'], { unique: true })
export class DefectVerification {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_defect_verifications' }) id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @ManyToOne(() => Defect, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_defect_verifications_case' })
  case?: Relation<Defect>;
  @Column({ type: 'smallint' }) coversSeq: number;
  @Column({ type: 'boolean' }) effective: boolean;
  @Column({ type: 'varchar', length: 500 }) note: string;
  @Column({ type: 'uuid' }) verifiedBy: string;
  @Column({ type: 'timestamptz' }) verifiedAt: Date;
}

/** The head nurse closes a case, once, after its actions were verified effective. */
@Entity('defect_closures')
@Index('uq_defect_closures_case', ['caseId'], { unique: true })
export class DefectClosure {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_defect_closures' }) id: string;
  @Column({ type: 'uuid' }) caseId: string;
  @ManyToOne(() => Defect, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_defect_closures_case' })
  case?: Relation<Defect>;
  @Column({ type: 'varchar', length: 500 }) conclusion: string;
  @Column({ type: 'uuid' }) closedBy: string;
  @Column({ type: 'timestamptz' }) closedAt: Date;
}
