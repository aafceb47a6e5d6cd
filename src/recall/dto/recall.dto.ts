import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class OpenRecallDto {
  @ApiProperty({ enum: ['manual', 'infection_cluster', 'physical_failed', 'chemical_failed'] })
  @IsIn(['manual', 'infection_cluster', 'physical_failed', 'chemical_failed'])
  trigger: 'manual' | 'infection_cluster' | 'physical_failed' | 'chemical_failed';
  @ApiProperty({ example: '同一时段 3 例术后感染' }) @IsString() @Length(5, 300) reason: string;
  @ApiPropertyOptional({ description: 'by loads' }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) loadIds?: string[];
  @ApiPropertyOptional({ description: 'infection cluster: everything since the last passing BI on these sterilizers; with from/to: a time range on one sterilizer' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  sterilizerIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @ApiPropertyOptional({ description: 'by pack barcodes' }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000) @IsString({ each: true }) barcodes?: string[];
}

export class CloseRecallDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 300) note?: string;
}

export class RecallListQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}
