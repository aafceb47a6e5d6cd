import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { ScanDto } from '../../packs/dto/scan.dto.js';
import { DISPOSITIONS, type Disposition } from '../recall-item.entity.js';
import { RECALL_OFFSET_MAX, RECALL_PAGE_DEFAULT, RECALL_PAGE_MAX } from '../recall-page.js';

const TIME_RANGE_DOC =
  'with one sterilizer: the loads whose run (start to unloading) overlaps [from, to). A date (YYYY-MM-DD) is local midnight at the start of that day in the hospital’s time zone (CSSD_TIMEZONE); a date-time without a zone is hospital time; with Z or ±HH:MM it is taken as is';

export class OpenRecallDto {
  @ApiProperty({ enum: ['manual', 'infection_cluster', 'physical_failed', 'chemical_failed'] })
  @IsIn(['manual', 'infection_cluster', 'physical_failed', 'chemical_failed'])
  trigger: 'manual' | 'infection_cluster' | 'physical_failed' | 'chemical_failed';
  @ApiProperty({ example: '同一时段 3 例术后感染' }) @IsString() @Length(5, 300) reason: string;
  @ApiPropertyOptional({ description: 'by loads' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  loadIds?: string[];
  @ApiPropertyOptional({
    description:
      'infection cluster: everything since the last passing BI on these sterilizers; with from/to: a time range on one sterilizer',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  sterilizerIds?: string[];
  @ApiPropertyOptional({ description: TIME_RANGE_DOC, example: '2026-11-30' }) @Optional() @IsHospitalTime() from?: string;
  @ApiPropertyOptional({ description: `${TIME_RANGE_DOC}; exclusive`, example: '2026-12-01' }) @Optional() @IsHospitalTime() to?: string;
  @ApiPropertyOptional({ description: 'by pack barcodes' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  barcodes?: string[];
}

const NOT_BLANK = /\S/;

/** The closing record (seed 19.4): cause, what became of the packs, to whom it was reported and when, the conclusion. */
export class CloseRecallDto {
  @ApiProperty({ example: '灭菌器排气阀故障导致灭菌不彻底' })
  @IsString()
  @Length(2, 300)
  @Matches(NOT_BLANK, { message: 'cause: must not be blank' })
  cause: string;
  @ApiProperty({ example: 12, description: 'packs that came back (pulled + returned) reprocessed as new cycles' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  reprocessedCount: number;
  @ApiProperty({ example: 0, description: 'packs that came back discarded; with reprocessedCount, every pack that came back' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  discardedCount: number;
  @ApiProperty({ example: '医院感染管理科 王科长' })
  @IsString()
  @Length(2, 200)
  @Matches(NOT_BLANK, { message: 'reportedTo: must not be blank' })
  reportedTo: string;
  @ApiProperty({
    example: '2026-12-01T15:30',
    description: `when it was reported: ${HOSPITAL_TIME_FORMS}; not in the future, not before the recall opened`,
  })
  @IsHospitalTime()
  reportedAt: string;
  @ApiProperty({ example: '故障已修复，复测生物监测合格；随访患者未见感染' })
  @IsString()
  @Length(2, 500)
  @Matches(NOT_BLANK, { message: 'conclusion: must not be blank' })
  conclusion: string;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 300) note?: string;
}

export class RecallListQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @Optional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}

/** One page of a recall's packs; the counts and the patient follow-up list always cover the whole recall. */
export class RecallPageQuery {
  @ApiPropertyOptional({ minimum: 0, maximum: RECALL_OFFSET_MAX, default: 0 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(RECALL_OFFSET_MAX)
  offset?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: RECALL_PAGE_MAX, default: RECALL_PAGE_DEFAULT })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RECALL_PAGE_MAX)
  limit?: number;
  @ApiPropertyOptional({ enum: DISPOSITIONS }) @Optional() @IsIn(DISPOSITIONS) disposition?: Disposition;
}

/**
 * A recalled pack scanned back at the CSSD (issue 18). When a department hands it in, the station
 * may state which department and who: a pack the recall found at another department is refused,
 * and the person is kept on the recall's record of the pack.
 */
export class RecallScanDto extends ScanDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'the department handing the pack in, as the nurse states it: refused (RECALL_PACK_NOT_FROM_DEPARTMENT) unless the recall found the pack there',
  })
  @Optional()
  @IsUUID()
  fromDepartmentId?: string;
  @ApiPropertyOptional({
    example: '王护士',
    description: 'who of the department handed the pack in (only for a pack the recall found at a department)',
  })
  @Optional()
  @IsString()
  @Length(1, 60)
  handedInBy?: string;
}
