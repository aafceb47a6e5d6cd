import { ApiProperty } from '@nestjs/swagger';
import { BilingualText, Bool, Id, Instant, Int, Text } from '../../common/views.js';
import { PACK_STATES } from '../../kernel/pack-state.js';
import { DISPOSITIONS } from '../recall-item.entity.js';
import { RECALL_TRIGGERS } from '../recall.entity.js';

/** A recall 召回 as stored. */
export class RecallView {
  @Id() id: string;
  @ApiProperty({ enum: RECALL_TRIGGERS }) trigger: string;
  @Text({ description: "as recorded (an automatic recall's in both languages)" }) reason: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'what was recalled: `scopes` (loads, sterilizer + time range, packs, since the last passing BI) and the particulars of the trigger',
  })
  scope: Record<string, unknown>;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @Id() openedBy: string;
  @Instant() openedAt: string;
  @Id({ nullable: true }) closedBy: string | null;
  @Instant({ nullable: true }) closedAt: string | null;
  @Text({ nullable: true }) closeNote: string | null;
  @Text({ nullable: true, description: 'the closing record (null while open): the cause found' }) cause: string | null;
  @Int({ nullable: true, description: 'packs that came back, reprocessed as new cycles' }) reprocessedCount: number | null;
  @Int({ nullable: true, description: 'packs that came back, discarded' }) discardedCount: number | null;
  @Text({ nullable: true, description: 'to whom the recall was reported' }) reportedTo: string | null;
  @Instant({ nullable: true }) reportedAt: string | null;
  @Text({ nullable: true, description: 'the head nurse’s conclusion' }) conclusion: string | null;
}

export class RecallCountsView {
  @Int() not_found: number;
  @Int() pulled: number;
  @Int() returned: number;
  @Int() used: number;
  @Int({ description: 'back at the CSSD with no use recorded: the department is asked (issue 18)' }) use_not_recorded: number;
  @Int() out_of_circulation: number;
}

/** A recall in the list (and on the board), with its progress: packs per disposition. */
export class RecallSummaryView extends RecallView {
  @ApiProperty({
    type: BilingualText,
    description: "the reason to show, in each language (an automatic recall's written from its particulars)",
  })
  reasonText: BilingualText;
  @ApiProperty({ type: RecallCountsView, description: 'recalled packs per disposition' }) counts: RecallCountsView;
  @Int({ description: 'every pack of the recall' }) total: number;
}

export class RecallPageView {
  @Int() offset: number;
  @Int() limit: number;
  @ApiProperty({ enum: DISPOSITIONS, nullable: true, type: String }) disposition: string | null;
  @Int({ description: 'packs matching the disposition asked (all when none)' }) matching: number;
}

/** One recalled pack: where it was, what became of it, its patient (snake_case: a report row). */
export class RecallItemView {
  @Text() barcode: string;
  @Id() pack_id: string;
  @ApiProperty({ enum: PACK_STATES }) current_state: string;
  @Text() template_code: string;
  @Text() name_zh: string;
  @Text() name_en: string;
  @Bool() implant: boolean;
  @Text() sterilizer_code: string;
  @Int() cycle_no: number;
  @ApiProperty({ enum: PACK_STATES }) state_at_recall: string;
  @ApiProperty({ enum: DISPOSITIONS }) disposition: string;
  @Text({ nullable: true }) patient_id: string | null;
  @Text({ nullable: true }) operation_id: string | null;
  @Text({ nullable: true }) department_code: string | null;
  @Text({ nullable: true }) department_name_zh: string | null;
  @Text({ nullable: true }) department_name_en: string | null;
  @Instant({ nullable: true }) accounted_at: string | null;
  @Text({ nullable: true, description: 'who accounted for it: the CSSD nurse who scanned it, or the department user who sent it back' })
  accounted_by_name: string | null;
  @Bool({ description: 'the department it was at sent it back from its own page' }) sent_back_by_department: boolean;
  @Text({ nullable: true, description: 'who of the department handed it in at the CSSD, when the nurse recorded it (issue 18)' })
  handed_in_by: string | null;
}

export class RecallDetailView extends RecallSummaryView {
  @ApiProperty({ type: RecallPageView }) page: RecallPageView;
  @ApiProperty({ type: [RecallItemView], description: 'one page, in sterilizer, cycle, barcode order' }) items: RecallItemView[];
  @ApiProperty({ type: [RecallItemView], description: 'every used pack, with its patient to follow up (never paged)' })
  followUp: RecallItemView[];
  @ApiProperty({
    type: [RecallItemView],
    description: 'packs that came back with no use recorded: ask the department (issue 18; never paged)',
  })
  useNotRecorded: RecallItemView[];
}

export class RecallScanView {
  @Text() barcode: string;
  @ApiProperty({ enum: DISPOSITIONS }) disposition: string;
  @Int() notFoundLeft: number;
  @ApiProperty({ type: [String], format: 'uuid', description: 'every open recall this scan settled the pack in' })
  settledRecallIds: string[];
  @ApiProperty({ type: BilingualText }) summary: BilingualText;
}

export class NoticePackView {
  @Id() id: string;
  @Text({ nullable: true }) barcode: string | null;
}

/** How a recall ended, as its departments read it on their notice (seed 19.4). */
export class NoticeRecallOutcomeView {
  @Instant() closedAt: string;
  @Text() cause: string;
  @Int() reprocessedCount: number;
  @Int() discardedCount: number;
  @Text() conclusion: string;
}

/** The department said it read the notice: when, and who. */
export class NoticeAcknowledgedView {
  @Instant() at: string;
  @Text({ description: 'who (display name)' }) by: string;
}

/** A notice to a department: a recall, or a late BI result of packs released in an emergency. */
export class DepartmentNoticeView {
  @Id() id: string;
  @Id() departmentId: string;
  @ApiProperty({ enum: ['recall', 'late_bi_passed', 'late_bi_failed'] }) kind: string;
  @Id({ nullable: true }) recallId: string | null;
  @ApiProperty({ type: [NoticePackView] }) packs: NoticePackView[];
  @Text() messageZh: string;
  @Text() messageEn: string;
  @Instant() createdAt: string;
  @ApiProperty({
    type: NoticeRecallOutcomeView,
    nullable: true,
    description: 'a recall notice: how the recall ended (null while it is open, and for other notices)',
  })
  recallOutcome: NoticeRecallOutcomeView | null;
  @ApiProperty({ type: NoticeAcknowledgedView, nullable: true, description: 'when the department acknowledged it (null: not yet)' })
  acknowledged: NoticeAcknowledgedView | null;
}

export class NoticeAcknowledgementView {
  @Id() noticeId: string;
  @ApiProperty({ type: NoticeAcknowledgedView }) acknowledged: NoticeAcknowledgedView;
}

/** A recalled pack the department still holds, used, or has to complete (no use recorded; snake_case: a report row). */
export class DepartmentRecallItemView {
  @Id() recall_id: string;
  @Text({ description: 'as recorded' }) reason: string;
  @Text({ description: 'the reason to show in Chinese' }) reason_zh: string;
  @Text({ description: 'the reason to show in English' }) reason_en: string;
  @Instant() opened_at: string;
  @Text() barcode: string;
  @Text() name_zh: string;
  @Text() name_en: string;
  @ApiProperty({ enum: ['not_found', 'used', 'use_not_recorded'] }) disposition: string;
}

/** A recalled pack sent back by its department. */
export class DepartmentReturnView {
  @Text() barcode: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'every open recall this return settled the pack in' })
  settledRecallIds: string[];
  @ApiProperty({ type: BilingualText }) summary: BilingualText;
}
