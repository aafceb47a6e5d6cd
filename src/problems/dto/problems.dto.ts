import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../../common/validation.js';

const NOT_BLANK = /\S/;

/** The CSSD's outcome of a report (seed 20): every part is required, none may be blank. */
export class CloseProblemReportDto {
  @ApiProperty({ example: '查看同锅次其他包均干燥；该包装载位置靠近柜门', description: 'what was looked at' })
  @IsString()
  @Length(2, 500)
  @Matches(NOT_BLANK, { message: 'investigation: must not be blank' })
  investigation: string;
  @ApiProperty({ example: '装载过密，冷凝水未排出' })
  @IsString()
  @Length(2, 300)
  @Matches(NOT_BLANK, { message: 'cause: must not be blank' })
  cause: string;
  @ApiProperty({ example: '重新培训装载方法；该器械包重新处理' })
  @IsString()
  @Length(2, 300)
  @Matches(NOT_BLANK, { message: 'action: must not be blank' })
  action: string;
}

/** A correction of a closed report's outcome: a new record naming why. */
export class CorrectProblemReportDto extends CloseProblemReportDto {
  @ApiProperty({ example: '原因判断有误，复核后更正' })
  @IsString()
  @Length(2, 200)
  @Matches(NOT_BLANK, { message: 'reason: must not be blank' })
  reason: string;
}

export class ProblemReportListQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @Optional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}
