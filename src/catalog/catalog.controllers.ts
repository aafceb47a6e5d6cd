import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { ALL_ROLES, CATALOG_EDITORS, CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { CatalogService } from './catalog.service.js';
import {
  CreateDepartmentDto,
  CreateInstrumentSetDto,
  CreateSterilizerDto,
  CreateSterilizerProgramDto,
  CreateTemplateDto,
  CreateWasherDto,
  CreateWasherProgramDto,
  ListCatalogQuery,
  ListSetsQuery,
  UpdateDepartmentDto,
  UpdateInstrumentSetDto,
  UpdateSterilizerDto,
  UpdateSterilizerProgramDto,
  UpdateTemplateDto,
  UpdateWasherDto,
  UpdateWasherProgramDto,
} from './dto/catalog.dto.js';

// Catalog routes: head nurse and admin edit; the roles that need an item read it.
// Nothing is deleted: POST …/deactivate and …/activate instead.

@ApiTags('catalog')
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get() @Roles(...ALL_ROLES)
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listDepartments(q.includeInactive === 'true');
  }
  @Get(':id') @Roles(...ALL_ROLES) @ApiErrors('DEPARTMENT_NOT_FOUND')
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getDepartment(id);
  }
  @Post() @Roles(...CATALOG_EDITORS) @ApiErrors('DUPLICATE_CODE')
  create(@CurrentUser() a: Actor, @Body() dto: CreateDepartmentDto) {
    return this.catalog.createDepartment(a, dto);
  }
  @Patch(':id') @Roles(...CATALOG_EDITORS) @ApiErrors('DEPARTMENT_NOT_FOUND', 'DUPLICATE_CODE')
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateDepartmentDto) {
    return this.catalog.updateDepartment(a, id, dto);
  }
  @Post(':id/deactivate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('DEPARTMENT_NOT_FOUND')
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setDepartmentActive(a, id, false);
  }
  @Post(':id/activate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('DEPARTMENT_NOT_FOUND')
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setDepartmentActive(a, id, true);
  }
}

@ApiTags('catalog')
@Controller('set-templates')
export class TemplatesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get() @Roles(...ALL_ROLES)
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listTemplates(q.includeInactive === 'true');
  }
  @Get(':id') @Roles(...ALL_ROLES) @ApiErrors('TEMPLATE_NOT_FOUND')
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getTemplate(id);
  }
  @Post() @Roles(...CATALOG_EDITORS) @ApiErrors('DUPLICATE_CODE', 'PACKAGING_METHOD_INCOMPATIBLE')
  create(@CurrentUser() a: Actor, @Body() dto: CreateTemplateDto) {
    return this.catalog.createTemplate(a, dto);
  }
  @Patch(':id') @Roles(...CATALOG_EDITORS) @ApiErrors('TEMPLATE_NOT_FOUND', 'DUPLICATE_CODE', 'PACKAGING_METHOD_INCOMPATIBLE')
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateTemplateDto) {
    return this.catalog.updateTemplate(a, id, dto);
  }
  @Post(':id/deactivate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('TEMPLATE_NOT_FOUND')
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setTemplateActive(a, id, false);
  }
  @Post(':id/activate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('TEMPLATE_NOT_FOUND')
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setTemplateActive(a, id, true);
  }
}

@ApiTags('catalog')
@Controller('instrument-sets')
export class InstrumentSetsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get() @Roles(...CSSD_STAFF)
  list(@Query() q: ListSetsQuery) {
    return this.catalog.listSets({ includeInactive: q.includeInactive === 'true', assetCode: q.assetCode, templateId: q.templateId });
  }
  @Get(':id') @Roles(...CSSD_STAFF) @ApiErrors('SET_NOT_FOUND')
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getSet(id);
  }
  @Post() @Roles(...CATALOG_EDITORS) @ApiErrors('DUPLICATE_CODE', 'TEMPLATE_NOT_FOUND', 'DEPARTMENT_NOT_FOUND', 'INACTIVE_REFERENCE')
  create(@CurrentUser() a: Actor, @Body() dto: CreateInstrumentSetDto) {
    return this.catalog.createSet(a, dto);
  }
  @Patch(':id') @Roles(...CATALOG_EDITORS) @ApiErrors('SET_NOT_FOUND', 'DEPARTMENT_NOT_FOUND', 'INACTIVE_REFERENCE')
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateInstrumentSetDto) {
    return this.catalog.updateSet(a, id, dto);
  }
  @Post(':id/deactivate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('SET_NOT_FOUND')
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setSetActive(a, id, false);
  }
  @Post(':id/activate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('SET_NOT_FOUND')
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setSetActive(a, id, true);
  }
}

@ApiTags('catalog')
@Controller('sterilizers')
export class SterilizersController {
  constructor(private readonly catalog: CatalogService) {}

