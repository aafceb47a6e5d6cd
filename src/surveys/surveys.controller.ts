import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { CloseCorrectiveActionDto } from '../quality-checks/dto/quality-checks.dto.js';
import { reportContent, reportFile, XLSX_TYPE } from '../reports/report-file.js';
import {
  AnswerSurveyDto,
  CloseSurveyDto,
  CreateSurveyDto,
  ReviseSurveyDto,
  SurveyActionDto,
  SurveyComparisonQuery,
  SurveyResultsQuery,
} from './dto/surveys.dto.js';
import {
  DepartmentSurveyDetailView,
  DepartmentSurveyView,
  SurveyComparisonView,
  SurveyDetailView,
  SurveyResultsView,
  SurveyView,
} from './dto/surveys.view.js';
import { SurveysService } from './surveys.service.js';

/** Department satisfaction surveys (issue 17, seed 5.2): set, closed and read by the CSSD's head nurse; read by its staff. */
@ApiTags('surveys 科室满意度调查')
@Controller('surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Every survey: open ones first, the latest period first, with the response rate and the actions open' })
  @ApiOkResponse({ type: [SurveyView] })
  list() {
    return this.surveys.list();
  }

  /** Declared before `:id`: "comparison" is no id. */
  @Get('comparison')
  @Roles(...CSSD_STAFF)
  @ApiErrors('SURVEY_COMPARISON_INVALID')
  @ApiOperation({
    summary:
      'Results per department and period: the surveys whose period meets the months asked, each department’s answer and mean rating in each',
  })
  @ApiOkResponse({ type: SurveyComparisonView })
  comparison(@Query() q: SurveyComparisonQuery) {
    return this.surveys.comparison(q.from, q.to);
  }

  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('SURVEY_NOT_FOUND')
  @ApiOperation({ summary: 'A survey: its questions, the departments asked and who answered, its versions, closure and actions' })
  @ApiOkResponse({ type: SurveyDetailView })
  get(@Param('id', IdPipe) id: string) {
    return this.surveys.get(id);
  }

  /** 满意度调查结果: per question, per department, the free text, the response rate; JSON, XLSX or A4 PDF. */
  @Get(':id/results')
  @Roles(...CSSD_STAFF)
  @ApiErrors('SURVEY_NOT_FOUND')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({ summary: 'The results: each question’s mean and scores, each department’s answers, the free text, the response rate' })
  @ApiExtraModels(SurveyResultsView)
  @ApiOkResponse({ content: reportContent(SurveyResultsView) })
  async results(@Param('id', IdPipe) id: string, @Query() q: SurveyResultsQuery): Promise<SurveyResultsView | StreamableFile> {
    const r = await this.surveys.results(id);
    if (!q.format || q.format === 'json') return r;
    const period = r.periodFrom === r.periodTo ? r.periodFrom : `${r.periodFrom}_${r.periodTo}`;
    return reportFile(this.surveys.resultsDocument(r), q.format, `survey-${period}`, this.surveys.printedAt());
  }

  @Post()
  @Roles('head_nurse')
  @ApiErrors('SURVEY_PERIOD_INVALID', 'SURVEY_DEPARTMENT_UNKNOWN')
  @ApiOperation({
    summary: 'Set a survey for a period: title, questions (rated 1–5 or free text, in Chinese and English), departments asked',
  })
  @ApiCreatedResponse({ type: SurveyDetailView })
  create(@CurrentUser() actor: Actor, @Body() dto: CreateSurveyDto) {
    return this.surveys.create(actor, dto);
  }

  @Post(':id/versions')
  @Roles('head_nurse')
  @ApiErrors('SURVEY_NOT_FOUND', 'SURVEY_CLOSED', 'SURVEY_ANSWERED', 'SURVEY_PERIOD_INVALID', 'SURVEY_DEPARTMENT_UNKNOWN')
  @ApiOperation({ summary: 'Change the survey before any department answered: a new version, with the reason' })
  @ApiCreatedResponse({ type: SurveyDetailView })
  revise(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: ReviseSurveyDto) {
    return this.surveys.revise(actor, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('head_nurse')
  @ApiErrors('SURVEY_NOT_FOUND', 'SURVEY_CLOSED')
  @ApiOperation({ summary: 'Close the survey: no answer after it (once)' })
  @ApiOkResponse({ type: SurveyDetailView })
  close(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CloseSurveyDto) {
    return this.surveys.close(actor, id, dto);
  }

  @Post(':id/actions')
  @Roles('head_nurse')
  @ApiErrors('SURVEY_NOT_FOUND', 'SURVEY_DEPARTMENT_NOT_ASKED', 'ACTION_OWNER_INVALID', 'ACTION_DUE_DATE_PAST')
  @ApiOperation({ summary: 'An improvement action agreed from the results: what, for which department, its owner and due date' })
  @ApiCreatedResponse({ type: SurveyDetailView })
  addAction(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: SurveyActionDto) {
    return this.surveys.addAction(actor, id, dto);
  }

  @Post(':id/actions/:actionId/done')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse', 'monitor')
  @ApiErrors(
    'SURVEY_NOT_FOUND',
    'SURVEY_ACTION_NOT_FOUND',
    'ACTION_NOT_OWNER',
    'CORRECTIVE_ACTION_CLOSED',
    'STATED_TIME_IN_FUTURE',
    'STATED_TIME_TOO_EARLY',
  )
  @ApiOperation({ summary: 'Record an improvement action done, with what was done (its owner, the head nurse or a monitor; once)' })
  @ApiOkResponse({ type: SurveyDetailView })
  actionDone(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('actionId', IdPipe) actionId: string,
    @Body() dto: CloseCorrectiveActionDto,
  ) {
    return this.surveys.actionDone(actor, id, actionId, dto);
  }
}

/** The clinical department's side: the surveys that ask it, answered once on its own page. */
@ApiTags('surveys 科室满意度调查')
@Controller('department/surveys')
export class DepartmentSurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get()
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'The surveys asking the caller’s department: open ones first, with its answer’s time' })
  @ApiOkResponse({ type: [DepartmentSurveyView] })
  list(@CurrentUser() actor: Actor) {
    return this.surveys.mine(actor);
  }

  @Get(':id')
  @Roles('department')
  @ApiErrors('SURVEY_NOT_FOUND')
  @ApiOperation({
    summary: 'A survey asking the caller’s department: its questions and the department’s answer (another department’s: unknown)',
  })
  @ApiOkResponse({ type: DepartmentSurveyDetailView })
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.surveys.mineOne(actor, id);
  }

  @Post(':id/response')
  @Roles('department')
  @ApiErrors(
    'SURVEY_NOT_FOUND',
    'SURVEY_ALREADY_ANSWERED',
    'SURVEY_CLOSED',
    'SURVEY_PERIOD_NOT_STARTED',
    'SURVEY_PERIOD_ENDED',
    'SURVEY_ANSWERS_INVALID',
    'SURVEY_QUESTION_UNKNOWN',
  )
  @ApiOperation({
    summary:
      'Answer the survey for the department: once, while it is open and its period runs (its months); every rating question rated 1–5; never changed',
  })
  @ApiCreatedResponse({ type: DepartmentSurveyDetailView })
  answer(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: AnswerSurveyDto) {
    return this.surveys.answer(actor, id, dto);
  }
}
