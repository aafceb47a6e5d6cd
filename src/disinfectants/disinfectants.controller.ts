import { Body, Controller, Get, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { DisinfectantsService } from './disinfectants.service.js';
import { reportContent, reportFile, XLSX_TYPE } from '../reports/report-file.js';
import { PreparationRegisterQuery, PreparationsQuery, RecordPreparationDto } from './dto/disinfectants.dto.js';
import { PreparationRegisterView, PreparationsDayView, PreparationView } from './dto/disinfectants.view.js';

/** Who prepares and records solutions: the CSSD's nurses, the head nurse and the quality monitor. */
const PREPARERS = ['nurse', 'head_nurse', 'monitor'] as const;

/** The disinfectant and cleaning-agent preparation log (seed 1.2, 7.4). */
@ApiTags('disinfectants 消毒剂配制')
@Controller('disinfectants')
export class DisinfectantsController {
  constructor(private readonly disinfectants: DisinfectantsService) {}

  @Get('preparations')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'A hospital day’s preparations (default today) by area, and the solutions in use with their check that day' })
  @ApiOkResponse({ type: PreparationsDayView })
  day(@Query() q: PreparationsQuery) {
    return this.disinfectants.day(q.day);
  }

  /** 配制记录 of a period, printable and exportable. */
  @Get('preparations/register')
  @Roles(...CSSD_STAFF)
  @ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_PERIOD_TOO_LONG')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({
    summary:
      'The preparation log of a period (a day, week, month or range; hospital calendar; this month by default), in time order: JSON, XLSX or A4 PDF',
  })
  @ApiExtraModels(PreparationRegisterView)
  @ApiOkResponse({ content: reportContent(PreparationRegisterView) })
  async register(@Query() q: PreparationRegisterQuery): Promise<PreparationRegisterView | StreamableFile> {
    const r = await this.disinfectants.register(q);
    if (!q.format || q.format === 'json') return r;
    const name = r.from === r.to ? r.from : `${r.from}_${r.to}`;
    return reportFile(
      this.disinfectants.registerDocument(r),
      q.format,
      `disinfectant-preparations-${name}`,
      this.disinfectants.printedAt(),
    );
  }

  @Post('preparations')
  @Roles(...PREPARERS)
  @ApiErrors(
    'STATED_TIME_IN_FUTURE',
    'DISINFECTANT_TOLERANCE_INVALID',
    'DISINFECTANT_PRODUCT_EXPIRED',
    'DISINFECTANT_CONCENTRATION_OUT_OF_RANGE',
    'DISINFECTANT_SOLUTION_INVALID',
    'DISINFECTANT_PREPARATION_NOT_FOUND',
    'DISINFECTANT_PREPARATION_ALREADY_CORRECTED',
  )
  @ApiOperation({
    summary:
      'Record a preparation, or correct one (a new record naming it, with the reason); refused when the product is expired on the preparation day, the measured concentration is outside target ± tolerance, or the time is in the future',
  })
  @ApiCreatedResponse({ type: PreparationView })
  record(@CurrentUser() actor: Actor, @Body() dto: RecordPreparationDto) {
    return this.disinfectants.record(actor, dto);
  }
}
