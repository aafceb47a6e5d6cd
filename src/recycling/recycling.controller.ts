import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { Station } from '../packs/station.js';
import { RecycleDto } from './dto/recycle.dto.js';
import { RecyclingService } from './recycling.service.js';
import { RecycleAnswerView } from '../packs/dto/step-answer.view.js';

@ApiTags('recycling 回收')
@ApiHeader({ name: 'X-Station', required: false, description: 'scanning station id, recorded on the event' })
@Controller('recycling')
export class RecyclingController {
  constructor(private readonly recycling: RecyclingService) {}

  /** Scan a set's asset code (or the label of the pack it came back in) at the decontamination desk: the count against its template, the handover. */
  @Post('scan')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'DEPARTMENT_NOT_FOUND',
    'SET_IN_PROCESS',
    'SET_INACTIVE',
    'SET_RETURNED_TO_LENDER',
    'PACK_SUPERSEDED',
    'SINGLE_USE_NOT_RECYCLABLE',
    'COUNT_LINE_UNKNOWN',
    'COUNT_QUANTITY_EXCEEDS',
    'HANDOVER_REQUIRED',
    'HANDOVER_USER_NOT_IN_DEPARTMENT',
  )
  @ApiOperation({ summary: 'Collect a set at decontamination (starts its next cycle)' })
  @ApiOkResponse({ type: RecycleAnswerView })
  scan(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: RecycleDto) {
    return this.recycling.recycle({ actor, station }, dto);
  }
}
