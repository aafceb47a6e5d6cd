import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { ScanDto, trimScan } from '../../packs/dto/scan.dto.js';
import { Optional } from '../../common/validation.js';

export const CONTAMINATION_CLASSES = ['routine', 'multidrug_resistant', 'special_infection', 'prion'] as const;
export type ContaminationClass = (typeof CONTAMINATION_CLASSES)[number];

/** One contents line of the set's template counted short: no free text, the line itself. */
export class InstrumentCountDto {
  @ApiProperty({ example: 2, description: 'the line’s number on the template’s contents (from 1), as GET /api/set-templates lists them' })
  @IsInt()
  @Min(1)
  @Max(300)
  line: number;
  @ApiProperty({ example: 1, description: 'how many of the line’s instruments; not more than the line holds' })
  @IsInt()
  @Min(1)
  @Max(999)
  quantity: number;
}

export class RecycleDto extends ScanDto {
  @ApiProperty({ description: 'the department the item is collected from' }) @IsUUID() departmentId: string;
  @ApiPropertyOptional({ enum: CONTAMINATION_CLASSES, default: 'routine', description: 'prion = 朊毒体' })
  @Optional()
  @IsIn(CONTAMINATION_CLASSES)
  contaminationClass?: ContaminationClass;
  @ApiPropertyOptional({ type: [InstrumentCountDto], description: 'contents lines counted missing (the count against the template)' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => InstrumentCountDto)
  missing?: InstrumentCountDto[];
  @ApiPropertyOptional({ type: [InstrumentCountDto], description: 'contents lines found damaged' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => InstrumentCountDto)
  damaged?: InstrumentCountDto[];
  @ApiPropertyOptional({ description: 'scanning a pack label: it came back unopened (closes the cycle as returned, not used)' })
  @Optional()
  @IsBoolean()
  unused?: boolean;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
  @ApiPropertyOptional({
    example: '王护士',
    description: 'who handed the set over at the department, by name (this or handedOverByUserId is required)',
  })
  @trimScan
  @Optional()
  @IsString()
  @Length(1, 60)
  handedOverBy?: string;
  @ApiPropertyOptional({ description: 'who handed the set over: a user of that department' })
  @Optional()
  @IsUUID()
  handedOverByUserId?: string;
}
