import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { WorkloadPeriodQuery } from '../../reports/dto/report-query.js';
import { VISIT_ZONES, type VisitZone } from '../visit.entity.js';

const NOT_BLANK = /\S/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

const Zones = (description: string) => (target: object, key: string) => {
  ApiProperty({ enum: VISIT_ZONES, isArray: true, description })(target, key);
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(VISIT_ZONES.length)(target, key);
  ArrayUnique()(target, key);
  IsIn(VISIT_ZONES, { each: true })(target, key);
};

/** A visitor: the name and the title (职务). */
export class VisitorDto {
  @ApiProperty({ example: '张明' }) @IsString() @Length(1, 100) @Matches(NOT_BLANK) name: string;
  @ApiProperty({ example: '院感科主任' }) @IsString() @Length(1, 100) @Matches(NOT_BLANK) title: string;
}

/** A visit request (issue 17): the unit, its visitors, a contact, the purpose, the planned day and window, the zones. */
export class RequestVisitDto {
  @ApiProperty({ example: '市卫生健康委员会' }) @IsString() @Length(2, 200) @Matches(NOT_BLANK) unit: string;
  @ApiProperty({ type: [VisitorDto], description: '1–30 visitors' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => VisitorDto)
  visitors: VisitorDto[];
  @ApiProperty({ example: '13800138000（张主任）', description: 'a phone number or another way to reach the unit' })
  @IsString()
  @Length(3, 100)
  @Matches(NOT_BLANK)
  contact: string;
  @ApiProperty({ example: '年度院感督导检查' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) purpose: string;
  @ApiProperty({ example: '2026-12-10', description: 'the planned hospital day (not before today)' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  plannedDate: string;
  @ApiProperty({ example: '09:00', description: 'hospital wall clock, HH:MM' }) @Matches(CLOCK) windowStart: string;
  @ApiProperty({ example: '11:00', description: 'hospital wall clock, HH:MM; after windowStart' }) @Matches(CLOCK) windowEnd: string;
  @Zones('the CSSD zones the visitors ask to enter') zones: VisitZone[];
}

/** A correction of the request entry in force, before it is decided: the whole entry again, naming it, with the reason. */
export class CorrectVisitDto extends RequestVisitDto {
  @ApiProperty({ format: 'uuid', description: 'the entry it corrects: the request’s entry in force' }) @IsUUID() correctsId: string;
  @ApiProperty({ example: '来访人员职务录入错误' }) @IsString() @Length(2, 200) @Matches(NOT_BLANK) reason: string;
}

export class ApproveVisitDto {
  @ApiPropertyOptional({ example: '同意，由质控护士陪同', description: 'a note with the approval' })
  @Optional()
  @IsString()
  @Length(1, 300)
  @Matches(NOT_BLANK)
  note?: string;
}

export class ReasonDto {
  @ApiProperty({ example: '当日有灭菌器验证，暂不接待' }) @IsString() @Length(2, 300) @Matches(NOT_BLANK) reason: string;
}

/** The visitors came in: when (default now; not in the future) and who of the CSSD escorts them. */
export class CheckInDto {
  @ApiPropertyOptional({ description: `when they came in; default now; never in the future; ${HOSPITAL_TIME_FORMS}` })
  @Optional()
  @IsHospitalTime()
  at?: string;
  @ApiProperty({ format: 'uuid', description: 'the escort: an active CSSD nurse, head nurse or quality monitor' })
  @IsUUID()
  escortUserId: string;
}

/** The visitors left: when (default now; after they came in) and the zones they actually entered (approved ones only). */
export class CheckOutDto {
  @ApiPropertyOptional({ description: `when they left; default now; never in the future; after the time in; ${HOSPITAL_TIME_FORMS}` })
  @Optional()
  @IsHospitalTime()
  at?: string;
  @Zones('the zones actually entered: approved ones only') zonesEntered: VisitZone[];
}

const Correction = () => (target: object, key: string) => {
  ApiProperty({ format: 'uuid', description: 'the entry it corrects: the one in force' })(target, key);
  IsUUID()(target, key);
};
const Reason = () => (target: object, key: string) => {
  ApiProperty({ example: '入区时间录入错误' })(target, key);
  IsString()(target, key);
  Length(2, 200)(target, key);
  Matches(NOT_BLANK)(target, key);
};

export class CorrectCheckInDto extends CheckInDto {
  @Correction() correctsId: string;
  @Reason() reason: string;
}

export class CorrectCheckOutDto extends CheckOutDto {
  @Correction() correctsId: string;
  @Reason() reason: string;
}

/** A comment a visitor gave. */
export class VisitCommentDto {
  @ApiPropertyOptional({ example: '张明', description: 'who gave it (a visitor’s name)' })
  @Optional()
  @IsString()
  @Length(1, 100)
  @Matches(NOT_BLANK)
  author?: string;
  @ApiProperty({ example: '去污区分区明确，建议增加洗眼装置标识' }) @IsString() @Length(2, 1000) @Matches(NOT_BLANK) text: string;
}

/** The register's period: a day, a week, a month or a range of days (hospital calendar; today when none), and the format. */
export class VisitsQuery extends WorkloadPeriodQuery {}
