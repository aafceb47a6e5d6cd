import { ApiProperty } from '@nestjs/swagger';
import { Int, Text } from '../../common/views.js';
import { StepAnswerView } from '../../packs/dto/step-answer.view.js';

/** A contents line a set is short of (counted at recycling, less what was replaced), as the template named it. */
export class ShortLineView {
  @Int({ description: 'the contents line (from 1)' }) line: number;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Int() quantity: number;
}

/** A replacement recorded: the set's answer and what it is still short of. */
export class ReplacementAnswerView extends StepAnswerView {
  @ApiProperty({ type: [ShortLineView], description: 'still short after this replacement (empty: complete)' }) shortfall: ShortLineView[];
}
