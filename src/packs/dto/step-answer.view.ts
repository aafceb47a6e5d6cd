import { ApiProperty } from '@nestjs/swagger';
import { BilingualText, Bool, Day, Id, Int, Text, WarningView } from '../../common/views.js';
import { PACK_STATES, type PackState } from '../../kernel/pack-state.js';

/** A pack as the stations show it (src/kernel/pack-summary.ts). */
export class PackSummaryView {
  @Id() id: string;
  @Text({ nullable: true, example: 'P00000012344', description: 'null before packing' }) barcode: string | null;
  @ApiProperty({ enum: PACK_STATES }) state: PackState;
  @Text({ example: '已入库' }) stateZh: string;
  @Text({ example: 'stored' }) stateEn: string;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text({ nullable: true, description: 'null for a dressing pack' }) setAssetCode: string | null;
  @Int({ nullable: true }) cycleNo: number | null;
  @Bool() implant: boolean;
  @Day({ nullable: true }) sterilizationDate: string | null;
  @Day({ nullable: true }) expiryDate: string | null;
  @Id({ nullable: true, description: 'the department it was dispatched to' }) departmentId: string | null;
}

/** The answer to a scan at a station: what happened, one line in each language, the pack, warnings. */
export class StepAnswerView {
  @Text({ example: 'stored', description: 'what the step did (often the pack’s new state)' }) outcome: string;
  @ApiProperty({ type: BilingualText }) summary: BilingualText;
  @ApiProperty({ type: PackSummaryView }) pack: PackSummaryView;
  @ApiProperty({ type: [WarningView] }) warnings: WarningView[];
}

export class ClosedPackView {
  @Text({ nullable: true }) barcode: string | null;
  @ApiProperty({ enum: PACK_STATES }) state: PackState;
}

/** Recycling: the new cycle's pack, and the pack of the previous cycle it closed (if any). */
export class RecycleAnswerView extends StepAnswerView {
  @ApiProperty({
    type: ClosedPackView,
    nullable: true,
    required: false,
    description: 'absent when a single-use item was collected (nothing to reprocess)',
  })
  closedPack?: ClosedPackView | null;
}

export class ProblemLoadView {
  @Id() id: string;
  @Id() sterilizerId: string;
  @Int() cycleNo: number;
}

/** A problem reported by a department: the pack's load, and the recall it opened (failed inside indicator). */
export class ProblemAnswerView extends StepAnswerView {
  @ApiProperty({ type: ProblemLoadView, nullable: true }) load: ProblemLoadView | null;
  @Id({ nullable: true }) recallId: string | null;
  @Id({ description: 'the report, which the CSSD closes with its outcome (GET /api/department/problems)' }) reportId: string;
}

/** A pack in sterile storage, with its shelf. */
export class StoredPackView extends PackSummaryView {
  @Text({ nullable: true }) storageLocation: string | null;
}

/** A pack whose printed label promises a later expiry than the one that now applies: reprint it. */
export class OutdatedLabelView {
  @Id() packId: string;
  @Text() barcode: string;
  @ApiProperty({ enum: PACK_STATES }) state: PackState;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Day({ description: 'the expiry printed on the label' }) printedExpiryDate: string;
  @Day({ description: 'the expiry that applies now' }) expiryDate: string;
  @Text({ nullable: true }) storageLocation: string | null;
}

/** Out of an open load: a label printed for it is voided and the pack gets a new barcode (both given then). */
export class RemovedFromLoadView extends StepAnswerView {
  @Text({ required: false, description: 'the printed label now void' }) voidedBarcode?: string;
  @Text({ required: false, description: 'the pack’s new barcode: print its label' }) newBarcode?: string;
}
