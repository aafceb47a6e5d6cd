import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ALL_ROLES, CATALOG_EDITORS, CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { CatalogService } from './catalog.service.js';
import {
  CreateBiProductDto,
  CreateDepartmentDto,
  CreateInstrumentSetDto,
  CreateSterilizerDto,
  CreateSterilizerProgramDto,
  CreateTemplateDto,
  CreateWasherDto,
  CreateWasherProgramDto,
  ListCatalogQuery,
  ListSetsQuery,
  UpdateBiProductDto,
  UpdateDepartmentDto,
  UpdateInstrumentSetDto,
  UpdateSterilizerDto,
  UpdateSterilizerProgramDto,
  UpdateTemplateDto,
  UpdateWasherDto,
  UpdateWasherProgramDto,
} from './dto/catalog.dto.js';
import {
  BiProductView,
  DepartmentView,
  InstrumentSetView,
  SetTemplateView,
  SterilizerProgramView,
  SterilizerView,
  SterilizerWithProgramsView,
  WasherProgramView,
  WasherView,
  WasherWithProgramsView,
} from './dto/catalog.view.js';

// Catalog routes: head nurse and admin edit; the roles that need an item read it.
// Nothing is deleted: POST …/deactivate and …/activate instead.

@ApiTags('catalog')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiErrors()
  @ApiOperation({ summary: 'List departments' })
  @ApiOkResponse({ type: [DepartmentView] })
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listDepartments(q.includeInactive === 'true');
  }
  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiErrors('DEPARTMENT_NOT_FOUND')
  @ApiOperation({ summary: 'One department' })
  @ApiOkResponse({ type: DepartmentView })
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getDepartment(id);
  }
  @Post()
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DUPLICATE_CODE')
  @ApiOperation({ summary: 'Create a department' })
  @ApiCreatedResponse({ type: DepartmentView })
  create(@CurrentUser() a: Actor, @Body() dto: CreateDepartmentDto) {
    return this.catalog.createDepartment(a, dto);
  }
  @Patch(':id')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DEPARTMENT_NOT_FOUND', 'DUPLICATE_CODE')
  @ApiOperation({ summary: 'Edit a department' })
  @ApiOkResponse({ type: DepartmentView })
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateDepartmentDto) {
    return this.catalog.updateDepartment(a, id, dto);
  }
  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DEPARTMENT_NOT_FOUND')
  @ApiOperation({ summary: 'Deactivate a department (nothing is deleted)' })
  @ApiOkResponse({ type: DepartmentView })
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setDepartmentActive(a, id, false);
  }
  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DEPARTMENT_NOT_FOUND')
  @ApiOperation({ summary: 'Activate a department again' })
  @ApiOkResponse({ type: DepartmentView })
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setDepartmentActive(a, id, true);
  }
}

@ApiTags('catalog')
@Controller('set-templates')
export class TemplatesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiErrors()
  @ApiOperation({ summary: 'List set templates (with contents)' })
  @ApiOkResponse({ type: [SetTemplateView] })
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listTemplates(q.includeInactive === 'true');
  }
  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiErrors('TEMPLATE_NOT_FOUND')
  @ApiOperation({ summary: 'One set template' })
  @ApiOkResponse({ type: SetTemplateView })
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getTemplate(id);
  }
  @Post()
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DUPLICATE_CODE', 'PACKAGING_METHOD_INCOMPATIBLE')
  @ApiOperation({ summary: 'Create a set template' })
  @ApiCreatedResponse({ type: SetTemplateView })
  create(@CurrentUser() a: Actor, @Body() dto: CreateTemplateDto) {
    return this.catalog.createTemplate(a, dto);
  }
  @Patch(':id')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('TEMPLATE_NOT_FOUND', 'DUPLICATE_CODE', 'PACKAGING_METHOD_INCOMPATIBLE')
  @ApiOperation({ summary: 'Edit a set template' })
  @ApiOkResponse({ type: SetTemplateView })
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateTemplateDto) {
    return this.catalog.updateTemplate(a, id, dto);
  }
  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('TEMPLATE_NOT_FOUND')
  @ApiOperation({ summary: 'Deactivate a set template (nothing is deleted)' })
  @ApiOkResponse({ type: SetTemplateView })
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setTemplateActive(a, id, false);
  }
  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('TEMPLATE_NOT_FOUND')
  @ApiOperation({ summary: 'Activate a set template again' })
  @ApiOkResponse({ type: SetTemplateView })
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setTemplateActive(a, id, true);
  }
}

