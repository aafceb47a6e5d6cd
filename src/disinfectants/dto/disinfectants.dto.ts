import { WorkloadPeriodQuery } from '../../reports/dto/report-query.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsDecimal, IsHospitalTime, Optional } from '../../common/validation.js';
import {
  AGENT_KINDS,
  AREAS,
  CONCENTRATION_UNITS,
  MEASUREMENT_METHODS,
  type AgentKind,
  type Area,
  type ConcentrationUnit,
  type MeasurementMethod,
} from '../preparation.entity.js';

const NOT_BLANK = /\S/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CONCENTRATION = 99_999_999;

/** A preparation of a disinfectant or cleaning-agent solution (seed 1.2, 7.4), or the correction of one. */
export class RecordPreparationDto {
  @ApiProperty({ enum: AGENT_KINDS }) @IsIn(AGENT_KINDS) kind: AgentKind;
  @ApiProperty({ example: '含氯消毒片（有效氯 500 mg/片）' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) product: string;
  @ApiProperty({ example: '20261020' }) @IsString() @Length(1, 40) @Matches(NOT_BLANK) lotNumber: string;
  @ApiProperty({ example: '2027-10-19', description: 'the product’s expiry date (YYYY-MM-DD): usable through that day' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  expiryDate: string;
  @ApiProperty({ example: 500, description: 'the target concentration' })
  @IsDecimal(2)
  @Min(0.01)
  @Max(MAX_CONCENTRATION)
  target: number;
  @ApiProperty({
    example: 50,
    description: 'the tolerance given with the target: the measured concentration passes within target ± tolerance (less than the target)',
  })
  @IsDecimal(2)
  @Min(0)
  @Max(MAX_CONCENTRATION)
  tolerance: number;
  @ApiProperty({ example: 500, description: 'the measured concentration' }) @IsDecimal(2) @Min(0) @Max(MAX_CONCENTRATION) measured: number;
  @ApiProperty({ enum: CONCENTRATION_UNITS }) @IsIn(CONCENTRATION_UNITS) unit: ConcentrationUnit;
  @ApiProperty({ enum: MEASUREMENT_METHODS, description: 'test strip or meter' }) @IsIn(MEASUREMENT_METHODS) method: MeasurementMethod;
  @ApiProperty({ enum: AREAS, description: 'the zone where the solution is used' }) @IsIn(AREAS) area: Area;
  @ApiPropertyOptional({ example: '器械浸泡消毒', description: 'what it is used for' })
  @Optional()
  @IsString()
  @Length(2, 100)
  @Matches(NOT_BLANK)
  usedFor?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the solution of the routine-check schedule it makes (an active concentration task of its kind)',
  })
  @Optional()
  @IsUUID()
  solutionTaskId?: string;
  @ApiPropertyOptional({ description: `when it was prepared; default now; never in the future; ${HOSPITAL_TIME_FORMS}` })
  @Optional()
  @IsHospitalTime()
  preparedAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the preparation record this one corrects' })
  @Optional()
  @IsUUID()
  correctsId?: string;
  @ApiPropertyOptional({ example: '批号录入错误', description: 'why: required with correctsId' })
  @Optional()
  @IsString()
  @Length(2, 200)
  @Matches(NOT_BLANK)
  reason?: string;
}

export class PreparationsQuery {
  @ApiPropertyOptional({ example: '2026-10-01', description: 'the hospital day (default today)' })
  @Optional()
  @Matches(DAY)
  @IsISO8601({ strict: true })
  day?: string;
}

/** The log's period (a day, week, month or range; this month by default) and its format. */
export class PreparationRegisterQuery extends WorkloadPeriodQuery {}
