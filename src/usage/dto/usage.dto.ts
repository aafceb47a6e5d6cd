import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { PACK_STATES, type PackState } from '../../kernel/pack-state.js';
import { ScanDto } from '../../packs/dto/scan.dto.js';
import { bilingual } from '../../common/validation-messages.js';
import { PROBLEM_KINDS, type ProblemKind } from '../../problems/problem-report.entity.js';
import { Optional } from '../../common/validation.js';

/** Identifiers only (住院号 / 手术号), never names or other personal data. */
const IDENTIFIER = /^[A-Za-z0-9-]{1,40}$/;

export class UseDto extends ScanDto {
  @ApiPropertyOptional({ example: 'ZY2026001234', description: 'patient identifier (no other personal data)' })
  @ValidateIf((o: UseDto) => !o.operationId || o.patientId !== undefined)
  @Matches(IDENTIFIER, {
    message: bilingual(
      'patientId：1–40 个字母、数字或短横线（填写编号，不填姓名）',
      'patientId: 1–40 letters, digits or dashes (an identifier, no names)',
    ),
  })
  patientId?: string;
  @ApiPropertyOptional({ example: 'OP-20261126-07' })
  @ValidateIf((o: UseDto) => !o.patientId || o.operationId !== undefined)
  @Matches(IDENTIFIER, { message: bilingual('operationId：1–40 个字母、数字或短横线', 'operationId: 1–40 letters, digits or dashes') })
  operationId?: string;
}

export class ProblemDto extends ScanDto {
  @ApiProperty({ enum: PROBLEM_KINDS }) @IsIn(PROBLEM_KINDS) kind: ProblemKind;
  @ApiPropertyOptional() @Optional() @IsString() @Length(0, 200) note?: string;
}

export class DepartmentPacksQuery {
  @ApiPropertyOptional({ enum: PACK_STATES }) @Optional() @IsIn(PACK_STATES) state?: PackState;
}
