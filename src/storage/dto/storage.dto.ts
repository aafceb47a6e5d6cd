import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsUUID, Matches } from 'class-validator';
import { ScanDto } from '../../packs/dto/scan.dto.js';
import { Optional } from '../../common/validation.js';

export class StoreDto extends ScanDto {
  @ApiPropertyOptional({ example: 'A-03-2', description: 'shelf location' })
  @Optional()
  @Matches(/^[\x20-\x7e]{1,32}$/)
  location?: string;
  @ApiPropertyOptional({ description: 'found wet at receipt into storage: sent back to reprocessing' })
  @Optional()
  @IsBoolean()
  wet?: boolean;
  @ApiPropertyOptional({ description: 'found damaged at receipt into storage: sent back to reprocessing' })
  @Optional()
  @IsBoolean()
  damaged?: boolean;
}

export class StorageQuery {
  @ApiPropertyOptional() @Optional() @IsUUID() templateId?: string;
}