@ApiTags('catalog')
@Controller('instrument-sets')
export class InstrumentSetsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List instrument sets' })
  @ApiOkResponse({ type: [InstrumentSetView] })
  list(@Query() q: ListSetsQuery) {
    return this.catalog.listSets({ includeInactive: q.includeInactive === 'true', assetCode: q.assetCode, templateId: q.templateId });
  }
  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('SET_NOT_FOUND')
  @ApiOperation({ summary: 'One instrument set' })
  @ApiOkResponse({ type: InstrumentSetView })
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getSet(id);
  }
  @Post()
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DUPLICATE_CODE', 'TEMPLATE_NOT_FOUND', 'DEPARTMENT_NOT_FOUND', 'INACTIVE_REFERENCE')
  @ApiOperation({ summary: 'Create a instrument set' })
  @ApiCreatedResponse({ type: InstrumentSetView })
  create(@CurrentUser() a: Actor, @Body() dto: CreateInstrumentSetDto) {
    return this.catalog.createSet(a, dto);
  }
  @Patch(':id')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('SET_NOT_FOUND', 'DEPARTMENT_NOT_FOUND', 'INACTIVE_REFERENCE')
  @ApiOperation({ summary: 'Edit a instrument set' })
  @ApiOkResponse({ type: InstrumentSetView })
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateInstrumentSetDto) {
    return this.catalog.updateSet(a, id, dto);
  }
  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('SET_NOT_FOUND')
  @ApiOperation({ summary: 'Deactivate a instrument set (nothing is deleted)' })
  @ApiOkResponse({ type: InstrumentSetView })
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setSetActive(a, id, false);
  }
  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('SET_NOT_FOUND')
  @ApiOperation({ summary: 'Activate a instrument set again' })
  @ApiOkResponse({ type: InstrumentSetView })
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setSetActive(a, id, true);
  }
}

@ApiTags('catalog')
@Controller('sterilizers')
export class SterilizersController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List sterilizers with their programs' })
  @ApiOkResponse({ type: [SterilizerWithProgramsView] })
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listSterilizers(q.includeInactive === 'true');
  }
  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('STERILIZER_NOT_FOUND')
  @ApiOperation({ summary: 'One sterilizer with its programs' })
  @ApiOkResponse({ type: SterilizerWithProgramsView })
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getSterilizer(id);
  }
  @Post()
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DUPLICATE_CODE')
  @ApiOperation({ summary: 'Create a sterilizer' })
  @ApiCreatedResponse({ type: SterilizerView })
  create(@CurrentUser() a: Actor, @Body() dto: CreateSterilizerDto) {
    return this.catalog.createSterilizer(a, dto);
  }
  @Patch(':id')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('STERILIZER_NOT_FOUND', 'DUPLICATE_CODE', 'STERILIZER_QUALIFICATION_REQUIRED', 'STERILIZER_TYPE_LOCKED')
  @ApiOperation({ summary: 'Edit a sterilizer' })
  @ApiOkResponse({ type: SterilizerView })
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateSterilizerDto) {
    return this.catalog.updateSterilizer(a, id, dto);
  }
  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('STERILIZER_NOT_FOUND')
  @ApiOperation({ summary: 'Deactivate a sterilizer (nothing is deleted)' })
  @ApiOkResponse({ type: SterilizerView })
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setSterilizerActive(a, id, false);
  }
  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('STERILIZER_NOT_FOUND')
  @ApiOperation({ summary: 'Activate a sterilizer again' })
  @ApiOkResponse({ type: SterilizerView })
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setSterilizerActive(a, id, true);
  }
  @Post(':id/programs')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('STERILIZER_NOT_FOUND', 'DUPLICATE_CODE', 'INVALID_RANGE', 'INACTIVE_REFERENCE')
  @ApiOperation({ summary: 'Add a program to a sterilizer' })
  @ApiCreatedResponse({ type: SterilizerProgramView })
  addProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: CreateSterilizerProgramDto) {
    return this.catalog.addSterilizerProgram(a, id, dto);
  }
  @Patch(':id/programs/:programId')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('PROGRAM_NOT_FOUND', 'DUPLICATE_CODE', 'INVALID_RANGE')
  @ApiOperation({ summary: 'Edit a sterilizer program' })
  @ApiOkResponse({ type: SterilizerProgramView })
  updateProgram(
    @CurrentUser() a: Actor,
    @Param('id', IdPipe) id: string,
    @Param('programId', IdPipe) programId: string,
    @Body() dto: UpdateSterilizerProgramDto,
  ) {
    return this.catalog.updateSterilizerProgram(a, id, programId, dto);
  }
  @Post(':id/programs/:programId/deactivate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('PROGRAM_NOT_FOUND')
  @ApiOperation({ summary: 'Deactivate a sterilizer program' })
  @ApiOkResponse({ type: SterilizerProgramView })
  deactivateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string) {
    return this.catalog.setSterilizerProgramActive(a, id, programId, false);
  }
  @Post(':id/programs/:programId/activate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('PROGRAM_NOT_FOUND')
  @ApiOperation({ summary: 'Activate a sterilizer program again' })
  @ApiOkResponse({ type: SterilizerProgramView })
  activateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string) {
    return this.catalog.setSterilizerProgramActive(a, id, programId, true);
  }
}

