import { ApiProperty } from '@nestjs/swagger';
import { Id, Int, Num, Text } from '../../common/views.js';
import { OptionalFormat, OptionalMonth, type ReportFormat } from './report-query.js';

/** ?from=YYYY-MM&to=YYYY-MM (up to 12 months; the year to this month when omitted). */
export class QualityIndicatorsQuery {
  @OptionalMonth('first month (YYYY-MM); 11 months before `to` if omitted') from?: string;
  @OptionalMonth('last month (YYYY-MM), inclusive; this month if omitted') to?: string;
  @OptionalFormat() format?: ReportFormat;
}

class IndicatorView {
  @Num() numerator: number;
  @Int() denominator: number;
  @Num({ nullable: true, description: 'numerator / denominator (a fraction, or mean hours); null when the denominator is 0' })
  rate: number | null;
  @ApiProperty({ enum: ['up', 'down', 'same'], nullable: true, description: 'against the month before (lower is better)' })
  trend: string | null;
}

class ShortCollectionsView extends IndicatorView {
  @Int() missing: number;
  @Int() damaged: number;
}

class HospitalIndicatorsView {
  @ApiProperty({ type: IndicatorView, description: 'wet packs / packs unloaded' }) wetPacks: IndicatorView;
  @ApiProperty({ type: IndicatorView, description: 'load indicators failed / loads completed' }) chemicalIndicatorFailures: IndicatorView;
  @ApiProperty({ type: IndicatorView, description: 'positive / BIs read' }) biologicalIndicatorFailures: IndicatorView;
  @ApiProperty({ type: IndicatorView, description: 'inspections failed / inspections before packing' }) cleaningFailures: IndicatorView;
  @ApiProperty({ type: IndicatorView, description: 'problem reports / packs opened at departments' }) problemsAtUse: IndicatorView;
  @ApiProperty({ type: IndicatorView, description: 'recalls opened / loads completed' }) recalls: IndicatorView;
  @ApiProperty({ type: IndicatorView, description: 'hours open in total / recalls closed' }) recallTimeToClose: IndicatorView;
  @ApiProperty({ type: IndicatorView, description: 'expired on the shelf / stored packs expiring that month' })
  expiredInStorage: IndicatorView;
}

class IndicatorDepartmentView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

class DepartmentIndicatorsView {
  @ApiProperty({ type: IndicatorDepartmentView }) department: IndicatorDepartmentView;
  @ApiProperty({ type: ShortCollectionsView, description: 'sets collected short / sets collected' }) shortCollections: ShortCollectionsView;
  @ApiProperty({ type: IndicatorView, description: 'hours collection → dispatch / packs dispatched' }) turnaround: IndicatorView;
}

class IndicatorMonthView {
  @Text({ example: '2026-10' }) month: string;
  @ApiProperty({ type: HospitalIndicatorsView }) hospital: HospitalIndicatorsView;
  @ApiProperty({ type: [DepartmentIndicatorsView] }) departments: DepartmentIndicatorsView[];
}

/** 质量指标: the CSSD's quality indicators per month, and per department. */
export class QualityIndicatorsView {
  @Text({ example: '2026-01' }) from: string;
  @Text({ example: '2026-12', description: 'inclusive' }) to: string;
  @Text({ example: 'Asia/Shanghai' }) timezone: string;
  @Text() hospital: string;
  @ApiProperty({ type: [IndicatorMonthView] }) months: IndicatorMonthView[];
}
