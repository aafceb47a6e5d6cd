import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { ScanDto } from '../packs/dto/scan.dto.js';
import { Station } from '../packs/station.js';
import { DepartmentPacksQuery, ProblemDto, UseDto } from './dto/usage.dto.js';
import { UsageService } from './usage.service.js';

@ApiTags('department 科室')
@Controller('department')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /** The department's own packs (dispatched to it). */
  @Get('packs')
  @Roles('department')
  list(@CurrentUser() actor: Actor, @Query() q: DepartmentPacksQuery) {
    return this.usage.list(actor, q.state);
  }

  @Post('receive')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED', 'PACK_WRONG_STATE', 'PACK_RECALLED')
  receive(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ScanDto) {
    return this.usage.receive({ actor, station }, dto.code);
  }

  @Post('use')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED', 'PACK_WRONG_STATE', 'PACK_RECALLED')
  use(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: UseDto) {
    return this.usage.use({ actor, station }, dto);
  }

  @Post('problems')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED', 'PACK_WRONG_STATE', 'PACK_RECALLED')
  problem(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ProblemDto) {
    return this.usage.reportProblem({ actor, station }, dto);
  }
}
