import { Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { reportContent, reportFile, XLSX_TYPE } from '../reports/report-file.js';
import { FindingsQuery, RecordRepairDto, RepairsQuery, RepairStepDto, ScrapConfirmationDto } from './dto/repairs.dto.js';
import { RepairEntryView, RepairRegisterView, SetFindingsView, SetReplacementsView } from './dto/repairs.view.js';
import { RepairsService } from './repairs.service.js';

/** Who records dispositions and their steps: the CSSD's nurses and the head nurse. */
const RECORDERS = ['nurse', 'head_nurse'] as const;

/** The repair, scrap and compensation register (issue 16, seed 4.4). */
@ApiTags('repairs 器械维修报废')
@Controller('repairs')
export class RepairsController {
  constructor(private readonly repairs: RepairsService) {}

  @Get()
  @Roles(...CSSD_STAFF, 'department')
  @ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_PERIOD_TOO_LONG')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({
    summary:
      'The register of a period (this month by default), filtered by disposition, department charged or set, with totals: JSON, XLSX or A4 PDF. A department user sees only its own charges',
  })
  @ApiExtraModels(RepairRegisterView)
  @ApiOkResponse({ content: reportContent(RepairRegisterView) })
  async register(@CurrentUser() actor: Actor, @Query() q: RepairsQuery): Promise<RepairRegisterView | StreamableFile> {
    const r = await this.repairs.register(actor, q);
    if (!q.format || q.format === 'json') return r;
    const name = r.from === r.to ? r.from : `${r.from}_${r.to}`;
    return reportFile(this.repairs.registerDocument(r), q.format, `repairs-${name}`, this.repairs.printedAt());
  }

  @Get('findings')
  @Roles(...CSSD_STAFF)
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE')
  @ApiOperation({
    summary: 'A set’s findings in its newest cycle (count at recycling, failed inspections), line by line, with their entries',
  })
  @ApiOkResponse({ type: SetFindingsView })
  findings(@Query() q: FindingsQuery) {
    return this.repairs.findings(q.code);
  }

  @Get('sets/:code/replacements')
  @Roles(...CSSD_STAFF)
  @ApiErrors('INVALID_BARCODE', 'UNKNOWN_BARCODE')
  @ApiOperation({ summary: 'A set’s contents history: each replacement instrument put into it and the register entry it answers' })
  @ApiOkResponse({ type: SetReplacementsView })
  replacements(@Param('code') code: string) {
    return this.repairs.replacements(code);
  }

  @Get(':id')
  @Roles(...CSSD_STAFF, 'department')
  @ApiErrors('REPAIR_ENTRY_NOT_FOUND')
  @ApiOperation({ summary: 'A register entry with its steps (a department user: its own charges only)' })
  @ApiOkResponse({ type: RepairEntryView })
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.repairs.get(actor, id);
  }

  @Post()
  @Roles(...RECORDERS)
  @ApiErrors(
    'REPAIR_FINDING_NOT_FOUND',
    'REPAIR_LINE_NOT_IN_TEMPLATE',
    'REPAIR_DISPOSITION_MISMATCH',
    'REPAIR_FINDING_ALREADY_DISPOSED',
    'REPAIR_INSPECTION_NOT_DAMAGE',
    'REPAIR_QUANTITY_EXCEEDS_FINDING',
    'REPAIR_COMPENSATION_INCOMPLETE',
    'REPAIR_DEPARTMENT_NOT_CHARGEABLE',
  )
  @ApiOperation({
    summary:
      'Record what is done with a damaged or missing instrument found at recycling or inspection: repair, scrap or lost, once per finding',
  })
  @ApiCreatedResponse({ type: RepairEntryView })
  record(@CurrentUser() actor: Actor, @Body() dto: RecordRepairDto) {
    return this.repairs.record(actor, dto);
  }

  @Post(':id/steps')
  @Roles(...RECORDERS)
  @ApiErrors('REPAIR_ENTRY_NOT_FOUND', 'REPAIR_ENTRY_CLOSED', 'REPAIR_STEP_NOT_ALLOWED', 'REPAIR_VENDOR_REQUIRED')
  @ApiOperation({ summary: 'A later step of an entry: sent for repair, back repaired or beyond repair, compensation settled' })
  @ApiCreatedResponse({ type: RepairEntryView })
  step(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: RepairStepDto) {
    return this.repairs.step(actor, id, dto);
  }

  @Post(':id/scrap-confirmation')
  @HttpCode(200)
  @Roles('head_nurse')
  @ApiErrors('REPAIR_ENTRY_NOT_FOUND', 'REPAIR_ENTRY_CLOSED', 'REPAIR_STEP_NOT_ALLOWED')
  @ApiOperation({ summary: 'The head nurse confirms a scrap (decided as scrap, or back from repair beyond repair)' })
  @ApiOkResponse({ type: RepairEntryView })
  confirmScrap(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: ScrapConfirmationDto) {
    return this.repairs.confirmScrap(actor, id, dto);
  }
}
