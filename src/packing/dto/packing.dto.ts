import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { SecondPersonDto } from '../../auth/dto/second-person.dto.js';
import { IsDecimal, Optional } from '../../common/validation.js';
import { PACKAGING_MATERIALS, type PackagingMaterial } from '../../catalog/catalog.enums.js';
import { ScanDto } from '../../packs/dto/scan.dto.js';

/** The packing inspection's checklist (seed 1.3): each item passed (true) or failed (false). */
export class InspectionDto {
  @ApiProperty({ description: '清洁度 clean' }) @IsBoolean() clean: boolean;
  @ApiProperty({ description: '功能完好 functional' }) @IsBoolean() functional: boolean;
  @ApiProperty({ description: '数量齐全 complete against the template' }) @IsBoolean() complete: boolean;
  @ApiProperty({ description: '标识正确 the set’s identification / tag is right' }) @IsBoolean() label: boolean;
  @ApiProperty({ description: '包外化学指示胶带 indicator tape applied and intact' }) @IsBoolean() indicatorTape: boolean;
  @ApiPropertyOptional({ example: 5.8, description: 'the weighed set (kg); required when its template sets a maximum weight' })
  @Optional()
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  weightKg?: number;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
}

export class PackSetDto extends ScanDto {
  @ApiProperty({ type: InspectionDto }) @ValidateNested() @Type(() => InspectionDto) inspection: InspectionDto;
  @ApiPropertyOptional({ enum: PACKAGING_MATERIALS, description: 'default: the template’s material' })
  @Optional()
  @IsIn(PACKAGING_MATERIALS)
  packagingMaterial?: PackagingMaterial;
  @ApiPropertyOptional({ type: SecondPersonDto, description: 'required for critical and implant sets (双人核对)' })
  @Optional()
  @ValidateNested()
  @Type(() => SecondPersonDto)
  secondPerson?: SecondPersonDto;
  @ApiPropertyOptional({
    type: SecondPersonDto,
    description:
      'a head nurse approving to pack a set short (its recycling count found instruments missing or damaged, not all replaced): her badge + PIN',
  })
  @Optional()
  @ValidateNested()
  @Type(() => SecondPersonDto)
  shortApproval?: SecondPersonDto;
}

/** A replacement instrument put into a set that came back short: which contents line, how many (who: the caller). */
export class ReplaceInstrumentDto extends ScanDto {
  @ApiProperty({ example: 2, description: 'the contents line (from 1) that was short' }) @IsInt() @Min(1) @Max(300) line: number;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(999) quantity: number;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'the repair / scrap register entry this replacement answers (that set’s open finding for the line): the contents history shows which replaced which',
  })
  @Optional()
  @IsUUID()
  registerEntryId?: string;
}

export class PackDressingDto {
  @ApiProperty() @IsUUID() templateId: string;
  @ApiPropertyOptional({ default: 1 }) @Optional() @IsInt() @Min(1) @Max(50) quantity?: number;
  @ApiPropertyOptional({ enum: PACKAGING_MATERIALS }) @Optional() @IsIn(PACKAGING_MATERIALS) packagingMaterial?: PackagingMaterial;
  @ApiPropertyOptional({ type: SecondPersonDto })
  @Optional()
  @ValidateNested()
  @Type(() => SecondPersonDto)
  secondPerson?: SecondPersonDto;
}
