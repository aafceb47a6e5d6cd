import { applyDecorators, Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ALL_ROLES, CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { RecallReportView } from './dto/recall-report.view.js';
import { RecallReportQuery, RecordQuery, SterilizerRecordQuery } from './dto/report-query.js';
import { recallReportDocument, type RecallReport } from './recall-report.js';
import { RecordsService } from './records.service.js';
import { FILE_CONTENT, reportContent, reportFile, XLSX_TYPE } from './report-file.js';
import type { ReportDocument } from './report-table.js';

/** A printed record: an A4 PDF, or the same as an XLSX workbook. */
const PrintedRecord = (summary: string) =>
  applyDecorators(ApiProduces('application/pdf', XLSX_TYPE), ApiOperation({ summary }), ApiOkResponse({ content: FILE_CONTENT }));

/**
 * The recall report and the printable records (issue 15): what the infection-control office and
 * the inspectors ask for, on screen and on paper.
 */
@ApiTags('reports')
@Controller('reports')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  /**
   * 召回报告 — a recall's header, timeline, scope, every pack's disposition and the patients to
   * follow up (JSON, XLSX or PDF). The head nurse, the quality monitor and the administrator read
   * the whole recall; a department user its own slice of a recall that found packs there.
   */
  @Get('recalls/:id')
  @Roles('admin', 'head_nurse', 'monitor', 'department')
  @ApiErrors('RECALL_NOT_FOUND', 'RECALL_REPORT_TOO_LARGE')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({ summary: 'A recall’s report: timeline, scope, dispositions, patients to follow up (a department: its slice)' })
  @ApiExtraModels(RecallReportView)
  @ApiOkResponse({ content: reportContent(RecallReportView) })
  async recall(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Query() q: RecallReportQuery,
  ): Promise<RecallReportView | StreamableFile> {
    const report = await this.records.recallReport(actor, id);
    if (!q.format || q.format === 'json') return report as unknown as RecallReportView;
    return this.file(recallReportDocument(report), q.format, recallFileName(report));
  }

  /** 包追溯记录 — one pack's whole record, as provenance shows it to the caller (a department: its own packs only). */
  @Get('packs/:barcode/record')
  @Roles(...ALL_ROLES)
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE', 'LABEL_VOIDED')
  @PrintedRecord('A pack’s printable record: its set, every step, washer cycle, load, monitoring, dispatch and use')
  async pack(@CurrentUser() actor: Actor, @Param('barcode') barcode: string, @Query() q: RecordQuery): Promise<StreamableFile> {
    const { doc, name } = await this.records.packRecord(actor, barcode);
    return this.file(doc, q.format ?? 'pdf', name);
  }

  /** 灭菌锅次记录 — one load: sterilizer, program, cycle, times, parameters, B-D, chemical and BI results, its packs, who released it. */
  @Get('loads/:id/record')
  @Roles(...CSSD_STAFF)
  @ApiErrors('LOAD_NOT_FOUND')
  @PrintedRecord('A load’s printable record: its run, results, release and packs')
  async load(@Param('id', IdPipe) id: string, @Query() q: RecordQuery): Promise<StreamableFile> {
    const { doc, name } = await this.records.loadRecord(id);
    return this.file(doc, q.format ?? 'pdf', name);
  }

  /** 灭菌器记录 — one sterilizer over a day, week, month or range (up to a year): its register, B-D tests and BIs. */
  @Get('sterilizers/:id/record')
  @Roles('admin', 'head_nurse', 'monitor')
  @ApiErrors('STERILIZER_NOT_FOUND', 'REPORT_PERIOD_INVALID', 'REPORT_PERIOD_TOO_LONG')
  @PrintedRecord('One sterilizer over a period: every cycle and monitoring result')
  async sterilizer(@Param('id', IdPipe) id: string, @Query() q: SterilizerRecordQuery): Promise<StreamableFile> {
    const { format, ...period } = q;
    const { doc, name } = await this.records.sterilizerRecord(id, period);
    return this.file(doc, format ?? 'pdf', name);
  }

  private file(doc: ReportDocument, format: 'xlsx' | 'pdf', name: string): Promise<StreamableFile> {
    return reportFile(doc, format, name, this.records.printedAt());
  }
}

/** recall-report-RC-20261203-01, and the department's code for its slice. */
function recallFileName(r: RecallReport): string {
  return `recall-report-${r.number}${r.department ? `-${r.department.code}` : ''}`;
}
