import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../common/auth/roles.js';
import { Day, Id, Instant, Int, Text } from '../../common/views.js';

export class StageCountView {
  @ApiProperty({ enum: ['recycling', 'cleaning', 'packing', 'sterilization', 'storage', 'dispatch'] }) stage: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Int() count: number;
}

export class WorkerView {
  @Id() id: string;
  @Text() username: string;
  @Text() displayName: string;
  @ApiProperty({ enum: ROLES }) role: string;
}

export class StageTotalsView {
  @Int() recycling: number;
  @Int() cleaning: number;
  @Int() packing: number;
  @Int() sterilization: number;
  @Int() storage: number;
  @Int() dispatch: number;
}

export class PersonWorkView {
  @ApiProperty({ type: WorkerView, nullable: true }) user: WorkerView | null;
  @Int() total: number;
  @ApiProperty({ type: StageTotalsView }) byStage: StageTotalsView;
  @Int({ description: 'steps this person co-signed as second person' }) coSigned: number;
}

/** 工作量统计: a month's pack steps per zone and per person. */
export class WorkloadView {
  @Text({ example: '2026-10' }) month: string;
  @Text({ example: 'Asia/Shanghai' }) timezone: string;
  @Instant() from: string;
  @Instant({ description: 'exclusive' }) to: string;
  @ApiProperty({ type: [StageCountView] }) stages: StageCountView[];
  @Int() total: number;
  @ApiProperty({ type: [PersonWorkView], description: 'busiest first' }) people: PersonWorkView[];
}

class DayWorkView {
  @Day() date: string;
  @ApiProperty({ type: StageTotalsView }) byStage: StageTotalsView;
  @Int() total: number;
}

class TemplateNameView {
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

class TemplateWorkView {
  @ApiProperty({ type: TemplateNameView }) template: TemplateNameView;
  @ApiProperty({ type: StageTotalsView }) byStage: StageTotalsView;
  @Int() total: number;
}

class WasherUseView extends TemplateNameView {
  @Int({ description: 'cycles opened in the period' }) cycles: number;
  @Int() passed: number;
  @Int() failed: number;
}

class SterilizerUseView extends TemplateNameView {
  @Int({ description: 'loads started in the period' }) loads: number;
  @Int() failedLoads: number;
  @Int() bdCycles: number;
  @Int({ description: 'packs in those loads' }) packs: number;
}

/** 工作量统计 over a day, week, month or range: per day, person and template; washer and sterilizer use. */
export class WorkloadBreakdownView {
  @Day() from: string;
  @Day({ description: 'inclusive' }) to: string;
  @Text({ example: 'Asia/Shanghai' }) timezone: string;
  @Text() hospital: string;
  @ApiProperty({ type: [DayWorkView], description: 'every day of the period' }) perDay: DayWorkView[];
  @ApiProperty({ type: [PersonWorkView], description: 'busiest first' }) perPerson: PersonWorkView[];
  @ApiProperty({ type: [TemplateWorkView], description: 'busiest first' }) perTemplate: TemplateWorkView[];
  @ApiProperty({ type: [WasherUseView] }) washers: WasherUseView[];
  @ApiProperty({ type: [SterilizerUseView] }) sterilizers: SterilizerUseView[];
}
