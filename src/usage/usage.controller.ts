import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { ScanDto } from '../packs/dto/scan.dto.js';
import { Station } from '../packs/station.js';
import { DepartmentPacksQuery, ProblemDto, UseDto } from './dto/usage.dto.js';
import { UsageService } from './usage.service.js';
import { PackSummaryView, ProblemAnswerView, StepAnswerView } from '../packs/dto/step-answer.view.js';

@ApiTags('department 科室')
@Controller('department')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  /** The department's own packs (dispatched to it). */
  @Get('packs')
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'The department’s own packs' })
  @ApiOkResponse({ type: [PackSummaryView] })
  list(@CurrentUser() actor: Actor, @Query() q: DepartmentPacksQuery) {
    return this.usage.list(actor, q.state);
  }

  @Post('receive')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'PACK_NOT_SENT_HERE', 'LABEL_VOIDED', 'PACK_WRONG_STATE', 'PACK_RECALLED')
  @ApiOperation({ summary: 'Confirm receipt of a dispatched pack' })
  @ApiOkResponse({ type: StepAnswerView })
  receive(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ScanDto) {
    return this.usage.receive({ actor, station }, dto.code);
  }

  @Post('use')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'PACK_NOT_SENT_HERE', 'LABEL_VOIDED', 'PACK_WRONG_STATE', 'PACK_RECALLED')
  @ApiOperation({ summary: 'Record use of a pack on a patient' })
  @ApiOkResponse({ type: StepAnswerView })
  use(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: UseDto) {
    return this.usage.use({ actor, station }, dto);
  }

  /** Issue 18: a pack that came back to the CSSD with no use recorded (state use_unrecorded): the department records the use it had. */
  @Post('use-not-recorded/used')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'PACK_NOT_SENT_HERE', 'LABEL_VOIDED', 'PACK_WRONG_STATE')
  @ApiOperation({ summary: 'Complete a pack that came back with no use recorded: the patient or operation it was used on' })
  @ApiOkResponse({ type: StepAnswerView })
  completeUse(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: UseDto) {
    return this.usage.completeUse({ actor, station }, dto);
  }

  /** Issue 18: the department states that a pack which came back with no use recorded was not used. */
  @Post('use-not-recorded/unused')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'PACK_NOT_SENT_HERE', 'LABEL_VOIDED', 'PACK_WRONG_STATE')
  @ApiOperation({ summary: 'Complete a pack that came back with no use recorded: it was not used' })
  @ApiOkResponse({ type: StepAnswerView })
  completeUnused(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ScanDto) {
    return this.usage.completeUnused({ actor, station }, dto.code);
  }

  @Post('problems')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'PACK_NOT_SENT_HERE', 'LABEL_VOIDED', 'PACK_WRONG_STATE', 'PACK_RECALLED')
  @ApiOperation({ summary: 'Report a problem with a pack (wet, torn, indicator failed)' })
  @ApiOkResponse({ type: ProblemAnswerView })
  problem(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ProblemDto) {
    return this.usage.reportProblem({ actor, station }, dto);
  }
}
