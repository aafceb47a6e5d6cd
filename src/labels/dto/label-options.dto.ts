import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsDecimal, Optional } from '../../common/validation.js';
import { LABEL_SIZE_LIMITS } from '../label-layout.js';
import { LABEL_FORMATS, type LabelFormat } from '../label-renderer.js';
import { SYMBOLOGIES, type Symbology } from '../symbology.js';

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** How to draw a label: format, symbology, size, resolution. Every field has a default. */
export class LabelOptionsDto {
  @ApiPropertyOptional({ enum: LABEL_FORMATS, description: 'default png (a pack), pdf (a load); a file extension on the path wins' })
  @Optional()
  @IsIn(LABEL_FORMATS)
  format?: LabelFormat;

  @ApiPropertyOptional({
    enum: SYMBOLOGIES,
    description: 'default: gs1-datamatrix when the template has a GTIN, else code128; qr carries the provenance URL',
  })
  @Optional()
  @IsIn(SYMBOLOGIES)
  symbology?: Symbology;

  @ApiPropertyOptional({ example: 60, description: 'label width in mm (default 60)' })
  @Optional()
  @Type(() => Number)
  @IsDecimal(1)
  @Min(LABEL_SIZE_LIMITS.minWidthMm)
  @Max(LABEL_SIZE_LIMITS.maxWidthMm)
  widthMm?: number;

  @ApiPropertyOptional({ example: 40, description: 'label height in mm (default 40)' })
  @Optional()
  @Type(() => Number)
  @IsDecimal(1)
  @Min(LABEL_SIZE_LIMITS.minHeightMm)
  @Max(LABEL_SIZE_LIMITS.maxHeightMm)
  heightMm?: number;

  @ApiPropertyOptional({ example: 203, description: 'PNG: 96–600 (default 300); ZPL: the print head, 203, 300 or 600 (default 203)' })
  @Optional()
  @Type(() => Number)
  @IsDecimal(0)
  @Min(96)
  @Max(600)
  dpi?: number;
}

export class LoadLabelOptionsDto extends LabelOptionsDto {
  @ApiPropertyOptional({ enum: ['a4', 'label'], description: 'PDF: labels tiled on A4 (default) or one label per page' })
  @Optional()
  @IsIn(['a4', 'label'])
  sheet?: 'a4' | 'label';
}

export class ReprintDto extends LabelOptionsDto {
  @ApiProperty({ example: '标签污损', description: 'why the label is printed again (recorded on the pack’s history)' })
  @trim
  @IsString()
  @Length(2, 200)
  reason: string;
}

/** Send a pack's label to a station's Zebra printer (ZPL over TCP 9100). */
export class SendLabelDto {
  @ApiProperty({ example: 'PACK-1', description: 'a printer named in CSSD_LABEL_PRINTERS' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  printer: string;
  @ApiPropertyOptional({ example: '标签污损', description: 'for a reprint: why the label is printed again' })
  @Optional()
  @trim
  @IsString()
  @Length(2, 200)
  reason?: string;
}

export class PrintLoadDto extends LoadLabelOptionsDto {
  @ApiPropertyOptional({
    description: 'print only the packs whose label was never printed (first prints; no reason needed) — what a load needs before it starts',
  })
  @Optional()
  @IsBoolean()
  unprintedOnly?: boolean;
  @ApiPropertyOptional({ description: 'needed when any pack of the load already had its label printed' })
  @Optional()
  @trim
  @IsString()
  @Length(2, 200)
  reason?: string;
}
