import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { DEFECT_ZONE_NAMES, type DefectZone } from '../defects/defect.entity.js';

/**
 * The CSSD's zones a visitor may be let into: the stations of the chain (§2, §3.2), the same words
 * the defect register uses for where a defect happened (its `department` is not a CSSD zone).
 */
export const VISIT_ZONES = [
  'recycling',
  'cleaning',
  'packing',
  'sterilization',
  'storage',
  'dispatch',
] as const satisfies readonly DefectZone[];
export type VisitZone = (typeof VISIT_ZONES)[number];
export const VISIT_ZONE_NAMES: Record<VisitZone, { zh: string; en: string }> = DEFECT_ZONE_NAMES;

/** One visitor of a request: the name and the title (职务) as the visiting unit gives them. */
export interface Visitor {
  name: string;
  title: string;
}

const ZONES_SQL = VISIT_ZONES.map((z) => `'${z}'`).join(', ');
export const ZONES_CHECK = (column: string) => `cardinality(${column}) >= 1 AND ${column} <@ ARRAY[${ZONES_SQL}]::varchar[]`;

/**
 * One entry of a visit request (参观/来访申请): the visiting unit, its visitors, a contact, the purpose,
 * the planned day and time window, the zones requested. Never changed: a correction is a new entry of
 * the same visit (`visitId`, the first entry's id) naming the one it corrects, with the reason.
 */
