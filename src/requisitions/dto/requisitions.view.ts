import { ApiProperty } from '@nestjs/swagger';
import { Bool, Id, Instant, Int, Text } from '../../common/views.js';
import { PACK_STATES } from '../../kernel/pack-state.js';
import { CLOSURE_KINDS, REQUISITION_STATUSES, ROUND_KINDS, ROUND_STATUSES, URGENCIES } from '../requisition-rules.js';

/** A template as the lists name it. */
class TemplateRefView {
  @Id() templateId: string;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

/** One template of a department: its base quantity, what it holds, what is in the CSSD's loop for it, its shortfall. */
export class StockLevelView extends TemplateRefView {
  @Int({ description: 'the base quantity in force (0: none)' }) base: number;
  @Bool({ description: 'an emergency set’s base' }) emergency: boolean;
  @Int({ description: 'packs dispatched to the department and not yet collected' }) held: number;
  @Int({ description: 'sets collected from it being reprocessed in the CSSD (collected to released; not yet in sterile storage)' })
  inLoop: number;
  @Int({ description: 'base − held, never below 0' }) shortfall: number;
  @Instant({ nullable: true, description: 'when the base in force was set' }) setAt: string | null;
  @Text({ nullable: true }) setByName: string | null;
  @Text({ nullable: true }) note: string | null;
}

export class DepartmentStockView {
  @Id() departmentId: string;
  @Text() departmentCode: string;
  @Text() departmentNameZh: string;
  @Text() departmentNameEn: string;
  @ApiProperty({ type: [StockLevelView], description: 'emergency sets first, then by template code' }) lines: StockLevelView[];
}

export class BaseQuantityHistoryView {
  @Int() quantity: number;
  @Bool() emergency: boolean;
  @Text({ nullable: true }) note: string | null;
  @Instant() setAt: string;
  @Text() setByName: string;
}

export class RequisitionLineView extends TemplateRefView {
  @Id() lineId: string;
  @Int() quantity: number;
  @Int({ description: 'dispatched packs counted against the line' }) fulfilled: number;
}

/** A pack that counted against a requisition. */
export class FulfilledPackView {
  @Text() barcode: string;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Instant() at: string;
  @Text() dispatchedByName: string;
}

export class RequisitionView {
  @Id() id: string;
  @Int() no: number;
  @Text({ example: 'RQ00000012', description: 'its barcode (scanned at the dispatch station)' }) code: string;
  @Id() departmentId: string;
  @Text() departmentCode: string;
  @Text() departmentNameZh: string;
  @Text() departmentNameEn: string;
  @ApiProperty({ enum: URGENCIES }) urgency: string;
  @Text({ nullable: true }) note: string | null;
  @ApiProperty({ enum: REQUISITION_STATUSES, description: 'open and partial stay open' }) status: string;
  @Instant() requestedAt: string;
  @Text() requestedByName: string;
  @ApiProperty({ enum: CLOSURE_KINDS, nullable: true }) closure: string | null;
  @Text({ nullable: true, description: 'why it was cancelled or refused' }) closureReason: string | null;
  @Instant({ nullable: true }) closedAt: string | null;
  @Text({ nullable: true }) closedByName: string | null;
  @ApiProperty({ type: [RequisitionLineView] }) lines: RequisitionLineView[];
}

export class RequisitionDetailView extends RequisitionView {
  @ApiProperty({ type: [FulfilledPackView], description: 'the packs that counted against it' }) packs: FulfilledPackView[];
}

/** A requisition as a dispatch scan left it: whether this pack counted, and every line's progress. */
export class RequisitionProgressView {
  @Id() id: string;
  @Text() code: string;
  @ApiProperty({ enum: REQUISITION_STATUSES }) status: string;
  @Bool({ description: 'this pack counted against it (false: beyond the quantity, or its template not requested)' }) counted: boolean;
  @ApiProperty({ type: [RequisitionLineView] }) lines: RequisitionLineView[];
}

export class RoundRefView {
  @Id() id: string;
  @Text({ example: 'SD00000007' }) code: string;
}

export class RoundView {
  @Id() id: string;
  @Int() no: number;
  @Text({ example: 'SD00000007', description: 'SD: delivery (送), HS: collection (回收)' }) code: string;
  @ApiProperty({ enum: ROUND_KINDS }) kind: string;
  @Id() departmentId: string;
  @Text() departmentCode: string;
  @Text() departmentNameZh: string;
  @Text() departmentNameEn: string;
  @ApiProperty({ enum: ROUND_STATUSES }) status: string;
  @Text({ nullable: true }) station: string | null;
  @Instant() openedAt: string;
  @Text() openedByName: string;
  @Instant({ nullable: true }) closedAt: string | null;
  @Text({ nullable: true }) closedByName: string | null;
  @Instant({ nullable: true }) signedAt: string | null;
  @Text({ nullable: true, description: 'who signed for the department' }) signedByName: string | null;
  @Text({ nullable: true }) signatureNote: string | null;
  @Int({ description: 'packs on the manifest' }) items: number;
}

export class RoundItemView {
  @Text({ nullable: true, description: 'the label that left (delivery) or came back (collection)' }) barcode: string | null;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text({ nullable: true }) setAssetCode: string | null;
  @ApiProperty({ enum: PACK_STATES, description: 'the pack’s state now' }) state: string;
  @Text({ nullable: true, description: 'the requisition it counted against' }) requisitionCode: string | null;
  @Text({ nullable: true, description: 'collection: who handed it over at the department' }) handedOverBy: string | null;
  @Text({ description: 'who scanned it for the CSSD' }) actorName: string;
  @Instant() at: string;
}

/** A template on a manifest: how many left (or came back), and, once signed, the department's count. */
export class ManifestLineView extends TemplateRefView {
  @Int() expected: number;
  @Int({ nullable: true, description: 'null until signed' }) counted: number | null;
  @Int({ nullable: true }) difference: number | null;
  @Text({ nullable: true }) note: string | null;
}

export class RoundDetailView extends RoundView {
  @ApiProperty({ type: [ManifestLineView], description: 'per template' }) lines: ManifestLineView[];
  @ApiProperty({ type: [RoundItemView], description: 'the packs, in scan order' }) packs: RoundItemView[];
}

/** A department short of a template against its base. */
export class ShortDepartmentView {
  @Text() departmentCode: string;
  @Text() departmentNameZh: string;
  @Text() departmentNameEn: string;
  @Int() shortfall: number;
}

/** Low stock: sterile storage holds fewer usable packs of a template than the departments lack against their bases. */
export class LowStockView extends TemplateRefView {
  @Int({ description: 'usable packs in sterile storage' }) inStorage: number;
  @Int({ description: 'the departments’ shortfalls added up' }) demand: number;
  @Bool({ description: 'an emergency set’s base is among them' }) emergency: boolean;
  @ApiProperty({ type: [ShortDepartmentView] }) departments: ShortDepartmentView[];
}
