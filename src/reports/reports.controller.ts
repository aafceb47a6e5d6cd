import { applyDecorators, Controller, Get, Query, StreamableFile } from '@nestjs/common';
import type { Role } from '../common/auth/roles.js';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { ReportsService } from './reports.service.js';
import { workloadCsv } from './workload.js';
import { WorkloadBreakdownView, WorkloadView } from './dto/workload.view.js';
import {
  OptionalFormat,
  OptionalMonth,
  PeriodQueryDto,
  RegisterQuery,
  WorkloadPeriodQuery,
  type ReportFormat,
} from './dto/report-query.js';
import { breakdownDocument } from './workload-breakdown.js';
import { complianceDocument } from './monitoring-compliance.js';
import { MonitoringComplianceView } from './dto/compliance.view.js';
import { periodLabel } from './report-table.js';
import { workloadDocument } from './workload-export.js';
import { SterilizationRegisterView } from './dto/register.view.js';
import type { ReportDocument } from './report-table.js';
import { reportContent, reportFile, XLSX_TYPE } from './report-file.js';
import { QualityIndicatorsQuery, QualityIndicatorsView } from './dto/quality-indicators.view.js';
import { indicatorsDocument } from './quality-indicators.js';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { DepartmentSliceQuery, DepartmentSliceView } from './dto/department-slice.view.js';
import { departmentSliceDocument } from './department-slice.js';

export class WorkloadQuery {
  @OptionalMonth('calendar month in the hospital time zone; this month if omitted') month?: string;
  @OptionalFormat() format?: ReportFormat;
}

