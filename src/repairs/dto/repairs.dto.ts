import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsDecimal, Optional } from '../../common/validation.js';
import { ScanDto } from '../../packs/dto/scan.dto.js';
import { WorkloadPeriodQuery } from '../../reports/dto/report-query.js';
import { DISPOSITIONS, FINDINGS, type Disposition, type Finding } from '../repair.entity.js';

const NOT_BLANK = /\S/;
/** Yuan, two decimals, never negative. */
const Yuan = (description: string) => (target: object, key: string) => {
  ApiPropertyOptional({ example: 120.5, description })(target, key);
  Optional()(target, key);
  IsDecimal(2)(target, key);
  Min(0)(target, key);
  Max(99_999_999)(target, key);
};

/** A set's findings: its asset code (or a pack label of it), as scanned. */
export class FindingsQuery extends ScanDto {}

/** What is decided for one finding: which record and line, how many, repair / scrap / lost, why, the cost, and who pays. */
export class RecordRepairDto {
  @ApiProperty({ example: '1042', description: 'the pack event that found it: the recycling count or the failed packing inspection' })
  @IsString()
  @Matches(/^[1-9]\d{0,17}$/)
  packEventId: string;
  @ApiProperty({ example: 2, description: 'the contents line (from 1)' }) @IsInt() @Min(1) @Max(300) line: number;
  @ApiProperty({ enum: FINDINGS }) @IsIn(FINDINGS) finding: Finding;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(999) quantity: number;
  @ApiProperty({ enum: DISPOSITIONS }) @IsIn(DISPOSITIONS) disposition: Disposition;
  @ApiProperty({ example: '剪刀刃口变钝' }) @IsString() @Length(1, 300) @Matches(NOT_BLANK) reason: string;
  @Yuan('yuan: the repair quote, or the value of what is scrapped or lost') cost?: number;
  @ApiPropertyOptional({ example: '某某医疗器械维修公司' }) @Optional() @IsString() @Length(1, 100) @Matches(NOT_BLANK) vendor?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the department that caused the loss or damage (its home or collecting department)' })
  @Optional()
  @IsUUID()
  chargedDepartmentId?: string;
  @Yuan('yuan the charged department compensates') compensation?: number;
}

export const STEP_INPUTS = ['sent', 'repaired', 'beyond_repair', 'compensation_settled'] as const;

/** A later step: sent for repair (the vendor), back repaired or beyond repair (the final cost), compensation settled. */
export class RepairStepDto {
  @ApiProperty({ enum: STEP_INPUTS }) @IsIn(STEP_INPUTS) step: (typeof STEP_INPUTS)[number];
  @ApiPropertyOptional({ example: '某某医疗器械维修公司', description: 'the repair vendor (sent: required unless the entry names one)' })
  @Optional()
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK)
  vendor?: string;
  @Yuan('yuan: the repair’s final cost (back repaired or beyond repair)') cost?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 300) @Matches(NOT_BLANK) note?: string;
}

/** The head nurse confirms a scrap. */
export class ScrapConfirmationDto {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 300) @Matches(NOT_BLANK) note?: string;
}

/** The register's period (this month when none), filters and format. */
export class RepairsQuery extends WorkloadPeriodQuery {
  @ApiPropertyOptional({ enum: DISPOSITIONS }) @Optional() @IsIn(DISPOSITIONS) disposition?: Disposition;
  @ApiPropertyOptional({ format: 'uuid', description: 'the department charged (a department user: always its own)' })
  @Optional()
  @IsUUID()
  departmentId?: string;
  @ApiPropertyOptional({ description: 'one set, by asset code' }) @Optional() @IsString() @Length(1, 64) assetCode?: string;
}
