import { ApiProperty } from '@nestjs/swagger';
import { BilingualText, Bool, Day, Int, Text } from '../../common/views.js';
import { RegisterSterilizerView } from './register.view.js';

class ComplianceBdView {
  @Bool({ description: 'pre-vacuum steam with loads that day' }) required: boolean;
  @Int() done: number;
  @Bool({ nullable: true }) passedBeforeFirstLoad: boolean | null;
}

class ComplianceBiView {
  @ApiProperty({ enum: ['week', 'day', 'every_load'] }) required: string;
  @Int({ description: 'loads of the day that carried a BI' }) inLoads: number;
  @Int() positive: number;
  @ApiProperty({ enum: ['day', 'week'], nullable: true, description: 'a BI that day, or (steam) in its week' }) coveredBy: string | null;
}

class ComplianceDayView {
  @Day() date: string;
  @ApiProperty({ type: RegisterSterilizerView }) sterilizer: RegisterSterilizerView;
  @Int() loads: number;
  @ApiProperty({ type: ComplianceBdView }) bd: ComplianceBdView;
  @ApiProperty({ type: ComplianceBiView }) bi: ComplianceBiView;
  @Int() physicalFailed: number;
  @Int() chemicalFailed: number;
  @ApiProperty({ type: [BilingualText] }) gaps: BilingualText[];
}

/** 监测合规: each sterilizer-day of the period with its monitoring and every gap. */
export class MonitoringComplianceView {
  @Day() from: string;
  @Day({ description: 'inclusive' }) to: string;
  @Text({ example: 'Asia/Shanghai' }) timezone: string;
  @Text() hospital: string;
  @ApiProperty({ type: [ComplianceDayView], description: 'by day, then sterilizer' }) days: ComplianceDayView[];
}
