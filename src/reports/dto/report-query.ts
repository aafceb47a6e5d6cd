import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsDateString, IsIn, IsUUID, Length, Matches } from 'class-validator';
import { bilingual } from '../../common/validation-messages.js';
import { Optional } from '../../common/validation.js';

export const REPORT_FORMATS = ['json', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** An optional hospital calendar date (YYYY-MM-DD). */
const OptionalDay = (description: string, example: string) =>
  applyDecorators(ApiPropertyOptional({ example, description }), Optional(), IsDateString({ strict: true }), Length(10, 10));

/** An optional calendar month (YYYY-MM) in the hospital's time zone. */
export const OptionalMonth = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: '2026-10', description }),
    Optional(),
    Matches(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { message: bilingual('月份必须是 YYYY-MM 格式', 'month must be YYYY-MM') }),
  );

/** The answer's format: JSON, or an export. */
export const OptionalFormat = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'json (default), xlsx or pdf' }),
    Optional(),
    IsIn(REPORT_FORMATS),
  );

/** A period in the hospital's calendar (one form only; today when none) and the answer's format. */
export class PeriodQueryDto {
  @OptionalDay('one hospital day', '2026-12-03') date?: string;

  @OptionalDay('first day of a range (with to)', '2026-12-01') from?: string;

  @OptionalDay('last day of a range, inclusive (with from)', '2026-12-07') to?: string;

  @OptionalFormat() format?: ReportFormat;
}

export class RegisterQuery extends PeriodQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one sterilizer only' })
  @Optional()
  @IsUUID()
  sterilizerId?: string;
}

export class WorkloadPeriodQuery extends PeriodQueryDto {
  @OptionalDay('the week (Monday to Sunday) holding this day', '2026-12-03') week?: string;

  @OptionalMonth('a calendar month') month?: string;
}

export const RECORD_FORMATS = ['pdf', 'xlsx'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/** A printable record's format: an A4 PDF (default) or an XLSX workbook. */
const OptionalRecordFormat = () =>
  applyDecorators(ApiPropertyOptional({ enum: RECORD_FORMATS, description: 'pdf (default) or xlsx' }), Optional(), IsIn(RECORD_FORMATS));

export class RecordQuery {
  @OptionalRecordFormat() format?: RecordFormat;
}

export class RecallReportQuery {
  @OptionalFormat() format?: ReportFormat;
}

/** One sterilizer's record: a day, week, month or range (one form; today when none), printed. */
export class SterilizerRecordQuery extends OmitType(WorkloadPeriodQuery, ['format'] as const) {
  @OptionalRecordFormat() format?: RecordFormat;
}
