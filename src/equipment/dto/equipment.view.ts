import { ApiProperty } from '@nestjs/swagger';
import { Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { EQUIPMENT_KINDS, MAINTENANCE_KINDS, MAINTENANCE_OUTCOMES } from '../equipment.entity.js';

const STATUSES = ['in_service', 'service_due', 'service_overdue', 'out_of_use'];

export class EquipmentFaultView {
  @Id() id: string;
  @Text() description: string;
  @Bool() outOfUse: boolean;
  @Bool({ description: 'it took the machine out of use and no return to service is recorded' }) open: boolean;
  @Instant() occurredAt: string;
  @Id() reportedBy: string;
  @Text() reportedByName: string;
  @Instant() reportedAt: string;
}

export class EquipmentMaintenanceView {
  @Id() id: string;
  @ApiProperty({ enum: MAINTENANCE_KINDS }) kind: string;
  @ApiProperty({ enum: MAINTENANCE_OUTCOMES }) outcome: string;
  @Id({ nullable: true }) faultId: string | null;
  @Text() note: string;
  @Text({ nullable: true }) performer: string | null;
  @Instant() performedAt: string;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

export class EquipmentView {
  @Id() id: string;
  @Text() code: string;
  @ApiProperty({ enum: EQUIPMENT_KINDS }) kind: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Id({ nullable: true }) sterilizerId: string | null;
  @Id({ nullable: true }) washerId: string | null;
  @Id() responsibleUserId: string;
  @Text() responsibleName: string;
  @Text({ nullable: true }) documents: string | null;
  @Int() serviceIntervalMonths: number;
  @Day({ description: 'the last passing service' }) lastServiceOn: string;
  @Day() nextServiceDue: string;
  @ApiProperty({ enum: STATUSES }) status: string;
  @Day({ nullable: true, description: 'the last monthly self-inspection (seed 6.5)' }) lastSelfInspectionOn: string | null;
  @Bool({ description: 'no self-inspection recorded this month yet' }) selfInspectionDue: boolean;
  @ApiProperty({ type: [EquipmentFaultView], description: 'faults still keeping it out of use' }) openFaults: EquipmentFaultView[];
}

export class EquipmentDetailView extends EquipmentView {
  @ApiProperty({ type: [EquipmentFaultView] }) faults: EquipmentFaultView[];
  @ApiProperty({ type: [EquipmentMaintenanceView] }) maintenance: EquipmentMaintenanceView[];
}

export class RegisterMaintenanceView extends EquipmentMaintenanceView {
  @Id() equipmentId: string;
  @Text() equipmentCode: string;
}

export class RegisterFaultView extends EquipmentFaultView {
  @Id() equipmentId: string;
  @Text() equipmentCode: string;
}

/** The register of a period (hospital calendar days, inclusive): the machines today, the period's maintenance and faults. */
export class EquipmentRegisterView {
  @Day() from: string;
  @Day({ description: 'inclusive' }) to: string;
  @Text() timezone: string;
  @ApiProperty({ type: [EquipmentView] }) machines: EquipmentView[];
  @ApiProperty({ type: [RegisterMaintenanceView], description: 'done in the period, in time order' })
  maintenance: RegisterMaintenanceView[];
  @ApiProperty({ type: [RegisterFaultView], description: 'noticed in the period, in time order' }) faults: RegisterFaultView[];
}
