import { ApiProperty } from '@nestjs/swagger';
import { Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { ADVERSE_EVENT_KINDS } from '../adverse-event.entity.js';
import { LICENCE_KINDS } from '../register.entity.js';

/** A licence record in force (or just recorded). */
export class LicenceView {
  @Id() id: string;
  @ApiProperty({ enum: LICENCE_KINDS }) kind: string;
  @Text() number: string;
  @Day({ description: 'the last day it is valid' }) validUntil: string;
  @Bool({ description: 'its last valid day is before today (hospital day)' }) expired: boolean;
  @Id({ nullable: true, description: 'the record this one corrects' }) correctsId: string | null;
  @Text({ nullable: true }) reason: string | null;
  @Instant() recordedAt: string;
}

export class SupplierView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ type: [LicenceView], description: 'its licences in force' }) licences: LicenceView[];
}

/** Why receipts of a product are refused today, if they are. */
export class LicenceStatusView {
  @ApiProperty({ enum: LICENCE_KINDS }) kind: string;
  @ApiProperty({ enum: ['missing', 'expired'] }) problem: string;
}

export class SupplyProductView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Text() manufacturer: string;
  @Bool() imported: boolean;
  @Id() supplierId: string;
  @Text() supplierCode: string;
  @Text() supplierNameZh: string;
  @Text() supplierNameEn: string;
  @ApiProperty({ type: [LicenceView], description: 'the product’s licences in force (the supplier’s are on the supplier)' })
  licences: LicenceView[];
  @ApiProperty({ type: LicenceStatusView, nullable: true, description: 'null: a receipt today is not refused for its licences' })
  licenceProblem: LicenceStatusView | null;
}

/** A batch and its stock. */
export class BatchView {
  @Id() id: string;
  @Id() productId: string;
  @Text() productCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Text() lotNumber: string;
  @Day() expiryDate: string;
  @Int({ description: 'in stock: the sum of its movements' }) onHand: number;
  @Bool({ description: 'an adverse event blocks it from issue' }) blocked: boolean;
  @Bool({ description: 'past its expiry date (hospital day)' }) expired: boolean;
  @Int({ description: 'days until expiry (negative: expired)' }) daysToExpiry: number;
}

export class ReceiptView {
  @Id() receiptId: string;
  @Int() quantity: number;
  @Instant() receivedAt: string;
  @ApiProperty({ type: BatchView }) batch: BatchView;
}

export class IssuedLineView {
  @Id() batchId: string;
  @Text() lotNumber: string;
  @Day() expiryDate: string;
  @Int() quantity: number;
}

export class IssueView {
  @Id() departmentId: string;
  @Instant() at: string;
  @ApiProperty({ type: [IssuedLineView], description: 'the batches it came from, first-expiring first' }) lines: IssuedLineView[];
}

export class StocktakeLineView {
  @Id() batchId: string;
  @Text() lotNumber: string;
  @Text() productCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Int({ description: 'the books before the count' }) expected: number;
  @Int() counted: number;
  @Int({ description: 'counted − expected: the adjustment movement' }) difference: number;
  @Text({ nullable: true }) explanation: string | null;
}

export class StocktakeView {
  @Id() id: string;
  @Text({ example: '2026-12', description: 'the hospital month' }) month: string;
  @Instant() countedAt: string;
  @Text() countedByName: string;
  @ApiProperty({ type: [StocktakeLineView] }) lines: StocktakeLineView[];
}

export class AdverseEventView {
  @Id() id: string;
  @ApiProperty({ enum: ADVERSE_EVENT_KINDS }) kind: string;
  @Instant() occurredAt: string;
  @Text() description: string;
  @Text() outcome: string;
  @Instant() reportedAt: string;
  @Text() reportedByName: string;
  @Id({ nullable: true, description: 'the reporting department (null: the CSSD)' }) departmentId: string | null;
  @Text({ nullable: true }) departmentCode: string | null;
  @Text({ nullable: true }) departmentNameZh: string | null;
  @Text({ nullable: true }) departmentNameEn: string | null;
  @Id() batchId: string;
  @Text() lotNumber: string;
  @Day() expiryDate: string;
  @Text() productCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @Text({ nullable: true, description: 'the investigation’s result, once closed' }) investigation: string | null;
  @Bool({ nullable: true, description: 'closed: whether the batch was cleared for issue' }) batchReleased: boolean | null;
  @Instant({ nullable: true }) closedAt: string | null;
  @Text({ nullable: true }) closedByName: string | null;
}

export class ReceivedView {
  @Id() id: string;
  @Instant() at: string;
  @Int() quantity: number;
  @Id() batchId: string;
  @Text() lotNumber: string;
  @Day() expiryDate: string;
  @Text() productCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Bool() blocked: boolean;
}

export class SupplyNoticeView {
  @Id() id: string;
  @Id() eventId: string;
  @Text() messageZh: string;
  @Text() messageEn: string;
  @Instant() createdAt: string;
  @Bool({ description: 'the head nurse closed the event' }) closed: boolean;
  @Text({ nullable: true }) investigation: string | null;
  @Bool({ nullable: true }) batchReleased: boolean | null;
}

/** The department's view of supplies: what it received, its notices, the adverse events it reported. */
export class DepartmentSuppliesView {
  @ApiProperty({ type: [ReceivedView] }) received: ReceivedView[];
  @ApiProperty({ type: [SupplyNoticeView] }) notices: SupplyNoticeView[];
  @ApiProperty({ type: [AdverseEventView] }) adverseEvents: AdverseEventView[];
}
