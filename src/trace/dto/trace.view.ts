import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { PACKAGING_MATERIALS, STERILIZATION_METHODS } from '../../catalog/catalog.enums.js';
import { TemplateItemView } from '../../catalog/dto/catalog.view.js';
import { Bool, Day, Id, Instant, Int, Num, PersonRefView, Text } from '../../common/views.js';
import { PackSummaryView } from '../../packs/dto/step-answer.view.js';
import { ShortLineView } from '../../packing/dto/packing.view.js';
import { INSPECTION_ITEMS } from '../../packing/inspection.js';
import { PACK_STATES } from '../../kernel/pack-state.js';
import { LOAD_STATUSES } from '../../kernel/sterilizer-load.entity.js';
import { LoadingCheckView } from '../../sterilization/dto/loading-check.view.js';

// Provenance 追溯 (§1): a pack's whole chain, as GET /api/trace/packs/:barcode answers it.

const eventData = () => ApiProperty({ type: 'object', additionalProperties: true, description: 'what the step recorded (varies by step)' });

/** One recorded step: when, who (and who co-signed), where, what it recorded. */
export class StepRecordView {
  @Instant() at: string;
  @ApiProperty({ type: PersonRefView, nullable: true }) by: PersonRefView | null;
  @ApiProperty({ type: PersonRefView, nullable: true }) secondBy: PersonRefView | null;
  @Text({ nullable: true, description: 'the scanning station (X-Station)' }) station: string | null;
  @eventData() data: Record<string, unknown>;
}

export class TraceTemplateView {
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ enum: PACKAGING_MATERIALS }) packagingMaterial: string;
  @ApiProperty({ enum: STERILIZATION_METHODS }) sterilizationMethod: string;
  @Bool() implant: boolean;
  @Bool() critical: boolean;
  @ApiProperty({ type: [TemplateItemView], description: 'as packed (the template version the pack was packed to)' })
  contents: TemplateItemView[];
}

export class TraceSetView {
  @Text() assetCode: string;
  @Int() cycleCount: number;
  @Int({ nullable: true }) cycleNo: number | null;
  @Id() homeDepartmentId: string;
}

export class DepartmentRefView {
  @Text() code: string;
  @Text({ nullable: true }) nameZh: string | null;
  @Text({ nullable: true }) nameEn: string | null;
}

/** The handover at collection: who handed over at the department, who received for the CSSD. */
export class TraceHandoverView {
  @Text({ description: 'the name given, or the department user’s name when handed over' }) handedOverBy: string;
  @Id({ nullable: true, description: 'when a department user handed over' }) handedOverByUserId: string | null;
  @ApiProperty({ type: PersonRefView, nullable: true }) receivedBy: PersonRefView | null;
}

export class TraceRecyclingView extends StepRecordView {
  @ApiProperty({
    type: TraceHandoverView,
    nullable: true,
    description: 'null for collections recorded before issue 18, and hidden from other departments',
  })
  handover: TraceHandoverView | null;
  @ApiProperty({ type: DepartmentRefView, nullable: true, description: 'where the set was used before (hidden from other departments)' })
  fromDepartment: DepartmentRefView | null;
  @Text() contaminationClass: string;
  @Bool() countMatches: boolean;
  @ApiProperty({ type: 'array', items: {}, description: 'instrument lines missing at the count' }) missing: unknown[];
  @ApiProperty({ type: 'array', items: {}, description: 'instrument lines damaged at the count' }) damaged: unknown[];
}

