import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { CorrectiveAction } from '../quality-checks/corrective-action.entity.js';

/**
 * The monthly quality review (质量分析会, seed 10.1, 10.4): the meeting the head nurse holds for a
 * month — when, who attended, the minutes — over the month's defects and quality indicators (the
 * month names them: nothing is copied). One per month; never changed: a correction is an amendment.
 */
@Entity('quality_reviews')
@Index('uq_quality_reviews_month', ['month'], { unique: true })
@Check('ck_quality_reviews_month', `month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
@Check('ck_quality_reviews_attendees', `cardinality(attendees) BETWEEN 1 AND 40`)
export class QualityReview {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_quality_reviews' }) id: string;
  /** The month reviewed (YYYY-MM, hospital time zone). */
  @Column({ type: 'varchar', length: 7 }) month: string;
  /** When the meeting was held (stated; not in the future, not before the month began). */
  @Column({ type: 'timestamptz' }) heldAt: Date;
  @Column({ type: 'varchar', length: 100, array: true }) attendees: string[];
  @Column({ type: 'varchar', length: 4000 }) minutes: string;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

/**
 * A decision of a review (number `seq`, from 1): what was decided. Its owner, due date and closing
 * with what was done are the corrective action it opened (seed 7.8, src/quality-checks).
 */
@Entity('quality_review_decisions')
@Index('uq_quality_review_decisions_seq', ['reviewId', 'seq'], { unique: true })
@Index('uq_quality_review_decisions_corrective_action', ['correctiveActionId'], { unique: true })
@Check('ck_quality_review_decisions_seq', `seq >= 1`)
export class QualityReviewDecision {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_quality_review_decisions' }) id: string;
  @Column({ type: 'uuid' }) reviewId: string;
  @ManyToOne(() => QualityReview, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_quality_review_decisions_review' })
  review?: Relation<QualityReview>;
  @Column({ type: 'smallint' }) seq: number;
  @Column({ type: 'varchar', length: 300 }) decision: string;
  @Column({ type: 'uuid' }) correctiveActionId: string;
  @ManyToOne(() => CorrectiveAction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrective_action_id', foreignKeyConstraintName: 'fk_quality_review_decisions_corrective_action' })
  correctiveAction?: Relation<CorrectiveAction>;
}

/** A correction of a review's minutes: a new record with the text and the reason (the review itself stays as it was). */
@Entity('quality_review_amendments')
@Index('ix_quality_review_amendments_review', ['reviewId', 'recordedAt'])
export class QualityReviewAmendment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_quality_review_amendments' }) id: string;
  @Column({ type: 'uuid' }) reviewId: string;
  @ManyToOne(() => QualityReview, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_quality_review_amendments_review' })
  review?: Relation<QualityReview>;
  @Column({ type: 'varchar', length: 2000 }) text: string;
  @Column({ type: 'varchar', length: 200 }) reason: string;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
