import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { ReportsService } from './reports.service.js';
import { workloadCsv } from './workload.js';
import { WorkloadView } from './dto/workload.view.js';
import { bilingual } from '../common/validation-messages.js';

export class WorkloadQuery {
  @ApiPropertyOptional({ example: '2026-10', description: 'calendar month in the hospital time zone; this month if omitted' })
  @IsOptional()
  @Matches(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, { message: bilingual('month 必须是 YYYY-MM 格式', 'month must be YYYY-MM') })
  month?: string;
}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** 工作量统计: a month's pack steps per zone and per person (with the steps each co-signed). */
  @Get('workload')
  @Roles('admin', 'head_nurse')
  @ApiErrors()
  @ApiOperation({ summary: 'Monthly workload per zone and per person' })
  @ApiOkResponse({ type: WorkloadView })
  workload(@Query() q: WorkloadQuery) {
    return this.reports.workload(q.month);
  }

  /** The same report as a CSV file for Excel (UTF-8 with BOM, bilingual headers). */
  @Get('workload.csv')
  @Roles('admin', 'head_nurse')
  @ApiErrors()
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Monthly workload as a CSV file for Excel' })
  @ApiOkResponse({ description: 'UTF-8 CSV with BOM, bilingual headers', content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } })
  async workloadAsCsv(@Query() q: WorkloadQuery): Promise<StreamableFile> {
    const report = await this.reports.workload(q.month);
    const body = Buffer.from(workloadCsv(report), 'utf8');
    return new StreamableFile(body, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="workload-${report.month}.csv"`, length: body.length });
  }
}
