import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ScanDto } from '../../packs/dto/scan.dto.js';
import { Optional } from '../../common/validation.js';

export class OpenWasherCycleDto {
  @ApiProperty() @IsUUID() washerId: string;
  @ApiProperty() @IsUUID() programId: string;
}

export class CompleteWasherCycleDto {
  @ApiProperty({ example: 93, description: 'disinfection temperature reached (°C)' }) @IsNumber() @Min(0) @Max(150) temperatureC: number;
  @ApiProperty({ example: 5, description: 'time held at that temperature (minutes)' })
  @IsNumber()
  @Min(0)
  @Max(600)
  disinfectMinutes: number;
  @ApiProperty({ example: 3000 }) @IsInt() @Min(0) @Max(1_000_000) a0: number;
  @ApiProperty({ description: 'the operator’s own judgement of the run (alarms, visible soil); parameters are checked too' })
  @IsBoolean()
  passed: boolean;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
}

export const MANUAL_CLEAN_REASONS = ['washer_failed', 'not_washable'] as const;

/** A manual clean, recorded as a washer run is (docs/domain.md §3.2 step 2): parameters, operator (the caller), result. */
export class ManualCleanDto extends ScanDto {
  @ApiProperty({ example: '多酶清洗剂 + 含氯消毒剂', description: 'cleaning agent / disinfectant' })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'agent: must not be blank' })
  agent: string;
  @ApiProperty({ example: '1:200；500 mg/L', description: 'its concentration or dilution, as the label states it' })
  @IsString()
  @Length(1, 40)
  @Matches(/\S/, { message: 'concentration: must not be blank' })
  concentration: string;
  @ApiProperty({ example: 35, description: 'water temperature (°C)' }) @IsNumber() @Min(0) @Max(100) temperatureC: number;
  @ApiProperty({ example: 10, description: 'contact / soak time (minutes)' }) @IsNumber() @Min(0.5) @Max(600) minutes: number;
  @ApiProperty({
    description:
      'the operator’s result: visibly clean, nothing left (as for a washer run); false sends the set back to waiting for cleaning',
  })
  @IsBoolean()
  passed: boolean;
  @ApiPropertyOptional({
    enum: MANUAL_CLEAN_REASONS,
    description: 'why by hand: after a failed washer run, or an item that cannot go in a washer',
  })
  @Optional()
  @IsIn(MANUAL_CLEAN_REASONS)
  reason?: (typeof MANUAL_CLEAN_REASONS)[number];
  @ApiPropertyOptional({ example: '手工刷洗 + 超声', description: 'method' }) @Optional() @IsString() @Length(0, 100) method?: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
}
