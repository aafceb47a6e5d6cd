import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

/** Scanners type the code and press Enter: surrounding whitespace / CR / LF is dropped. */
export const trimScan = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class ScanDto {
  @ApiProperty({ example: 'P00000000017', description: 'pack label barcode or set asset code, as scanned' })
  @trimScan
  @IsString()
  @Length(1, 64)
  code: string;
}
