import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { CorrectiveActionsService } from './corrective-actions.service.js';
import { AddSolutionDto, CloseCorrectiveActionDto, CorrectiveActionsQuery, RecordRandomCheckDto } from './dto/quality-checks.dto.js';
import { CorrectiveActionView, RandomCheckView, RetiredTaskView, ScheduledTaskView, ScheduleView } from './dto/quality-checks.view.js';
import { QualityScheduleService } from './quality-schedule.service.js';

/** The routine monitoring schedule and the daily random check (seed 7.2–7.7). */
@ApiTags('quality checks 日常质量监测')
@Controller('quality-checks')
export class QualityChecksController {
  constructor(private readonly schedule: QualityScheduleService) {}

  @Get('schedule')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'The routine monitoring schedule: each task done, due or overdue for the hospital’s day or month' })
  @ApiOkResponse({ type: ScheduleView })
  today() {
    return this.schedule.schedule();
  }

  /** Concentrations are checked per solution in use: the head nurse adds one to the schedule… */
  @Post('tasks')
  @Roles('head_nurse')
  @ApiErrors('DUPLICATE_CODE')
  @ApiOperation({ summary: 'Add a solution in use (disinfectant or cleaning agent) whose concentration is checked daily' })
  @ApiCreatedResponse({ type: ScheduledTaskView })
  addSolution(@CurrentUser() actor: Actor, @Body() dto: AddSolutionDto) {
    return this.schedule.addSolution(actor, dto);
  }

  /** …and retires it when it is no longer used (not the last of its kind, nor a required check). */
  @Post('tasks/:id/retire')
  @HttpCode(200)
  @Roles('head_nurse')
  @ApiErrors('QUALITY_TASK_NOT_FOUND', 'QUALITY_TASK_NOT_RETIRABLE')
  @ApiOperation({ summary: 'Retire a solution no longer in use: its concentration check leaves the schedule' })
  @ApiOkResponse({ type: RetiredTaskView })
  retire(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.schedule.retire(actor, id);
  }

  @Post('random-checks')
  @Roles('monitor', 'head_nurse')
  @ApiErrors('RANDOM_CHECK_COUNT_INVALID', 'RANDOM_CHECK_FINDINGS_REQUIRED', 'STATED_TIME_IN_FUTURE')
  @ApiOperation({
    summary: 'Record the day’s random check of indicator tape and process records; nonconforming items open a corrective action',
  })
  @ApiCreatedResponse({ type: RandomCheckView })
  recordRandomCheck(@CurrentUser() actor: Actor, @Body() dto: RecordRandomCheckDto) {
    return this.schedule.recordRandomCheck(actor, dto);
  }

  @Get('random-checks')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Random checks, newest first (100 at most)' })
  @ApiOkResponse({ type: [RandomCheckView] })
  randomChecks() {
    return this.schedule.randomChecks();
  }
}

/** Corrective actions opened by failed routine results (seed 7.8). */
@ApiTags('quality checks 日常质量监测')
@Controller('corrective-actions')
export class CorrectiveActionsController {
  constructor(private readonly actions: CorrectiveActionsService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Corrective actions: open ones first (earliest due first), then the latest closed (200 at most)' })
  @ApiOkResponse({ type: [CorrectiveActionView] })
  list(@Query() q: CorrectiveActionsQuery) {
    return this.actions.list(q.status);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('head_nurse', 'monitor')
  @ApiErrors('CORRECTIVE_ACTION_NOT_FOUND', 'CORRECTIVE_ACTION_CLOSED', 'STATED_TIME_IN_FUTURE', 'STATED_TIME_TOO_EARLY')
  @ApiOperation({ summary: 'Close a corrective action with what was done' })
  @ApiOkResponse({ type: CorrectiveActionView })
  close(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CloseCorrectiveActionDto) {
    return this.actions.close(actor, id, dto);
  }
}
