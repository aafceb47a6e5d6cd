import { ApiProperty } from '@nestjs/swagger';
import { STERILIZER_STATUSES } from '../../catalog/catalog.enums.js';
import { BilingualText, Bool, Day, Id, Instant, Int, Num, Text } from '../../common/views.js';
import { LOAD_STATUSES } from '../../kernel/sterilizer-load.entity.js';
import { READING_KINDS, type ReadingKind } from '../../kernel/environment-reading.entity.js';

const BI_RESULTS = ['pending', 'passed', 'failed'];
/** sterilizer_loads.release (ck_sterilizer_loads_release). */
export const LOAD_RELEASES = ['pending', 'released', 'awaiting_bi', 'failed'];

/** A Bowie-Dick test 布维-狄克试验 as recorded. */
export class BdTestView {
  @Id() id: string;
  @Id() sterilizerId: string;
  @Id({ nullable: true, description: 'its cycle in the sterilizer’s list (null: recorded before B-Ds took cycle numbers)' }) loadId:
    string | null;
  @Int({ nullable: true, description: 'its cycle number (锅次), shared with the sterilizer’s loads' }) cycleNo: number | null;
  @Instant() testedAt: string;
  @Day({ description: 'the hospital day it counts for' }) testDate: string;
  @Bool() passed: boolean;
  @Id() operatorId: string;
  @Text({ nullable: true }) note: string | null;
  @Instant() recordedAt: string;
}

/** A biological indicator 生物监测 placed in a load, and its result once read. */
export class BiTestView {
  @Id() id: string;
  @Id() sterilizerId: string;
  @Id() loadId: string;
  @Id({ nullable: true, description: 'the BI product; null for BIs placed before the product catalog' }) productId: string | null;
  @Text() lot: string;
  @Instant() placedAt: string;
  @Id() placedBy: string;
  @Int({ description: 'incubation before it may be read' }) readoutMinutes: number;
  @Bool({ nullable: true, description: 'the PCD’s type 5 indicator, recorded after unloading' }) pcdType5Passed: boolean | null;
  @ApiProperty({ enum: BI_RESULTS }) result: string;
  @Instant({ nullable: true }) readAt: string | null;
  @Day({ nullable: true, description: 'the hospital day it was read: that day’s positive control of its lot covers it' }) readDate:
    string | null;
  @Instant({ nullable: true }) resultRecordedAt: string | null;
  @Id({ nullable: true }) readBy: string | null;
  @Text({ nullable: true }) note: string | null;
  @Instant() recordedAt: string;
}

/** A BI lot's positive control for one hospital day. */
export class PositiveControlView {
  @Id() id: string;
  @Id() productId: string;
  @Text() lot: string;
  @Day({ description: 'the day whose readings of the lot it covers' }) controlDate: string;
  @Bool({ description: 'it grew, as it must' }) grew: boolean;
  @Instant() readAt: string;
  @Id() readBy: string;
  @Text({ nullable: true }) note: string | null;
  @Instant() recordedAt: string;
}

export class WithdrawnLoadView {
  @Id() loadId: string;
  @Text() sterilizerCode: string;
  @Int() cycleNo: number;
}

/** A control recorded; when it did not grow, what it took back. */
export class RecordedPositiveControlView {
  @ApiProperty({ type: PositiveControlView }) control: PositiveControlView;
  @Int({ description: 'negative readings of the lot that day it invalidated (0 when it grew)' }) invalidatedReadings: number;
  @ApiProperty({ type: [WithdrawnLoadView], description: 'loads those readings had released, no longer released' })
  withdrawnLoads: WithdrawnLoadView[];
  @Int({ description: 'packs of those loads held again in the CSSD' }) packsHeld: number;
  @Int({ description: 'packs of those loads already sent out (listed on the head nurse’s board)' }) packsOut: number;
}

export class RecallRefView {
  @Id() id: string;
}

export class BiReadView {
  @ApiProperty({ type: BiTestView }) bi: BiTestView;
  @Int({ description: 'held-back packs released by a negative result' }) released: number;
  @ApiProperty({ type: RecallRefView, nullable: true, description: 'the recall a positive result opened' }) recall: RecallRefView | null;
}

export class EmergencyReleaseView {
  @Id() loadId: string;
  @Int() released: number;
  @ApiProperty({ type: BilingualText }) summary: BilingualText;
}

/** An environment, water or disinfectant reading with the limits it was judged against. */
export class ReadingView {
  @Id() id: string;
  @ApiProperty({ enum: READING_KINDS }) kind: ReadingKind;
  @Num() value: number;
  @Text({ example: '°C' }) unit: string;
  @Num({ nullable: true }) limitMin: number | null;
  @Num({ nullable: true }) limitMax: number | null;
  @Bool() withinLimits: boolean;
  @Instant() measuredAt: string;
  @Id() recordedBy: string;
  @Text({ nullable: true }) note: string | null;
  @Instant() recordedAt: string;
  @Id({ nullable: true, description: 'the routine check it did (which solution); null: none' }) taskId: string | null;
}