  @Get() @Roles(...CSSD_STAFF)
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listSterilizers(q.includeInactive === 'true');
  }
  @Get(':id') @Roles(...CSSD_STAFF) @ApiErrors('STERILIZER_NOT_FOUND')
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getSterilizer(id);
  }
  @Post() @Roles(...CATALOG_EDITORS) @ApiErrors('DUPLICATE_CODE')
  create(@CurrentUser() a: Actor, @Body() dto: CreateSterilizerDto) {
    return this.catalog.createSterilizer(a, dto);
  }
  @Patch(':id') @Roles(...CATALOG_EDITORS) @ApiErrors('STERILIZER_NOT_FOUND', 'DUPLICATE_CODE', 'STERILIZER_QUALIFICATION_REQUIRED', 'STERILIZER_TYPE_LOCKED')
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateSterilizerDto) {
    return this.catalog.updateSterilizer(a, id, dto);
  }
  @Post(':id/deactivate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('STERILIZER_NOT_FOUND')
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setSterilizerActive(a, id, false);
  }
  @Post(':id/activate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('STERILIZER_NOT_FOUND')
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setSterilizerActive(a, id, true);
  }
  @Post(':id/programs') @Roles(...CATALOG_EDITORS) @ApiErrors('STERILIZER_NOT_FOUND', 'DUPLICATE_CODE', 'INVALID_RANGE', 'INACTIVE_REFERENCE')
  addProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: CreateSterilizerProgramDto) {
    return this.catalog.addSterilizerProgram(a, id, dto);
  }
  @Patch(':id/programs/:programId') @Roles(...CATALOG_EDITORS) @ApiErrors('PROGRAM_NOT_FOUND', 'DUPLICATE_CODE', 'INVALID_RANGE')
  updateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string, @Body() dto: UpdateSterilizerProgramDto) {
    return this.catalog.updateSterilizerProgram(a, id, programId, dto);
  }
  @Post(':id/programs/:programId/deactivate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('PROGRAM_NOT_FOUND')
  deactivateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string) {
    return this.catalog.setSterilizerProgramActive(a, id, programId, false);
  }
  @Post(':id/programs/:programId/activate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('PROGRAM_NOT_FOUND')
  activateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string) {
    return this.catalog.setSterilizerProgramActive(a, id, programId, true);
  }
}

@ApiTags('catalog')
@Controller('washers')
export class WashersController {
  constructor(private readonly catalog: CatalogService) {}

  @Get() @Roles(...CSSD_STAFF)
  list(@Query() q: ListCatalogQuery) {
    return this.catalog.listWashers(q.includeInactive === 'true');
  }
  @Get(':id') @Roles(...CSSD_STAFF) @ApiErrors('WASHER_NOT_FOUND')
  get(@Param('id', IdPipe) id: string) {
    return this.catalog.getWasher(id);
  }
  @Post() @Roles(...CATALOG_EDITORS) @ApiErrors('DUPLICATE_CODE')
  create(@CurrentUser() a: Actor, @Body() dto: CreateWasherDto) {
    return this.catalog.createWasher(a, dto);
  }
  @Patch(':id') @Roles(...CATALOG_EDITORS) @ApiErrors('WASHER_NOT_FOUND', 'DUPLICATE_CODE')
  update(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: UpdateWasherDto) {
    return this.catalog.updateWasher(a, id, dto);
  }
  @Post(':id/deactivate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('WASHER_NOT_FOUND')
  deactivate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setWasherActive(a, id, false);
  }
  @Post(':id/activate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('WASHER_NOT_FOUND')
  activate(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string) {
    return this.catalog.setWasherActive(a, id, true);
  }
  @Post(':id/programs') @Roles(...CATALOG_EDITORS) @ApiErrors('WASHER_NOT_FOUND', 'DUPLICATE_CODE', 'INACTIVE_REFERENCE')
  addProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Body() dto: CreateWasherProgramDto) {
    return this.catalog.addWasherProgram(a, id, dto);
  }
  @Patch(':id/programs/:programId') @Roles(...CATALOG_EDITORS) @ApiErrors('PROGRAM_NOT_FOUND', 'DUPLICATE_CODE')
  updateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string, @Body() dto: UpdateWasherProgramDto) {
    return this.catalog.updateWasherProgram(a, id, programId, dto);
  }
  @Post(':id/programs/:programId/deactivate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('PROGRAM_NOT_FOUND')
  deactivateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string) {
    return this.catalog.setWasherProgramActive(a, id, programId, false);
  }
  @Post(':id/programs/:programId/activate') @HttpCode(200) @Roles(...CATALOG_EDITORS) @ApiErrors('PROGRAM_NOT_FOUND')
  activateProgram(@CurrentUser() a: Actor, @Param('id', IdPipe) id: string, @Param('programId', IdPipe) programId: string) {
    return this.catalog.setWasherProgramActive(a, id, programId, true);
  }
}
