import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { ScanDto } from '../packs/dto/scan.dto.js';
import { Station } from '../packs/station.js';
import { CompleteLoadDto, ListLoadsQuery, OpenLoadDto } from './dto/load.dto.js';
import { CancelledLoadView, CompletedLoadView, LoadView, LoadWithPacksView, OpenedLoadView, StartedLoadView } from './dto/load.view.js';
import { RemovedFromLoadView, StepAnswerView } from '../packs/dto/step-answer.view.js';
import { SterilizationService } from './sterilization.service.js';
import { LoadingCheckService } from './loading-check.service.js';
import { RecordLoadingCheckDto } from './dto/loading-check.dto.js';
import { LoadingCheckView } from './dto/loading-check.view.js';

@ApiTags('sterilization 灭菌')
@ApiHeader({ name: 'X-Station', required: false })
@Controller('loads')
export class SterilizationController {
  constructor(
    private readonly loads: SterilizationService,
    private readonly checks: LoadingCheckService,
  ) {}

  @Post()
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'STERILIZER_NOT_FOUND',
    'PROGRAM_NOT_FOUND',
    'STERILIZER_UNAVAILABLE',
    'EQUIPMENT_OUT_OF_USE',
    'EQUIPMENT_SERVICE_OVERDUE',
    'ANNUAL_INSPECTION_EXPIRED',
    'STERILIZER_COMMISSIONING',
    'BD_MISSING',
    'BD_FAILED',
    'STERILIZER_BLOCKED_BY_BI',
    'INACTIVE_REFERENCE',
  )
  @ApiOperation({ summary: 'Open a load on a sterilizer' })
  @ApiCreatedResponse({ type: OpenedLoadView })
  open(@CurrentUser() actor: Actor, @Body() dto: OpenLoadDto) {
    return this.loads.open(actor, dto);
  }

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List loads, newest first (200 at most)' })
  @ApiOkResponse({ type: [LoadView] })
  list(@Query() q: ListLoadsQuery) {
    return this.loads.list(q);
  }

  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('LOAD_NOT_FOUND')
  @ApiOperation({ summary: 'One load with its packs' })
  @ApiOkResponse({ type: LoadWithPacksView })
  get(@Param('id', IdPipe) id: string) {
    return this.loads.get(id);
  }

  @Post(':id/packs')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'LOAD_NOT_FOUND',
    'LOAD_NOT_OPEN',
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'PACK_WRONG_STATE',
    'PACK_ALREADY_LOADED',
    'METHOD_MISMATCH',
    'PACKAGING_METHOD_INCOMPATIBLE',
    'EMPTY_CHAMBER_LOAD',
    'STERILIZER_UNAVAILABLE',
    'PACK_SUPERSEDED',
  )
  @ApiOperation({ summary: 'Scan a pack into an open load' })
  @ApiOkResponse({ type: StepAnswerView })
  addPack(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string, @Body() dto: ScanDto) {
    return this.loads.addPack({ actor, station }, id, dto.code);
  }

  @Post(':id/packs/remove')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors('LOAD_NOT_FOUND', 'LOAD_NOT_OPEN', 'INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED', 'PACK_NOT_IN_LOAD')
  @ApiOperation({ summary: 'Scan a pack out of an open load' })
  @ApiOkResponse({ type: RemovedFromLoadView })
  removePack(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string, @Body() dto: ScanDto) {
    return this.loads.removePack({ actor, station }, id, dto.code);
  }

  /** The loading check 装载核查 before the start (seed 1.4); implant and critical loads name a second person who checked. */
  @Post(':id/check')
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'LOAD_NOT_FOUND',
    'LOAD_NOT_OPEN',
    'LOAD_EMPTY',
    'SECOND_PERSON_REQUIRED',
    'SECOND_PERSON_INVALID',
    'SECOND_PERSON_SAME_AS_ACTOR',
    'SECOND_PERSON_ROLE',
  )
  @ApiOperation({ summary: 'Record the loading check of an open load (packaging, quantity, specification, loading method)' })
  @ApiCreatedResponse({ type: LoadingCheckView })
  check(
    @CurrentUser() actor: Actor,
    @Station() station: string | null,
    @Param('id', IdPipe) id: string,
    @Body() dto: RecordLoadingCheckDto,
  ) {
    return this.checks.record({ actor, station }, id, dto);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'LOAD_NOT_FOUND',
    'LOAD_NOT_OPEN',
    'LOAD_EMPTY',
    'STERILIZER_UNAVAILABLE',
    'EQUIPMENT_OUT_OF_USE',
    'EQUIPMENT_SERVICE_OVERDUE',
    'ANNUAL_INSPECTION_EXPIRED',
    'STERILIZER_COMMISSIONING',
    'BD_MISSING',
    'BD_FAILED',
    'STERILIZER_BLOCKED_BY_BI',
    'BI_OVERDUE',
    'OPERATOR_NOT_CERTIFIED',
    'LABELS_NOT_PRINTED',
    'LABELS_OUTDATED',
    'LOAD_CHECK_MISSING',
    'LOAD_CHECK_OUTDATED',
    'LOAD_CHECK_FAILED',
    'STERILIZER_BUSY',
    'LOAD_OUT_OF_ORDER',
    'LOAD_NEEDS_BI',
    'LOAD_PROGRAM_INACTIVE',
    'PROGRAM_NOT_FOUND',
  )
  @ApiOperation({ summary: 'Start the run (every lockout checked again)' })
  @ApiOkResponse({ type: StartedLoadView })
  start(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string) {
    return this.loads.start({ actor, station }, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors('LOAD_NOT_FOUND', 'LOAD_NOT_OPEN')
  @ApiOperation({ summary: 'Cancel a load that has not started' })
  @ApiOkResponse({ type: CancelledLoadView })
  cancel(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string) {
    return this.loads.cancel({ actor, station }, id);
  }

  /** Unload: physical record, indicators, wet / damaged packs; co-signed by a quality monitor. */
  @Post(':id/complete')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'LOAD_NOT_FOUND',
    'LOAD_NOT_RUNNING',
    'CYCLE_TIMES_IMPOSSIBLE',
    'PACK_NOT_IN_LOAD',
    'INVALID_BARCODE',
    'SECOND_PERSON_REQUIRED',
    'SECOND_PERSON_INVALID',
    'SECOND_PERSON_SAME_AS_ACTOR',
    'SECOND_PERSON_ROLE',
  )
  @ApiOperation({ summary: 'Unload: physical record, indicators, pack checks, co-signed' })
  @ApiOkResponse({ type: CompletedLoadView })
  complete(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string, @Body() dto: CompleteLoadDto) {
    return this.loads.complete({ actor, station }, id, dto);
  }
}
