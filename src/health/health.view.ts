import { ApiProperty } from '@nestjs/swagger';
import { Text } from '../common/views.js';

export class HealthView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: string;
  @ApiProperty({ enum: ['up', 'down'] }) database: string;
  @Text({ example: '0.1.0' }) version: string;
}