@ApiTags('catalog')
@Controller('washers')
export class WashersController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List washers with their programs' })
  @ApiOkResponse({ type: [WasherWithProgramsView] })
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listWashers(q.includeInactive === 'true');
  }
  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('WASHER_NOT_FOUND')
  @ApiOperation({ summary: 'One washer with its programs' })
  @ApiOkResponse({ type: WasherWithProgramsView })
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getWasher(id);
  }
  @Post()
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DUPLICATE_CODE')
  @ApiOperation({ summary: 'Create a washer' })
  @ApiCreatedResponse({ type: WasherView })
  create(@CurrentUser() a: Actor, @Body() dto: CreateWasherDto) {
    return this.catalog.createWasher(a, dto);
  }
  @Patch(':id')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('WASHER_NOT_FOUND', 'DUPLICATE_CODE')
  @ApiOperation({ summary: 'Edit a washer' })
  @ApiOkResponse({ type: WasherView })
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateWasherDto) {
    return this.catalog.updateWasher(a, id, dto);
  }
  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('WASHER_NOT_FOUND')
  @ApiOperation({ summary: 'Deactivate a washer (nothing is deleted)' })
  @ApiOkResponse({ type: WasherView })
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setWasherActive(a, id, false);
  }
  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('WASHER_NOT_FOUND')
  @ApiOperation({ summary: 'Activate a washer again' })
  @ApiOkResponse({ type: WasherView })
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setWasherActive(a, id, true);
  }
  @Post(':id/programs')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('WASHER_NOT_FOUND', 'DUPLICATE_CODE', 'INACTIVE_REFERENCE')
  @ApiOperation({ summary: 'Add a program to a washer' })
  @ApiCreatedResponse({ type: WasherProgramView })
  addProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: CreateWasherProgramDto) {
    return this.catalog.addWasherProgram(a, id, dto);
  }
  @Patch(':id/programs/:programId')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('PROGRAM_NOT_FOUND', 'DUPLICATE_CODE')
  @ApiOperation({ summary: 'Edit a washer program' })
  @ApiOkResponse({ type: WasherProgramView })
  updateProgram(
    @CurrentUser() a: Actor,
    @Param('id', IdPipe) id: string,
    @Param('programId', IdPipe) programId: string,
    @Body() dto: UpdateWasherProgramDto,
  ) {
    return this.catalog.updateWasherProgram(a, id, programId, dto);
  }
  @Post(':id/programs/:programId/deactivate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('PROGRAM_NOT_FOUND')
  @ApiOperation({ summary: 'Deactivate a washer program' })
  @ApiOkResponse({ type: WasherProgramView })
  deactivateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string) {
    return this.catalog.setWasherProgramActive(a, id, programId, false);
  }
  @Post(':id/programs/:programId/activate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('PROGRAM_NOT_FOUND')
  @ApiOperation({ summary: 'Activate a washer program again' })
  @ApiOkResponse({ type: WasherProgramView })
  activateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string) {
    return this.catalog.setWasherProgramActive(a, id, programId, true);
  }
}

/** BI products: the monitoring desk picks one when it places a BI; its incubation decides the earliest read. */
@ApiTags('catalog')
@Controller('bi-products')
export class BiProductsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'List biological indicator products' })
  @ApiOkResponse({ type: [BiProductView] })
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listBiProducts(q.includeInactive === 'true');
  }
  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('BI_PRODUCT_NOT_FOUND')
  @ApiOperation({ summary: 'One biological indicator product' })
  @ApiOkResponse({ type: BiProductView })
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getBiProduct(id);
  }
  @Post()
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('DUPLICATE_CODE')
  @ApiOperation({ summary: 'Create a biological indicator product' })
  @ApiCreatedResponse({ type: BiProductView })
  create(@CurrentUser() a: Actor, @Body() dto: CreateBiProductDto) {
    return this.catalog.createBiProduct(a, dto);
  }
  @Patch(':id')
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('BI_PRODUCT_NOT_FOUND', 'DUPLICATE_CODE')
  @ApiOperation({ summary: 'Edit a biological indicator product (BIs already placed keep their incubation time)' })
  @ApiOkResponse({ type: BiProductView })
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateBiProductDto) {
    return this.catalog.updateBiProduct(a, id, dto);
  }
  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('BI_PRODUCT_NOT_FOUND')
  @ApiOperation({ summary: 'Deactivate a biological indicator product (nothing is deleted)' })
  @ApiOkResponse({ type: BiProductView })
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setBiProductActive(a, id, false);
  }
  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...CATALOG_EDITORS)
  @ApiErrors('BI_PRODUCT_NOT_FOUND')
  @ApiOperation({ summary: 'Activate a biological indicator product again' })
  @ApiOkResponse({ type: BiProductView })
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setBiProductActive(a, id, true);
  }
}
