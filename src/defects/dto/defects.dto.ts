import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsString, IsUUID, Length, Matches } from 'class-validator';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { OptionalMonth } from '../../reports/dto/report-query.js';
import { DEFECT_KINDS, DEFECT_ZONES, type DefectKind, type DefectZone } from '../defect.entity.js';

const NOT_BLANK = /\S/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A defect as reported (seed 20): what, when, where, what kind, who was involved, the immediate remedy. */
export class ReportDefectDto {
  @ApiProperty({ enum: DEFECT_ZONES, description: 'where it happened' }) @IsIn(DEFECT_ZONES) zone: DefectZone;
  @ApiProperty({ enum: DEFECT_KINDS }) @IsIn(DEFECT_KINDS) kind: DefectKind;
  @ApiProperty({ example: '骨科基础包内缺少持针器 1 把，科室开包时发现' })
  @IsString()
  @Length(2, 500)
  @Matches(NOT_BLANK)
  description: string;
  @ApiPropertyOptional({ example: '包装岗 王护士；核对 李护士', description: 'who was involved' })
  @Optional()
  @IsString()
  @Length(1, 200)
  @Matches(NOT_BLANK)
  involved?: string;
  @ApiProperty({ example: '立即补发同类器械包，原包召回重新处理' })
  @IsString()
  @Length(2, 500)
  @Matches(NOT_BLANK)
  immediateRemedy: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the department’s problem report it is raised from' })
  @Optional()
  @IsUUID()
  problemReportId?: string;
  @ApiPropertyOptional({ description: `when it happened; default now; never in the future; ${HOSPITAL_TIME_FORMS}` })
  @Optional()
  @IsHospitalTime()
  occurredAt?: string;
}

/** A correction of the entry in force: the whole entry again, naming the one it corrects, with the reason. */
export class CorrectDefectDto extends ReportDefectDto {
  @ApiProperty({ format: 'uuid', description: 'the entry it corrects: the case’s entry in force' }) @IsUUID() correctsId: string;
  @ApiProperty({ example: '发生区域录入错误' }) @IsString() @Length(2, 200) @Matches(NOT_BLANK) reason: string;
}

/** Who is responsible for an action the head nurse sets, and by when (a defect's action, a review's decision). */
export class AssignedActionDto {
  @ApiProperty({ format: 'uuid', description: 'who is responsible: an active nurse, head nurse or quality monitor' })
  @IsUUID()
  ownerUserId: string;
  @ApiProperty({ example: '2026-12-31', description: 'done by the end of this hospital day (not before today)' })
  @Matches(DAY)
  @IsISO8601({ strict: true })
  dueDate: string;
}

/** A corrective and preventive action with its owner and due date. */
export class DefectActionDto extends AssignedActionDto {
  @ApiProperty({ example: '对包装岗位人员进行器械清点培训' }) @IsString() @Length(2, 300) @Matches(NOT_BLANK) corrective: string;
  @ApiProperty({ example: '包装前按器械清单双人核对，清单贴于包装台' }) @IsString() @Length(2, 300) @Matches(NOT_BLANK) preventive: string;
}

/** The head nurse's investigation: the cause, the responsibility, and the first action. */
export class InvestigateDefectDto extends DefectActionDto {
  @ApiProperty({ example: '包装时未按器械清单逐项清点' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) cause: string;
  @ApiProperty({ example: '包装岗位当班护士；核对不到位' }) @IsString() @Length(2, 300) @Matches(NOT_BLANK) responsibility: string;
}

/** The head nurse verifies the actions done: effective or not, and how it was verified. */
export class VerifyDefectDto {
  @ApiProperty({ description: 'the actions were effective' }) @IsBoolean() effective: boolean;
  @ApiProperty({ example: '抽查该岗位 30 个包，器械齐全' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) note: string;
}

export class CloseDefectDto {
  @ApiProperty({ example: '整改有效，同类差错未再发生' }) @IsString() @Length(2, 500) @Matches(NOT_BLANK) conclusion: string;
}

export class DefectsQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @Optional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @OptionalMonth('only defects that happened in this month (hospital time zone)') month?: string;
}
