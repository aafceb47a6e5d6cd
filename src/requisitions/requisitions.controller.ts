import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import {
  BaseQuantityHistoryQuery,
  RefuseRequisitionDto,
  RequisitionsQuery,
  RoundsQuery,
  SetBaseQuantityDto,
  StockLevelsQuery,
} from './dto/requisitions.dto.js';
import {
  BaseQuantityHistoryView,
  DepartmentStockView,
  RequisitionDetailView,
  RequisitionView,
  RoundDetailView,
  RoundView,
} from './dto/requisitions.view.js';
import { RequisitionsService } from './requisitions.service.js';
import { RoundsService } from './rounds.service.js';

/** Who works the requisitions and closes rounds at the CSSD: its nurses and head nurse. */
const DISPATCHERS = ['nurse', 'head_nurse'] as const;

/** Base quantities (基数, seed 4.3, 13.7): per department, set by the head nurse. */
@ApiTags('requisitions 基数与申领')
@Controller('base-quantities')
export class BaseQuantitiesController {
  constructor(private readonly requisitions: RequisitionsService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({
    summary: 'Per department: each template’s base quantity, what it holds, what is in the CSSD’s loop for it, its shortfall',
  })
  @ApiOkResponse({ type: [DepartmentStockView] })
  list(@Query() q: StockLevelsQuery) {
    return this.requisitions.stockLevels(q.departmentId ?? null);
  }

  @Post()
  @Roles('head_nurse')
  @ApiErrors('DEPARTMENT_NOT_FOUND', 'TEMPLATE_NOT_FOUND', 'INACTIVE_REFERENCE')
  @ApiOperation({ summary: 'Set a department’s base quantity of a template (0: none): a new row, the history kept' })
  @ApiCreatedResponse({ type: DepartmentStockView })
  set(@CurrentUser() actor: Actor, @Body() dto: SetBaseQuantityDto) {
    return this.requisitions.setBaseQuantity(actor, dto);
  }

  @Get('history')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Every base quantity set for a department and template, the latest first' })
  @ApiOkResponse({ type: [BaseQuantityHistoryView] })
  history(@Query() q: BaseQuantityHistoryQuery) {
    return this.requisitions.baseQuantityHistory(q.departmentId, q.templateId);
  }
}

/** The departments' requisitions as the CSSD works them (seed 15.1). */
@ApiTags('requisitions 基数与申领')
@Controller('requisitions')
export class RequisitionsController {
  constructor(private readonly requisitions: RequisitionsService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Requisitions: open ones (urgent first) unless status=all; by department; by a scanned barcode' })
  @ApiOkResponse({ type: [RequisitionView] })
  list(@CurrentUser() actor: Actor, @Query() q: RequisitionsQuery) {
    return this.requisitions.list(actor, q);
  }

  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('REQUISITION_NOT_FOUND')
  @ApiOperation({ summary: 'One requisition with the packs that counted against it' })
  @ApiOkResponse({ type: RequisitionDetailView })
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.requisitions.get(actor, id);
  }

  @Post(':id/refuse')
  @HttpCode(200)
  @Roles(...DISPATCHERS)
  @ApiErrors('REQUISITION_NOT_FOUND', 'REQUISITION_CLOSED')
  @ApiOperation({ summary: 'Refuse what is not yet fulfilled of a requisition, with the reason' })
  @ApiOkResponse({ type: RequisitionDetailView })
  refuse(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: RefuseRequisitionDto) {
    return this.requisitions.refuse(actor, id, dto);
  }
}

/** Delivery and collection rounds and their manifests (seed 15.4, 11.3), as the CSSD sees them. */
@ApiTags('requisitions 基数与申领')
@ApiHeader({ name: 'X-Station', required: false })
@Controller('rounds')
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Delivery and collection rounds, newest first: open, waiting for the department’s signature, signed' })
  @ApiOkResponse({ type: [RoundView] })
  list(@CurrentUser() actor: Actor, @Query() q: RoundsQuery) {
    return this.rounds.list(actor, q);
  }

  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('ROUND_NOT_FOUND')
  @ApiOperation({ summary: 'A manifest: per template what left or came back, the department’s count once signed, the packs' })
  @ApiOkResponse({ type: RoundDetailView })
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.rounds.get(actor, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...DISPATCHERS)
  @ApiErrors('ROUND_NOT_FOUND', 'ROUND_CLOSED')
  @ApiOperation({ summary: 'End a round: its manifest is final (print it); the department then signs it' })
  @ApiOkResponse({ type: RoundDetailView })
  close(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string) {
    return this.rounds.close(actor, id);
  }
}