/** A report over a period, answered as JSON (its view) or as an XLSX / PDF file. */
const PeriodReport = (summary: string, view: new () => object, ...roles: Role[]) =>
  applyDecorators(
    Roles(...roles),
    ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_PERIOD_TOO_LONG'),
    ApiProduces('application/json', XLSX_TYPE, 'application/pdf'),
    ApiOperation({ summary }),
    ApiExtraModels(view),
    ApiOkResponse({ content: reportContent(view) }),
  );

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** 工作量统计: a month's pack steps per zone and per person (with the steps each co-signed). */
  @Get('workload')
  @Roles('admin', 'head_nurse')
  @ApiErrors()
  @ApiOperation({ summary: 'Monthly workload per zone and per person' })
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiExtraModels(WorkloadView)
  @ApiOkResponse({ content: reportContent(WorkloadView) })
  async workload(@Query() q: WorkloadQuery): Promise<WorkloadView | StreamableFile> {
    const report = await this.reports.workload(q.month);
    if (!q.format || q.format === 'json') return report as unknown as WorkloadView;
    const doc = workloadDocument(report, { hospital: this.reports.hospital(), timezone: report.timezone });
    return this.file(doc, q.format, `workload-${report.month}`);
  }

  /** The same report as a CSV file for Excel (UTF-8 with BOM, bilingual headers). */
  @Get('workload.csv')
  @Roles('admin', 'head_nurse')
  @ApiErrors()
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Monthly workload as a CSV file for Excel' })
  @ApiOkResponse({
    description: 'UTF-8 CSV with BOM, bilingual headers',
    content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
  })
  async workloadAsCsv(@Query() q: WorkloadQuery): Promise<StreamableFile> {
    const report = await this.reports.workload(q.month);
    const body = Buffer.from(workloadCsv(report), 'utf8');
    return new StreamableFile(body, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="workload-${report.month}.csv"`,
      length: body.length,
    });
  }

  /**
   * 工作量统计 over a day, week, month or range of days (seed 4.6): per day, per person, per set
   * template, and the washers' and sterilizers' use — as JSON, XLSX or A4 PDF.
   */
  @Get('workload-breakdown')
  @PeriodReport(
    'Workload of a day, week, month or range: per day, person, template; washer and sterilizer use',
    WorkloadBreakdownView,
    'admin',
    'head_nurse',
  )
  async workloadBreakdown(@Query() q: WorkloadPeriodQuery) {
    const b = await this.reports.workloadBreakdown(q);
    return this.answer(b, q.format, () => breakdownDocument(b, periodLabel(b.from, b.to)), 'workload');
  }

  /**
   * 监测合规 — monitoring compliance (§4.2): per sterilizer and day, B-D done and passed, BIs when
   * due, physical and chemical results, every gap listed; JSON, XLSX or A4 PDF.
   */
  @Get('monitoring-compliance')
  @PeriodReport(
    'Monitoring compliance per sterilizer and day, with its gaps (JSON, xlsx, pdf)',
    MonitoringComplianceView,
    'admin',
    'head_nurse',
    'monitor',
  )
  async monitoringCompliance(@Query() q: PeriodQueryDto): Promise<MonitoringComplianceView | StreamableFile> {
    const r = await this.reports.monitoringCompliance(q);
    const doc = () => complianceDocument(r.days, { hospital: r.hospital, period: periodLabel(r.from, r.to), timezone: r.timezone });
    return this.answer(r, q.format, doc, 'monitoring-compliance');
  }

  /**
   * 灭菌登记 — the daily sterilization register (seed 8.3): every cycle of the day (or of up to 31
   * days) per sterilizer, as JSON, or as the XLSX / A4 PDF an inspector asks for.
   */
  @Get('sterilization-register')
  @PeriodReport(
    'The sterilization register of a day or range, per sterilizer (JSON, xlsx, pdf)',
    SterilizationRegisterView,
    'admin',
    'head_nurse',
    'monitor',
  )
  async sterilizationRegister(@Query() q: RegisterQuery): Promise<SterilizationRegisterView | StreamableFile> {
    const register = await this.reports.sterilizationRegister(q);
    return this.answer(register, q.format, () => this.reports.registerDocument(register), 'sterilization-register');
  }

  /**
   * 质量指标 — the CSSD's quality indicators per month (up to 12) with their trend: wet packs,
   * chemical and biological indicator failures, cleaning failures, problems at use, recalls and
   * their time to close, expired packs in storage; per department sets short and turnaround.
   */
  @Get('quality-indicators')
  @Roles('admin', 'head_nurse', 'monitor')
  @ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_MONTHS_TOO_LONG')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({ summary: 'Quality indicators per month with their trend (JSON, xlsx, pdf)' })
  @ApiExtraModels(QualityIndicatorsView)
  @ApiOkResponse({ content: reportContent(QualityIndicatorsView) })
  async qualityIndicators(@Query() q: QualityIndicatorsQuery): Promise<QualityIndicatorsView | StreamableFile> {
    const r = await this.reports.qualityIndicators(q);
    const doc = () => indicatorsDocument(r.months, { hospital: r.hospital, period: periodLabel(r.from, r.to), timezone: r.timezone });
    return this.answer(r, q.format, doc, 'quality-indicators');
  }

  /**
   * 本科室报表 — one department's slice of the reports, per month (up to 12) and per day: sets
   * collected and short, packs dispatched and their turnaround, problems reported, recalls that
   * found its packs. A department user reads its own only; the CSSD names the department. The
   * CSSD's internal books (register, monitoring compliance) are not a department's.
   */
  @Get('department-slice')
  @Roles('admin', 'head_nurse', 'monitor', 'department')
  @ApiErrors(
    'REPORT_PERIOD_INVALID',
    'REPORT_MONTHS_TOO_LONG',
    'REPORT_DEPARTMENT_REQUIRED',
    'REPORT_OTHER_DEPARTMENT',
    'DEPARTMENT_NOT_FOUND',
  )
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({ summary: 'One department’s slice of the reports per month and day (a department: its own; JSON, xlsx, pdf)' })
  @ApiExtraModels(DepartmentSliceView)
  @ApiOkResponse({ content: reportContent(DepartmentSliceView) })
  async departmentSlice(@CurrentUser() actor: Actor, @Query() q: DepartmentSliceQuery): Promise<DepartmentSliceView | StreamableFile> {
    const r = await this.reports.departmentSlice(actor, q);
    const doc = () => departmentSliceDocument(r, { hospital: r.hospital, period: periodLabel(r.from, r.to), timezone: r.timezone });
    return this.answer(r, q.format, doc, `department-report-${r.department.code}`);
  }

  /** The report itself, or its export named `<prefix>-<day>` / `<prefix>-<from>_<to>`. */
  private async answer<R extends { from: string; to: string }>(
    report: R,
    format: ReportFormat | undefined,
    doc: () => ReportDocument,
    prefix: string,
  ): Promise<R | StreamableFile> {
    if (!format || format === 'json') return report;
    const name = report.from === report.to ? report.from : `${report.from}_${report.to}`;
    return this.file(doc(), format, `${prefix}-${name}`);
  }

  private file(doc: ReportDocument, format: Exclude<ReportFormat, 'json'>, name: string): Promise<StreamableFile> {
    return reportFile(doc, format, name, this.reports.printedAt());
  }
}