export class TraceWasherRefView {
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

export class TraceWasherProgramView extends TraceWasherRefView {
  @Num() disinfectTempMinC: number;
  @Int() a0Min: number;
}

export class WasherCleaningView {
  @ApiProperty({ enum: ['washer'] }) kind: 'washer';
  @ApiProperty({ type: TraceWasherRefView }) washer: TraceWasherRefView;
  @ApiProperty({ type: TraceWasherProgramView }) program: TraceWasherProgramView;
  @Int() cycleNo: number;
  @ApiProperty({ enum: ['open', 'passed', 'failed'] }) result: string;
  @Num({ nullable: true }) temperatureC: number | null;
  @Num({ nullable: true }) disinfectMinutes: number | null;
  @Int({ nullable: true }) a0: number | null;
  @Instant() openedAt: string;
  @Instant({ nullable: true }) completedAt: string | null;
  @ApiProperty({ type: PersonRefView, nullable: true }) operator: PersonRefView | null;
}

export class ManualCleaningView extends StepRecordView {
  @ApiProperty({ enum: ['manual'] }) kind: 'manual';
}

/** The packing inspection's checklist as recorded (items after `functional` are absent from records made before issue 18). */
export class InspectionView {
  @Bool() clean: boolean;
  @Bool() complete: boolean;
  @Bool() functional: boolean;
  @Bool({ required: false }) label?: boolean;
  @Bool({ required: false }) indicatorTape?: boolean;
  @Bool({ required: false, nullable: true, description: 'null: the template sets no weight limit' }) weight?: boolean | null;
  @Num({ required: false, nullable: true }) weightKg?: number | null;
  @Num({ required: false, nullable: true }) maxWeightKg?: number | null;
  @Text({ required: false, nullable: true }) note?: string | null;
  @ApiProperty({ required: false, enum: INSPECTION_ITEMS, isArray: true, description: 'the items that failed' }) failed?: string[];
}

export class TracePackingView {
  @Instant() at: string;
  @ApiProperty({ type: PersonRefView, nullable: true }) inspector: PersonRefView | null;
  @ApiProperty({ type: PersonRefView, nullable: true }) packer: PersonRefView | null;
  @ApiProperty({ type: PersonRefView, nullable: true, description: 'the second person (critical and implant sets)' })
  checker: PersonRefView | null;
  @ApiProperty({ type: InspectionView, nullable: true }) inspection: InspectionView | null;
  @ApiProperty({ enum: PACKAGING_MATERIALS, nullable: true }) packagingMaterial: string | null;
}

export class TraceSterilizerView {
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ enum: STERILIZATION_METHODS }) type: string;
}

export class TraceProgramView {
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Num() tempMinC: number;
  @Num() tempMaxC: number;
  @Num() minHoldMin: number;
  @Num({ nullable: true }) pressureMinKpa: number | null;
  @Num({ nullable: true }) pressureMaxKpa: number | null;
  @Num({ nullable: true }) h2o2MinMgL: number | null;
}

export class PhysicalRecordView {
  @Bool({ nullable: true }) passed: boolean | null;
  @ApiProperty({ type: [String], nullable: true }) problems: string[] | null;
  @Num({ nullable: true }) tempMinC: number | null;
  @Num({ nullable: true }) tempMaxC: number | null;
  @Num({ nullable: true }) pressureMinKpa: number | null;
  @Num({ nullable: true }) pressureMaxKpa: number | null;
  @Num({ nullable: true }) holdMinutes: number | null;
  @Num({ nullable: true }) h2o2MgL: number | null;
  @Instant({ nullable: true, description: 'the cycle’s start on the sterilizer’s printout' }) reportedCycleStartedAt: string | null;
  @Instant({ nullable: true, description: 'the cycle’s end on the printout' }) reportedCycleEndedAt: string | null;
}

export class TraceSterilizationView {
  @Id() loadId: string;
  @ApiProperty({ type: TraceSterilizerView, description: 'as it was when the load started' }) sterilizer: TraceSterilizerView;
  @Int() cycleNo: number;
  @ApiProperty({ type: TraceProgramView }) program: TraceProgramView;
  @ApiProperty({ enum: LOAD_STATUSES }) status: string;
  @ApiProperty({ enum: ['pending', 'released', 'awaiting_bi', 'failed'] }) release: string;
  @Instant({ nullable: true }) startedAt: string | null;
  @Instant({ nullable: true }) completedAt: string | null;
  @ApiProperty({ type: PersonRefView, nullable: true }) operator: PersonRefView | null;
  @ApiProperty({ type: PersonRefView, nullable: true }) unloadedBy: PersonRefView | null;
  @ApiProperty({ type: PersonRefView, nullable: true }) coSignedBy: PersonRefView | null;
  @ApiProperty({ type: LoadingCheckView, nullable: true, description: 'the loading check before the start (seed 1.4)' })
  loadingCheck: LoadingCheckView | null;
  @ApiProperty({ type: PhysicalRecordView }) physical: PhysicalRecordView;
}

export class IndicatorsView {
  @Bool({ nullable: true }) loadChemicalPassed: boolean | null;
  @Bool({ nullable: true }) outsideIndicatorPassed: boolean | null;
  @Bool() insideIndicatorReportedFailed: boolean;
}

export class TraceLabelsView {
  @Int() printed: number;
  @Int() reprinted: number;
  @ApiProperty({ type: [String] }) voidedBarcodes: string[];
}

export class TraceStorageView extends StepRecordView {
  @Text({ nullable: true }) location: string | null;
}

