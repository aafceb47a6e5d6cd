import { ApiProperty } from '@nestjs/swagger';
import { Bool, Id, Instant, Int, Num, Text } from '../../common/views.js';
import { AssignedActionView } from '../../defects/dto/defects.view.js';
import { QUESTION_KINDS } from '../survey.entity.js';

/** open: to answer now; upcoming: its period has not started; ended: its period is over, unanswered; closed: closed unanswered. */
export const DEPARTMENT_SURVEY_STATUSES = ['open', 'answered', 'closed', 'upcoming', 'ended'] as const;

/** A survey as the list shows it: its current version, how many departments answered, its actions. */
export class SurveyView {
  @Id() id: string;
  @Int({ description: 'the current version (1 unless changed before the first answer)' }) version: number;
  @Text() titleZh: string;
  @Text() titleEn: string;
  @Text({ example: '2026-10' }) periodFrom: string;
  @Text({ example: '2026-12', description: 'inclusive' }) periodTo: string;
  @Instant() createdAt: string;
  @Int({ description: 'departments asked' }) asked: number;
  @Int({ description: 'departments that answered' }) answered: number;
  @Num({ nullable: true, description: 'answered / asked (a fraction); null when none is asked' }) responseRate: number | null;
  @Bool() closed: boolean;
  @Instant({ nullable: true }) closedAt: string | null;
  @Int() actionCount: number;
  @Int({ description: 'improvement actions not done yet' }) openActionCount: number;
  @Int({ description: 'not done and past their due date' }) overdueActionCount: number;
}

export class SurveyQuestionView {
  @Id() id: string;
  @Int() seq: number;
  @ApiProperty({ enum: QUESTION_KINDS }) kind: string;
  @Text() textZh: string;
  @Text() textEn: string;
}

/** A department asked, and whether (when, by whom) it answered. */
export class SurveyDepartmentView {
  @Id() departmentId: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Bool() answered: boolean;
  @Instant({ nullable: true }) answeredAt: string | null;
  @Text({ nullable: true }) answeredByName: string | null;
}

