import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { READING_KINDS, type ReadingKind } from '../../kernel/environment-reading.entity.js';

export class RecordBdDto {
  @ApiProperty() @IsUUID() sterilizerId: string;
  @ApiProperty({ description: 'uniform colour change of the B-D test sheet' }) @IsBoolean() passed: boolean;
  @ApiPropertyOptional({ description: `default: now; ${HOSPITAL_TIME_FORMS}` }) @Optional() @IsHospitalTime() testedAt?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
}

export class PlaceBiDto {
  @ApiProperty() @IsUUID() loadId: string;
  @ApiProperty({
    description: 'the BI product (catalog): its incubation time decides the earliest read; it must suit the sterilizer’s method',
  })
  @IsUUID()
  productId: string;
  @ApiProperty({ example: 'BI-2026-1103' }) @Matches(/^[\x21-\x7e]{1,40}$/) lot: string;
  @ApiPropertyOptional({
    description: `when the BI (in its PCD) was put in the chamber, before the load starts; default: now; never in the future; ${HOSPITAL_TIME_FORMS}`,
  })
  @Optional()
  @IsHospitalTime()
  placedAt?: string;
}

/** The day's positive control of a BI lot (same product and lot, not sterilized): it must grow. */
export class RecordPositiveControlDto {
  @ApiProperty({ description: 'the BI product' }) @IsUUID() productId: string;
  @ApiProperty({ example: 'BI-2026-1103' }) @Matches(/^[\x21-\x7e]{1,40}$/) lot: string;
  @ApiProperty({ description: 'the control grew (as it must): false invalidates the negative readings of the lot that day' })
  @IsBoolean()
  grew: boolean;
  @ApiPropertyOptional({
    description: `when it was read; default now; never in the future. Its hospital day is the day it covers; ${HOSPITAL_TIME_FORMS}`,
  })
  @Optional()
  @IsHospitalTime()
  readAt?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
}

export class PositiveControlsQuery {
  @ApiPropertyOptional() @Optional() @Matches(/^[\x21-\x7e]{1,40}$/) lot?: string;
}

/** The PCD's type 5 integrating indicator, read when the load is unloaded (after the cycle, never before). */
export class RecordPcdDto {
  @ApiProperty({ description: 'the type 5 integrating indicator in the process challenge device reached its end point' })
  @IsBoolean()
  passed: boolean;
}

export class ReadBiDto {
  @ApiProperty({ enum: ['passed', 'failed'], description: 'passed = negative (no growth); failed = positive' })
  @IsIn(['passed', 'failed'])
  result: 'passed' | 'failed';
  @ApiPropertyOptional({ description: `default: now; ${HOSPITAL_TIME_FORMS}` }) @Optional() @IsHospitalTime() readAt?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
}

export class EmergencyReleaseDto {
  @ApiProperty({ example: '急诊骨折内固定手术，无替代植入物' }) @IsString() @Length(5, 300) reason: string;
  @ApiProperty({
    type: [String],
    description: 'the implant packs needed now (their labels); the rest of the load keeps waiting for its BIs',
    example: ['P00000000017'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  barcodes: string[];
}

export class RecordReadingDto {
  @ApiProperty({ enum: READING_KINDS }) @IsIn(READING_KINDS) kind: ReadingKind;
  @ApiProperty() @IsNumber() @Min(-100) @Max(1_000_000) value: number;
  @ApiPropertyOptional({ description: 'acceptable minimum (needed for disinfectant concentration)' })
  @Optional()
  @IsNumber()
  @Min(-100)
  @Max(1_000_000)
  limitMin?: number;
  @ApiPropertyOptional({ description: 'acceptable maximum; defaults from the standard for the other kinds' })
  @Optional()
  @IsNumber()
  @Min(-100)
  @Max(1_000_000)
  limitMax?: number;
  @ApiPropertyOptional({ description: `default: now; ${HOSPITAL_TIME_FORMS}` }) @Optional() @IsHospitalTime() measuredAt?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
  @ApiPropertyOptional({
    description: 'the routine check it does (GET /api/quality-checks/schedule): which solution, needed when several of its kind are in use',
  })
  @Optional()
  @IsUUID()
  taskId?: string;
}

export class SterilizerQuery {
  @ApiPropertyOptional() @Optional() @IsUUID() sterilizerId?: string;
}

export class ReadingsQuery {
  @ApiPropertyOptional({ enum: READING_KINDS }) @Optional() @IsIn(READING_KINDS) kind?: ReadingKind;
}
