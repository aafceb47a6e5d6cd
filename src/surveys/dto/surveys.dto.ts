import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { bilingual } from '../../common/validation-messages.js';
import { AssignedActionDto } from '../../defects/dto/defects.dto.js';
import { OptionalFormat, type ReportFormat } from '../../reports/dto/report-query.js';
import { QUESTION_KINDS, type QuestionKind } from '../survey.entity.js';
import { Optional } from '../../common/validation.js';

const NOT_BLANK = /\S/;
const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;
const monthMessage = (field: string) => ({ message: bilingual(`${field}：月份必须是 YYYY-MM 格式`, `${field}: must be YYYY-MM`) });

/** A question: rated 1–5 or answered in free text, worded in both languages. */
export class SurveyQuestionDto {
  @ApiProperty({ enum: QUESTION_KINDS }) @IsIn(QUESTION_KINDS) kind: QuestionKind;
  @ApiProperty({ example: '器械包送达是否及时' }) @IsString() @Length(2, 200) @Matches(NOT_BLANK) textZh: string;
  @ApiProperty({ example: 'Were the packs delivered on time?' }) @IsString() @Length(2, 200) @Matches(NOT_BLANK) textEn: string;
}

/** A survey as the head nurse sets it: title, period (months), questions, departments asked. */
export class CreateSurveyDto {
  @ApiProperty({ example: '2026 年第四季度临床科室满意度调查' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) titleZh: string;
  @ApiProperty({ example: 'Department satisfaction, Q4 2026' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) titleEn: string;
  @ApiProperty({ example: '2026-10', description: 'first month of the period surveyed (YYYY-MM, hospital time zone)' })
  @Matches(MONTH, monthMessage('periodFrom'))
  periodFrom: string;
  @ApiProperty({ example: '2026-12', description: 'last month, inclusive (12 months at most)' })
  @Matches(MONTH, monthMessage('periodTo'))
  periodTo: string;
  @ApiProperty({ type: [SurveyQuestionDto], description: '1–30 questions, asked in this order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SurveyQuestionDto)
  questions: SurveyQuestionDto[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'the departments asked (1–200, active)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  departmentIds: string[];
}

/** A change before any department answered: the whole survey again, with the reason. */
export class ReviseSurveyDto extends CreateSurveyDto {
  @ApiProperty({ example: '补充一道关于包装完好的问题' }) @IsString() @Length(2, 200) @Matches(NOT_BLANK) reason: string;
}

export class CloseSurveyDto {
  @ApiPropertyOptional({ example: '回收率已达 90%' }) @Optional() @IsString() @Length(1, 300) @Matches(NOT_BLANK) note?: string;
}

/** The answer to one question: a rating 1–5 for a rating question, a text for a free-text one. */
export class SurveyAnswerDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() questionId: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @Optional() @IsInt() @Min(1) @Max(5) rating?: number;
  @ApiPropertyOptional({ example: '希望周末增加一次下送' }) @Optional() @IsString() @Length(1, 1000) @Matches(NOT_BLANK) text?: string;
}

/** A department's answer: every rating question rated, free-text questions as wished. Sent once, never changed. */
export class AnswerSurveyDto {
  @ApiProperty({ type: [SurveyAnswerDto] })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswerDto)
  answers: SurveyAnswerDto[];
}

/** An improvement action agreed from the results: what, for which department (if one), its owner and due date. */
export class SurveyActionDto extends AssignedActionDto {
  @ApiProperty({ example: '手术室下送增加周末班次' }) @IsString() @Length(2, 300) @Matches(NOT_BLANK) what: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the department it answers (one asked in the survey)' })
  @Optional()
  @IsUUID()
  departmentId?: string;
}

export class SurveyResultsQuery {
  @OptionalFormat() format?: ReportFormat;
}

/** The months whose surveys are compared (36 at most). */
export class SurveyComparisonQuery {
  @ApiProperty({ example: '2026-01', description: 'first month (YYYY-MM, hospital time zone)' })
  @Matches(MONTH, monthMessage('from'))
  from: string;
  @ApiProperty({ example: '2026-12', description: 'last month, inclusive' })
  @Matches(MONTH, monthMessage('to'))
  to: string;
}
