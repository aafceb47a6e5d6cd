import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { ScanDto } from '../../packs/dto/scan.dto.js';

export class OpenWasherCycleDto {
  @ApiProperty() @IsUUID() washerId: string;
  @ApiProperty() @IsUUID() programId: string;
}

export class CompleteWasherCycleDto {
  @ApiProperty({ example: 93, description: 'disinfection temperature reached (°C)' }) @IsNumber() @Min(0) @Max(150) temperatureC: number;
  @ApiProperty({ example: 5, description: 'time held at that temperature (minutes)' }) @IsNumber() @Min(0) @Max(600) disinfectMinutes: number;
  @ApiProperty({ example: 3000 }) @IsInt() @Min(0) @Max(1_000_000) a0: number;
  @ApiProperty({ description: 'the operator’s own judgement of the run (alarms, visible soil); parameters are checked too' })
  @IsBoolean()
  passed: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) note?: string;
}

export class ManualCleanDto extends ScanDto {
  @ApiPropertyOptional({ example: '手工清洗 + 75% 酒精', description: 'method and disinfectant' }) @IsOptional() @IsString() @Length(0, 100) method?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) note?: string;
}
