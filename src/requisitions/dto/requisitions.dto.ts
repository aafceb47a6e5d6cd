import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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
import { trimScan } from '../../packs/dto/scan.dto.js';
import {
  MAX_BASE_QUANTITY,
  MAX_LINE_QUANTITY,
  MAX_LINES,
  ROUND_KINDS,
  URGENCIES,
  type RoundKind,
  type Urgency,
} from '../requisition-rules.js';
import { Optional } from '../../common/validation.js';

const NOT_BLANK = /\S/;

/** The head nurse sets a department's base quantity of a template (0: none); a change is a new row. */
export class SetBaseQuantityDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() departmentId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() templateId: string;
  @ApiProperty({ example: 4, description: `packs the department keeps (0 to ${MAX_BASE_QUANTITY}; 0: no base)` })
  @IsInt()
  @Min(0)
  @Max(MAX_BASE_QUANTITY)
  quantity: number;
  @ApiPropertyOptional({ default: false, description: 'an emergency set’s base (急救包基数)' })
  @Optional()
  @IsBoolean()
  emergency?: boolean;
  @ApiPropertyOptional({ example: '新增床位 10 张' }) @Optional() @trimScan @IsString() @Length(0, 200) note?: string;
}

export class StockLevelsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'one department (default: every department)' })
  @Optional()
  @IsUUID()
  departmentId?: string;
}

export class BaseQuantityHistoryQuery {
  @ApiProperty({ format: 'uuid' }) @IsUUID() departmentId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() templateId: string;
}

export class RequisitionLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() templateId: string;
  @ApiProperty({ example: 2, description: `1 to ${MAX_LINE_QUANTITY}` }) @IsInt() @Min(1) @Max(MAX_LINE_QUANTITY) quantity: number;
}

/** A department asks for packs (seed 15.1): templates and quantities, how urgently, a note. */
export class CreateRequisitionDto {
  @ApiProperty({ type: [RequisitionLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINES)
  @ValidateNested({ each: true })
  @Type(() => RequisitionLineDto)
  lines: RequisitionLineDto[];
  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES) urgency: Urgency;
  @ApiPropertyOptional({ example: '明日手术 3 台' }) @Optional() @trimScan @IsString() @Length(0, 200) note?: string;
}

export class CancelRequisitionDto {
  @ApiPropertyOptional({ example: '手术取消' }) @Optional() @trimScan @IsString() @Length(0, 200) reason?: string;
}

export class RefuseRequisitionDto {
  @ApiProperty({ example: '该包已停用，请申领替代包' }) @trimScan @IsString() @Length(2, 200) @Matches(NOT_BLANK) reason: string;
}

export class RequisitionsQuery {
  @ApiPropertyOptional({ enum: ['open', 'all'], default: 'open', description: 'open: not closed and not yet fulfilled' })
  @Optional()
  @IsIn(['open', 'all'])
  status?: 'open' | 'all';
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ example: 'RQ00000012', description: 'a scanned requisition barcode: that requisition only' })
  @Optional()
  @trimScan
  @IsString()
  @Length(1, 64)
  code?: string;
}

export const ROUND_FILTERS = ['open', 'unsigned', 'signed'] as const;

export class RoundsQuery {
  @ApiPropertyOptional({ enum: ROUND_KINDS }) @Optional() @IsIn(ROUND_KINDS) kind?: RoundKind;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ enum: ROUND_FILTERS, description: 'open: not closed; unsigned: closed, waiting for the department; signed' })
  @Optional()
  @IsIn(ROUND_FILTERS)
  status?: (typeof ROUND_FILTERS)[number];
}

export class CountedLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() templateId: string;
  @ApiProperty({ example: 2, description: 'packs of the template counted at handover' }) @IsInt() @Min(0) @Max(999) counted: number;
  @ApiPropertyOptional({ example: '少 1 包，送货人员称在下一趟补送', description: 'what happened: required when the count differs' })
  @Optional()
  @trimScan
  @IsString()
  @Length(0, 200)
  note?: string;
}

/** The department's count at handover, template by template, and its signature (the caller). */
export class SignRoundDto {
  @ApiProperty({ type: [CountedLineDto], description: 'every template on the manifest, once (others may be added)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CountedLineDto)
  lines: CountedLineDto[];
  @ApiPropertyOptional() @Optional() @trimScan @IsString() @Length(0, 200) note?: string;
}
