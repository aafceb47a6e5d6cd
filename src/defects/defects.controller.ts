import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { CloseCorrectiveActionDto } from '../quality-checks/dto/quality-checks.dto.js';
import { QualityIndicatorsQuery } from '../reports/dto/quality-indicators.view.js';
import { reportContent, reportFile, XLSX_TYPE } from '../reports/report-file.js';
import { DefectsService } from './defects.service.js';
import {
  CloseDefectDto,
  CorrectDefectDto,
  DefectActionDto,
  DefectsQuery,
  InvestigateDefectDto,
  ReportDefectDto,
  VerifyDefectDto,
} from './dto/defects.dto.js';
import { DefectAnalysisView, DefectDetailView, DefectView } from './dto/defects.view.js';

/** Who reports a defect (and corrects their own entry): the CSSD's nurses, the head nurse and the quality monitor. */
const REPORTERS = ['nurse', 'head_nurse', 'monitor'] as const;

/** The defect register and its corrective actions (seed 20, 7.8), and the periodic analysis (seed 10.1). */
@ApiTags('defects 差错登记')
@Controller('defects')
export class DefectsController {
  constructor(private readonly defects: DefectsService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'The register: open cases first, the latest first (500 at most); of one month when asked' })
  @ApiOkResponse({ type: [DefectView] })
  list(@Query() q: DefectsQuery) {
    return this.defects.list(q);
  }

  /** 差错分析: per month by kind and zone, open, overdue and closed, with the trend; JSON, XLSX or A4 PDF. */
  @Get('analysis')
  @Roles('admin', 'head_nurse', 'monitor')
  @ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_MONTHS_TOO_LONG')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({ summary: 'Defects per month (hospital time zone) by kind and zone, open, overdue and closed, with the trend' })
  @ApiExtraModels(DefectAnalysisView)
  @ApiOkResponse({ content: reportContent(DefectAnalysisView) })
  async analysis(@Query() q: QualityIndicatorsQuery): Promise<DefectAnalysisView | StreamableFile> {
    const a = await this.defects.analysis(q);
    if (!q.format || q.format === 'json') return a;
    const name = a.from === a.to ? a.from : `${a.from}_${a.to}`;
    return reportFile(await this.defects.analysisDocument(a), q.format, `defects-${name}`, this.defects.printedAt());
  }

  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('DEFECT_NOT_FOUND')
  @ApiOperation({ summary: 'A case with its whole record: entries, investigation, actions, verifications, closure' })
  @ApiOkResponse({ type: DefectDetailView })
  get(@Param('id', IdPipe) id: string) {
    return this.defects.get(id);
  }

  @Post()
  @Roles(...REPORTERS)
  @ApiErrors('STATED_TIME_IN_FUTURE', 'PROBLEM_REPORT_NOT_FOUND')
  @ApiOperation({ summary: 'Report a defect: what, when (not in the future), where, what kind, who was involved, the immediate remedy' })
  @ApiCreatedResponse({ type: DefectDetailView })
  report(@CurrentUser() actor: Actor, @Body() dto: ReportDefectDto) {
    return this.defects.report(actor, dto);
  }

  @Post(':id/corrections')
  @Roles(...REPORTERS)
  @ApiErrors(
    'DEFECT_NOT_FOUND',
    'DEFECT_CLOSED',
    'DEFECT_ENTRY_ALREADY_CORRECTED',
    'DEFECT_NOT_REPORTER',
    'STATED_TIME_IN_FUTURE',
    'PROBLEM_REPORT_NOT_FOUND',
  )
  @ApiOperation({ summary: 'Correct the entry in force (its reporter or the head nurse): a new entry naming it, with the reason' })
  @ApiCreatedResponse({ type: DefectDetailView })
  correct(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CorrectDefectDto) {
    return this.defects.correct(actor, id, dto);
  }

  @Post(':id/investigation')
  @Roles('head_nurse')
  @ApiErrors('DEFECT_NOT_FOUND', 'DEFECT_CLOSED', 'DEFECT_ALREADY_INVESTIGATED', 'ACTION_OWNER_INVALID', 'ACTION_DUE_DATE_PAST')
  @ApiOperation({ summary: 'The cause and responsibility, with the first corrective and preventive action (owner, due date)' })
  @ApiCreatedResponse({ type: DefectDetailView })
  investigate(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: InvestigateDefectDto) {
    return this.defects.investigate(actor, id, dto);
  }

  @Post(':id/actions')
  @Roles('head_nurse')
  @ApiErrors('DEFECT_NOT_FOUND', 'DEFECT_CLOSED', 'DEFECT_NOT_INVESTIGATED', 'ACTION_OWNER_INVALID', 'ACTION_DUE_DATE_PAST')
  @ApiOperation({ summary: 'A further corrective and preventive action (e.g. when the last ones were not effective)' })
  @ApiCreatedResponse({ type: DefectDetailView })
  addAction(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: DefectActionDto) {
    return this.defects.addAction(actor, id, dto);
  }

  @Post(':id/actions/:actionId/done')
  @HttpCode(200)
  @Roles(...REPORTERS)
  @ApiErrors(
    'DEFECT_NOT_FOUND',
    'DEFECT_ACTION_NOT_FOUND',
    'ACTION_NOT_OWNER',
    'CORRECTIVE_ACTION_CLOSED',
    'STATED_TIME_IN_FUTURE',
    'STATED_TIME_TOO_EARLY',
  )
  @ApiOperation({ summary: 'Record an action done, with what was done (its owner, the head nurse or a monitor; once)' })
  @ApiOkResponse({ type: DefectDetailView })
  actionDone(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('actionId', IdPipe) actionId: string,
    @Body() dto: CloseCorrectiveActionDto,
  ) {
    return this.defects.actionDone(actor, id, actionId, dto);
  }

  @Post(':id/verification')
  @Roles('head_nurse')
  @ApiErrors('DEFECT_NOT_FOUND', 'DEFECT_CLOSED', 'DEFECT_NOT_INVESTIGATED', 'DEFECT_ACTIONS_OPEN', 'DEFECT_ALREADY_VERIFIED')
  @ApiOperation({ summary: 'Verify the actions, all done: effective or not (not effective: a further action is needed)' })
  @ApiCreatedResponse({ type: DefectDetailView })
  verify(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: VerifyDefectDto) {
    return this.defects.verify(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('head_nurse')
  @ApiErrors(
    'DEFECT_NOT_FOUND',
    'DEFECT_CLOSED',
    'DEFECT_NOT_INVESTIGATED',
    'DEFECT_ACTIONS_OPEN',
    'DEFECT_NOT_VERIFIED',
    'DEFECT_NOT_EFFECTIVE',
  )
  @ApiOperation({ summary: 'Close the case: only once its actions are done and verified effective (head nurse)' })
  @ApiOkResponse({ type: DefectDetailView })
  close(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CloseDefectDto) {
    return this.defects.close(actor, id, dto);
  }
}
