import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ScanDto } from '../../packs/dto/scan.dto.js';

export class DispatchScanDto extends ScanDto {
  @ApiProperty({ description: 'the receiving department' }) @IsUUID() departmentId: string;
}
