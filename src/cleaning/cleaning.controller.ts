import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { ScanDto } from '../packs/dto/scan.dto.js';
import { Station } from '../packs/station.js';
import { CleaningService } from './cleaning.service.js';
import { CompleteWasherCycleDto, ManualCleanDto, OpenWasherCycleDto } from './dto/cleaning.dto.js';
import { StepAnswerView } from '../packs/dto/step-answer.view.js';
import { CompletedWasherCycleView, WasherCycleView, WasherCycleWithPacksView } from './dto/cleaning.view.js';

@ApiTags('cleaning 清洗消毒')
@ApiHeader({ name: 'X-Station', required: false })
@Controller('cleaning')
export class CleaningController {
  constructor(private readonly cleaning: CleaningService) {}

  @Post('cycles')
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'WASHER_NOT_FOUND',
    'PROGRAM_NOT_FOUND',
    'INACTIVE_REFERENCE',
    'EQUIPMENT_OUT_OF_USE',
    'EQUIPMENT_SERVICE_OVERDUE',
    'WASHER_OPERATOR_NOT_CERTIFIED',
  )
  @ApiOperation({ summary: 'Open a washer-disinfector cycle' })
  @ApiCreatedResponse({ type: WasherCycleView })
  open(@CurrentUser() actor: Actor, @Body() dto: OpenWasherCycleDto) {
    return this.cleaning.open(actor, dto);
  }

  @Get('cycles/:id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('WASHER_CYCLE_NOT_FOUND')
  @ApiOperation({ summary: 'One washer cycle with its packs' })
  @ApiOkResponse({ type: WasherCycleWithPacksView })
  get(@Param('id', IdPipe) id: string) {
    return this.cleaning.get(id);
  }

  @Post('cycles/:id/scan')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors('WASHER_CYCLE_NOT_FOUND', 'WASHER_CYCLE_CLOSED', 'INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED', 'PACK_WRONG_STATE')
  @ApiOperation({ summary: 'Scan a set into an open washer cycle' })
  @ApiOkResponse({ type: StepAnswerView })
  scan(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string, @Body() dto: ScanDto) {
    return this.cleaning.scanIn({ actor, station }, id, dto.code);
  }

  @Post('cycles/:id/complete')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors('WASHER_CYCLE_NOT_FOUND', 'WASHER_CYCLE_CLOSED', 'WASHER_CYCLE_EMPTY')
  @ApiOperation({ summary: 'Record the washer run: passed, or back to cleaning' })
  @ApiOkResponse({ type: CompletedWasherCycleView })
  complete(
    @CurrentUser() actor: Actor,
    @Station() station: string | null,
    @Param('id', IdPipe) id: string,
    @Body() dto: CompleteWasherCycleDto,
  ) {
    return this.cleaning.complete({ actor, station }, id, dto);
  }

  @Post('manual')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED', 'PACK_WRONG_STATE')
  @ApiOperation({ summary: 'Record a manual clean of one set' })
  @ApiOkResponse({ type: StepAnswerView })
  manual(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ManualCleanDto) {
    return this.cleaning.manual({ actor, station }, dto);
  }
}
