import { ApiProperty } from '@nestjs/swagger';
import { Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { DEFECT_KINDS, DEFECT_ZONES } from '../defect.entity.js';

/** Where a case stands: reported; an action open; actions done, to verify; verified (or not effective); closed. */
export const DEFECT_STATUSES = ['reported', 'action_open', 'action_done', 'not_effective', 'verified', 'closed'] as const;
export const TRENDS = ['up', 'down', 'same'] as const;

/** What a report states (seed 20): when, where, what kind, what happened, who was involved, the immediate remedy. */
export class DefectFactsView {
  @Instant() occurredAt: string;
  @ApiProperty({ enum: DEFECT_ZONES }) zone: string;
  @ApiProperty({ enum: DEFECT_KINDS }) kind: string;
  @Text() description: string;
  @Text({ nullable: true }) involved: string | null;
  @Text() immediateRemedy: string;
  @Id({ nullable: true }) problemReportId: string | null;
  @Text({ nullable: true, description: 'the pack of that problem report' }) problemReportBarcode: string | null;
}

/** One entry of the register: the report, or a correction of it (naming the entry it corrects, with the reason). */
export class DefectEntryView extends DefectFactsView {
  @Id() id: string;
  @Id({ nullable: true, description: 'the entry this one corrects' }) correctsId: string | null;
  @Text({ nullable: true }) reason: string | null;
  @Id() reportedBy: string;
  @Text() reportedByName: string;
  @Instant() reportedAt: string;
}

/** The case as the register lists it: its entry in force, who first reported it, and where it stands. */
export class DefectView extends DefectFactsView {
  @Id({ description: 'the case (its first entry’s id)' }) id: string;
  @Id({ description: 'the entry in force' }) entryId: string;
  @Id({ description: 'who reported it first' }) reportedBy: string;
  @Text() reportedByName: string;
  @Instant() reportedAt: string;
  @Int({ description: 'entries: the report and its corrections' }) entries: number;
  @ApiProperty({ enum: DEFECT_STATUSES }) status: string;
  @Int() actionCount: number;
  @Int({ description: 'actions not done yet' }) openActionCount: number;
  @Bool({ description: 'an action not done is past its due date' }) overdue: boolean;
  @Day({ nullable: true, description: 'the earliest due date of the actions not done' }) nextDue: string | null;
  @Instant({ nullable: true }) closedAt: string | null;
}

export class DefectInvestigationView {
  @Text() cause: string;
  @Text() responsibility: string;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

/** What was done: the closing of the action’s corrective action (seed 7.8). */
export class ActionDoneView {
  @Text() actionTaken: string;
  @Instant() doneAt: string;
  @Id() closedBy: string;
  @Text() closedByName: string;
  @Instant() closedAt: string;
}

/** An action the head nurse set (a defect’s, a review’s decision): its corrective action’s owner, due date and closing. */
export class AssignedActionView {
  @Id({ description: 'its corrective action (GET /api/corrective-actions)' }) correctiveActionId: string;
  @Id() ownerUserId: string;
  @Text() ownerName: string;
  @Day() dueDate: string;
  @Bool({ description: 'not done and past its due date' }) overdue: boolean;
  @ApiProperty({ type: ActionDoneView, nullable: true }) done: ActionDoneView | null;
}

/** A corrective and preventive action, round `seq`. */
export class DefectActionView extends AssignedActionView {
  @Id() id: string;
  @Int() seq: number;
  @Text() corrective: string;
  @Text() preventive: string;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

export class DefectVerificationView {
  @Int({ description: 'the actions up to this round were verified' }) coversSeq: number;
  @Bool() effective: boolean;
  @Text() note: string;
  @Id() verifiedBy: string;
  @Text() verifiedByName: string;
  @Instant() verifiedAt: string;
}

export class DefectClosureView {
  @Text() conclusion: string;
  @Id() closedBy: string;
  @Text() closedByName: string;
  @Instant() closedAt: string;
}

/** A case with its whole record, each step as it was appended. */
export class DefectDetailView extends DefectView {
  @ApiProperty({ type: [DefectEntryView], description: 'the report and its corrections, oldest first' }) history: DefectEntryView[];
  @ApiProperty({ type: DefectInvestigationView, nullable: true }) investigation: DefectInvestigationView | null;
  @ApiProperty({ type: [DefectActionView] }) actions: DefectActionView[];
  @ApiProperty({ type: [DefectVerificationView] }) verifications: DefectVerificationView[];
  @ApiProperty({ type: DefectClosureView, nullable: true }) closure: DefectClosureView | null;
}

export class KindCountView {
  @ApiProperty({ enum: DEFECT_KINDS }) kind: string;
  @Int() count: number;
}

export class ZoneCountView {
  @ApiProperty({ enum: DEFECT_ZONES }) zone: string;
  @Int() count: number;
}

/** One month of the analysis: the defects that happened in it (entries in force), by kind and zone, and where they stand now. */
export class DefectMonthView {
  @Text({ example: '2026-10' }) month: string;
  @Int() total: number;
  @Int({ description: 'not closed yet (overdue included)' }) open: number;
  @Int({ description: 'not closed, with an action past its due date' }) overdue: number;
  @Int() closed: number;
  @ApiProperty({ enum: TRENDS, nullable: true, description: 'the total against the month before (null for the first month)' })
  trend: string | null;
  @ApiProperty({ type: [KindCountView], description: 'every kind, in the register’s order' }) byKind: KindCountView[];
  @ApiProperty({ type: [ZoneCountView], description: 'every zone, in the register’s order' }) byZone: ZoneCountView[];
}

/** 差错分析: the defects per month (hospital time zone) by kind and zone, open, overdue and closed, with the trend. */
export class DefectAnalysisView {
  @Text({ example: '2026-05' }) from: string;
  @Text({ example: '2026-10', description: 'inclusive' }) to: string;
  @Text() timezone: string;
  @ApiProperty({ type: [DefectMonthView] }) months: DefectMonthView[];
}
