import { WorkloadPeriodQuery } from '../../reports/dto/report-query.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { EQUIPMENT_KINDS, MAINTENANCE_OUTCOMES, type EquipmentKind, type MaintenanceOutcome } from '../equipment.entity.js';

const NOT_BLANK = /\S/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The maintenance records a nurse or the head nurse enters (a return to service has its own route). */
export const RECORDED_KINDS = ['service', 'repair', 'self_inspection'] as const;
export type RecordedKind = (typeof RECORDED_KINDS)[number];

export class RegisterEquipmentDto {
  @ApiProperty({ example: 'SEAL-01' }) @IsString() @Length(2, 32) @Matches(CODE) code: string;
  @ApiProperty({ enum: EQUIPMENT_KINDS }) @IsIn(EQUIPMENT_KINDS) kind: EquipmentKind;
  @ApiProperty({ example: '医用封口机 1 号' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) nameZh: string;
  @ApiProperty({ example: 'Heat sealer 1' }) @IsString() @Length(2, 100) @Matches(NOT_BLANK) nameEn: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the catalog sterilizer (kind sterilizer)' })
  @Optional()
  @IsUUID()
  sterilizerId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the catalog washer (kind washer)' }) @Optional() @IsUUID() washerId?: string;
  @ApiProperty({ format: 'uuid', description: 'the person responsible (专人负责)' }) @IsUUID() responsibleUserId: string;
  @ApiPropertyOptional({ example: 6, description: 'months between services; default 6 (half a year)' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(24)
  serviceIntervalMonths?: number;
  @ApiProperty({ example: '2026-09-01', description: 'the last service before registration (YYYY-MM-DD): the plan counts from it' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  lastServiceOn: string;
  @ApiPropertyOptional({ example: '说明书、合格证存设备档案柜 A-3' }) @Optional() @IsString() @Length(1, 300) documents?: string;
}

export class ReportFaultDto {
  @ApiProperty({ example: '封口温度达不到设定值' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) description: string;
  @ApiProperty({ description: 'the machine was taken out of use' }) @IsBoolean() outOfUse: boolean;
  @ApiPropertyOptional({ description: `when it was noticed; default now; never in the future; ${HOSPITAL_TIME_FORMS}` })
  @Optional()
  @IsHospitalTime()
  occurredAt?: string;
}

export class RecordMaintenanceDto {
  @ApiProperty({ enum: RECORDED_KINDS }) @IsIn(RECORDED_KINDS) kind: RecordedKind;
  @ApiProperty({ enum: MAINTENANCE_OUTCOMES }) @IsIn(MAINTENANCE_OUTCOMES) outcome: MaintenanceOutcome;
  @ApiProperty({ example: '更换加热元件，试运行正常' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) note: string;
  @ApiPropertyOptional({ example: '厂家工程师 王工', description: 'who did the work, if not the person recording it' })
  @Optional()
  @IsString()
  @Length(1, 100)
  performer?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the fault a repair is for' }) @Optional() @IsUUID() faultId?: string;
  @ApiPropertyOptional({ description: `when the work was done; default now; never in the future; ${HOSPITAL_TIME_FORMS}` })
  @Optional()
  @IsHospitalTime()
  performedAt?: string;
}

export class ReturnToServiceDto {
  @ApiProperty({ format: 'uuid', description: 'the fault that took it out of use' }) @IsUUID() faultId: string;
  @ApiProperty({ example: '维修后试运行 3 次正常，恢复使用' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) note: string;
  @ApiPropertyOptional({ example: '厂家工程师 王工' }) @Optional() @IsString() @Length(1, 100) performer?: string;
}

/** The register's period (a day, week, month or range; this month by default) and its format. */
export class EquipmentRegisterQuery extends WorkloadPeriodQuery {}
