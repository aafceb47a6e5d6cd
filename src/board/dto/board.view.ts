import { ApiProperty } from '@nestjs/swagger';
import { STERILIZATION_METHODS, STERILIZER_STATUSES } from '../../catalog/catalog.enums.js';
import { Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { SterilizerReadinessView } from '../../monitoring/dto/monitoring.view.js';
import { CorrectiveActionView, ScheduledTaskView } from '../../quality-checks/dto/quality-checks.view.js';
import { RecallSummaryView } from '../../recall/dto/recall.view.js';
import { LowStockView } from '../../requisitions/dto/requisitions.view.js';
import { WORK_STAGES } from '../../reports/workload.js';
import { BLOCK_REASONS, IN_CIRCULATION } from '../board.service.js';

// What GET /api/board answers (BoardService.summary): one read of everything the head nurse acts on.

/** A sterilizer: available, or the lockouts (§4.2) that stop it. */
export class BoardSterilizerView {
  @Id() id: string;
  @Text({ example: 'S1' }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ enum: STERILIZATION_METHODS }) type: string;
  @ApiProperty({ enum: STERILIZER_STATUSES }) status: string;
  @Bool({ description: 'takes a clinical load now: no reason below' }) available: boolean;
  @ApiProperty({ enum: BLOCK_REASONS, isArray: true, description: 'why not, in the order to act on them' }) reasons: string[];
  @ApiProperty({ type: SterilizerReadinessView }) readiness: SterilizerReadinessView;
  @Int({ nullable: true, description: 'the cycle running now' }) runningCycleNo: number | null;
  @ApiProperty({ type: 'integer', isArray: true, description: 'cycle numbers of loads opened, not yet started' }) openLoads: number[];
}

