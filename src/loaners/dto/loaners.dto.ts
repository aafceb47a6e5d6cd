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
import {
  PACKAGING_MATERIALS,
  STERILIZATION_METHODS,
  type PackagingMaterial,
  type SterilizationMethod,
} from '../../catalog/catalog.enums.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { WorkloadPeriodQuery } from '../../reports/dto/report-query.js';

const NOT_BLANK = /\S/;
/**
 * A tray's barcode as a set's asset code: printable, no spaces (catalog's rule), read by the stations
 * as itself — not a pack label, not a GS1 symbol (which they would read as the code inside it).
 */
const TRAY_CODE = /^(?![(\]])(?!P\d{11}$)[\x21-\x7e]{1,64}$/;

/** One line of the count sheet (清点单) the lender delivers with the tray. */
export class CountSheetLineDto {
  @ApiProperty({ example: '锁定加压钢板' }) @IsString() @Length(1, 100) @Matches(NOT_BLANK) nameZh: string;
  @ApiProperty({ example: 'Locking compression plate' }) @IsString() @Length(1, 100) @Matches(NOT_BLANK) nameEn: string;
  @ApiProperty({ example: '4.5 mm × 8 孔', description: 'size / model; required for an implant' })
  @IsString()
  @Length(0, 100)
  specification: string;
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) @Max(999) quantity: number;
  @ApiProperty({ description: 'an implant (植入物): the tray is then an implant tray, released only after its BI' })
  @IsBoolean()
  implant: boolean;
}

/** The receipt of a loaner tray (issue 16): lender, delivery, the operation it came for, the count sheet, how it is processed. */
export class ReceiveLoanerDto {
  @ApiProperty({ example: 'ORTHO-LN-0001', description: 'the tray’s barcode: it becomes the instrument set’s asset code' })
  @IsString()
  @Matches(TRAY_CODE, { message: 'trayCode: 1–64 printable characters without spaces, not a pack label nor a GS1 symbol' })
  trayCode: string;
  @ApiProperty({ example: '强生（上海）医疗器材有限公司', description: 'the lender: manufacturer or supplier' })
  @IsString()
  @Length(2, 100)
  @Matches(NOT_BLANK)
  lenderName: string;
  @ApiProperty({ example: '王强', description: 'the lender’s representative who delivered the tray' })
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK)
  deliveredBy: string;
  @ApiProperty({ description: 'the operating department the tray came for' }) @IsUUID() departmentId: string;
  @ApiProperty({ example: '李主任' }) @IsString() @Length(1, 100) @Matches(NOT_BLANK) surgeon: string;
  @ApiProperty({ example: 'ZY20261203' }) @IsString() @Length(1, 40) @Matches(NOT_BLANK) patientId: string;
  @ApiProperty({ example: '股骨干骨折切开复位内固定术', description: 'the operation: its id or name' })
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK)
  operation: string;
  @ApiProperty({ example: '2026-12-03T08:30', description: `the operation’s planned time (${HOSPITAL_TIME_FORMS}); not in the past` })
  @IsHospitalTime()
  plannedAt: string;
  @ApiProperty({ enum: STERILIZATION_METHODS }) @IsIn(STERILIZATION_METHODS) sterilizationMethod: SterilizationMethod;
  @ApiProperty({ enum: PACKAGING_MATERIALS }) @IsIn(PACKAGING_MATERIALS) packagingMaterial: PackagingMaterial;
  @ApiProperty({ type: [CountSheetLineDto], description: 'the count sheet: 1–200 lines' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CountSheetLineDto)
  lines: CountSheetLineDto[];
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 300) note?: string;
}

/** One count sheet line as counted at the return. */
export class ReturnedLineDto {
  @ApiProperty({ example: 1, description: 'the count sheet’s line number (from 1)' }) @IsInt() @Min(1) @Max(200) line: number;
  @ApiProperty({ example: 2, description: 'how many go back to the lender' }) @IsInt() @Min(0) @Max(999) returned: number;
  @ApiPropertyOptional({ description: 'why a line goes back short (required then): implanted in patient …, damaged …' })
  @Optional()
  @IsString()
  @Length(0, 200)
  note?: string;
}

/** The return to the lender: the count, line by line, and the handover signed by the lender’s representative and the caller. */
export class ReturnLoanerDto {
  @ApiProperty({ type: [ReturnedLineDto], description: 'every line of the count sheet, once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ReturnedLineDto)
  lines: ReturnedLineDto[];
  @ApiProperty({ example: '王强', description: 'the lender’s representative who takes the tray back and signs' })
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK)
  lenderRepresentative: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 300) note?: string;
}

/** The register's period (a day, week, month or range; this month by default) and the format; a department's own trays only. */
export class LoanersQuery extends WorkloadPeriodQuery {}