export class RecordedReadingView extends ReadingView {
  @Int({ description: 'cotton packs whose expiry this reading shortened to 7 days (storage out of limits, seed 13.4)' })
  shortenedCottonPacks: number;
  @Id({ nullable: true, description: 'the corrective action a reading out of its limits opened (seed 7.8; GET /api/corrective-actions)' })
  correctiveActionId: string | null;
}

export class BdReadinessView {
  @Bool() required: boolean;
  @ApiProperty({ enum: ['passed', 'failed', 'missing', 'not_required'] }) today: string;
}

export class BiReadinessView {
  @Bool() blocked: boolean;
  @ApiProperty({ enum: BI_RESULTS, nullable: true, type: String }) lastResult: string | null;
  @Instant({ nullable: true }) lastRunAt: string | null;
  @Instant({ nullable: true }) nextDue: string | null;
  @Bool() overdue: boolean;
}

export class CommissioningView {
  @Bool() active: boolean;
  @Int() biPasses: number;
  @Int() bdPasses: number;
  @Int() needed: number;
}

/** What may stop a sterilizer taking a load (§4.2). */
export class SterilizerReadinessView {
  @Id() sterilizerId: string;
  @Text() code: string;
  @ApiProperty({ enum: STERILIZER_STATUSES }) status: string;
  @Day({ nullable: true }) annualInspectionValidUntil: string | null;
  @Bool() annualInspectionValid: boolean;
  @ApiProperty({ type: BdReadinessView }) bd: BdReadinessView;
  @ApiProperty({ type: BiReadinessView }) bi: BiReadinessView;
  @ApiProperty({ type: CommissioningView, nullable: true }) commissioning: CommissioningView | null;
}

/** A BI waiting for its result, as the monitoring desk shows it: sterilizer code and cycle number, not ids alone. */
export class PendingBiView {
  @Id() id: string;
  @Text() lot: string;
  @Instant() placedAt: string;
  @Int({ description: 'incubation before it may be read' }) readoutMinutes: number;
  @Bool({ nullable: true, description: 'the PCD’s type 5 indicator, recorded after unloading (null: not yet)' }) pcdType5Passed:
    boolean | null;
  @Id() sterilizerId: string;
  @Text({ example: 'S1' }) sterilizerCode: string;
  @Text() sterilizerNameZh: string;
  @Text() sterilizerNameEn: string;
  @Id() loadId: string;
  @Int() cycleNo: number;
  @ApiProperty({ enum: LOAD_STATUSES.filter((s) => s !== 'cancelled'), description: 'cancelled loads are left out' }) loadStatus: string;
  @ApiProperty({ enum: LOAD_RELEASES }) loadRelease: string;
  @Bool() containsImplant: boolean;
  @Bool() emptyChamber: boolean;
  @Instant({ nullable: true }) startedAt: string | null;
  @Instant({ nullable: true }) completedAt: string | null;
  @Instant({ nullable: true, description: 'completedAt + readoutMinutes (§4.2: never read earlier); null while the load has not finished' })
  earliestReadAt: string | null;
  @Bool({ description: 'earliestReadAt has passed: the result may be entered now' }) readable: boolean;
  @Id({ nullable: true, description: 'the BI product (null: placed before the product catalog)' }) productId: string | null;
  @Bool({
    nullable: true,
    description:
      'today’s positive control of its lot: null none recorded yet (it cannot be read today), true grew, false did not grow (its negative reading would prove nothing)',
  })
  positiveControlToday: boolean | null;
}

/** A load that ran and waits for its unloading, co-signed by a quality monitor (seed 1.4). */
export class UnloadingLoadView {
  @Id() loadId: string;
  @Text({ example: 'S1' }) sterilizerCode: string;
  @Text() sterilizerNameZh: string;
  @Text() sterilizerNameEn: string;
  @Int() cycleNo: number;
  @Text() programCode: string;
  @Instant() startedAt: string;
  @Int({ description: 'packs in the chamber' }) packs: number;
  @Int({ description: 'BIs placed in the load' }) bis: number;
  @Bool() containsImplant: boolean;
  @Bool() emptyChamber: boolean;
}

/** The limits a reading kind is judged against (seed 3.7, 7). */
export class ReadingLimitView {
  @ApiProperty({ enum: READING_KINDS }) kind: ReadingKind;
  @Text({ example: '°C' }) unit: string;
  @Num({ nullable: true, description: 'null: no standard limit (the range comes with the reading)' }) max: number | null;
  @Bool({ description: 'the value must stay strictly below max (storage below 24 °C and below 70 %RH)' }) strictMax: boolean;
  @Bool({ description: 'the product’s range must be sent with the reading (disinfectant concentration)' }) limitsRequired: boolean;
}