/** A version of the survey: the first, or a change made before any answer, with its reason. */
export class SurveyVersionView {
  @Int() version: number;
  @Text({ nullable: true }) reason: string | null;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

export class SurveyClosureView {
  @Text({ nullable: true }) note: string | null;
  @Id() closedBy: string;
  @Text() closedByName: string;
  @Instant() closedAt: string;
}

/** An improvement action agreed from the survey (number `seq`); its owner, due date and closing are its corrective action’s. */
export class SurveyActionView extends AssignedActionView {
  @Id() id: string;
  @Int() seq: number;
  @Text() what: string;
  @Id({ nullable: true }) departmentId: string | null;
  @Text({ nullable: true }) departmentCode: string | null;
  @Text({ nullable: true }) departmentNameZh: string | null;
  @Text({ nullable: true }) departmentNameEn: string | null;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

export class SurveyDetailView extends SurveyView {
  @ApiProperty({ type: [SurveyQuestionView] }) questions: SurveyQuestionView[];
  @ApiProperty({ type: [SurveyDepartmentView], description: 'the departments asked, by code' }) departments: SurveyDepartmentView[];
  @ApiProperty({ type: [SurveyVersionView], description: 'oldest first' }) versions: SurveyVersionView[];
  @ApiProperty({ type: SurveyClosureView, nullable: true }) closure: SurveyClosureView | null;
  @ApiProperty({ type: [SurveyActionView] }) actions: SurveyActionView[];
}

/** A question's result over the departments that answered: how many rated it, the average, how many gave each score. */
export class QuestionResultView extends SurveyQuestionView {
  @Int({ description: 'ratings given (free text: answers given)' }) count: number;
  @Num({ nullable: true, description: 'mean rating, 2 decimals; null for a free-text question or none rated' }) average: number | null;
  @ApiProperty({ type: [Number], description: 'how many gave 1, 2, 3, 4 and 5 (empty for a free-text question)' }) scores: number[];
}

export class DepartmentAnswerView {
  @Id() questionId: string;
  @Int() seq: number;
  @Int({ nullable: true }) rating: number | null;
  @Text({ nullable: true }) text: string | null;
}

/** A department's result: its answers and the mean of its ratings. */
export class DepartmentResultView extends SurveyDepartmentView {
  @Num({ nullable: true, description: 'mean of its ratings, 2 decimals' }) average: number | null;
  @ApiProperty({ type: [DepartmentAnswerView], description: 'by question (empty when not answered)' }) answers: DepartmentAnswerView[];
}

/** A free-text answer, with the department that wrote it. */
export class TextAnswerView {
  @Id() questionId: string;
  @Int() seq: number;
  @Id() departmentId: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() text: string;
}

/** The results of a survey (its period), per question and per department, the free text, and the response rate. */
export class SurveyResultsView {
  @Id() id: string;
  @Text() titleZh: string;
  @Text() titleEn: string;
  @Text() periodFrom: string;
  @Text() periodTo: string;
  @Bool() closed: boolean;
  @Int() asked: number;
  @Int() answered: number;
  @Num({ nullable: true, description: 'answered / asked' }) responseRate: number | null;
  @Num({ nullable: true, description: 'mean of every rating given, 2 decimals' }) average: number | null;
  @ApiProperty({ type: [QuestionResultView] }) questions: QuestionResultView[];
  @ApiProperty({ type: [DepartmentResultView] }) departments: DepartmentResultView[];
  @ApiProperty({ type: [TextAnswerView], description: 'by question, then department code' }) texts: TextAnswerView[];
}

/** A survey as the department sees it: open to answer, answered (when, by whom), or closed unanswered. */
export class DepartmentSurveyView {
  @Id() id: string;
  @Text() titleZh: string;
  @Text() titleEn: string;
  @Text() periodFrom: string;
  @Text() periodTo: string;
  @ApiProperty({ enum: DEPARTMENT_SURVEY_STATUSES }) status: string;
  @Instant({ nullable: true }) answeredAt: string | null;
  @Text({ nullable: true }) answeredByName: string | null;
}

export class MyAnswerView {
  @Id() questionId: string;
  @Int({ nullable: true }) rating: number | null;
  @Text({ nullable: true }) text: string | null;
}

export class DepartmentSurveyDetailView extends DepartmentSurveyView {
  @ApiProperty({ type: [SurveyQuestionView] }) questions: SurveyQuestionView[];
  @ApiProperty({ type: [MyAnswerView], description: 'the department’s answer as sent (empty until it answers)' }) answers: MyAnswerView[];
}

/** A survey compared: its period, how many departments it asked and how many answered. */
export class ComparedSurveyView {
  @Id() surveyId: string;
  @Text() titleZh: string;
  @Text() titleEn: string;
  @Text({ example: '2026-10' }) periodFrom: string;
  @Text({ example: '2026-12' }) periodTo: string;
  @Int() asked: number;
  @Int() answered: number;
}

/** A department's part in one survey compared. */
export class ComparedCellView {
  @Bool({ description: 'false where that survey did not ask the department' }) asked: boolean;
  @Bool() answered: boolean;
  @Num({ nullable: true, description: 'mean of its ratings, 2 decimals; null when it has not answered' }) average: number | null;
}

export class ComparedDepartmentView {
  @Id() departmentId: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ type: [ComparedCellView], description: 'one per survey, in the order of `surveys`' })
  periods: ComparedCellView[];
}

/** Satisfaction per department and period: the surveys whose period meets the months asked, compared. */
export class SurveyComparisonView {
  @Text({ example: '2026-01' }) from: string;
  @Text({ example: '2026-12' }) to: string;
  @ApiProperty({ type: [ComparedSurveyView], description: 'oldest period first' }) surveys: ComparedSurveyView[];
  @ApiProperty({ type: [ComparedDepartmentView], description: 'by department code' }) departments: ComparedDepartmentView[];
}
