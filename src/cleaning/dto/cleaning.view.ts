import { ApiProperty } from '@nestjs/swagger';
import { BilingualText, Id, Instant, Int, Num, Text } from '../../common/views.js';
import { PackSummaryView } from '../../packs/dto/step-answer.view.js';

const CYCLE_STATUSES = ['open', 'passed', 'failed'];

/** A washer-disinfector cycle 清洗批次 as stored. */
export class WasherCycleView {
  @Id() id: string;
  @Id() washerId: string;
  @Id() programId: string;
  @Int() cycleNo: number;
  @ApiProperty({ enum: CYCLE_STATUSES }) status: string;
  @Id() openedBy: string;
  @Instant() openedAt: string;
  @Id({ nullable: true }) completedBy: string | null;
  @Instant({ nullable: true }) completedAt: string | null;
  @Num({ nullable: true }) temperatureC: number | null;
  @Num({ nullable: true }) disinfectMinutes: number | null;
  @Int({ nullable: true }) a0: number | null;
  @Text({ nullable: true }) note: string | null;
}

export class WasherCycleWithPacksView extends WasherCycleView {
  @ApiProperty({ type: [PackSummaryView] }) packs: PackSummaryView[];
}

export class CompletedWasherCycleView {
  @Id() id: string;
  @Int() cycleNo: number;
  @ApiProperty({ enum: ['passed', 'failed'] }) status: string;
  @ApiProperty({ type: [String], description: 'parameters outside the program’s limits' }) problems: string[];
  @Int() packCount: number;
  @ApiProperty({ type: BilingualText }) summary: BilingualText;
}
