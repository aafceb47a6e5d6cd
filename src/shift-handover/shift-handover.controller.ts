import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { reportContent, reportFile, XLSX_TYPE } from '../reports/report-file.js';
import {
  CorrectHandoverDto,
  DraftHandoverDto,
  HandoverRegisterQuery,
  RecordChecklistDto,
  SignHandoverDto,
} from './dto/shift-handover.dto.js';
import { HandoverRegisterView, ShiftHandoverView, ShiftView } from './dto/shift-handover.view.js';
import { ShiftHandoverService } from './shift-handover.service.js';

/** The CSSD's staff: nurses, the head nurse and the quality monitor (departments and the administrator have no handover). */
const STAFF = ['nurse', 'head_nurse', 'monitor'] as const;
/** The signatures' own refusals: the signer's badge + PIN (§5). */
const SIGNER_ERRORS = ['SECOND_PERSON_REQUIRED', 'SECOND_PERSON_INVALID', 'SECOND_PERSON_ROLE', 'LOGIN_LOCKED'] as const;

/** The shift handover (交接班, issue 17, seed 17, 2.1, 11.6): draft, checklist, sign out, sign in; the register. */
@ApiTags('shift handover 交接班')
@Controller('shift-handovers')
export class ShiftHandoverController {
  constructor(private readonly handovers: ShiftHandoverService) {}

  @Get('shifts')
  @Roles(...STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'The department’s shifts and their times' })
  @ApiOkResponse({ type: [ShiftView] })
  shifts() {
    return this.handovers.shifts();
  }

  /** 交接班登记: the handovers of a period (today unless told), the latest day first; JSON, XLSX or A4 PDF. */
  @Get()
  @Roles(...STAFF)
  @ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_PERIOD_TOO_LONG')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({ summary: 'The register of a period (a day, or from..to; today when none; 92 days at most), of one zone when asked' })
  @ApiExtraModels(HandoverRegisterView)
  @ApiOkResponse({ content: reportContent(HandoverRegisterView) })
  async register(@Query() q: HandoverRegisterQuery): Promise<HandoverRegisterView | StreamableFile> {
    const r = await this.handovers.register(q);
    if (!q.format || q.format === 'json') return r;
    const name = r.from === r.to ? r.from : `${r.from}_${r.to}`;
    return reportFile(this.handovers.registerDocument(r), q.format, `shift-handovers-${name}`, this.handovers.printedAt());
  }

  @Get(':id')
  @Roles(...STAFF)
  @ApiErrors('SHIFT_HANDOVER_NOT_FOUND')
  @ApiOperation({ summary: 'A handover: the note in force, the snapshot, the checklist, the signatures, the corrections' })
  @ApiOkResponse({ type: ShiftHandoverView })
  get(@Param('id', IdPipe) id: string) {
    return this.handovers.get(id);
  }

  @Post()
  @Roles(...STAFF)
  @ApiErrors('SHIFT_HANDOVER_DAY_IN_FUTURE', 'SHIFT_HANDOVER_SLOT_OPEN')
  @ApiOperation({ summary: 'Draft the handover of a day, shift and zone: the system’s open items are copied in now (one open per slot)' })
  @ApiCreatedResponse({ type: ShiftHandoverView })
  draft(@CurrentUser() actor: Actor, @Body() dto: DraftHandoverDto) {
    return this.handovers.draft(actor, dto);
  }

  @Post(':id/checklist')
  @Roles(...STAFF)
  @ApiErrors(
    'SHIFT_HANDOVER_NOT_FOUND',
    'SHIFT_HANDOVER_SIGNED_OUT',
    'SHIFT_HANDOVER_CHECKLIST_INCOMPLETE',
    'SHIFT_HANDOVER_REASON_REQUIRED',
  )
  @ApiOperation({
    summary: 'The end-of-shift checklist: every item once, a reason for each not done (again while a draft: the latest counts)',
  })
  @ApiCreatedResponse({ type: ShiftHandoverView })
  checklist(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: RecordChecklistDto) {
    return this.handovers.checklist(actor, id, dto);
  }

  @Post(':id/sign-out')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiErrors(
    'SHIFT_HANDOVER_NOT_FOUND',
    'SHIFT_HANDOVER_SIGNED_OUT',
    'SHIFT_HANDOVER_CHECKLIST_MISSING',
    'SHIFT_HANDOVER_NOT_AUTHOR',
    ...SIGNER_ERRORS,
  )
  @ApiOperation({ summary: 'The outgoing nurse (the author) signs out with her own badge + PIN' })
  @ApiOkResponse({ type: ShiftHandoverView })
  signOut(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: SignHandoverDto) {
    return this.handovers.signOut(actor, id, dto);
  }

  @Post(':id/sign-in')
  @HttpCode(200)
  @Roles(...STAFF)
  @ApiErrors(
    'SHIFT_HANDOVER_NOT_FOUND',
    'SHIFT_HANDOVER_CLOSED',
    'SHIFT_HANDOVER_NOT_SIGNED_OUT',
    'SHIFT_HANDOVER_SAME_PERSON',
    ...SIGNER_ERRORS,
  )
  @ApiOperation({ summary: 'The incoming nurse (another person) signs in with her own badge + PIN: the handover is closed' })
  @ApiOkResponse({ type: ShiftHandoverView })
  signIn(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: SignHandoverDto) {
    return this.handovers.signIn(actor, id, dto);
  }

  @Post(':id/corrections')
  @Roles(...STAFF)
  @ApiErrors(
    'SHIFT_HANDOVER_NOT_FOUND',
    'SHIFT_HANDOVER_NOT_SIGNED_OUT',
    'SHIFT_HANDOVER_ENTRY_NOT_FOUND',
    'SHIFT_HANDOVER_ENTRY_ALREADY_CORRECTED',
  )
  @ApiOperation({ summary: 'Correct a signed note: the notes again, naming the entry in force, with the reason' })
  @ApiCreatedResponse({ type: ShiftHandoverView })
  correct(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CorrectHandoverDto) {
    return this.handovers.correct(actor, id, dto);
  }
}
