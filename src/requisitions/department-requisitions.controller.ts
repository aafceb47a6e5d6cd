import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { Station } from '../packs/station.js';
import { CancelRequisitionDto, CreateRequisitionDto, RequisitionsQuery, RoundsQuery, SignRoundDto } from './dto/requisitions.dto.js';
import { DepartmentStockView, RequisitionDetailView, RequisitionView, RoundDetailView, RoundView } from './dto/requisitions.view.js';
import { RequisitionsService } from './requisitions.service.js';
import { RoundsService } from './rounds.service.js';

/**
 * A department's own base quantities, requisitions and manifests (§5: its own only — another
 * department's requisition or manifest answers as unknown).
 */
@ApiTags('department 科室')
@ApiHeader({ name: 'X-Station', required: false })
@Controller('department')
export class DepartmentRequisitionsController {
  constructor(
    private readonly requisitions: RequisitionsService,
    private readonly rounds: RoundsService,
  ) {}

  @Get('base-quantities')
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'The department’s base quantities: what it holds, what is in the CSSD’s loop for it, its shortfall' })
  @ApiOkResponse({ type: DepartmentStockView })
  async stock(@CurrentUser() actor: Actor) {
    return (await this.requisitions.stockLevels(actor.departmentId!))[0];
  }

  @Get('requisitions')
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'The department’s requisitions and their status (open ones unless status=all)' })
  @ApiOkResponse({ type: [RequisitionView] })
  list(@CurrentUser() actor: Actor, @Query() q: RequisitionsQuery) {
    return this.requisitions.list(actor, q);
  }

  @Post('requisitions')
  @Roles('department')
  @ApiErrors('TEMPLATE_NOT_FOUND', 'INACTIVE_REFERENCE', 'REQUISITION_DUPLICATE_TEMPLATE')
  @ApiOperation({ summary: 'Request packs: templates and quantities, routine or urgent, a note' })
  @ApiCreatedResponse({ type: RequisitionDetailView })
  create(@CurrentUser() actor: Actor, @Body() dto: CreateRequisitionDto) {
    return this.requisitions.create(actor, dto);
  }

  @Get('requisitions/:id')
  @Roles('department')
  @ApiErrors('REQUISITION_NOT_FOUND')
  @ApiOperation({ summary: 'One of the department’s requisitions, with the packs sent against it' })
  @ApiOkResponse({ type: RequisitionDetailView })
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.requisitions.get(actor, id);
  }

  @Post('requisitions/:id/cancel')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors('REQUISITION_NOT_FOUND', 'REQUISITION_CLOSED')
  @ApiOperation({ summary: 'Cancel what is not yet fulfilled of the department’s requisition' })
  @ApiOkResponse({ type: RequisitionDetailView })
  cancel(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CancelRequisitionDto) {
    return this.requisitions.cancel(actor, id, dto);
  }

  @Get('rounds')
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'The department’s delivery and collection manifests, newest first' })
  @ApiOkResponse({ type: [RoundView] })
  roundList(@CurrentUser() actor: Actor, @Query() q: RoundsQuery) {
    return this.rounds.list(actor, q);
  }

  @Get('rounds/:id')
  @Roles('department')
  @ApiErrors('ROUND_NOT_FOUND')
  @ApiOperation({ summary: 'One of the department’s manifests' })
  @ApiOkResponse({ type: RoundDetailView })
  round(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.rounds.get(actor, id);
  }

  @Post('rounds/:id/sign')
  @HttpCode(200)
  @Roles('department')
  @ApiErrors(
    'ROUND_NOT_FOUND',
    'ROUND_OPEN',
    'ROUND_SIGNED',
    'TEMPLATE_NOT_FOUND',
    'ROUND_COUNT_MISSING',
    'ROUND_COUNT_DUPLICATE',
    'ROUND_COUNT_NOTE_REQUIRED',
  )
  @ApiOperation({
    summary: 'Sign a closed manifest by counting each template: a difference needs a note; a matching delivery count confirms receipt',
  })
  @ApiOkResponse({ type: RoundDetailView })
  sign(@CurrentUser() actor: Actor, @Station() station: string | null, @Param('id', IdPipe) id: string, @Body() dto: SignRoundDto) {
    return this.rounds.sign({ actor, station }, id, dto);
  }
}
