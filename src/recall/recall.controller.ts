import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { ScanDto } from '../packs/dto/scan.dto.js';
import { Station } from '../packs/station.js';
import { CloseRecallDto, OpenRecallDto, RecallListQuery, RecallPageQuery, RecallScanDto } from './dto/recall.dto.js';
import { NoticesService } from './notices.service.js';
import { RecallService } from './recall.service.js';
import {
  DepartmentNoticeView,
  DepartmentRecallItemView,
  NoticeAcknowledgementView,
  DepartmentReturnView,
  RecallDetailView,
  RecallScanView,
  RecallSummaryView,
  RecallView,
} from './dto/recall.view.js';

@ApiTags('recall 召回')
@Controller('recalls')
export class RecallController {
  constructor(private readonly recalls: RecallService) {}

  /** The head nurse opens a recall: infection cluster, by loads, by sterilizer + time range, or by packs. */
  @Post()
  @Roles('head_nurse')
  @ApiErrors(
    'RECALL_SCOPE_REQUIRED',
    'RECALL_SCOPE_EMPTY',
    'RECALL_TIME_RANGE_INVALID',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
    'INVALID_BARCODE',
  )
  @ApiOperation({ summary: 'Open a recall (infection cluster, loads, sterilizer + time range, packs)' })
  @ApiCreatedResponse({ type: RecallDetailView })
  async open(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: OpenRecallDto) {
    const recall = await this.recalls.openRequested({ actor, station }, dto);
    return this.recalls.get(recall.id);
  }

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List recalls, newest first (200 at most), each with its packs per disposition' })
  @ApiOkResponse({ type: [RecallSummaryView] })
  list(@Query() q: RecallListQuery) {
    return this.recalls.list(q.status);
  }

  /** Every pack with where it was, its disposition, and the patients to follow up. */
  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('RECALL_NOT_FOUND')
  @ApiOperation({ summary: 'One recall: counts, a page of its packs, patients to follow up' })
  @ApiOkResponse({ type: RecallDetailView })
  get(@Param('id', IdPipe) id: string, @Query() page: RecallPageQuery) {
    return this.recalls.get(id, page);
  }

  /** Scan a recalled pack back: pulled from storage or returned by its department. */
  @Post(':id/scan')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse')
  @ApiErrors(
    'RECALL_NOT_FOUND',
    'RECALL_NOT_OPEN',
    'PACK_NOT_IN_RECALL',
    'RECALL_PACK_NOT_FROM_DEPARTMENT',
    'INVALID_BARCODE',
    'UNKNOWN_BARCODE',
    'LABEL_VOIDED',
  )
  @ApiOperation({ summary: 'Scan a recalled pack back (pulled or returned; a department handing it in may be named, with who)' })
  @ApiOkResponse({ type: RecallScanView })
  scan(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string, @Body() dto: RecallScanDto) {
    return this.recalls.account({ actor, station }, id, dto);
  }

  /** Closes only when no pack is left not found. */
  @Post(':id/close')
  @HttpCode(200)
  @Roles('head_nurse')
  @ApiErrors('RECALL_NOT_FOUND', 'RECALL_NOT_OPEN', 'RECALL_HAS_UNFOUND_PACKS', 'RECALL_PACKS_NOT_DISPOSED', 'RECALL_REPORTED_AT_INVALID')
  @ApiOperation({
    summary:
      'Close a recall once every pack is accounted for, with its cause, the packs’ disposal, to whom it was reported and when, and the conclusion',
  })
  @ApiOkResponse({ type: RecallView })
  close(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CloseRecallDto) {
    return this.recalls.close(actor, id, dto);
  }
}

/** What a department must know now: recalled packs it holds, late BI results. */
@ApiTags('department 科室')
@Controller('department')
export class DepartmentAlertsController {
  constructor(
    private readonly recalls: RecallService,
    private readonly notices: NoticesService,
  ) {}

  @Get('notices')
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'Notices to this department (recalls, late BI results)' })
  @ApiOkResponse({ type: [DepartmentNoticeView] })
  list(@CurrentUser() actor: Actor) {
    return this.notices.list(actor.departmentId!);
  }

  /** The department says it read a notice (once): the recall report shows when it knew. */
  @Post('notices/:id/acknowledge')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('NOTICE_NOT_FOUND', 'NOTICE_ALREADY_ACKNOWLEDGED')
  @ApiOperation({ summary: 'Acknowledge a notice to this department (once)' })
  @ApiOkResponse({ type: NoticeAcknowledgementView })
  acknowledge(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string) {
    return this.notices.acknowledge({ actor, station }, id);
  }

  @Get('recalls')
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'Recalled packs this department still has to return' })
  @ApiOkResponse({ type: [DepartmentRecallItemView] })
  recalled(@CurrentUser() actor: Actor) {
    return this.recalls.departmentItems(actor.departmentId!);
  }

  /** The department sends a recalled pack it holds back to the CSSD (another department's pack is unknown here). */
  @Post('recalls/return')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED', 'RECALL_ALREADY_RETURNED', 'RECALL_NOTHING_TO_RETURN')
  @ApiOperation({ summary: 'Send a recalled pack back to the CSSD' })
  @ApiOkResponse({ type: DepartmentReturnView })
  sendBack(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ScanDto) {
    return this.recalls.returnFromDepartment({ actor, station }, dto.code);
  }
}
