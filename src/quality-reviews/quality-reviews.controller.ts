import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { CloseCorrectiveActionDto } from '../quality-checks/dto/quality-checks.dto.js';
import { AmendQualityReviewDto, RecordQualityReviewDto } from './dto/quality-reviews.dto.js';
import { QualityReviewDetailView, QualityReviewView } from './dto/quality-reviews.view.js';
import { QualityReviewsService } from './quality-reviews.service.js';

/** The monthly quality review (质量分析会, seed 10.1, 10.4): held and recorded by the head nurse; read by the CSSD. */
@ApiTags('quality reviews 质量分析会')
@Controller('quality-reviews')
export class QualityReviewsController {
  constructor(private readonly reviews: QualityReviewsService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Every monthly quality review, the latest month first, with its decisions open and overdue' })
  @ApiOkResponse({ type: [QualityReviewView] })
  list() {
    return this.reviews.list();
  }

  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('QUALITY_REVIEW_NOT_FOUND')
  @ApiOperation({
    summary: 'A review: minutes, decisions with what was done, amendments, and the month’s defects and indicators it looked at',
  })
  @ApiOkResponse({ type: QualityReviewDetailView })
  get(@Param('id', IdPipe) id: string) {
    return this.reviews.get(id);
  }

  /** 质量分析会纪要: the minutes for the binder, with the reviewer's signature line. */
  @Get(':id/minutes')
  @Roles(...CSSD_STAFF)
  @ApiErrors('QUALITY_REVIEW_NOT_FOUND')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The minutes as an A4 PDF, with the month’s defects and quality indicators' })
  @ApiOkResponse({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async minutes(@Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const { month, body } = await this.reviews.minutesPdf(id);
    return new StreamableFile(body, {
      type: 'application/pdf',
      disposition: `attachment; filename="quality-review-${month}.pdf"`,
      length: body.length,
    });
  }

  @Post()
  @Roles('head_nurse')
  @ApiErrors('QUALITY_REVIEW_EXISTS', 'STATED_TIME_IN_FUTURE', 'STATED_TIME_TOO_EARLY', 'ACTION_OWNER_INVALID', 'ACTION_DUE_DATE_PAST')
  @ApiOperation({ summary: 'Record the review of a month: when, attendees, minutes, decisions (each with its owner and due date)' })
  @ApiCreatedResponse({ type: QualityReviewDetailView })
  record(@CurrentUser() actor: Actor, @Body() dto: RecordQualityReviewDto) {
    return this.reviews.record(actor, dto);
  }

  @Post(':id/amendments')
  @Roles('head_nurse')
  @ApiErrors('QUALITY_REVIEW_NOT_FOUND')
  @ApiOperation({ summary: 'Correct the minutes: a new record with the text and the reason' })
  @ApiCreatedResponse({ type: QualityReviewDetailView })
  amend(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: AmendQualityReviewDto) {
    return this.reviews.amend(actor, id, dto);
  }

  @Post(':id/decisions/:decisionId/done')
  @HttpCode(200)
  @Roles('nurse', 'head_nurse', 'monitor')
  @ApiErrors(
    'QUALITY_REVIEW_NOT_FOUND',
    'QUALITY_REVIEW_DECISION_NOT_FOUND',
    'ACTION_NOT_OWNER',
    'CORRECTIVE_ACTION_CLOSED',
    'STATED_TIME_IN_FUTURE',
    'STATED_TIME_TOO_EARLY',
  )
  @ApiOperation({ summary: 'Record a decision done, with what was done (its owner, the head nurse or a monitor; once)' })
  @ApiOkResponse({ type: QualityReviewDetailView })
  decisionDone(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Param('decisionId', IdPipe) decisionId: string,
    @Body() dto: CloseCorrectiveActionDto,
  ) {
    return this.reviews.decisionDone(actor, id, decisionId, dto);
  }
}
