import { ApiProperty } from '@nestjs/swagger';
import { Bool, Id, Instant, Int, Text } from '../../common/views.js';
import { PROBLEM_KINDS } from '../problem-report.entity.js';

/** The outcome in force (the latest correction, or the closing record itself). */
export class ProblemOutcomeView {
  @Id() id: string;
  @Text() investigation: string;
  @Text() cause: string;
  @Text() action: string;
  @Id() closedBy: string;
  @Text({ description: 'the name of who closed (or corrected) it' }) closedByName: string;
  @Instant() closedAt: string;
  @Id({ nullable: true, description: 'the outcome this one corrects' }) correctsId: string | null;
  @Text({ nullable: true }) correctionReason: string | null;
  @Int({ description: 'outcomes recorded on the report: 1 + its corrections' }) records: number;
}

/** A department's problem report with the CSSD's outcome. */
export class ProblemReportView {
  @Id() id: string;
  @ApiProperty({ enum: PROBLEM_KINDS }) kind: string;
  @Text({ nullable: true }) note: string | null;
  @Bool({ description: 'found when the pack was opened on a patient' }) afterUse: boolean;
  @Instant() reportedAt: string;
  @Text() barcode: string;
  @Text() templateCode: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Id() departmentId: string;
  @Text() departmentCode: string;
  @Text() departmentNameZh: string;
  @Text() departmentNameEn: string;
  @Text({ nullable: true }) sterilizerCode: string | null;
  @Int({ nullable: true }) cycleNo: number | null;
  @Id({ nullable: true, description: 'the recall the report opened' }) recallId: string | null;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ type: ProblemOutcomeView, nullable: true }) outcome: ProblemOutcomeView | null;
}
