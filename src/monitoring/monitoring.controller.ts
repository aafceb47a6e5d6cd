import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { Station } from '../packs/station.js';
import {
  EmergencyReleaseDto,
  PlaceBiDto,
  PositiveControlsQuery,
  RecordPositiveControlDto,
  RecordPcdDto,
  ReadBiDto,
  ReadingsQuery,
  RecordBdDto,
  RecordReadingDto,
  SterilizerQuery,
} from './dto/monitoring.dto.js';
import {
  BdTestView,
  BiReadView,
  PositiveControlView,
  RecordedPositiveControlView,
  BiTestView,
  EmergencyReleaseView,
  PendingBiView,
  UnloadingLoadView,
  ReadingLimitView,
  ReadingView,
  RecordedReadingView,
  SterilizerReadinessView,
} from './dto/monitoring.view.js';
import { MonitoringDeskService } from './monitoring-desk.service.js';
import { MonitoringService } from './monitoring.service.js';

/** Quality monitors enter results; CSSD staff can see them. */
@ApiTags('monitoring 监测')
@Controller('monitoring')
export class MonitoringController {
  constructor(
    private readonly monitoring: MonitoringService,
    private readonly desk: MonitoringDeskService,
  ) {}

  @Post('bd')
  @Roles('monitor', 'head_nurse')
  @ApiErrors('STERILIZER_NOT_FOUND', 'BD_NOT_APPLICABLE', 'STATED_TIME_IN_FUTURE', 'STATED_TIME_TOO_EARLY', 'STERILIZER_BUSY')
  @ApiOperation({ summary: 'Record a Bowie-Dick test: an empty-chamber cycle that takes the sterilizer’s next cycle number' })
  @ApiCreatedResponse({ type: BdTestView })
  recordBd(@CurrentUser() actor: Actor, @Body() dto: RecordBdDto) {
    return this.monitoring.recordBd(actor, dto);
  }

  @Get('bd')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List B-D tests, newest first (200 at most)' })
  @ApiOkResponse({ type: [BdTestView] })
  listBd(@Query() q: SterilizerQuery) {
    return this.monitoring.listBd(q.sterilizerId);
  }

  /** §4.2: the sterilizer's operator (the loading station's nurse) puts the BI, in its PCD, in the chamber before the start. */
  @Post('bi')
  @Roles('nurse', 'monitor', 'head_nurse')
  @ApiErrors(
    'LOAD_NOT_FOUND',
    'LOAD_CANCELLED',
    'BI_LOAD_STARTED',
    'STATED_TIME_IN_FUTURE',
    'STATED_TIME_TOO_EARLY',
    'BI_PRODUCT_NOT_FOUND',
    'BI_PRODUCT_METHOD_MISMATCH',
    'BI_PRODUCT_INACTIVE',
  )
  @ApiOperation({ summary: 'Place a biological indicator in a load' })
  @ApiCreatedResponse({ type: BiTestView })
  placeBi(@CurrentUser() actor: Actor, @Body() dto: PlaceBiDto) {
    return this.monitoring.placeBi(actor, dto);
  }

  @Get('bi')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List biological indicators, newest first (200 at most)' })
  @ApiOkResponse({ type: [BiTestView] })
  listBi(@Query() q: SterilizerQuery) {
    return this.monitoring.listBi(q.sterilizerId);
  }

