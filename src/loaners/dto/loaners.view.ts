import { ApiProperty } from '@nestjs/swagger';
import { Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { PACK_STATES, type PackState } from '../../kernel/pack-state.js';

export const LOANER_STATUSES = ['in_process', 'returned'] as const;
export type LoanerStatus = (typeof LOANER_STATUSES)[number];

/** One line of the count sheet as received. */
export class CountSheetLineView {
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Int() quantity: number;
  @Bool() implant: boolean;
}

/** One line as counted at the return. */
export class ReturnedLineView {
  @Int() line: number;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Bool() implant: boolean;
  @Int() delivered: number;
  @Int() returned: number;
  @Text({ nullable: true, description: 'why the line went back short' }) note: string | null;
}

/** The return to the lender: the count and the handover's signatures. */
export class LoanerReturnView {
  @ApiProperty({ type: [ReturnedLineView] }) lines: ReturnedLineView[];
  @Bool() countMatches: boolean;
  @Text({ description: 'the lender’s representative who took it back' }) lenderRepresentative: string;
  @Text({ nullable: true }) note: string | null;
  @Id() returnedBy: string;
  @Text({ description: 'the CSSD nurse who handed it back' }) returnedByName: string;
  @Instant() returnedAt: string;
}

/** A loaner tray: its receipt, the operation it came for, where it is in the chain, its return. */
export class LoanerView {
  @Id() id: string;
  @Text({ example: 'LN-20261202-01' }) code: string;
  @Text({ description: 'the tray’s barcode (its set’s asset code)' }) trayCode: string;
  @Text() lenderName: string;
  @Text() deliveredBy: string;
  @Id() departmentId: string;
  @Text() departmentCode: string;
  @Text() departmentNameZh: string;
  @Text() departmentNameEn: string;
  @Text() surgeon: string;
  @Text() patientId: string;
  @Text() operation: string;
  @Instant() plannedAt: string;
  @Bool() implant: boolean;
  @Text() sterilizationMethod: string;
  @Text() packagingMaterial: string;
  @ApiProperty({ type: [CountSheetLineView] }) lines: CountSheetLineView[];
  @Text({ nullable: true }) note: string | null;
  @Id() receivedBy: string;
  @Text() receivedByName: string;
  @Instant() receivedAt: string;
  @Text({ nullable: true, description: 'the current pack’s label, once packed' }) barcode: string | null;
  @ApiProperty({ enum: PACK_STATES, nullable: true, description: 'the current pack’s state' }) state: PackState | null;
  @ApiProperty({ enum: LOANER_STATUSES }) status: LoanerStatus;
  @ApiProperty({ type: LoanerReturnView, nullable: true }) returned: LoanerReturnView | null;
}

export class LoanerRegisterView {
  @Day() from: string;
  @Day() to: string;
  @Text() timezone: string;
  @ApiProperty({ type: [LoanerView] }) trays: LoanerView[];
}
