import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CATALOG_EDITORS, CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import {
  AdverseEventsQuery,
  CloseAdverseEventDto,
  CreateSupplierDto,
  CreateSupplyProductDto,
  IssueDto,
  ReceiveBatchDto,
  RecordLicenceDto,
  ReportAdverseEventDto,
  StockQuery,
  StocktakeDto,
} from './dto/supplies.dto.js';
import {
  AdverseEventView,
  BatchView,
  DepartmentSuppliesView,
  IssueView,
  LicenceView,
  ReceiptView,
  StocktakeView,
  SupplierView,
  SupplyProductView,
} from './dto/supplies.view.js';
import { SuppliesService } from './supplies.service.js';

/** Who receives, issues and counts supplies: the CSSD's nurses and head nurse. */
const STOREKEEPERS = ['nurse', 'head_nurse'] as const;

/** Disposable sterile supplies (seed 16, 4.5): the register, receipt, stock, issue, stocktake, adverse events. */
@ApiTags('supplies 一次性无菌物品')
@Controller('supplies')
export class SuppliesController {
  constructor(private readonly supplies: SuppliesService) {}

  @Get('suppliers')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Suppliers and their licences in force' })
  @ApiOkResponse({ type: [SupplierView] })
  suppliers() {
    return this.supplies.suppliers();
  }

  @Post('suppliers')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DUPLICATE_CODE')
  @ApiOperation({ summary: 'Register a supplier' })
  @ApiCreatedResponse({ type: SupplierView })
  createSupplier(@CurrentUser() actor: Actor, @Body() dto: CreateSupplierDto) {
    return this.supplies.createSupplier(actor, dto);
  }

  @Get('products')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Products, their licences in force, and why a receipt today would be refused' })
  @ApiOkResponse({ type: [SupplyProductView] })
  products() {
    return this.supplies.products();
  }

  @Post('products')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DUPLICATE_CODE', 'SUPPLIER_NOT_FOUND')
  @ApiOperation({ summary: 'Register a product of a supplier' })
  @ApiCreatedResponse({ type: SupplyProductView })
  createProduct(@CurrentUser() actor: Actor, @Body() dto: CreateSupplyProductDto) {
    return this.supplies.createProduct(actor, dto);
  }

  @Post('licences')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors(
    'SUPPLIER_NOT_FOUND',
    'SUPPLY_PRODUCT_NOT_FOUND',
    'SUPPLY_LICENCE_NOT_FOUND',
    'SUPPLY_LICENCE_NOT_APPLICABLE',
    'SUPPLY_LICENCE_ALREADY_CORRECTED',
  )
  @ApiOperation({ summary: 'Record a licence (number, last valid day), or correct a record: a new row, never an update' })
  @ApiCreatedResponse({ type: LicenceView })
  recordLicence(@CurrentUser() actor: Actor, @Body() dto: RecordLicenceDto) {
    return this.supplies.recordLicence(actor, dto);
  }

  @Post('receipts')
  @Roles(...STOREKEEPERS)
  @ApiErrors(
    'SUPPLY_QUANTITY_NOT_POSITIVE',
    'SUPPLY_PRODUCT_NOT_FOUND',
    'SUPPLY_CHECK_FAILED',
    'SUPPLY_BATCH_EXPIRED',
    'SUPPLY_LICENCE_MISSING',
    'SUPPLY_LICENCE_EXPIRED',
    'SUPPLY_BATCH_EXPIRY_MISMATCH',
  )
  @ApiOperation({
    summary:
      'Receive a batch after its checks; refused when a licence is missing or expired today, a check failed, or the batch is expired',
  })
  @ApiCreatedResponse({ type: ReceiptView })
  receive(@CurrentUser() actor: Actor, @Body() dto: ReceiveBatchDto) {
    return this.supplies.receive(actor, dto);
  }

  @Get('stock')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Stock per batch (in stock or blocked; all: every batch), first-expiring first per product' })
  @ApiOkResponse({ type: [BatchView] })
  stock(@Query() q: StockQuery) {
    return this.supplies.stock(q.all === 'true');
  }

  @Post('issues')
  @Roles(...STOREKEEPERS)
  @ApiErrors(
    'SUPPLY_QUANTITY_NOT_POSITIVE',
    'DEPARTMENT_NOT_FOUND',
    'SUPPLY_PRODUCT_NOT_FOUND',
    'SUPPLY_BATCH_NOT_FOUND',
    'SUPPLY_BATCH_WRONG_PRODUCT',
    'SUPPLY_BATCH_EXPIRED',
    'SUPPLY_BATCH_BLOCKED',
    'SUPPLY_STOCK_INSUFFICIENT',
  )
  @ApiOperation({ summary: 'Issue to a department: the named batch, or the first-expiring usable batches first' })
  @ApiCreatedResponse({ type: IssueView })
  issue(@CurrentUser() actor: Actor, @Body() dto: IssueDto) {
    return this.supplies.issue(actor, dto);
  }

  @Get('stocktakes')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'The latest stocktakes (20) with their lines' })
  @ApiOkResponse({ type: [StocktakeView] })
  stocktakes() {
    return this.supplies.stocktakes();
  }

  @Post('stocktakes')
  @Roles(...STOREKEEPERS)
  @ApiErrors('SUPPLY_STOCKTAKE_DUPLICATE_BATCH', 'SUPPLY_BATCH_NOT_FOUND', 'SUPPLY_STOCKTAKE_EXPLANATION_REQUIRED')
  @ApiOperation({ summary: 'The monthly count (日清月结): each difference explained and booked as an adjustment movement' })
  @ApiCreatedResponse({ type: StocktakeView })
  stocktake(@CurrentUser() actor: Actor, @Body() dto: StocktakeDto) {
    return this.supplies.stocktake(actor, dto);
  }

  @Get('adverse-events')
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Adverse events: open first, newest first (200 at most)' })
  @ApiOkResponse({ type: [AdverseEventView] })
  adverseEvents(@Query() q: AdverseEventsQuery) {
    return this.supplies.adverseEvents(q.status);
  }

  @Post('adverse-events')
  @Roles('nurse', 'head_nurse', 'monitor', 'department')
  @ApiErrors('SUPPLY_BATCH_NOT_FOUND', 'STATED_TIME_IN_FUTURE')
  @ApiOperation({
    summary:
      'Record an adverse event on a batch (a department: on a batch it received): the batch is blocked at once, its departments told',
  })
  @ApiCreatedResponse({ type: AdverseEventView })
  reportAdverseEvent(@CurrentUser() actor: Actor, @Body() dto: ReportAdverseEventDto) {
    return this.supplies.reportAdverseEvent(actor, dto);
  }

  @Post('adverse-events/:id/close')
  @HttpCode(200)
  @Roles('head_nurse')
  @ApiErrors('SUPPLY_ADVERSE_EVENT_NOT_FOUND', 'SUPPLY_ADVERSE_EVENT_CLOSED')
  @ApiOperation({ summary: 'Close an adverse event with the investigation’s result (and whether the batch is cleared for issue)' })
  @ApiOkResponse({ type: AdverseEventView })
  closeAdverseEvent(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: CloseAdverseEventDto) {
    return this.supplies.closeAdverseEvent(actor, id, dto);
  }

  @Get('department')
  @Roles('department')
  @ApiErrors()
  @ApiOperation({ summary: 'The department’s own: what it received, its notices, the adverse events it reported' })
  @ApiOkResponse({ type: DepartmentSuppliesView })
  department(@CurrentUser() actor: Actor) {
    return this.supplies.department(actor);
  }
}