export class TraceDispatchView extends StepRecordView {
  @ApiProperty({ type: DepartmentRefView, nullable: true, description: 'as named when dispatched' }) department: DepartmentRefView | null;
}

export class TraceUseView extends StepRecordView {
  @Text({ nullable: true }) patientId: string | null;
  @Text({ nullable: true }) operationId: string | null;
}

export class ReplacedByView {
  @Text({ nullable: true }) barcode: string | null;
  @ApiProperty({ enum: PACK_STATES }) state: string;
}

export class PackEventView extends StepRecordView {
  @Text({ description: 'event number (a 64-bit integer as a string)' }) id: string;
  @Text({ example: 'recycle' }) type: string;
  @ApiProperty({ enum: PACK_STATES, nullable: true }) fromState: string | null;
  @ApiProperty({ enum: PACK_STATES }) toState: string;
}

export class TracePositiveControlView {
  @Bool({ description: 'it grew, as it must' }) grew: boolean;
  @Instant() readAt: string;
  @Text() by: string;
}

/** A biological indicator of the pack's load, as the monitoring desk recorded it. */
export class TraceBiView {
  @Text({ example: 'BI-2026-1103' }) lot: string;
  @Text({ nullable: true, example: '3M-1292', description: 'its product (null: placed before the product catalog)' }) productCode:
    string | null;
  @Text({ nullable: true }) productNameZh: string | null;
  @Text({ nullable: true }) productNameEn: string | null;
  @Instant() placedAt: string;
  @Text({ description: 'who placed it (display name)' }) placedBy: string;
  @Int() readoutMinutes: number;
  @Instant({ nullable: true, description: 'the earliest read time: the load finished plus the readout time' }) readableFrom: string | null;
  @Bool({ nullable: true, description: 'the PCD’s type 5 integrating indicator' }) pcdType5Passed: boolean | null;
  @Text({ enum: ['pending', 'passed', 'failed'] }) result: string;
  @Instant({ nullable: true }) readAt: string | null;
  @Instant({ nullable: true, description: 'when the service learned the result' }) resultRecordedAt: string | null;
  @Text({ nullable: true }) readBy: string | null;
  @ApiProperty({ type: TracePositiveControlView, nullable: true, description: 'that day’s positive control of its lot' })
  positiveControl: TracePositiveControlView | null;
  @Bool({ nullable: true, description: 'a negative reading its lot’s positive control invalidated (did not grow)' }) invalid:
    boolean | null;
}

export class TracePendingBiView {
  @Text() lot: string;
  @Text({ enum: ['pending', 'passed', 'failed'] }) result: string;
  @Instant({ nullable: true, description: 'when the result became known (null: still incubating)' }) resultRecordedAt: string | null;
  @Num({ nullable: true, description: 'hours between the dispatch and the result' }) hoursAfterDispatch: number | null;
}

/** What was still pending when the pack was dispatched. */
export class TraceAtDispatchView {
  @Instant() at: string;
  @Bool({ description: 'released in an emergency before its BI result' }) underEmergencyRelease: boolean;
  @ApiProperty({ type: [TracePendingBiView], description: 'BIs of its load whose result came after the dispatch' })
  pendingBis: TracePendingBiView[];
}

export class TraceBowieDickView {
  @Instant() testedAt: string;
  @Day() testDate: string;
  @Int({ nullable: true, description: 'the B-D’s own cycle number on the sterilizer (null: recorded before B-Ds took numbers)' }) cycleNo:
    number | null;
  @Bool() passed: boolean;
  @Text() by: string;
}

export class TraceEmergencyReleaseView {
  @Instant() at: string;
  @Text() reason: string;
  @Text() approvedBy: string;
}

/** What let the pack's load run and released it (§4.2, §4.3). */
export class TraceMonitoringView {
  @ApiProperty({ type: [TraceBiView] }) biologicalIndicators: TraceBiView[];
  @ApiProperty({ type: TraceBowieDickView, nullable: true, description: 'the B-D that opened the sterilizer that day (pre-vacuum)' })
  bowieDick: TraceBowieDickView | null;
  @ApiProperty({ type: TraceEmergencyReleaseView, nullable: true }) emergencyRelease: TraceEmergencyReleaseView | null;
  @ApiProperty({ type: TraceAtDispatchView, nullable: true, description: 'null before dispatch' }) atDispatch: TraceAtDispatchView | null;
}

/** A replacement instrument put into the set before packing: which line, how many, who. */
export class TraceReplacementView extends ShortLineView {
  @Instant() at: string;
  @ApiProperty({ type: PersonRefView, nullable: true }) by: PersonRefView | null;
}

