import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDecimal, Optional, OptionalOrNull, UpdateOf } from '../../common/validation.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
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
  STERILIZER_STATUSES,
  type PackagingMaterial,
  type SterilizationMethod,
  type SterilizerStatus,
} from '../catalog.enums.js';
import { bilingual } from '../../common/validation-messages.js';

/** Catalog codes: what a nurse types or a barcode carries. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const CODE_MESSAGE = 'code: 1–32 letters, digits, dot, dash or underscore';

class Names {
  @ApiProperty({ example: 'A1' }) @Matches(CODE, { message: CODE_MESSAGE }) code: string;
  @ApiProperty({ example: '手术室' }) @IsString() @Length(1, 100) nameZh: string;
  @ApiProperty({ example: 'Operating Room' }) @IsString() @Length(1, 100) nameEn: string;
}

export class CreateDepartmentDto extends Names {}
export class UpdateDepartmentDto extends UpdateOf(CreateDepartmentDto) {}

export class TemplateItemDto {
  @ApiProperty({ example: '组织剪' }) @IsString() @Length(1, 100) nameZh: string;
  @ApiProperty({ example: 'Tissue scissors' }) @IsString() @Length(1, 100) nameEn: string;
  @ApiProperty({ example: '16cm' }) @IsString() @Length(0, 60) specification: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(999) quantity: number;
}

export class CreateTemplateDto extends Names {
  @ApiProperty({ enum: PACKAGING_MATERIALS }) @IsIn(PACKAGING_MATERIALS) packagingMaterial: PackagingMaterial;
  @ApiPropertyOptional({ enum: PACKAGING_MATERIALS, isArray: true })
  @Optional()
  @IsArray()
  @ArrayMaxSize(PACKAGING_MATERIALS.length)
  @IsIn(PACKAGING_MATERIALS, { each: true })
  alternativePackaging?: PackagingMaterial[];
  @ApiProperty({ enum: STERILIZATION_METHODS }) @IsIn(STERILIZATION_METHODS) sterilizationMethod: SterilizationMethod;
  @ApiPropertyOptional() @Optional() @IsBoolean() implant?: boolean;
  @ApiPropertyOptional({ description: 'rescue / surgical pack needing two-person checking' }) @Optional() @IsBoolean() critical?: boolean;
  @ApiPropertyOptional({ description: 'single-use dressing pack, packed without a reusable set' })
  @Optional()
  @IsBoolean()
  dressing?: boolean;
  @ApiPropertyOptional({ example: 3.2, nullable: true, type: Number, description: 'null: not weighed' })
  @OptionalOrNull()
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  weightKg?: number | null;
  @ApiPropertyOptional({
    example: 7,
    nullable: true,
    type: Number,
    description: 'the most a packed set may weigh (kg); the packing inspection weighs it (null: no limit)',
  })
  @OptionalOrNull()
  @IsDecimal(2)
  @Min(0.01)
  @Max(100)
  maxWeightKg?: number | null;
  @ApiPropertyOptional({ example: '06901234567892', nullable: true, type: String, description: 'GS1 GTIN-14 (null: none)' })
  @OptionalOrNull()
  @Matches(/^\d{14}$/)
  gtin?: string | null;
  @ApiProperty({ type: [TemplateItemDto] })
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => TemplateItemDto)
  contents: TemplateItemDto[];
}
export class UpdateTemplateDto extends UpdateOf(CreateTemplateDto) {}

export class CreateInstrumentSetDto {
  @ApiProperty({ example: 'APP-0001', description: 'asset code; may be a GS1 GIAI' })
  @Matches(/^[\x21-\x7e]{1,64}$/, {
    message: bilingual('assetCode：1–64 个可打印字符，不含空格', 'assetCode: 1–64 printable characters without spaces'),
  })
  assetCode: string;
  @ApiProperty() @IsUUID() templateId: string;
  @ApiProperty() @IsUUID() homeDepartmentId: string;
}
export class UpdateInstrumentSetDto {
  @ApiPropertyOptional() @Optional() @IsUUID() homeDepartmentId?: string;
}

export class CreateSterilizerDto extends Names {
  @ApiProperty({ enum: STERILIZATION_METHODS }) @IsIn(STERILIZATION_METHODS) type: SterilizationMethod;
  @ApiPropertyOptional({ example: '2027-05-31', nullable: true, type: String })
  @OptionalOrNull()
  @IsDateString({ strict: true })
  @Length(10, 10)
  annualInspectionValidUntil?: string | null;
  @ApiPropertyOptional({ enum: STERILIZER_STATUSES }) @Optional() @IsIn(STERILIZER_STATUSES) status?: SterilizerStatus;
}
export class UpdateSterilizerDto extends UpdateOf(CreateSterilizerDto) {}

export class CreateSterilizerProgramDto extends Names {
  @ApiProperty({ example: 134 }) @IsNumber() @Min(0) @Max(200) tempMinC: number;
  @ApiProperty({ example: 137 }) @IsNumber() @Min(0) @Max(200) tempMaxC: number;
  @ApiProperty({ example: 4 }) @IsNumber() @Min(0) @Max(600) minHoldMin: number;
  @ApiPropertyOptional({ example: 35, description: 'the shortest whole cycle, minutes (default 0: no minimum beyond the hold)' })
  @Optional()
  @IsNumber()
  @Min(0)
  @Max(1440)
  minCycleMin?: number;
  @ApiPropertyOptional({ example: 205, nullable: true, type: Number, description: 'null: no lower pressure limit' })
  @OptionalOrNull()
  @IsNumber()
  @Min(0)
  @Max(1000)
  pressureMinKpa?: number | null;
  @ApiPropertyOptional({ example: 230, nullable: true, type: Number, description: 'null: no upper pressure limit' })
  @OptionalOrNull()
  @IsNumber()
  @Min(0)
  @Max(1000)
  pressureMaxKpa?: number | null;
  @ApiPropertyOptional({ example: 6, nullable: true, type: Number, description: 'null: no H₂O₂ concentration limit' })
  @OptionalOrNull()
  @IsNumber()
  @Min(0)
  @Max(1000)
  h2o2MinMgL?: number | null;
}
export class UpdateSterilizerProgramDto extends UpdateOf(CreateSterilizerProgramDto) {}

export class CreateBiProductDto extends Names {
  @ApiProperty({ example: '3M' }) @IsString() @Length(1, 100) manufacturer: string;
  @ApiProperty({ enum: STERILIZATION_METHODS, isArray: true, description: 'the methods its IFU validates it for' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STERILIZATION_METHODS.length)
  @IsIn(STERILIZATION_METHODS, { each: true })
  methods: SterilizationMethod[];
  @ApiProperty({
    example: 180,
    description: 'incubation before the result may be read, minutes (IFU: 1440 / 2880 self-contained, 60 / 180 rapid readout)',
  })
  @IsInt()
  @Min(20)
  @Max(10080)
  incubationMinutes: number;
}
export class UpdateBiProductDto extends UpdateOf(CreateBiProductDto) {}

export class CreateWasherDto extends Names {}
export class UpdateWasherDto extends UpdateOf(CreateWasherDto) {}

export class CreateWasherProgramDto extends Names {
  @ApiProperty({ example: 90 }) @IsNumber() @Min(0) @Max(150) disinfectTempMinC: number;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(600) disinfectMinMin: number;
  @ApiProperty({ example: 600 }) @IsInt() @Min(0) @Max(100000) a0Min: number;
}
export class UpdateWasherProgramDto extends UpdateOf(CreateWasherProgramDto) {}

export class ListCatalogQuery {
  @ApiPropertyOptional({ description: 'include deactivated items' })
  @Optional()
  @IsIn(['true', 'false'])
  includeInactive?: 'true' | 'false';
}

export class ListSetsQuery extends ListCatalogQuery {
  @ApiPropertyOptional() @Optional() @IsString() @Length(1, 64) assetCode?: string;
  @ApiPropertyOptional() @Optional() @IsUUID() templateId?: string;
}
