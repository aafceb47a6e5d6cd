import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Department } from '../catalog/department.entity.js';
import { CorrectiveAction } from '../quality-checks/corrective-action.entity.js';

/** A question is rated 1–5 or answered in free text. */
export const QUESTION_KINDS = ['rating', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/**
 * A department satisfaction survey (issue 17, "Department feedback", seed 5.2): the survey itself,
 * whose title, period, questions and departments are its versions. Never changed (append-only by its
 * trigger; not in HISTORY_TABLES because answering and changing lock its row FOR UPDATE, which
 * PostgreSQL grants only with the UPDATE privilege).
 */
@Entity('surveys')
export class Survey {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_surveys' }) id: string;
  @Column({ type: 'uuid' }) createdBy: string;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/**
 * What a survey asks, version `version` (from 1): title, period (months, hospital time zone), and
 * (in their tables) the questions and the departments asked. A change before any department answered
 * is a new version with the reason; after the first answer there is none (a new survey instead).
 */
@Entity('survey_versions')
@Index('uq_survey_versions_version', ['surveyId', 'version'], { unique: true })
@Check('ck_survey_versions_version', `version >= 1 AND (version = 1) = (reason IS NULL)`)
@Check(
  'ck_survey_versions_period',
  `period_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND period_to ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' AND period_from <= period_to`,
)
export class SurveyVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_versions' }) id: string;
  @Column({ type: 'uuid' }) surveyId: string;
  @ManyToOne(() => Survey, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_id', foreignKeyConstraintName: 'fk_survey_versions_survey' })
  survey?: Relation<Survey>;
  @Column({ type: 'smallint' }) version: number;
  @Column({ type: 'varchar', length: 100 }) titleZh: string;
  @Column({ type: 'varchar', length: 100 }) titleEn: string;
  /** First and last month of the period surveyed (YYYY-MM, inclusive). */
  @Column({ type: 'varchar', length: 7 }) periodFrom: string;
  @Column({ type: 'varchar', length: 7 }) periodTo: string;
  /** Why it was changed (null for the first version). */
  @Column({ type: 'varchar', length: 200, nullable: true }) reason: string | null;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

/** Question `seq` of a version: rated 1–5 or free text, worded in Chinese and English. */
@Entity('survey_questions')
@Index('uq_survey_questions_seq', ['versionId', 'seq'], { unique: true })
@Check('ck_survey_questions_kind', `kind IN ('rating', 'text')`)
@Check('ck_survey_questions_seq', `seq >= 1`)
export class SurveyQuestion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_questions' }) id: string;
  @Column({ type: 'uuid' }) versionId: string;
  @ManyToOne(() => SurveyVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_survey_questions_version' })
  surveyVersion?: Relation<SurveyVersion>;
  @Column({ type: 'smallint' }) seq: number;
  @Column({ type: 'varchar', length: 10 }) kind: QuestionKind;
  @Column({ type: 'varchar', length: 200 }) textZh: string;
  @Column({ type: 'varchar', length: 200 }) textEn: string;
}

/** A department a version asks. */
@Entity('survey_departments')
@Index('uq_survey_departments_department', ['versionId', 'departmentId'], { unique: true })
// A department's own surveys (its page lists them).
@Index('ix_survey_departments_department', ['departmentId'])
export class SurveyDepartment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_departments' }) id: string;
  @Column({ type: 'uuid' }) versionId: string;
  @ManyToOne(() => SurveyVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_survey_departments_version' })
  surveyVersion?: Relation<SurveyVersion>;
  @Column({ type: 'uuid' }) departmentId: string;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_survey_departments_department' })
  department?: Relation<Department>;
}

/** A department's answer to a survey: once (uq_survey_responses_department), never changed. */
@Entity('survey_responses')
@Index('uq_survey_responses_department', ['surveyId', 'departmentId'], { unique: true })
export class SurveyResponse {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_responses' }) id: string;
  @Column({ type: 'uuid' }) surveyId: string;
  @ManyToOne(() => Survey, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_id', foreignKeyConstraintName: 'fk_survey_responses_survey' })
  survey?: Relation<Survey>;
  /** The version answered (the survey's only one, since a version answered is never followed by another). */
  @Column({ type: 'uuid' }) versionId: string;
  @ManyToOne(() => SurveyVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_survey_responses_version' })
  surveyVersion?: Relation<SurveyVersion>;
  @Column({ type: 'uuid' }) departmentId: string;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_survey_responses_department' })
  department?: Relation<Department>;
  @Column({ type: 'uuid' }) answeredBy: string;
  @Column({ type: 'timestamptz' }) answeredAt: Date;
}

/** The answer to one question: a rating 1–5 or a text. */
@Entity('survey_answers')
@Index('uq_survey_answers_question', ['responseId', 'questionId'], { unique: true })
@Check('ck_survey_answers_value', `num_nonnulls(rating, text) = 1 AND (rating IS NULL OR rating BETWEEN 1 AND 5)`)
export class SurveyAnswer {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_answers' }) id: string;
  @Column({ type: 'uuid' }) responseId: string;
  @ManyToOne(() => SurveyResponse, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'response_id', foreignKeyConstraintName: 'fk_survey_answers_response' })
  response?: Relation<SurveyResponse>;
  @Column({ type: 'uuid' }) questionId: string;
  @ManyToOne(() => SurveyQuestion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id', foreignKeyConstraintName: 'fk_survey_answers_question' })
  question?: Relation<SurveyQuestion>;
  @Column({ type: 'smallint', nullable: true }) rating: number | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) text: string | null;
}

/** The head nurse closed the survey: no answer after it. Once. */
@Entity('survey_closures')
@Index('uq_survey_closures_survey', ['surveyId'], { unique: true })
export class SurveyClosure {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_closures' }) id: string;
  @Column({ type: 'uuid' }) surveyId: string;
  @ManyToOne(() => Survey, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_id', foreignKeyConstraintName: 'fk_survey_closures_survey' })
  survey?: Relation<Survey>;
  @Column({ type: 'varchar', length: 300, nullable: true }) note: string | null;
  @Column({ type: 'uuid' }) closedBy: string;
  @Column({ type: 'timestamptz' }) closedAt: Date;
}

/**
 * An improvement action agreed from a survey's results (number `seq`, from 1): what, and for which
 * department if one. Its owner, due date and what was done are its corrective action (seed 7.8).
 */
@Entity('survey_actions')
@Index('uq_survey_actions_seq', ['surveyId', 'seq'], { unique: true })
@Index('uq_survey_actions_corrective_action', ['correctiveActionId'], { unique: true })
@Check('ck_survey_actions_seq', `seq >= 1`)
export class SurveyAction {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_survey_actions' }) id: string;
  @Column({ type: 'uuid' }) surveyId: string;
  @ManyToOne(() => Survey, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'survey_id', foreignKeyConstraintName: 'fk_survey_actions_survey' })
  survey?: Relation<Survey>;
  @Column({ type: 'smallint' }) seq: number;
  @Column({ type: 'varchar', length: 300 }) what: string;
  @Column({ type: 'uuid', nullable: true }) departmentId: string | null;
  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'fk_survey_actions_department' })
  department?: Relation<Department>;
  @Column({ type: 'uuid' }) correctiveActionId: string;
  @ManyToOne(() => CorrectiveAction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'corrective_action_id', foreignKeyConstraintName: 'fk_survey_actions_corrective_action' })
  correctiveAction?: Relation<CorrectiveAction>;
  @Column({ type: 'uuid' }) recordedBy: string;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}
