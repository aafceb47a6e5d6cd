import { ApiProperty } from '@nestjs/swagger';
import { Id, Instant, Int, Text } from '../../common/views.js';
import { AssignedActionView, DefectMonthView } from '../../defects/dto/defects.view.js';

/** A decision of the meeting (number `seq`); its owner, due date and closing are its corrective action’s. */
export class ReviewDecisionView extends AssignedActionView {
  @Id() id: string;
  @Int() seq: number;
  @Text() decision: string;
}

export class ReviewAmendmentView {
  @Id() id: string;
  @Text() text: string;
  @Text() reason: string;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

/** A review as the list shows it. */
export class QualityReviewView {
  @Id() id: string;
  @Text({ example: '2026-11' }) month: string;
  @Instant() heldAt: string;
  @ApiProperty({ type: [String] }) attendees: string[];
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
  @Int() decisionCount: number;
  @Int({ description: 'decisions not done yet' }) openDecisionCount: number;
  @Int({ description: 'decisions not done and past their due date' }) overdueDecisionCount: number;
  @Int() amendmentCount: number;
}

/** What the meeting looked at: the month’s defects and its quality indicators, where to read them (not copied). */
export class ReviewAnalysisLinksView {
  @Text({ example: '/api/defects/analysis?from=2026-10&to=2026-11' }) defects: string;
  @Text({ example: '/api/reports/quality-indicators?from=2026-10&to=2026-11' }) qualityIndicators: string;
}

export class QualityReviewDetailView extends QualityReviewView {
  @Text() minutes: string;
  @ApiProperty({ type: [ReviewDecisionView] }) decisions: ReviewDecisionView[];
  @ApiProperty({ type: [ReviewAmendmentView], description: 'corrections of the minutes, oldest first' }) amendments: ReviewAmendmentView[];
  @ApiProperty({ type: DefectMonthView, description: 'the month’s defects as the analysis counts them now' }) defects: DefectMonthView;
  @ApiProperty({ type: ReviewAnalysisLinksView, description: 'the analysis it looked at, with the month before for the trend' })
  analysis: ReviewAnalysisLinksView;
}
