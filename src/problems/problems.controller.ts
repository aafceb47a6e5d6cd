import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { CloseProblemReportDto, CorrectProblemReportDto, ProblemReportListQuery } from './dto/problems.dto.js';
import { ProblemReportView } from './dto/problems.view.js';
import { ProblemReportsService } from './problem-reports.service.js';

@ApiTags('problem reports 问题报告')
@Controller('problem-reports')
export class ProblemReportsController {
  constructor(private readonly reports: ProblemReportsService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Problem reports from departments: open ones first (oldest first), then closed ones' })
  @ApiOkResponse({ type: [ProblemReportView] })
  list(@Query() q: ProblemReportListQuery) {
    return this.reports.list(q.status);
  }

  /** The head nurse (or the quality monitor) closes a report with what was found and done. */
  @Post(':id/close')
  @HttpCode(200)
  @Roles('head_nurse', 'monitor')
  @ApiErrors('PROBLEM_REPORT_NOT_FOUND', 'PROBLEM_REPORT_CLOSED')
  @ApiOperation({ summary: 'Close a problem report with its investigation, cause and action' })
  @ApiOkResponse({ type: ProblemReportView })
  close(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CloseProblemReportDto) {
    return this.reports.close(actor, id, dto);
  }

  /** A closed report is never rewritten: a correction is a new outcome that names the one it corrects. */
  @Post(':id/corrections')
  @HttpCode(200)
  @Roles('head_nurse', 'monitor')
  @ApiErrors('PROBLEM_REPORT_NOT_FOUND', 'PROBLEM_REPORT_OPEN', 'PROBLEM_OUTCOME_CORRECTED')
  @ApiOperation({ summary: 'Correct a closed problem report’s outcome (a new record)' })
  @ApiOkResponse({ type: ProblemReportView })
  correct(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CorrectProblemReportDto) {
    return this.reports.correct(actor, id, dto);
  }
}

@ApiTags('department 科室')
@Controller('department')
export class DepartmentProblemsController {
  constructor(private readonly reports: ProblemReportsService) {}

  @Get('problems')
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'This department’s problem reports and the CSSD’s outcome of each' })
  @ApiOkResponse({ type: [ProblemReportView] })
  list(@CurrentUser() actor: Actor) {
    return this.reports.ofDepartment(actor.departmentId!);
  }
}
