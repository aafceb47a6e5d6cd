import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDecimal } from '../../common/validation.js';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
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
export class UpdateDepartmentDto extends PartialType(CreateDepartmentDto) {}

export class TemplateItemDto {
  @ApiProperty({ example: '组织剪' }) @IsString() @Length(1, 100) nameZh: string;
  @ApiProperty({ example: 'Tissue scissors' }) @IsString() @Length(1, 100) nameEn: string;
  @ApiProperty({ example: '16cm' }) @IsString() @Length(0, 60) specification: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(999) quantity: number;
}

export class CreateTemplateDto extends Names {
  @ApiProperty({ enum: PACKAGING_MATERIALS }) @IsIn(PACKAGING_MATERIALS) packagingMaterial: PackagingMaterial;
  @ApiPropertyOptional({ enum: PACKAGING_MATERIALS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(PACKAGING_MATERIALS, { each: true })
  alternativePackaging?: PackagingMaterial[];
  @ApiProperty({ enum: STERILIZATION_METHODS }) @IsIn(STERILIZATION_METHODS) sterilizationMethod: SterilizationMethod;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() implant?: boolean;
  @ApiPropertyOptional({ description: 'rescue / surgical pack needing two-person checking' }) @IsOptional() @IsBoolean() critical?: boolean;
  @ApiPropertyOptional({ description: 'single-use dressing pack, packed without a reusable set' })
  @IsOptional()
  @IsBoolean()
  dressing?: boolean;
  @ApiPropertyOptional({ example: 3.2 }) @IsOptional() @IsDecimal(2) @Min(0) @Max(100) weightKg?: number;
  @ApiPropertyOptional({
    example: 7,
    nullable: true,
    type: Number,
    description: 'the most a packed set may weigh (kg); the packing inspection weighs it (null: no limit)',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsDecimal(2)
  @Min(0.01)
  @Max(100)
  maxWeightKg?: number | null;
  @ApiPropertyOptional({ example: '06901234567892', description: 'GS1 GTIN-14' }) @IsOptional() @Matches(/^\d{14}$/) gtin?: string;
  @ApiProperty({ type: [TemplateItemDto] })
  @IsArray()
  @ArrayMaxSize(300)
  @ValidateNested({ each: true })
  @Type(() => TemplateItemDto)
  contents: TemplateItemDto[];
}
export class UpdateTemplateDto extends PartialType(CreateTemplateDto) {}

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
  @ApiPropertyOptional() @IsOptional() @IsUUID() homeDepartmentId?: string;
}

export class CreateSterilizerDto extends Names {
  @ApiProperty({ enum: STERILIZATION_METHODS }) @IsIn(STERILIZATION_METHODS) type: SterilizationMethod;
  @ApiPropertyOptional({ example: '2027-05-31', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsDateString({ strict: true })
  @Length(10, 10)
  annualInspectionValidUntil?: string | null;
  @ApiPropertyOptional({ enum: STERILIZER_STATUSES }) @IsOptional() @IsIn(STERILIZER_STATUSES) status?: SterilizerStatus;
}
export class UpdateSterilizerDto extends PartialType(CreateSterilizerDto) {}

export class CreateSterilizerProgramDto extends Names {
  @ApiProperty({ example: 134 }) @IsNumber() @Min(0) @Max(200) tempMinC: number;
  @ApiProperty({ example: 137 }) @IsNumber() @Min(0) @Max(200) tempMaxC: number;
  @ApiProperty({ example: 4 }) @IsNumber() @Min(0) @Max(600) minHoldMin: number;
  @ApiPropertyOptional({ example: 35, description: 'the shortest whole cycle, minutes (default 0: no minimum beyond the hold)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1440)
  minCycleMin?: number;
  @ApiPropertyOptional({ example: 205 }) @IsOptional() @IsNumber() @Min(0) @Max(1000) pressureMinKpa?: number;
  @ApiPropertyOptional({ example: 230 }) @IsOptional() @IsNumber() @Min(0) @Max(1000) pressureMaxKpa?: number;
  @ApiPropertyOptional({ example: 6 }) @IsOptional() @IsNumber() @Min(0) @Max(1000) h2o2MinMgL?: number;
}
export class UpdateSterilizerProgramDto extends PartialType(CreateSterilizerProgramDto) {}

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
export class UpdateBiProductDto extends PartialType(CreateBiProductDto) {}

export class CreateWasherDto extends Names {}
export class UpdateWasherDto extends PartialType(CreateWasherDto) {}

export class CreateWasherProgramDto extends Names {
  @ApiProperty({ example: 90 }) @IsNumber() @Min(0) @Max(150) disinfectTempMinC: number;
  @ApiProperty({ example: 1 }) @IsNumber() @Min(0) @Max(600) disinfectMinMin: number;
  @ApiProperty({ example: 600 }) @IsInt() @Min(0) @Max(100000) a0Min: number;
}
export class UpdateWasherProgramDto extends PartialType(CreateWasherProgramDto) {}

export class ListCatalogQuery {
  @ApiPropertyOptional({ description: 'include deactivated items' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeInactive?: 'true' | 'false';
}

export class ListSetsQuery extends ListCatalogQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) assetCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() templateId?: string;
}
