import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Day, Id, Int, Num, Text } from '../../common/views.js';
import { QualityIndicatorsQuery } from './quality-indicators.view.js';
import { Optional } from '../../common/validation.js';

/** ?from=YYYY-MM&to=YYYY-MM (up to 12 months) and, for the CSSD, the department. */
export class DepartmentSliceQuery extends QualityIndicatorsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'the department (a department user: its own, or omitted)' })
  @Optional()
  @IsUUID()
  departmentId?: string;
}

class SliceDepartmentView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

class SliceIndicatorView {
  @Num() numerator: number;
  @Int() denominator: number;
  @Num({ nullable: true, description: 'numerator / denominator (a fraction, or mean hours); null when the denominator is 0' })
  rate: number | null;
  @ApiProperty({ enum: ['up', 'down', 'same'], nullable: true, description: 'against the month before (lower is better)' })
  trend: string | null;
}

class SliceShortView extends SliceIndicatorView {
  @Int() missing: number;
  @Int() damaged: number;
}

class SliceProblemsView {
  @Int() total: number;
  @Int() wet: number;
  @Int() damaged: number;
  @Int() instrument_missing: number;
  @Int() inside_indicator_failed: number;
  @Int() other: number;
}

class SliceMonthView {
  @Text({ example: '2026-10' }) month: string;
  @Int({ description: 'sets collected from the department' }) collected: number;
  @ApiProperty({ type: SliceShortView, description: 'sets collected short / sets collected' }) shortCollections: SliceShortView;
  @Int({ description: 'packs dispatched to the department' }) dispatched: number;
  @ApiProperty({ type: SliceIndicatorView, description: 'hours collection → dispatch / packs dispatched' }) turnaround: SliceIndicatorView;
  @ApiProperty({ type: SliceProblemsView, description: 'problems the department reported, per kind' }) problems: SliceProblemsView;
  @Int({ description: 'recalls opened that month that found packs at the department' }) recalls: number;
  @Int({ description: 'the department’s packs in them' }) recalledPacks: number;
}

class SliceDayView {
  @Day() date: string;
  @Int() collected: number;
  @Int() dispatched: number;
}

/** 本科室报表: one department's slice of the reports, per month and per day. */
export class DepartmentSliceView {
  @Text({ example: '2026-01' }) from: string;
  @Text({ example: '2026-12', description: 'inclusive' }) to: string;
  @Text({ example: 'Asia/Shanghai' }) timezone: string;
  @Text() hospital: string;
  @ApiProperty({ type: SliceDepartmentView }) department: SliceDepartmentView;
  @ApiProperty({ type: [SliceMonthView] }) months: SliceMonthView[];
  @ApiProperty({ type: [SliceDayView], description: 'every day of the months' }) days: SliceDayView[];
}
