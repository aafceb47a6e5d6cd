import { ApiProperty } from '@nestjs/swagger';
import { BilingualText, Bool, Id, Instant, Int, Num, Text } from '../../common/views.js';
import { PACK_STATES } from '../../kernel/pack-state.js';
import { RecallCountsView } from '../../recall/dto/recall.view.js';
import { DISPOSITIONS } from '../../recall/recall-item.entity.js';
import { RECALL_TRIGGERS } from '../../recall/recall.entity.js';
import { TIMELINE_STEPS } from '../recall-report.js';

// 召回报告 (issue 15): GET /api/reports/recalls/:id, for the infection-control office.

export class ReportNamedView {
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

class RecallStepView {
  @Instant() at: string;
  @Text({ nullable: true, description: 'who (display name)' }) by: string | null;
}

class RecallTriggeredByView {
  @ApiProperty({ enum: ['bi', 'chemical'], description: 'the positive BI, or the failed inside indicator, that opened it' }) kind: string;
  @Text({ nullable: true }) sterilizerCode: string | null;
  @Int({ description: 'the failed load' }) cycleNo: number;
  @Text({ nullable: true }) lot: string | null;
  @ApiProperty({ type: ReportNamedView, nullable: true }) product: ReportNamedView | null;
  @Instant({ nullable: true }) placedAt: string | null;
  @Instant({ nullable: true, description: 'as the reader stated it' }) readAt: string | null;
  @Instant({ nullable: true, description: 'when the service learned the result' }) recordedAt: string | null;
  @Text({ nullable: true }) readBy: string | null;
  @Text({ nullable: true, description: 'the pack a department reported (the whole recall only)' }) reportedPack: string | null;
}

class RecallAnchorView {
  @Int() cycleNo: number;
  @Instant() startedAt: string;
  @Instant({ nullable: true, description: 'when its passing result was recorded' }) resultRecordedAt: string | null;
}

class RecallWindowView {
  @Bool({ description: 'the scope is "everything since the last passing BI" on this sterilizer' }) sinceLastPassingBi: boolean;
  @ApiProperty({ type: RecallAnchorView, nullable: true, description: 'the last load whose BIs all passed before the recalled ones' })
  lastPassingBi: RecallAnchorView | null;
  @Int({ nullable: true }) firstCycleNo: number | null;
  @Int({ nullable: true }) lastCycleNo: number | null;
  @Instant({ nullable: true }) firstStartedAt: string | null;
  @Instant({ nullable: true }) lastStartedAt: string | null;
  @Int({ description: 'loads recalled on this sterilizer (every department’s)' }) loads: number;
}

class RecallSterilizerView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ type: RecallWindowView }) window: RecallWindowView;
}

class RecallClosingView {
  @Text({ nullable: true }) cause: string | null;
  @Text({ nullable: true }) conclusion: string | null;
  @Int({ nullable: true, description: 'the whole recall only' }) reprocessedCount: number | null;
  @Int({ nullable: true, description: 'the whole recall only' }) discardedCount: number | null;
  @Text({ nullable: true, description: 'the whole recall only' }) reportedTo: string | null;
  @Instant({ nullable: true, description: 'the whole recall only' }) reportedAt: string | null;
  @Text({ nullable: true, description: 'the whole recall only' }) note: string | null;
}

class RecallTimelineEntryView {
  @Instant() at: string;
  @ApiProperty({ enum: TIMELINE_STEPS }) step: string;
  @ApiProperty({ type: BilingualText }) text: BilingualText;
  @Text({ nullable: true }) by: string | null;
  @Text({ nullable: true }) station: string | null;
  @ApiProperty({ type: ReportNamedView, nullable: true }) department: ReportNamedView | null;
  @Text({ nullable: true }) barcode: string | null;
}

