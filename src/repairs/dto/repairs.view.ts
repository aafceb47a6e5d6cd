import { ApiProperty } from '@nestjs/swagger';
import { Day, Id, Instant, Int, Num, Text } from '../../common/views.js';
import { COMPENSATION_STATUSES, REPAIR_STATUSES } from '../repair-status.js';
import { DISPOSITIONS, FINDINGS, FOUND_AT_STEPS, REPAIR_STEPS } from '../repair.entity.js';

export class RepairStepView {
  @Id() id: string;
  @ApiProperty({ enum: REPAIR_STEPS }) step: string;
  @Text({ nullable: true }) vendor: string | null;
  @Num({ nullable: true, description: 'yuan' }) cost: number | null;
  @Text({ nullable: true }) note: string | null;
  @Id() recordedBy: string;
  @Text() recordedByName: string;
  @Instant() recordedAt: string;
}

/** A register entry: the finding, the disposition, who decided, the cost, the charge, its steps and where it stands. */
export class RepairEntryView {
  @Id() id: string;
  @Id() packId: string;
  @Text({ description: 'the pack event that found it' }) packEventId: string;
  @ApiProperty({ enum: FOUND_AT_STEPS }) foundAtStep: string;
  @Instant() foundAt: string;
  @ApiProperty({ enum: FINDINGS }) finding: string;
  @Id() setId: string;
  @Text() assetCode: string;
  @Int() templateVersion: number;
  @Int() line: number;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Int() quantity: number;
  @ApiProperty({ enum: DISPOSITIONS }) disposition: string;
  @Text() reason: string;
  @Num({ nullable: true, description: 'yuan: the final cost when the repair stated one, else the cost at the decision' })
  cost: number | null;
  @Text({ nullable: true }) vendor: string | null;
  @Id({ nullable: true }) chargedDepartmentId: string | null;
  @Text({ nullable: true }) chargedDepartmentCode: string | null;
  @Text({ nullable: true }) chargedDepartmentNameZh: string | null;
  @Text({ nullable: true }) chargedDepartmentNameEn: string | null;
  @Num({ nullable: true, description: 'yuan' }) compensation: number | null;
  @ApiProperty({ enum: COMPENSATION_STATUSES, nullable: true, type: String }) compensationStatus: string | null;
  @Id() decidedBy: string;
  @Text() decidedByName: string;
  @Instant() decidedAt: string;
  @Day() day: string;
  @ApiProperty({ enum: REPAIR_STATUSES }) status: string;
  @ApiProperty({ description: 'closed: nothing more happens to it' }) closed: boolean;
  @ApiProperty({ enum: REPAIR_STEPS, isArray: true, description: 'the steps it may take now' }) nextSteps: string[];
  @ApiProperty({ type: [RepairStepView] }) steps: RepairStepView[];
}

/** One line of a finding: found damaged or missing, how many, and its entry when one was recorded. */
export class RepairFindingLineView {
  @Int() line: number;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @ApiProperty({ enum: FINDINGS }) finding: string;
  @Int({ description: 'how many were found (an inspection: up to what the line holds)' }) found: number;
  @ApiProperty({ type: RepairEntryView, nullable: true }) entry: RepairEntryView | null;
}

/** A count or failed inspection of the set's newest cycle that found damaged or missing instruments. */
export class RepairFindingView {
  @Text() packEventId: string;
  @ApiProperty({ enum: FOUND_AT_STEPS }) foundAtStep: string;
  @Instant() foundAt: string;
  @ApiProperty({ type: [RepairFindingLineView] }) lines: RepairFindingLineView[];
}

export class RepairDepartmentView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

export class SetFindingsView {
  @Id() setId: string;
  @Text() assetCode: string;
  @Id({ nullable: true, description: 'the newest cycle (null: never collected)' }) packId: string | null;
  @ApiProperty({
    type: [RepairDepartmentView],
    description: 'who may be charged: the set’s home department and the one it was collected from',
  })
  chargeable: RepairDepartmentView[];
  @ApiProperty({ type: [RepairFindingView] }) findings: RepairFindingView[];
}

export class RepairDepartmentTotalView {
  @Id() departmentId: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Int() entries: number;
  @Num({ description: 'yuan' }) compensation: number;
  @Num({ description: 'yuan settled' }) settled: number;
}

export class RepairTotalsView {
  @Int() entries: number;
  @Int({ description: 'instruments' }) quantity: number;
  @Int() repair: number;
  @Int() scrap: number;
  @Int() lost: number;
  @Num({ description: 'yuan' }) cost: number;
  @Num({ description: 'yuan' }) compensation: number;
  @ApiProperty({ type: [RepairDepartmentTotalView] }) byDepartment: RepairDepartmentTotalView[];
}

/** The register of a period (hospital calendar) with its totals. */
export class RepairRegisterView {
  @Day() from: string;
  @Day() to: string;
  @Text() timezone: string;
  @ApiProperty({ type: [RepairEntryView] }) entries: RepairEntryView[];
  @ApiProperty({ type: RepairTotalsView }) totals: RepairTotalsView;
}

/** A replacement instrument put into the set: which line, how many, who, and the register entry it answers. */
export class SetReplacementView {
  @Text() eventId: string;
  @Instant() at: string;
  @Id() packId: string;
  @Int({ nullable: true }) cycleNo: number | null;
  @Text({ nullable: true }) barcode: string | null;
  @Int() line: number;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() specification: string;
  @Int() quantity: number;
  @Id() actorId: string;
  @Text() actorName: string;
  @ApiProperty({ type: RepairEntryView, nullable: true, description: 'the damaged or lost instrument it replaced' })
  replaces: RepairEntryView | null;
}

export class SetReplacementsView {
  @Id() setId: string;
  @Text() assetCode: string;
  @ApiProperty({ type: [SetReplacementView] }) replacements: SetReplacementView[];
}
