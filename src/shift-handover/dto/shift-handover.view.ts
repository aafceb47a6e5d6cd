import { ApiProperty } from '@nestjs/swagger';
import { Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { HANDOVER_ZONES } from '../shift-handover.entity.js';
import { CHECK_ITEMS, SHIFT_CODES } from '../shifts.js';

export const HANDOVER_STATUSES = ['draft', 'signed_out', 'closed'] as const;

/** One of the department's shifts (src/shift-handover/shifts.ts). */
export class ShiftView {
  @ApiProperty({ enum: SHIFT_CODES }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text({ example: '08:00' }) start: string;
  @Text({ example: '16:00' }) end: string;
}

export class SnapshotLoadView {
  @Id() loadId: string;
  @Text() sterilizerCode: string;
  @Int() cycleNo: number;
  @ApiProperty({ enum: ['open', 'running'] }) status: string;
  @Instant() openedAt: string;
}

export class SnapshotBiView {
  @Id() biId: string;
  @Text() lot: string;
  @Text() sterilizerCode: string;
  @Int() cycleNo: number;
  @Instant() placedAt: string;
  @Instant({ nullable: true, description: 'when it may be read (its load completed + the product’s readout time)' }) earliestReadAt:
    string | null;
  @Bool({ description: 'its readout time had passed' }) readable: boolean;
}

export class SnapshotRecallView {
  @Id() recallId: string;
  @Text() reasonZh: string;
  @Text() reasonEn: string;
  @Instant() openedAt: string;
  @Int({ description: 'packs recalled' }) total: number;
}

export class SnapshotEquipmentView {
  @Id() equipmentId: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ enum: ['in_service', 'service_due', 'service_overdue', 'out_of_use'] }) status: string;
  @Int() openFaults: number;
}

export class SnapshotActionView {
  @Id() id: string;
  @Text() whatZh: string;
  @Text() whatEn: string;
  @Text() responsibleName: string;
  @Day() dueDate: string;
  @Bool() overdue: boolean;
}

/** What the system showed the outgoing nurse when she drafted the note, stored with it. */
export class HandoverSnapshotView {
  @Instant() takenAt: string;
  @ApiProperty({ type: [SnapshotLoadView], description: 'sterilizer loads open or running' }) loads: SnapshotLoadView[];
  @ApiProperty({ type: [SnapshotBiView], description: 'BIs placed, not yet read' }) bisIncubating: SnapshotBiView[];
  @ApiProperty({ type: [SnapshotRecallView] }) recalls: SnapshotRecallView[];
  @ApiProperty({ type: [SnapshotEquipmentView], description: 'machines out of use, due or overdue for service, or with an open fault' })
  equipment: SnapshotEquipmentView[];
  @ApiProperty({ type: [SnapshotActionView], description: 'corrective actions open and due by today' })
  correctiveActions: SnapshotActionView[];
}

export class ChecklistAnswerView {
  @ApiProperty({ enum: CHECK_ITEMS }) item: string;
  @Bool() done: boolean;
  @Text({ nullable: true }) reason: string | null;
}

export class ChecklistView {
  @ApiProperty({ type: [ChecklistAnswerView] }) items: ChecklistAnswerView[];
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

export class SignatureView {
  @Id() signerId: string;
  @Text() signerName: string;
  @Id({ description: 'who was signed in at the station' }) recordedBy: string;
  @Instant() signedAt: string;
}

export class CorrectionView {
  @Id() id: string;
  @Id({ description: 'the entry it corrects: the handover’s id (its note) or an earlier correction' }) correctsId: string;
  @Text() notes: string;
  @Text() reason: string;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

/** A handover: the slot, the note in force, the snapshot, the checklist in force, the signatures, the corrections. */
export class ShiftHandoverView {
  @Id() id: string;
  @Day() day: string;
  @ApiProperty({ enum: SHIFT_CODES }) shift: string;
  @ApiProperty({ enum: HANDOVER_ZONES }) zone: string;
  @ApiProperty({ enum: HANDOVER_STATUSES }) status: string;
  @Text({ description: 'the notes in force (the latest correction’s, or as drafted)' }) notes: string;
  @Id({ description: 'the entry in force: the handover’s id, or its latest correction’s' }) entryId: string;
  @Id() authorId: string;
  @Text() authorName: string;
  @Instant() draftedAt: string;
  @ApiProperty({ type: HandoverSnapshotView }) snapshot: HandoverSnapshotView;
  @ApiProperty({ type: ChecklistView, nullable: true }) checklist: ChecklistView | null;
  @ApiProperty({ type: SignatureView, nullable: true }) outgoing: SignatureView | null;
  @ApiProperty({ type: SignatureView, nullable: true }) incoming: SignatureView | null;
  @ApiProperty({ type: [CorrectionView] }) corrections: CorrectionView[];
}

/** The register of a period. */
export class HandoverRegisterView {
  @Day() from: string;
  @Day() to: string;
  @ApiProperty({ type: [ShiftHandoverView] }) handovers: ShiftHandoverView[];
}
