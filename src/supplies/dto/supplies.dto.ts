import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { ADVERSE_EVENT_KINDS, type AdverseEventKind } from '../adverse-event.entity.js';
import { LICENCE_KINDS, type LicenceKind } from '../register.entity.js';

const NOT_BLANK = /\S/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Quantities are checked by the service (SUPPLY_QUANTITY_NOT_POSITIVE): a count of 0 or less is a refusal a nurse reads. */
const QUANTITY_LIMIT = 1_000_000;

export class CreateSupplierDto {
  @ApiProperty({ example: 'SUP-HK' }) @IsString() @Length(2, 32) @Matches(CODE) code: string;
  @ApiProperty({ example: '华康医疗器械有限公司' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) nameZh: string;
  @ApiProperty({ example: 'Huakang Medical Devices Co.' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) nameEn: string;
}

export class CreateSupplyProductDto {
  @ApiProperty({ example: 'SY-5ML' }) @IsString() @Length(2, 32) @Matches(CODE) code: string;
  @ApiProperty({ example: '一次性使用无菌注射器' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) nameZh: string;
  @ApiProperty({ example: 'Sterile single-use syringe' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) nameEn: string;
  @ApiProperty({ example: '5 mL 带针 0.7 mm' }) @IsString() @Length(1, 100) @Matches(NOT_BLANK) specification: string;
  @ApiProperty({ example: '江西洪达医疗器械集团有限公司' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) manufacturer: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() supplierId: string;
  @ApiProperty({ description: 'imported: the import registration certificate is also required' }) @IsBoolean() imported: boolean;
}

/** A licence of a supplier (distribution licence) or of a product (the others); or the correction of one already recorded. */
export class RecordLicenceDto {
  @ApiProperty({ enum: LICENCE_KINDS }) @IsIn(LICENCE_KINDS) kind: LicenceKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'the supplier, for a distribution licence' })
  @Optional()
  @IsUUID()
  supplierId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the product, for the other kinds' }) @Optional() @IsUUID() productId?: string;
  @ApiProperty({ example: '赣械注准20152140123' }) @IsString() @Length(2, 60) @Matches(NOT_BLANK) number: string;
  @ApiProperty({ example: '2029-06-30', description: 'the last day it is valid (YYYY-MM-DD)' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  validUntil: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the licence record this one corrects (same holder and kind)' })
  @Optional()
  @IsUUID()
  correctsId?: string;
  @ApiPropertyOptional({ example: '有效期录入错误', description: 'why: required with correctsId' })
  @Optional()
  @IsString()
  @Length(2, 200)
  @Matches(NOT_BLANK)
  reason?: string;
}

/** The receipt of one batch and its checks (seed 16, 4.5). */
export class ReceiveBatchDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() productId: string;
  @ApiProperty({ example: '20261105' }) @IsString() @Length(1, 40) @Matches(NOT_BLANK) lotNumber: string;
  @ApiProperty({ example: '2029-11-04', description: 'the batch’s expiry date (YYYY-MM-DD): usable through that day' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  expiryDate: string;
  @ApiProperty({ example: 500 }) @IsInt() @Min(-QUANTITY_LIMIT) @Max(QUANTITY_LIMIT) quantity: number;
  @ApiProperty({ description: 'packaging intact, clean and dry' }) @IsBoolean() packagingIntact: boolean;
  @ApiProperty({ description: 'the certificate of conformity (合格证) is there' }) @IsBoolean() certificateOfConformity: boolean;
  @ApiProperty({ description: 'the sterilization mark is on the packaging' }) @IsBoolean() sterilizationMark: boolean;
  @ApiProperty({ description: 'the manufacturer’s quality (inspection) report for this batch is there' })
  @IsBoolean()
  qualityReport: boolean;
}

export class IssueDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() productId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() departmentId: string;
  @ApiProperty({ example: 20 }) @IsInt() @Min(-QUANTITY_LIMIT) @Max(QUANTITY_LIMIT) quantity: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'this batch only; default: the first-expiring batches first' })
  @Optional()
  @IsUUID()
  batchId?: string;
}

export class StocktakeLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() batchId: string;
  @ApiProperty({ example: 480 }) @IsInt() @Min(0) @Max(QUANTITY_LIMIT) counted: number;
  @ApiPropertyOptional({ example: '2 盒包装破损报废', description: 'required when the count differs from the books' })
  @Optional()
  @IsString()
  @Length(2, 300)
  @Matches(NOT_BLANK)
  explanation?: string;
}

/** The month's count (日清月结): each batch counted. */
export class StocktakeDto {
  @ApiProperty({ type: [StocktakeLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => StocktakeLineDto)
  lines: StocktakeLineDto[];
}

export class ReportAdverseEventDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() batchId: string;
  @ApiProperty({ enum: ADVERSE_EVENT_KINDS }) @IsIn(ADVERSE_EVENT_KINDS) kind: AdverseEventKind;
  @ApiPropertyOptional({ description: `when it happened; default now; never in the future; ${HOSPITAL_TIME_FORMS}` })
  @Optional()
  @IsHospitalTime()
  occurredAt?: string;
  @ApiProperty({ example: '拆开包装时发现注射器内有异物' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) description: string;
  @ApiProperty({ example: '未用于患者，已封存' }) @IsString() @Length(2, 300) @Matches(NOT_BLANK) outcome: string;
}

export class CloseAdverseEventDto {
  @ApiProperty({ example: '厂家复检该批次合格，异物为拆包时带入' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) investigation: string;
  @ApiProperty({ description: 'the investigation cleared the batch: it may be issued again' }) @IsBoolean() batchReleased: boolean;
}

export class AdverseEventsQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @Optional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}

export class StockQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: also batches with nothing left' })
  @Optional()
  @IsIn(['true', 'false'])
  all?: 'true' | 'false';
}
