import { ApiProperty } from '@nestjs/swagger';
import { STERILIZATION_METHODS, type SterilizationMethod } from '../../catalog/catalog.enums.js';
import { BilingualText, Bool, Day, Id, Instant, Int, Num, Text, WarningView } from '../../common/views.js';
import { PackSummaryView } from '../../packs/dto/step-answer.view.js';
import { LOAD_KINDS, LOAD_STATUSES, type LoadKind, type LoadStatus } from '../../kernel/sterilizer-load.entity.js';
import { LoadingCheckView } from './loading-check.view.js';

const LOAD_RELEASES = ['pending', 'released', 'awaiting_bi', 'failed'];

export class RunSterilizerView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ enum: STERILIZATION_METHODS }) type: SterilizationMethod;
}

export class RunProgramView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Num() tempMinC: number;
  @Num() tempMaxC: number;
  @Num() minHoldMin: number;
  @Num({ required: false, description: 'absent in runs started before programs had one' }) minCycleMin?: number;
  @Num({ nullable: true }) pressureMinKpa: number | null;
  @Num({ nullable: true }) pressureMaxKpa: number | null;
  @Num({ nullable: true }) h2o2MinMgL: number | null;
}

/** The sterilizer and program as they were when the load started (judged and shown by these). */
export class RunSnapshotView {
  @ApiProperty({ type: RunSterilizerView }) sterilizer: RunSterilizerView;
  @ApiProperty({ type: RunProgramView }) program: RunProgramView;
  @ApiProperty({ required: false, enum: [true], description: 'rebuilt by a migration for loads started before snapshots existed' })
  backfilled?: true;
}

/** A sterilizer load 灭菌锅次 as stored. */
export class LoadView {
  @Id() id: string;
  @Id() sterilizerId: string;
  @Int({ description: 'the cycle number on the labels and the sterilizer’s printout' }) cycleNo: number;
  @ApiProperty({
    enum: LOAD_KINDS,
    description: 'bowie_dick: the B-D test cycle, an empty-chamber cycle that takes its number like a load',
  })
  kind: LoadKind;
  @Id({ nullable: true, description: 'null for a B-D cycle' }) programId: string | null;
  @ApiProperty({ enum: LOAD_STATUSES }) status: LoadStatus;
  @ApiProperty({ enum: LOAD_RELEASES, description: 'released: every pack may be stored; awaiting_bi: implant packs wait for the BI' })
  release: string;
  @Id() openedBy: string;
  @Instant() openedAt: string;
  @Id({ nullable: true }) startedBy: string | null;
  @Instant({ nullable: true }) startedAt: string | null;
  @ApiProperty({ type: RunSnapshotView, nullable: true, description: 'null until the load starts' }) runSnapshot: RunSnapshotView | null;
  @Day({ nullable: true }) sterilizationDate: string | null;
  @Instant({ nullable: true }) completedAt: string | null;
  @Id({ nullable: true }) unloadedBy: string | null;
  @Id({ nullable: true }) unloadCheckedBy: string | null;
  @Num({ nullable: true }) tempMinC: number | null;
  @Num({ nullable: true }) tempMaxC: number | null;
  @Num({ nullable: true }) pressureMinKpa: number | null;
  @Num({ nullable: true }) pressureMaxKpa: number | null;
  @Num({ nullable: true }) holdMinutes: number | null;
  @Instant({ nullable: true, description: 'the cycle’s start on the printout' }) reportedCycleStartedAt: string | null;
  @Instant({ nullable: true, description: 'the cycle’s end on the printout' }) reportedCycleEndedAt: string | null;
  @Num({ nullable: true }) h2o2MgL: number | null;
  @Bool({ nullable: true }) physicalPassed: boolean | null;
  @ApiProperty({ type: [String], nullable: true }) physicalProblems: string[] | null;
  @Bool({ nullable: true }) chemicalPassed: boolean | null;
  @Bool() containsImplant: boolean;
  @Bool({ description: 'a B-D / BI qualification run with nothing in it' }) emptyChamber: boolean;
  @Text({ nullable: true }) note: string | null;
}

/** A load just opened, with what the sterilizer's state warns about (e.g. a BI is due). */
export class OpenedLoadView extends LoadView {
  @ApiProperty({ type: [WarningView] }) warnings: WarningView[];
}

/** A biological indicator placed in the load (§4.2), as the loading station shows it. */
export class LoadBiView {
  @Id() id: string;
  @Text({ nullable: true, description: 'the BI product’s code; null for BIs placed before the product catalog' }) productCode:
    string | null;
  @Text({ nullable: true }) productNameZh: string | null;
  @Text({ nullable: true }) productNameEn: string | null;
  @Text({ example: 'BI-2026-1103' }) lot: string;
  @Instant({ description: 'when it was put in the chamber (in its PCD)' }) placedAt: string;
  @Text({ description: 'who placed it (display name)' }) placedBy: string;
  @ApiProperty({ enum: ['pending', 'passed', 'failed'] }) result: string;
}

export class LoadWithPacksView extends LoadView {
  @Instant({ description: 'the service’s clock when this answer was read (what "now" is for the reported cycle times, cycle-times.ts)' })
  at: string;
  @ApiProperty({ type: [PackSummaryView] }) packs: PackSummaryView[];
  @ApiProperty({ type: LoadingCheckView, nullable: true, description: 'the latest loading check (seed 1.4); null until one is recorded' })
  loadingCheck: LoadingCheckView | null;
  @Bool({ description: 'the packs loaded now include an implant or critical pack: the loading check needs a second person' })
  loadingCheckNeedsSecondPerson: boolean;
  @ApiProperty({
    type: [String],
    description: 'barcodes of the packs loaded now whose label was never printed (the load does not start until they are)',
  })
  unprintedLabels: string[];
  @ApiProperty({ type: [LoadBiView], description: 'the biological indicators placed in the load, oldest first' })
  bis: LoadBiView[];
}

export class StartedLoadView extends LoadView {
  @Int() packCount: number;
  @Bool({ description: 'sterile storage within its limits when the run started (decides cotton expiry)' }) storageCompliant: boolean;
  @ApiProperty({ type: [WarningView] }) warnings: WarningView[];
  @ApiProperty({
    type: LoadingCheckView,
    nullable: true,
    description: 'the loading check the load started on (null for an empty-chamber run)',
  })
  loadingCheck: LoadingCheckView | null;
}

export class RelabelledView {
  @Text({ description: 'the label voided' }) voided: string;
  @Text({ description: 'the new barcode to print' }) barcode: string;
}

export class CancelledLoadView extends LoadView {
  @ApiProperty({ type: [RelabelledView], description: 'printed labels voided by the cancellation, with their new barcodes' })
  relabelled: RelabelledView[];
}

export class UnloadCountsView {
  @Int() released: number;
  @Int() quarantined: number;
  @Int() rejected: number;
  @Int() failed: number;
}

export class CompletedLoadView extends LoadView {
  @ApiProperty({ type: UnloadCountsView }) counts: UnloadCountsView;
  @ApiProperty({ type: BilingualText }) summary: BilingualText;
}
