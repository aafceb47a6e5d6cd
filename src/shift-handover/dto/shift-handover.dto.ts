import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { SecondPersonDto } from '../../auth/dto/second-person.dto.js';
import { PeriodQueryDto } from '../../reports/dto/report-query.js';
import { HANDOVER_ZONES, type HandoverZone } from '../shift-handover.entity.js';
import { CHECK_ITEMS, SHIFT_CODES, type CheckItem, type ShiftCode } from '../shifts.js';
import { Optional } from '../../common/validation.js';

const NOT_BLANK = /\S/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The outgoing nurse drafts the handover of a day, shift and zone; the system's snapshot is taken now. */
export class DraftHandoverDto {
  @ApiProperty({ example: '2026-12-02', description: 'the hospital day of the shift (a night shift: the day it starts); not after today' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  day: string;
  @ApiProperty({ enum: SHIFT_CODES }) @IsIn(SHIFT_CODES) shift: ShiftCode;
  @ApiProperty({ enum: HANDOVER_ZONES }) @IsIn(HANDOVER_ZONES) zone: HandoverZone;
  @ApiPropertyOptional({ example: '2 号灭菌器门封条有磨损，已报设备科', description: 'the nurse’s own notes' })
  @Optional()
  @IsString()
  @Length(0, 2000)
  notes?: string;
}

/** One item of the end-of-shift checklist: done, or not done with the reason. */
export class ChecklistItemDto {
  @ApiProperty({ enum: CHECK_ITEMS }) @IsIn(CHECK_ITEMS) item: CheckItem;
  @ApiProperty() @IsBoolean() done: boolean;
  @ApiPropertyOptional({ example: '夜班继续使用蒸汽', description: 'required when not done' })
  @Optional()
  @IsString()
  @Length(0, 200)
  reason?: string;
}

/** The whole end-of-shift checklist: each item once. */
export class RecordChecklistDto {
  @ApiProperty({ type: [ChecklistItemDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHECK_ITEMS.length * 2)
  @ValidateNested({ each: true })
  @Type(() => ChecklistItemDto)
  items: ChecklistItemDto[];
}

/** A signature: the signer's own badge + PIN (or username + password). */
export class SignHandoverDto {
  @ApiProperty({ type: SecondPersonDto, description: 'the signer’s badge + PIN' })
  @IsDefined()
  @ValidateNested()
  @Type(() => SecondPersonDto)
  signer: SecondPersonDto;
}

/** A correction of a signed handover: the notes in force again, naming the entry it corrects, with the reason. */
export class CorrectHandoverDto {
  @ApiProperty({ format: 'uuid', description: 'the entry in force: the handover’s id (its note) or its latest correction' })
  @IsUUID()
  correctsId: string;
  @ApiProperty({ example: '2 号灭菌器门封条磨损，已报设备科（报修单 1203）' })
  @IsString()
  @Length(1, 2000)
  @Matches(NOT_BLANK)
  notes: string;
  @ApiProperty({ example: '补记报修单号' }) @IsString() @Length(2, 200) @Matches(NOT_BLANK) reason: string;
}

/** The register of a period (one day, a range, a week or a month; today when none), as JSON, XLSX or PDF. */
export class HandoverRegisterQuery extends PeriodQueryDto {
  @ApiPropertyOptional({ enum: HANDOVER_ZONES }) @Optional() @IsIn(HANDOVER_ZONES) zone?: HandoverZone;
}
