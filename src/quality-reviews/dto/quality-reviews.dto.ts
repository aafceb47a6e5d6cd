import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { HOSPITAL_TIME_FORMS } from '../../common/hospital-time.js';
import { IsHospitalTime, Optional } from '../../common/validation.js';
import { bilingual } from '../../common/validation-messages.js';
import { AssignedActionDto } from '../../defects/dto/defects.dto.js';

const NOT_BLANK = /\S/;
const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;

/** A decision of the meeting, with the person responsible and the due date. */
export class ReviewDecisionDto extends AssignedActionDto {
  @ApiProperty({ example: '下月起包装岗每日抽查 10 个包的器械清点' }) @IsString() @Length(2, 300) @Matches(NOT_BLANK) decision: string;
}

/** The meeting of a month (seed 10.1, 10.4): when, who attended, the minutes, the decisions. */
export class RecordQualityReviewDto {
  @ApiProperty({ example: '2026-11', description: 'the month reviewed (YYYY-MM, hospital time zone)' })
  @Matches(MONTH, { message: bilingual('month：月份必须是 YYYY-MM 格式', 'month: must be YYYY-MM') })
  month: string;
  @ApiPropertyOptional({
    description: `when it was held; default now; not in the future nor before the month began; ${HOSPITAL_TIME_FORMS}`,
  })
  @Optional()
  @IsHospitalTime()
  heldAt?: string;
  @ApiProperty({ example: ['周护士长', '赵监测', '王回收'], description: 'who attended (names as written), 1–40' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  @Matches(NOT_BLANK, { each: true })
  attendees: string[];
  @ApiProperty({ example: '本月差错 3 例，湿包 2 例……' }) @IsString() @Length(2, 4000) @Matches(NOT_BLANK) minutes: string;
  @ApiProperty({ type: [ReviewDecisionDto], description: 'each opens a corrective action with its owner and due date (0–20)' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ReviewDecisionDto)
  decisions: ReviewDecisionDto[];
}

/** A correction of the minutes: the text and why (the review itself stays as recorded). */
export class AmendQualityReviewDto {
  @ApiProperty({ example: '出席人员补记：李核对' }) @IsString() @Length(2, 2000) @Matches(NOT_BLANK) text: string;
  @ApiProperty({ example: '会后发现漏记出席人员' }) @IsString() @Length(2, 200) @Matches(NOT_BLANK) reason: string;
}
