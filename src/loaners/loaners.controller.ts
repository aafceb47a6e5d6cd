import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ALL_ROLES } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { Station } from '../packs/station.js';
import { reportContent, reportFile, XLSX_TYPE } from '../reports/report-file.js';
import { LoanersQuery, ReceiveLoanerDto, ReturnLoanerDto } from './dto/loaners.dto.js';
import { LoanerRegisterView, LoanerView } from './dto/loaners.view.js';
import { LoanersService } from './loaners.service.js';

/** Who receives a loaner tray and hands it back to its lender: the CSSD's nurses and head nurse. */
const HANDLERS = ['head_nurse', 'nurse'] as const;

/** Loaner trays (外来医疗器械, issue 16): receipt with the count sheet, the register, the return to the lender. */
@ApiTags('loaners 外来器械')
@ApiHeader({ name: 'X-Station', required: false, description: 'station id, recorded on the pack events' })
@Controller('loaners')
export class LoanersController {
  constructor(private readonly loaners: LoanersService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_PERIOD_TOO_LONG')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({
    summary:
      'The register of a period (received, in process or returned in it; hospital calendar; this month by default): JSON, XLSX or A4 PDF. A department user: its own trays only',
  })
  @ApiExtraModels(LoanerRegisterView)
  @ApiOkResponse({ content: reportContent(LoanerRegisterView) })
  async register(@CurrentUser() actor: Actor, @Query() q: LoanersQuery): Promise<LoanerRegisterView | StreamableFile> {
    const r = await this.loaners.register(actor, q);
    if (!q.format || q.format === 'json') return r;
    const name = r.from === r.to ? r.from : `${r.from}_${r.to}`;
    return reportFile(this.loaners.registerDocument(r), q.format, `loaners-${name}`, this.loaners.printedAt());
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiErrors('LOANER_NOT_FOUND', 'LOANER_OTHER_DEPARTMENT')
  @ApiOperation({
    summary: 'A loaner tray: receipt, count sheet, the operation, its state in the chain, its return (a department user: its own)',
  })
  @ApiOkResponse({ type: LoanerView })
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.loaners.get(actor, id);
  }

  @Post()
  @Roles(...HANDLERS)
  @ApiErrors(
    'DEPARTMENT_NOT_FOUND',
    'INACTIVE_REFERENCE',
    'LOANER_TRAY_CODE_IN_USE',
    'LOANER_OPERATION_PAST',
    'LOANER_IMPLANT_SPECIFICATION_REQUIRED',
    'PACKAGING_METHOD_INCOMPATIBLE',
  )
  @ApiOperation({
    summary:
      'Receive a loaner tray: lender, delivered by, the operation (department, surgeon, patient, operation, planned time), the count sheet, method and packaging; starts its first cycle (collected)',
  })
  @ApiCreatedResponse({ type: LoanerView })
  receive(@CurrentUser() actor: Actor, @Station() station: string | null, @Body() dto: ReceiveLoanerDto) {
    return this.loaners.receive({ actor, station }, dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles(...HANDLERS)
  @ApiErrors(
    'LOANER_NOT_FOUND',
    'LOANER_ALREADY_RETURNED',
    'LOANER_NOT_RETURNABLE',
    'LOANER_COUNT_INCOMPLETE',
    'LOANER_COUNT_EXCEEDS',
    'LOANER_SHORTFALL_NOTE_REQUIRED',
  )
  @ApiOperation({
    summary:
      'Hand the tray back to its lender: cleaned after use (or unused from sterile storage), counted against its count sheet (a line short needs its note), signed by the lender’s representative and the caller',
  })
  @ApiOkResponse({ type: LoanerView })
  returnToLender(
    @CurrentUser() actor: Actor,
    @Station() station: string | null,
    @Param('id', IdPipe) id: string,
    @Body() dto: ReturnLoanerDto,
  ) {
    return this.loaners.returnToLender({ actor, station }, id, dto);
  }
}
