import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { reportContent, reportFile, XLSX_TYPE } from '../reports/report-file.js';
import {
  ApproveVisitDto,
  CheckInDto,
  CheckOutDto,
  CorrectCheckInDto,
  CorrectCheckOutDto,
  CorrectVisitDto,
  ReasonDto,
  RequestVisitDto,
  VisitCommentDto,
  VisitsQuery,
} from './dto/visitors.dto.js';
import { EscortView, VisitDetailView, VisitRegisterView } from './dto/visitors.view.js';
import { VisitorsService } from './visitors.service.js';

/** Who asks for a visit and records it (check-in, comments, check-out, corrections): the CSSD's own staff. */
const REQUESTERS = ['head_nurse', 'nurse', 'monitor'] as const;
/** Who decides on a visit: the head nurse or an administrator. */
const APPROVERS = ['head_nurse', 'admin'] as const;

/** The visitors register (issue 17): the CSSD is a restricted department; visits are approved in advance and recorded. */
@ApiTags('visitors 来访登记')
@Controller('visits')
export class VisitorsController {
  constructor(private readonly visits: VisitorsService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_PERIOD_TOO_LONG')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({
    summary: 'The register of a period (a day, week, month or range; hospital calendar; this month by default): JSON, XLSX or A4 PDF',
  })
  @ApiExtraModels(VisitRegisterView)
  @ApiOkResponse({ content: reportContent(VisitRegisterView) })
  async register(@Query() q: VisitsQuery): Promise<VisitRegisterView | StreamableFile> {
    const r = await this.visits.register(q);
    if (!q.format || q.format === 'json') return r;
    const name = r.from === r.to ? r.from : `${r.from}_${r.to}`;
    return reportFile(await this.visits.registerDocument(r), q.format, `visitors-${name}`, this.visits.printedAt());
  }

  @Get('escorts')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Who may escort visitors: the active CSSD nurses, head nurses and quality monitors' })
  @ApiOkResponse({ type: [EscortView] })
  escorts() {
    return this.visits.escorts();
  }

  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('VISIT_NOT_FOUND')
  @ApiOperation({ summary: 'A visit with its whole record: request entries, decision, check-in, comments, check-out, corrections' })
  @ApiOkResponse({ type: VisitDetailView })
  get(@Param('id', IdPipe) id: string) {
    return this.visits.get(id);
  }

  @Post()
  @Roles(...REQUESTERS)
  @ApiErrors('VISIT_PLANNED_PAST', 'VISIT_WINDOW_INVALID')
  @ApiOperation({ summary: 'Ask for a visit: unit, visitors (name, title), contact, purpose, planned day and window, zones' })
  @ApiCreatedResponse({ type: VisitDetailView })
  request(@CurrentUser() actor: Actor, @Body() dto: RequestVisitDto) {
    return this.visits.request(actor, dto);
  }

  @Post(':id/corrections')
  @Roles(...REQUESTERS)
  @ApiErrors(
    'VISIT_NOT_FOUND',
    'VISIT_ENTRY_ALREADY_CORRECTED',
    'VISIT_ALREADY_DECIDED',
    'VISIT_CANCELLED',
    'VISIT_PLANNED_PAST',
    'VISIT_WINDOW_INVALID',
  )
  @ApiOperation({ summary: 'Correct the request entry in force before it is decided: a new entry naming it, with the reason' })
  @ApiCreatedResponse({ type: VisitDetailView })
  correct(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CorrectVisitDto) {
    return this.visits.correct(actor, id, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...APPROVERS)
  @ApiErrors('VISIT_NOT_FOUND', 'VISIT_ALREADY_DECIDED', 'VISIT_CANCELLED')
  @ApiOperation({ summary: 'Approve a pending visit (head nurse or administrator; once)' })
  @ApiOkResponse({ type: VisitDetailView })
  approve(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: ApproveVisitDto) {
    return this.visits.approve(actor, id, dto);
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @Roles(...APPROVERS)
  @ApiErrors('VISIT_NOT_FOUND', 'VISIT_ALREADY_DECIDED', 'VISIT_CANCELLED')
  @ApiOperation({ summary: 'Refuse a pending visit with the reason (head nurse or administrator; once)' })
  @ApiOkResponse({ type: VisitDetailView })
  refuse(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: ReasonDto) {
    return this.visits.refuse(actor, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...CSSD_STAFF)
  @ApiErrors('VISIT_NOT_FOUND', 'VISIT_CANCELLED', 'VISIT_ALREADY_STARTED', 'VISIT_REFUSED')
  @ApiOperation({ summary: 'Cancel a visit not yet started (pending or approved), with the reason' })
  @ApiOkResponse({ type: VisitDetailView })
  cancel(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: ReasonDto) {
    return this.visits.cancel(actor, id, dto);
  }

  @Post(':id/check-in')
  @HttpCode(200)
  @Roles(...REQUESTERS)
  @ApiErrors(
    'VISIT_NOT_FOUND',
    'VISIT_NOT_APPROVED',
    'VISIT_REFUSED',
    'VISIT_CANCELLED',
    'VISIT_ALREADY_CHECKED_IN',
    'VISIT_OUTSIDE_WINDOW',
    'VISIT_ESCORT_INVALID',
    'STATED_TIME_IN_FUTURE',
  )
  @ApiOperation({
    summary:
      'The visitors came in: an approved visit only, once, within its approved window (30 min early at most); the time (not in the future) and the escort',
  })
  @ApiOkResponse({ type: VisitDetailView })
  checkIn(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CheckInDto) {
    return this.visits.checkIn(actor, id, dto);
  }

  @Post(':id/check-in/corrections')
  @Roles(...REQUESTERS)
  @ApiErrors(
    'VISIT_NOT_FOUND',
    'VISIT_NOT_CHECKED_IN',
    'VISIT_ENTRY_ALREADY_CORRECTED',
    'VISIT_OUT_BEFORE_IN',
    'VISIT_OUTSIDE_WINDOW',
    'VISIT_ESCORT_INVALID',
    'STATED_TIME_IN_FUTURE',
  )
  @ApiOperation({ summary: 'Correct the check-in in force: a new row naming it, with the reason' })
  @ApiCreatedResponse({ type: VisitDetailView })
  correctCheckIn(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CorrectCheckInDto) {
    return this.visits.correctCheckIn(actor, id, dto);
  }

  @Post(':id/comments')
  @Roles(...REQUESTERS)
  @ApiErrors('VISIT_NOT_FOUND', 'VISIT_NOT_CHECKED_IN')
  @ApiOperation({ summary: 'A comment a visitor gave, once the visit started; several allowed' })
  @ApiCreatedResponse({ type: VisitDetailView })
  comment(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: VisitCommentDto) {
    return this.visits.comment(actor, id, dto);
  }

  @Post(':id/check-out')
  @HttpCode(200)
  @Roles(...REQUESTERS)
  @ApiErrors(
    'VISIT_NOT_FOUND',
    'VISIT_NOT_CHECKED_IN',
    'VISIT_ALREADY_CHECKED_OUT',
    'VISIT_OUT_BEFORE_IN',
    'VISIT_ZONE_NOT_APPROVED',
    'STATED_TIME_IN_FUTURE',
  )
  @ApiOperation({
    summary: 'The visitors left: the time (after the time in, not in the future) and the zones entered (approved ones only)',
  })
  @ApiOkResponse({ type: VisitDetailView })
  checkOut(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CheckOutDto) {
    return this.visits.checkOut(actor, id, dto);
  }

  @Post(':id/check-out/corrections')
  @Roles(...REQUESTERS)
  @ApiErrors(
    'VISIT_NOT_FOUND',
    'VISIT_NOT_CHECKED_IN',
    'VISIT_ENTRY_ALREADY_CORRECTED',
    'VISIT_OUT_BEFORE_IN',
    'VISIT_ZONE_NOT_APPROVED',
    'STATED_TIME_IN_FUTURE',
  )
  @ApiOperation({ summary: 'Correct the check-out in force: a new row naming it, with the reason' })
  @ApiCreatedResponse({ type: VisitDetailView })
  correctCheckOut(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CorrectCheckOutDto) {
    return this.visits.correctCheckOut(actor, id, dto);
  }
}