/** The set packed short: what it lacks, and the head nurse who approved it. */
export class TracePackedShortView {
  @Instant() at: string;
  @ApiProperty({ type: PersonRefView, nullable: true }) approvedBy: PersonRefView | null;
  @ApiProperty({ type: [ShortLineView] }) lines: ShortLineView[];
}

/** What the count at recycling found short and what became of it (issue 18). */
export class TraceShortfallView {
  @ApiProperty({ type: [ShortLineView], description: 'still short: counted at recycling, less what was replaced' }) open: ShortLineView[];
  @ApiProperty({ type: [TraceReplacementView] }) replacements: TraceReplacementView[];
  @ApiProperty({ type: TracePackedShortView, nullable: true, description: 'packed short with the head nurse’s approval' })
  packedShort: TracePackedShortView | null;
}

export const TRACE_EXTRA_MODELS = [WasherCleaningView, ManualCleaningView];

/** A loaner tray's receipt (issue 16), shown with each of its packs. */
export class TraceLoanerView {
  @Text({ example: 'LN-20261202-01' }) code: string;
  @Text() lenderName: string;
  @Text() deliveredBy: string;
  @Text() surgeon: string;
  @Text() patientId: string;
  @Text() operation: string;
  @Instant() plannedAt: string;
  @Instant() receivedAt: string;
  @Int({ description: 'lines of the count sheet at receipt' }) lines: number;
  @Int({ description: 'items on the count sheet at receipt' }) items: number;
  @Int({ description: 'of which implants' }) implants: number;
}

export class ProvenanceView {
  @ApiProperty({ type: PackSummaryView }) pack: PackSummaryView;
  @ApiProperty({ type: TraceTemplateView }) template: TraceTemplateView;
  @ApiProperty({ type: TraceSetView, nullable: true, description: 'null for a dressing pack' }) set: TraceSetView | null;
  @ApiProperty({ type: TraceLoanerView, nullable: true, description: 'a loaner tray’s receipt; null for the hospital’s own sets' })
  loaner: TraceLoanerView | null;
  @ApiProperty({ type: TraceRecyclingView, nullable: true }) recycling: TraceRecyclingView | null;
  @ApiProperty({ type: TraceShortfallView }) shortfall: TraceShortfallView;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(WasherCleaningView) }, { $ref: getSchemaPath(ManualCleaningView) }],
    nullable: true,
    description: 'a washer cycle, or a manual clean',
  })
  cleaning: WasherCleaningView | ManualCleaningView | null;
  @ApiProperty({ type: TracePackingView, nullable: true }) packing: TracePackingView | null;
  @ApiProperty({ type: TraceSterilizationView, nullable: true }) sterilization: TraceSterilizationView | null;
  @ApiProperty({ type: IndicatorsView }) indicators: IndicatorsView;
  @ApiProperty({ type: TraceMonitoringView, nullable: true, description: 'null before the pack was in a load' })
  monitoring: TraceMonitoringView | null;
  @ApiProperty({ type: TraceLabelsView }) labels: TraceLabelsView;
  @ApiProperty({ type: TraceStorageView, nullable: true }) storage: TraceStorageView | null;
  @ApiProperty({ type: TraceDispatchView, nullable: true }) dispatch: TraceDispatchView | null;
  @ApiProperty({ type: StepRecordView, nullable: true }) receipt: StepRecordView | null;
  @ApiProperty({ type: TraceUseView, nullable: true }) use: TraceUseView | null;
  @ApiProperty({ type: StepRecordView, nullable: true }) problem: StepRecordView | null;
  @Day({ nullable: true }) sterilizationDate: string | null;
  @Day({ nullable: true }) expiryDate: string | null;
  @Bool() wet: boolean;
  @Bool() damaged: boolean;
  @ApiProperty({ type: ReplacedByView, nullable: true, description: 'the set’s next cycle (hidden from other departments)' })
  replacedBy: ReplacedByView | null;
  @ApiProperty({ type: [PackEventView] }) events: PackEventView[];
}

export class TraceSetRefView {
  @Id() id: string;
  @Text() assetCode: string;
  @Id() templateId: string;
  @Id() homeDepartmentId: string;
  @Int() cycleCount: number;
  @Bool() active: boolean;
}

export class SetHistoryView {
  @ApiProperty({ type: TraceSetRefView }) set: TraceSetRefView;
  @ApiProperty({ type: [PackSummaryView], description: 'every cycle of the set, newest first' }) cycles: PackSummaryView[];
}
