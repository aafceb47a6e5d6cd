import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ScanDto } from '../../packs/dto/scan.dto.js';
import { Optional } from '../../common/validation.js';

export class DispatchScanDto extends ScanDto {
  @ApiProperty({ description: 'the receiving department' }) @IsUUID() departmentId: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the requisition the station works through: a pack of a requested template counts against it (issue 16)',
  })
  @Optional()
  @IsUUID()
  requisitionId?: string;
}
