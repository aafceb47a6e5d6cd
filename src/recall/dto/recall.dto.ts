import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { DISPOSITIONS, type Disposition } from '../recall-item.entity.js';
import { RECALL_OFFSET_MAX, RECALL_PAGE_DEFAULT, RECALL_PAGE_MAX } from '../recall-page.js';

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

/** One page of a recall's packs; the counts and the patient follow-up list always cover the whole recall. */
export class RecallPageQuery {
  @ApiPropertyOptional({ minimum: 0, maximum: RECALL_OFFSET_MAX, default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(RECALL_OFFSET_MAX) offset?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: RECALL_PAGE_MAX, default: RECALL_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RECALL_PAGE_MAX)
  limit?: number;
  @ApiPropertyOptional({ enum: DISPOSITIONS }) @IsOptional() @IsIn(DISPOSITIONS) disposition?: Disposition;
}
