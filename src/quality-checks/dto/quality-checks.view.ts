import { ApiProperty } from '@nestjs/swagger';
import { READING_KINDS } from '../../kernel/environment-reading.entity.js';
import { Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { CHECK_FREQUENCIES } from '../../kernel/quality-check-task.entity.js';
import { RANDOM_CHECK_ITEMS } from '../random-check.entity.js';
import { TASK_STATUSES } from '../schedule.js';

/** One routine task of the schedule and where it stands today (seed 7.2–7.7). */
export class ScheduledTaskView {
  @Id() taskId: string;
  @Text({ example: 'water_conductivity' }) code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @ApiProperty({ enum: CHECK_FREQUENCIES }) frequency: string;
  @ApiProperty({
    enum: READING_KINDS,
    nullable: true,
    description:
      'the reading that does it (POST /api/monitoring/readings); null: the random check (POST /api/quality-checks/random-checks)',
  })
  readingKind: string | null;
  @ApiProperty({ enum: TASK_STATUSES, description: 'done in this period; due; overdue: a whole period went by without it' }) status: string;
  @Day({ description: 'the period due now: today, or the first of this month' }) periodStart: string;
  @Day() periodEnd: string;
  @Day({ nullable: true, description: 'overdue: the first period left without it' }) overdueSince: string | null;
  @Instant({ nullable: true, description: 'its latest record' }) lastDoneAt: string | null;
  @Bool({ nullable: true, description: 'whether that record passed (null: none)' }) lastPassed: boolean | null;
}

export class RetiredTaskView {
  @Id() taskId: string;
  @Bool() active: boolean;
}

export class ScheduleView {
  @Instant() at: string;
  @Day({ description: 'the hospital day' }) today: string;
  @ApiProperty({ type: [ScheduledTaskView] }) tasks: ScheduledTaskView[];
}

/** A recorded random check (seed 7.2). */
export class RandomCheckView {
  @Id() id: string;
  @ApiProperty({ enum: RANDOM_CHECK_ITEMS, isArray: true }) checkedItems: string[];
  @Int() sampleSize: number;
  @Int() nonconforming: number;
  @Text({ nullable: true }) findings: string | null;
  @Bool() passed: boolean;
  @Instant() checkedAt: string;
  @Id() checkedBy: string;
  @Text() checkedByName: string;
  @Instant() recordedAt: string;
  @Id({ nullable: true, description: 'the corrective action a failed check opened' }) correctiveActionId: string | null;
}

/** How a corrective action was closed. */
export class CorrectiveActionClosureView {
  @Text() actionTaken: string;
  @Instant() doneAt: string;
  @Id() closedBy: string;
  @Text() closedByName: string;
  @Instant() closedAt: string;
}

/** A corrective action (seed 7.8): what failed, who is responsible, by when; closed by whom with what was done. */
export class CorrectiveActionView {
  @Id() id: string;
  @Text({ description: 'what failed, in Chinese' }) whatZh: string;
  @Text({ description: 'what failed, in English' }) whatEn: string;
  @ApiProperty({
    enum: ['reading', 'random_check', 'defect', 'review', 'survey'],
    description:
      'a failed reading or random check opened it; or a defect’s investigation, a monthly quality review or a satisfaction survey set it',
  })
  source: string;
  @Id({ nullable: true }) readingId: string | null;
  @Id({ nullable: true }) randomCheckId: string | null;
  @Id({ nullable: true, description: 'the defect case it corrects (GET /api/defects/:id)' }) defectId: string | null;
  @Id({ nullable: true, description: 'the quality review that decided it (GET /api/quality-reviews/:id)' }) reviewId: string | null;
  @Id({ nullable: true, description: 'the satisfaction survey it was agreed from (GET /api/surveys/:id)' }) surveyId: string | null;
  @Text({
    nullable: true,
    description: 'as written: the random check’s findings, the defect’s corrective action, the review’s decision, or the survey’s action',
  })
  findings: string | null;
  @Text({ nullable: true, description: 'the schedule task it belongs to' }) taskCode: string | null;
  @Instant({
    description: 'when the failed result was measured or checked, the defect happened, the review was held, or the survey’s action agreed',
  })
  failedAt: string;
  @Id() responsibleUserId: string;
  @Text() responsibleName: string;
  @Day({ description: 'to be closed by the end of this hospital day' }) dueDate: string;
  @Bool({ description: 'open past its due date' }) overdue: boolean;
  @Id() openedBy: string;
  @Instant() openedAt: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ type: CorrectiveActionClosureView, nullable: true }) closure: CorrectiveActionClosureView | null;
}