  /** The monitoring desk's BIs waiting for a result: sterilizer code, cycle, when the load finished and the earliest read time. */
  @Get('bi/pending')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'BIs waiting for their result, with the earliest time each may be read (500 at most)' })
  @ApiOkResponse({ type: [PendingBiView] })
  pendingBis() {
    return this.desk.pendingBis();
  }

  /** The monitoring desk's loads that ran and wait to be unloaded: the unloading wants a monitor's co-signature. */
  @Get('loads/unloading')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Loads that ran and wait for their co-signed unloading, oldest first (200 at most)' })
  @ApiOkResponse({ type: [UnloadingLoadView] })
  loadsToUnload() {
    return this.desk.loadsToUnload();
  }

  /** Reading a BI: negative releases held-back packs; positive opens a recall at once. */
  @Post('bi/:id/read')
  @HttpCode(200)
  @Roles('monitor', 'head_nurse')
  @ApiErrors(
    'BI_NOT_FOUND',
    'BI_ALREADY_READ',
    'BI_LOAD_NOT_RUN',
    'BI_LOAD_RUNNING',
    'LOAD_CANCELLED',
    'BI_READ_TIME_INVALID',
    'BI_READ_TOO_EARLY',
    'BI_POSITIVE_CONTROL_MISSING',
  )
  @ApiOperation({ summary: 'Read a BI: negative releases, positive recalls' })
  @ApiOkResponse({ type: BiReadView })
  readBi(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string, @Body() dto: ReadBiDto) {
    return this.monitoring.readBi({ actor, station }, id, dto);
  }

  /** The day's positive control of a BI lot: readings of the lot need it; one that did not grow invalidates them. */
  @Post('bi-controls')
  @Roles('monitor', 'head_nurse')
  @ApiErrors('BI_PRODUCT_NOT_FOUND', 'STATED_TIME_IN_FUTURE')
  @ApiOperation({ summary: 'Record the day’s positive control of a BI lot (did it grow?)' })
  @ApiCreatedResponse({ type: RecordedPositiveControlView })
  recordPositiveControl(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: RecordPositiveControlDto) {
    return this.monitoring.recordPositiveControl({ actor, station }, dto);
  }

  @Get('bi-controls')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List positive controls, newest first (200 at most)' })
  @ApiOkResponse({ type: [PositiveControlView] })
  listPositiveControls(@Query() q: PositiveControlsQuery) {
    return this.monitoring.listPositiveControls(q.lot);
  }

  /** The PCD's type 5 indicator, read at unloading (after the cycle). */
  @Post('bi/:id/pcd')
  @HttpCode(200)
  @Roles('monitor', 'head_nurse')
  @ApiErrors('BI_NOT_FOUND', 'PCD_BEFORE_UNLOAD', 'PCD_ALREADY_RECORDED', 'BI_ALREADY_READ', 'LOAD_CANCELLED')
  @ApiOperation({ summary: 'Record the PCD type 5 indicator after unloading' })
  @ApiOkResponse({ type: BiTestView })
  recordPcd(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: RecordPcdDto) {
    return this.monitoring.recordPcd(actor, id, dto);
  }

  /** Emergency release of the implants named: the head nurse approves, with a reason. */
  @Post('loads/:id/emergency-release')
  @HttpCode(200)
  @Roles('head_nurse')
  @ApiErrors('LOAD_NOT_FOUND', 'EMERGENCY_RELEASE_NOT_ALLOWED', 'PACK_NOT_IN_LOAD', 'INVALID_BARCODE')
  @ApiOperation({ summary: 'Emergency release of implant packs before the BI result' })
  @ApiOkResponse({ type: EmergencyReleaseView })
  emergencyRelease(
    @CurrentUser() actor: Actor,
    @Station() station: string | null,
    @Param('id', IdPipe) id: string,
    @Body() dto: EmergencyReleaseDto,
  ) {
    return this.monitoring.emergencyRelease({ actor, station }, id, dto);
  }

  @Post('readings')
  @Roles('monitor', 'head_nurse')
  @ApiErrors('READING_LIMITS_REQUIRED', 'INVALID_RANGE', 'STATED_TIME_IN_FUTURE', 'READING_TASK_REQUIRED', 'READING_TASK_INVALID')
  @ApiOperation({ summary: 'Record an environment, water or disinfectant reading' })
  @ApiCreatedResponse({ type: RecordedReadingView })
  recordReading(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: RecordReadingDto) {
    return this.monitoring.recordReading(actor, dto, station);
  }

  /** The limits of each reading kind (seed 3.7, 7): the desk checks a value against them before sending it. */
  @Get('reading-limits')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'The limits each reading kind is judged against' })
  @ApiOkResponse({ type: [ReadingLimitView] })
  readingLimits() {
    return this.desk.readingLimits();
  }

  @Get('readings')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List readings, newest first (200 at most)' })
  @ApiOkResponse({ type: [ReadingView] })
  listReadings(@Query() q: ReadingsQuery) {
    return this.monitoring.listReadings(q.kind);
  }

  /** Each sterilizer’s lockouts: B-D today, BI block, next BI due / overdue, commissioning progress. */
  @Get('sterilizers')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Every sterilizer’s lockouts' })
  @ApiOkResponse({ type: [SterilizerReadinessView] })
  readiness() {
    return this.monitoring.readiness();
  }

  @Get('sterilizers/:id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('STERILIZER_NOT_FOUND')
  @ApiOperation({ summary: 'One sterilizer’s lockouts (a list of one)' })
  @ApiOkResponse({ type: [SterilizerReadinessView] })
  readinessOf(@Param('id', IdPipe) id: string) {
    return this.monitoring.readiness(id);
  }
}