@Entity('visit_requests')
@Index('ix_visit_requests_visit', ['visitId'])
@Index('ix_visit_requests_planned', ['plannedDate'])
@Index('uq_visit_requests_corrects', ['correctsId'], { unique: true })
@Check('ck_visit_requests_correction', `(corrects_id IS NULL) = (reason IS NULL) AND (corrects_id IS NULL) = (visit_id = id)`)
@Check('ck_visit_requests_window', `window_end > window_start`)
@Check('ck_visit_requests_visitors', `jsonb_typeof(visitors) = 'array' AND jsonb_array_length(visitors) BETWEEN 1 AND 30`)
@Check('ck_visit_requests_zones', ZONES_CHECK('zones'))
export class VisitRequest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_visit_requests' }) id: string;
  /** The visit: the first entry's id (its own for the first entry). */
  @Column({ type: 'uuid' }) visitId: string;
  @ManyToOne(() => VisitRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_requests_visit' })
  visit?: Relation<VisitRequest>;
  @Column({ type: 'uuid', nullable: true }) correctsId: string | null;
  @ManyToOne(() => VisitRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_id', foreignKeyConstraintName: 'fk_visit_requests_corrects' })
  corrects?: Relation<VisitRequest>;
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  @Column({ type: 'varchar', length: 200 }) unit: string;
  @Column({ type: 'jsonb' }) visitors: Visitor[];
  @Column({ type: 'varchar', length: 100 }) contact: string;
  @Column({ type: 'varchar', length: 500 }) purpose: string;
  /** The planned hospital day and time window (hospital wall clock, HH:MM). */
  @Column({ type: 'date' }) plannedDate: string;
  @Column({ type: 'time' }) windowStart: string;
  @Column({ type: 'time' }) windowEnd: string;
  @Column({ type: 'varchar', length: 20, array: true }) zones: VisitZone[];
  @Column({ type: 'uuid' }) requestedBy: string;
  @Column({ type: 'timestamptz' }) requestedAt: Date;
}

/** The head nurse's (or an administrator's) decision on a visit: approved, or refused with the reason. Once. */
@Entity('visit_decisions')
@Index('uq_visit_decisions_visit', ['visitId'], { unique: true })
@Check('ck_visit_decisions_reason', `approved OR reason IS NOT NULL`)
export class VisitDecision {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_visit_decisions' }) id: string;
  @Column({ type: 'uuid' }) visitId: string;
  @ManyToOne(() => VisitRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_decisions_visit' })
  visit?: Relation<VisitRequest>;
  @Column({ type: 'boolean' }) approved: boolean;
  @Column({ type: 'varchar', length: 300, nullable: true }) reason: string | null;
  @Column({ type: 'uuid' }) decidedBy: string;
  @Column({ type: 'timestamptz' }) decidedAt: Date;
}

/** A visit called off before it started, with the reason. Once. */
@Entity('visit_cancellations')
@Index('uq_visit_cancellations_visit', ['visitId'], { unique: true })
export class VisitCancellation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_visit_cancellations' }) id: string;
  @Column({ type: 'uuid' }) visitId: string;
  @ManyToOne(() => VisitRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_cancellations_visit' })
  visit?: Relation<VisitRequest>;
  @Column({ type: 'varchar', length: 300 }) reason: string;
  @Column({ type: 'uuid' }) cancelledBy: string;
  @Column({ type: 'timestamptz' }) cancelledAt: Date;
}

/**
 * The visitors came in: when (stated), escorted by whom (a CSSD user). Once per visit; a correction is
 * a new row naming the one it corrects, with the reason.
 */
@Entity('visit_check_ins')
@Index('uq_visit_check_ins_first', ['visitId'], { unique: true, where: `"corrects_id" IS NULL` })
@Index('uq_visit_check_ins_corrects', ['correctsId'], { unique: true })
@Check('ck_visit_check_ins_correction', `(corrects_id IS NULL) = (reason IS NULL)`)
export class VisitCheckIn {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_visit_check_ins' }) id: string;
  @Column({ type: 'uuid' }) visitId: string;
  @ManyToOne(() => VisitRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_check_ins_visit' })
  visit?: Relation<VisitRequest>;
  @Column({ type: 'uuid', nullable: true }) correctsId: string | null;
  @ManyToOne(() => VisitCheckIn, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_id', foreignKeyConstraintName: 'fk_visit_check_ins_corrects' })
  corrects?: Relation<VisitCheckIn>;
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  @Column({ type: 'timestamptz' }) inAt: Date;
  @Column({ type: 'uuid' }) escortUserId: string;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

/**
 * The visitors left: when (stated, after they came in) and the zones they actually entered (approved
 * ones only). Once per visit; a correction is a new row naming the one it corrects, with the reason.
 */
@Entity('visit_check_outs')
@Index('uq_visit_check_outs_first', ['visitId'], { unique: true, where: `"corrects_id" IS NULL` })
@Index('uq_visit_check_outs_corrects', ['correctsId'], { unique: true })
@Check('ck_visit_check_outs_correction', `(corrects_id IS NULL) = (reason IS NULL)`)
@Check('ck_visit_check_outs_zones', ZONES_CHECK('zones_entered'))
export class VisitCheckOut {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_visit_check_outs' }) id: string;
  @Column({ type: 'uuid' }) visitId: string;
  @ManyToOne(() => VisitRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_check_outs_visit' })
  visit?: Relation<VisitRequest>;
  @Column({ type: 'uuid', nullable: true }) correctsId: string | null;
  @ManyToOne(() => VisitCheckOut, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrects_id', foreignKeyConstraintName: 'fk_visit_check_outs_corrects' })
  corrects?: Relation<VisitCheckOut>;
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  @Column({ type: 'timestamptz' }) outAt: Date;
  @Column({ type: 'varchar', length: 20, array: true }) zonesEntered: VisitZone[];
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

/** A comment a visitor gave (several per visit), recorded once the visit started. */
@Entity('visit_comments')
@Index('ix_visit_comments_visit', ['visitId', 'recordedAt'])
export class VisitComment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_visit_comments' }) id: string;
  @Column({ type: 'uuid' }) visitId: string;
  @ManyToOne(() => VisitRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'visit_id', foreignKeyConstraintName: 'fk_visit_comments_visit' })
  visit?: Relation<VisitRequest>;
  /** Who gave it (a visitor's name, as written), when known. */
  @Column({ type: 'varchar', length: 100, nullable: true }) author: string | null;
  @Column({ type: 'varchar', length: 1000 }) text: string;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
