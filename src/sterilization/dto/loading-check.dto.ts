import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsString, Length, ValidateNested } from 'class-validator';
import { SecondPersonDto } from '../../auth/dto/second-person.dto.js';
import { Optional } from '../../common/validation.js';

/** The loading check 装载核查 (seed 1.4): each item passed (true) or failed (false); the verdict follows from them. */
export class RecordLoadingCheckDto {
  @ApiProperty({ description: '包装 wrapping intact and closed, indicator tape and label on' }) @IsBoolean() packaging: boolean;
  @ApiProperty({ description: '数量 the packs in the chamber are the packs scanned in' }) @IsBoolean() quantity: boolean;
  @ApiProperty({ description: '规格 pack size and weight suit the sterilizer and program' }) @IsBoolean() specification: boolean;
  @ApiProperty({ description: '装载方法 placement: spacing, heavy packs below, pouches on edge, nothing touching the chamber' })
  @IsBoolean()
  loadingMethod: boolean;
  @ApiPropertyOptional({ description: 'what was found (a failed item)' }) @Optional() @IsString() @Length(0, 200) note?: string;
  @ApiPropertyOptional({
    type: SecondPersonDto,
    description: 'needed when the load holds an implant or critical pack: a second person who checked it (not the one recording)',
  })
  @Optional()
  @ValidateNested()
  @Type(() => SecondPersonDto)
  secondPerson?: SecondPersonDto;
}
