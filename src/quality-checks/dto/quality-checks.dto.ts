import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PER_SOLUTION_KINDS } from '../../kernel/quality-check-task.entity.js';
import { RANDOM_CHECK_ITEMS, type RandomCheckItem } from '../random-check.entity.js';

const NOT_BLANK = /\S/;

/** The day's random check of indicator tape and process records (seed 7.2). */
export class RecordRandomCheckDto {
  @ApiProperty({ enum: RANDOM_CHECK_ITEMS, isArray: true, description: 'what was checked' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RANDOM_CHECK_ITEMS.length)
  @ArrayUnique()
  @IsIn(RANDOM_CHECK_ITEMS, { each: true })
  checkedItems: RandomCheckItem[];
  @ApiProperty({ example: 20, description: 'how many packs / records were sampled' }) @IsInt() @Min(1) @Max(10_000) sampleSize: number;
  @ApiProperty({ example: 0, description: 'how many of them did not conform: any fails the check and opens a corrective action' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  nonconforming: number;
  @ApiPropertyOptional({
    example: '2 个包外化学指示胶带未变色；1 份清洗记录缺操作者签名',
    description: 'what was found; required when anything did not conform',
  })
  @Optional()
  @IsString()
  @Length(2, 500)
  @Matches(NOT_BLANK, { message: 'findings: must not be blank' })
  findings?: string;
  @ApiPropertyOptional({
    description: `when it was done; default now; never in the future. Its hospital day is the day it covers; ${HOSPITAL_TIME_FORMS}`,
  })
  @Optional()
  @IsHospitalTime()
  checkedAt?: string;
}

/** Closing a corrective action (seed 7.8): what was done, and when. */
export class CloseCorrectiveActionDto {
  @ApiProperty({ example: '按说明书重新配制消毒液，复测浓度 500 mg/L 合格' })
  @IsString()
  @Length(2, 500)
  @Matches(NOT_BLANK, { message: 'actionTaken: must not be blank' })
  actionTaken: string;
  @ApiPropertyOptional({
    description: `when it was done; default now; never in the future, nor before the failed result; ${HOSPITAL_TIME_FORMS}`,
  })
  @Optional()
  @IsHospitalTime()
  doneAt?: string;
}

/** Another solution in use, whose concentration is checked daily (seed 7.2–7.7). */
export class AddSolutionDto {
  @ApiProperty({ enum: PER_SOLUTION_KINDS }) @IsIn(PER_SOLUTION_KINDS) readingKind: (typeof PER_SOLUTION_KINDS)[number];
  @ApiProperty({ example: '含氯消毒剂（器械浸泡）' })
  @IsString()
  @Length(2, 100)
  @Matches(NOT_BLANK, { message: 'nameZh: must not be blank' })
  nameZh: string;
  @ApiProperty({ example: 'Chlorine disinfectant (instrument soak)' })
  @IsString()
  @Length(2, 100)
  @Matches(NOT_BLANK, { message: 'nameEn: must not be blank' })
  nameEn: string;
}

export class CorrectiveActionsQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @Optional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}
