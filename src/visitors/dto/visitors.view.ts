import { ApiProperty } from '@nestjs/swagger';
import { Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { VISIT_STATUSES } from '../visit-status.js';
import { VISIT_ZONES } from '../visit.entity.js';

export class VisitorView {
  @Text() name: string;
  @Text() title: string;
}

/** What a request states: the unit, the visitors, a contact, the purpose, the planned day and window, the zones. */
export class VisitRequestFactsView {
  @Text() unit: string;
  @ApiProperty({ type: [VisitorView] }) visitors: VisitorView[];
  @Text() contact: string;
  @Text() purpose: string;
  @Day() plannedDate: string;
  @Text({ example: '09:00', description: 'hospital wall clock' }) windowStart: string;
  @Text({ example: '11:00', description: 'hospital wall clock' }) windowEnd: string;
  @ApiProperty({ enum: VISIT_ZONES, isArray: true, description: 'the zones requested (approved with the request)' }) zones: string[];
}

/** One entry of a request: the first, or a correction naming the entry it corrects, with the reason. */
export class VisitRequestEntryView extends VisitRequestFactsView {
  @Id() id: string;
  @Id({ nullable: true }) correctsId: string | null;
  @Text({ nullable: true }) reason: string | null;
  @Id() requestedBy: string;
  @Text() requestedByName: string;
  @Instant() requestedAt: string;
}

export class VisitDecisionView {
  @Bool() approved: boolean;
  @Text({ nullable: true, description: 'the note with an approval; the reason of a refusal' }) reason: string | null;
  @Id() decidedBy: string;
  @Text() decidedByName: string;
  @Instant() decidedAt: string;
}

export class VisitCancellationView {
  @Text() reason: string;
  @Id() cancelledBy: string;
  @Text() cancelledByName: string;
  @Instant() cancelledAt: string;
}

/** A visit as the register lists it: its request in force, the decision, and the visit as it happened. */
export class VisitView extends VisitRequestFactsView {
  @Id({ description: 'the visit (its first request entry’s id)' }) id: string;
  @Id({ description: 'the request entry in force' }) entryId: string;
  @ApiProperty({ enum: VISIT_STATUSES }) status: string;
  @Day({ description: 'the day it came in, else the planned day (hospital calendar)' }) day: string;
  @Id() requestedBy: string;
  @Text() requestedByName: string;
  @Instant() requestedAt: string;
  @Int({ description: 'entries: the request and its corrections' }) entries: number;
  @ApiProperty({ type: VisitDecisionView, nullable: true }) decision: VisitDecisionView | null;
  @ApiProperty({ type: VisitCancellationView, nullable: true }) cancellation: VisitCancellationView | null;
  @Instant({ nullable: true, description: 'time in (the check-in in force)' }) inAt: string | null;
  @Id({ nullable: true }) escortUserId: string | null;
  @Text({ nullable: true }) escortName: string | null;
  @Instant({ nullable: true, description: 'time out (the check-out in force)' }) outAt: string | null;
  @ApiProperty({ enum: VISIT_ZONES, isArray: true, nullable: true, description: 'the zones actually entered' }) zonesEntered:
    string[] | null;
  @Int() commentCount: number;
}

export class VisitCheckInView {
  @Id() id: string;
  @Instant() inAt: string;
  @Id() escortUserId: string;
  @Text() escortName: string;
  @Id({ nullable: true }) correctsId: string | null;
  @Text({ nullable: true }) reason: string | null;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

export class VisitCheckOutView {
  @Id() id: string;
  @Instant() outAt: string;
  @ApiProperty({ enum: VISIT_ZONES, isArray: true }) zonesEntered: string[];
  @Id({ nullable: true }) correctsId: string | null;
  @Text({ nullable: true }) reason: string | null;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

export class VisitCommentView {
  @Id() id: string;
  @Text({ nullable: true }) author: string | null;
  @Text() text: string;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

/** A visit with its whole record, each step as it was appended. */
export class VisitDetailView extends VisitView {
  @ApiProperty({ type: [VisitRequestEntryView], description: 'the request and its corrections, oldest first' })
  history: VisitRequestEntryView[];
  @ApiProperty({ type: [VisitCheckInView], description: 'the check-in and its corrections, oldest first' }) checkIns: VisitCheckInView[];
  @ApiProperty({ type: [VisitCheckOutView], description: 'the check-out and its corrections, oldest first' })
  checkOuts: VisitCheckOutView[];
  @ApiProperty({ type: [VisitCommentView] }) comments: VisitCommentView[];
}

/** A CSSD user who may escort visitors. */
export class EscortView {
  @Id() id: string;
  @Text() displayName: string;
  @ApiProperty({ enum: ['nurse', 'head_nurse', 'monitor'] }) role: string;
}

/** The register of a period (hospital calendar days, inclusive). */
export class VisitRegisterView {
  @Day() from: string;
  @Day({ description: 'inclusive' }) to: string;
  @Text() timezone: string;
  @ApiProperty({ type: [VisitView] }) visits: VisitView[];
}
