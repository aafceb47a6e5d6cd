import { Body, Controller, Get, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Actor } from '../common/auth/current-user.js';
import { Roles } from '../common/auth/decorators.js';
import { CATALOG_EDITORS, CSSD_STAFF } from '../common/auth/roles.js';
import { ApiErrors } from '../common/errors/api-errors.js';
import { IdPipe } from '../common/id-param.js';
import { reportContent, reportFile, XLSX_TYPE } from '../reports/report-file.js';
import {
  EquipmentRegisterQuery,
  RecordMaintenanceDto,
  RegisterEquipmentDto,
  ReportFaultDto,
  ReturnToServiceDto,
} from './dto/equipment.dto.js';
import { EquipmentDetailView, EquipmentRegisterView, EquipmentView } from './dto/equipment.view.js';
import { EquipmentService } from './equipment.service.js';

/** The equipment register (seed 6, 5.4, 6.5): machines, their plan, faults, services and returns to service. */
@ApiTags('equipment 设备管理')
@Controller('equipment')
export class EquipmentController {
  constructor(private readonly equipment: EquipmentService) {}

  @Get()
  @Roles(...CSSD_STAFF)
  @ApiErrors()
  @ApiOperation({ summary: 'Every machine with its status: in service, service due, service overdue, out of use' })
  @ApiOkResponse({ type: [EquipmentView] })
  list() {
    return this.equipment.list();
  }

  /** 设备管理登记 of a period; declared before `:id` ("register" is no id). */
  @Get('register')
  @Roles(...CSSD_STAFF)
  @ApiErrors('REPORT_PERIOD_INVALID', 'REPORT_PERIOD_TOO_LONG')
  @ApiProduces('application/json', XLSX_TYPE, 'application/pdf')
  @ApiOperation({
    summary:
      'The register of a period (a day, week, month or range; hospital calendar; this month by default): the machines with their plan, the maintenance and faults of the period; JSON, XLSX or A4 PDF',
  })
  @ApiExtraModels(EquipmentRegisterView)
  @ApiOkResponse({ content: reportContent(EquipmentRegisterView) })
  async periodRegister(@Query() q: EquipmentRegisterQuery): Promise<EquipmentRegisterView | StreamableFile> {
    const r = await this.equipment.periodRegister(q);
    if (!q.format || q.format === 'json') return r;
    const name = r.from === r.to ? r.from : `${r.from}_${r.to}`;
    return reportFile(this.equipment.registerDocument(r), q.format, `equipment-${name}`, this.equipment.printedAt());
  }

  @Get(':id')
  @Roles(...CSSD_STAFF)
  @ApiErrors('EQUIPMENT_NOT_FOUND')
  @ApiOperation({ summary: 'One machine with its faults and maintenance records' })
  @ApiOkResponse({ type: EquipmentDetailView })
  get(@Param('id', IdPipe) id: string) {
    return this.equipment.get(id);
  }

  @Post()
  @Roles(...CATALOG_EDITORS)
  @ApiErrors(
    'EQUIPMENT_MACHINE_REQUIRED',
    'STERILIZER_NOT_FOUND',
    'WASHER_NOT_FOUND',
    'EQUIPMENT_RESPONSIBLE_INVALID',
    'DUPLICATE_CODE',
    'EQUIPMENT_ALREADY_REGISTERED',
  )
  @ApiOperation({ summary: 'Register a machine with its responsible operator and service plan' })
  @ApiCreatedResponse({ type: EquipmentDetailView })
  register(@CurrentUser() actor: Actor, @Body() dto: RegisterEquipmentDto) {
    return this.equipment.register(actor, dto);
  }

  @Post(':id/faults')
  @Roles(...CSSD_STAFF)
  @ApiErrors('EQUIPMENT_NOT_FOUND', 'STATED_TIME_IN_FUTURE')
  @ApiOperation({ summary: 'Report a fault (anyone); out of use: the machine runs nothing until returned to service' })
  @ApiCreatedResponse({ type: EquipmentDetailView })
  reportFault(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: ReportFaultDto) {
    return this.equipment.reportFault(actor, id, dto);
  }

  @Post(':id/maintenance')
  @Roles('nurse', 'head_nurse')
  @ApiErrors('EQUIPMENT_NOT_FOUND', 'EQUIPMENT_FAULT_NOT_FOUND', 'STATED_TIME_IN_FUTURE')
  @ApiOperation({ summary: 'Record a service, repair or monthly self-inspection with its outcome' })
  @ApiCreatedResponse({ type: EquipmentDetailView })
  record(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: RecordMaintenanceDto) {
    return this.equipment.record(actor, id, dto);
  }

  @Post(':id/return-to-service')
  @Roles('head_nurse')
  @ApiErrors('EQUIPMENT_NOT_FOUND', 'EQUIPMENT_FAULT_NOT_FOUND', 'EQUIPMENT_FAULT_NOT_OUT_OF_USE')
  @ApiOperation({ summary: 'Return a machine to service after the fault that took it out of use (a new record)' })
  @ApiCreatedResponse({ type: EquipmentDetailView })
  returnToService(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body() dto: ReturnToServiceDto) {
    return this.equipment.returnToService(actor, id, dto);
  }
}