class RecallReportLoadView {
  @Id() id: string;
  @ApiProperty({ type: ReportNamedView, description: 'as it was when the load ran' }) sterilizer: ReportNamedView;
  @Int() cycleNo: number;
  @ApiProperty({ type: ReportNamedView, nullable: true }) program: ReportNamedView | null;
  @Instant({ nullable: true }) startedAt: string | null;
  @Instant({ nullable: true }) completedAt: string | null;
  @Int({ description: 'recalled packs of this load (in a department’s slice, its own)' }) packs: number;
  @ApiProperty({ type: RecallCountsView }) counts: RecallCountsView;
}

class RecallReportPackView {
  @Text() barcode: string;
  @ApiProperty({ type: ReportNamedView }) set: ReportNamedView;
  @Bool() implant: boolean;
  @Text() sterilizerCode: string;
  @Int() cycleNo: number;
  @ApiProperty({ enum: PACK_STATES }) stateAtRecall: string;
  @ApiProperty({ type: BilingualText }) stateAtRecallName: BilingualText;
  @ApiProperty({ type: ReportNamedView, nullable: true, description: 'where it was when the recall opened' })
  department: ReportNamedView | null;
  @ApiProperty({ enum: DISPOSITIONS }) disposition: string;
  @Instant({ nullable: true }) accountedAt: string | null;
  @Text({ nullable: true }) accountedBy: string | null;
  @Text({ nullable: true }) station: string | null;
  @Bool() sentBackByDepartment: boolean;
  @Text({ nullable: true, description: 'who of its department handed it in at the CSSD, when recorded (issue 18)' }) handedInBy:
    string | null;
}

class RecallFollowUpView {
  @Text({ nullable: true }) patientId: string | null;
  @Text({ nullable: true }) operationId: string | null;
  @ApiProperty({ type: ReportNamedView, nullable: true }) department: ReportNamedView | null;
  @Instant({ nullable: true }) usedAt: string | null;
  @Text({ nullable: true }) usedBy: string | null;
  @Text() barcode: string;
  @ApiProperty({ type: ReportNamedView }) set: ReportNamedView;
  @Text() sterilizerCode: string;
  @Int() cycleNo: number;
}

/** The recall report: header, timeline, scope, every pack's disposition, patients to follow up (a department: its slice). */
export class RecallReportView {
  @Id() id: string;
  @Text({ example: 'RC-20261203-01', description: 'the hospital day it opened and its place that day' }) number: string;
  @Text() hospital: string;
  @Text({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ type: ReportNamedView, nullable: true, description: 'a department’s slice: that department; null: the whole recall' })
  department: ReportNamedView | null;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ enum: RECALL_TRIGGERS }) trigger: string;
  @ApiProperty({ type: BilingualText }) triggerName: BilingualText;
  @ApiProperty({ type: BilingualText }) reason: BilingualText;
  @ApiProperty({ type: RecallTriggeredByView, nullable: true }) triggeredBy: RecallTriggeredByView | null;
  @ApiProperty({ type: [RecallSterilizerView], description: 'the sterilizers concerned, each with the window it recalls' })
  sterilizers: RecallSterilizerView[];
  @ApiProperty({ type: RecallStepView }) opened: RecallStepView;
  @ApiProperty({ type: RecallStepView, nullable: true }) closed: RecallStepView | null;
  @Num({ nullable: true, description: 'hours from opening to closing, one decimal' }) hoursToClose: number | null;
  @ApiProperty({ type: RecallClosingView, nullable: true }) closing: RecallClosingView | null;
  @ApiProperty({ type: RecallCountsView }) counts: RecallCountsView;
  @Int() total: number;
  @ApiProperty({ type: [RecallTimelineEntryView], description: 'every step in time order' }) timeline: RecallTimelineEntryView[];
  @ApiProperty({ type: [RecallReportLoadView], description: 'the scope: the loads and their recalled packs' })
  loads: RecallReportLoadView[];
  @ApiProperty({ type: [RecallReportPackView], description: 'every pack, by barcode' }) packs: RecallReportPackView[];
  @ApiProperty({ type: [RecallFollowUpView], description: 'packs used on patients: the patients to follow up' })
  followUp: RecallFollowUpView[];
}