/** A washer: available, or busy with an open cycle. */
export class BoardWasherView {
  @Id() id: string;
  @Text({ example: 'W1' }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Int({ nullable: true, description: 'its open cycle (null: available)' }) openCycleNo: number | null;
  @Instant({ nullable: true }) openedAt: string | null;
}

/** A pack on one of the board's lists: its set, and the department it was sent to. */
export class BoardPackView {
  @Text() barcode: string;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text({ nullable: true, description: 'the department it was sent to (null: none)' }) departmentCode: string | null;
  @Text({ nullable: true }) departmentNameZh: string | null;
  @Text({ nullable: true }) departmentNameEn: string | null;
}

/** A sterile pack in circulation expiring soon (or already expired). */
export class ExpiringPackView extends BoardPackView {
  @ApiProperty({ enum: IN_CIRCULATION }) state: string;
  @Day() expiryDate: string;
  @Bool({ description: 'expiry date before today' }) expired: boolean;
}

export class BoardExpiringView {
  @Int({ description: 'every such pack (the list stops at 100)' }) total: number;
  @Day({ description: 'packs expiring on or before this day (today + 7)' }) until: string;
  @ApiProperty({ type: [ExpiringPackView], description: 'earliest expiry first, 100 at most' }) packs: ExpiringPackView[];
}

/** Today's pack steps in one zone, counted as the workload report counts them. */
export class StageCountView {
  @ApiProperty({ enum: WORK_STAGES.map((s) => s.stage) }) stage: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Int() count: number;
}

/** An implant pack held for its load's BI: what an emergency release would let out. */
export class HeldImplantPackView {
  @Text() barcode: string;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

/** An implant (or EO) load whose packs wait for their BI (§4.3). */
export class AwaitingBiLoadView {
  @Id() loadId: string;
  @Text() sterilizerCode: string;
  @Int() cycleNo: number;
  @Instant({ nullable: true }) completedAt: string | null;
  @Int() quarantinedPacks: number;
  @Int({ description: 'emergency releases recorded on the load' }) emergencyReleased: number;
  @Bool({ nullable: true, description: 'the PCD’s type 5 indicator (null: not recorded): an emergency release needs it passed' })
  pcdType5Passed: boolean | null;
  @Instant({ nullable: true, description: 'completedAt + the pending BI’s incubation' }) earliestBiReadAt: string | null;
  @Bool() biReadable: boolean;
  @ApiProperty({
    type: [HeldImplantPackView],
    description: 'implant packs still held (quarantined): an emergency release waits for the head nurse’s approval while any are',
  })
  implantPacks: HeldImplantPackView[];
}

/** A pack sent out under a BI reading a failed positive control invalidated (issue 18): for the head nurse to judge. */
export class InvalidBiPackView {
  @Text() barcode: string;
  @ApiProperty({ enum: ['dispatched', 'received', 'used', 'use_unrecorded'] }) state: string;
  @Text() sterilizerCode: string;
  @Int() cycleNo: number;
  @Text({ description: 'the BI lot whose positive control did not grow' }) lot: string;
  @Day({ description: 'the day of the invalidated reading' }) readDate: string;
  @Text({ nullable: true }) departmentCode: string | null;
  @Text({ nullable: true }) departmentNameZh: string | null;
  @Text({ nullable: true }) departmentNameEn: string | null;
}

/** Issue 18: a pack that came back with no use recorded, waiting for the department it was sent to (which completes it). */
export class UseNotRecordedPackView extends BoardPackView {
  @Instant({ description: 'when it was collected (flagged)' }) collectedAt: string;
}

export class BoardUseNotRecordedView {
  @Int({ description: 'every such pack (the list stops at 100)' }) total: number;
  @ApiProperty({ type: [UseNotRecordedPackView], description: 'latest collected first, 100 at most' }) packs: UseNotRecordedPackView[];
}

/** Issue 18: a pack collected from another department than the one it was sent to. */
export class CollectedElsewherePackView {
  @Text() barcode: string;
  @Instant() collectedAt: string;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text({ description: 'the department it was collected from' }) collectedFromDepartmentCode: string;
  @Text() collectedFromDepartmentNameZh: string;
  @Text() collectedFromDepartmentNameEn: string;
  @Text({ description: 'the department it had been sent to' }) dispatchedToDepartmentCode: string;
  @Text() dispatchedToDepartmentNameZh: string;
  @Text() dispatchedToDepartmentNameEn: string;
}

export class BoardCollectedElsewhereView {
  @Instant({ description: 'collections since this instant (the start of the hospital day 7 days ago)' }) since: string;
  @ApiProperty({ type: [CollectedElsewherePackView], description: 'newest first, 100 at most' }) packs: CollectedElsewherePackView[];
}

export class BoardView {
  @Instant({ description: 'when the board was read' }) at: string;
  @Day() today: string;
  @ApiProperty({ type: [BoardSterilizerView] }) sterilizers: BoardSterilizerView[];
  @ApiProperty({ type: [BoardWasherView] }) washers: BoardWasherView[];
  @ApiProperty({ type: [RecallSummaryView], description: 'open recalls with their progress' }) recalls: RecallSummaryView[];
  @ApiProperty({ type: BoardExpiringView }) expiring: BoardExpiringView;
  @ApiProperty({ type: [StageCountView] }) todayCounts: StageCountView[];
  @ApiProperty({ type: [AwaitingBiLoadView] }) awaitingBi: AwaitingBiLoadView[];
  @Int({ description: 'departments’ problem reports not closed yet (GET /api/problem-reports?status=open)' }) openProblemReports: number;
  @ApiProperty({
    type: [InvalidBiPackView],
    description: 'packs sent out whose releasing BI reading a positive control that did not grow invalidated (100 at most)',
  })
  outUnderInvalidBi: InvalidBiPackView[];
  @ApiProperty({
    type: BoardUseNotRecordedView,
    description: 'packs that came back with no use recorded, until their departments complete them',
  })
  useNotRecorded: BoardUseNotRecordedView;
  @ApiProperty({
    type: BoardCollectedElsewhereView,
    description: 'packs collected from another department than the one they were sent to, the last 7 days',
  })
  collectedElsewhere: BoardCollectedElsewhereView;
  @ApiProperty({ type: [ScheduledTaskView], description: 'routine checks a whole day or month went by without (seed 7.2–7.7)' })
  monitoringOverdue: ScheduledTaskView[];
  @ApiProperty({ type: [CorrectiveActionView], description: 'open corrective actions, earliest due first (seed 7.8; 200 at most)' })
  openCorrectiveActions: CorrectiveActionView[];
  @ApiProperty({
    type: [LowStockView],
    description:
      'templates sterile storage holds fewer usable packs of than the departments’ shortfalls against their base quantities (issue 16)',
  })
  lowStock: LowStockView[];
}
