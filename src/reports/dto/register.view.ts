import { ApiProperty } from '@nestjs/swagger';
import { LOAD_KINDS, LOAD_STATUSES } from '../../kernel/sterilizer-load.entity.js';
import { BilingualText, Bool, Day, Id, Instant, Int, Text } from '../../common/views.js';
import { PhysicalRecordView } from '../../trace/dto/trace.view.js';

class RegisterProgramView {
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
}

class RegisterCheckView {
  @Bool() passed: boolean;
  @Instant() at: string;
  @Text() by: string;
  @Text({ nullable: true }) secondBy: string | null;
}

class RegisterBdView {
  @Int({ nullable: true }) cycleNo: number | null;
  @Instant() testedAt: string;
  @Bool() passed: boolean;
  @Text() by: string;
}

class RegisterBisView {
  @Int() total: number;
  @Int({ description: 'read negative (and not invalidated by a failed positive control)' }) passed: number;
  @Int({ description: 'read positive' }) failed: number;
  @Int({ description: 'still incubating' }) pending: number;
  @Int({ description: 'negative readings a positive control that did not grow invalidated' }) invalid: number;
  @ApiProperty({ type: [String] }) lots: string[];
}

class RegisterEmergencyView {
  @Instant() at: string;
  @Text() reason: string;
  @Text() by: string;
}

class RegisterReleasedView {
  @Instant() at: string;
  @ApiProperty({ type: [String], description: 'who released it: the co-signed unloading, or the BI reader' }) by: string[];
}

export class RegisterCycleView {
  @Id() id: string;
  @ApiProperty({ enum: LOAD_KINDS }) kind: string;
  @Int() cycleNo: number;
  @Day({ nullable: true }) sterilizationDate: string | null;
  @ApiProperty({ type: RegisterProgramView, nullable: true }) program: RegisterProgramView | null;
  @ApiProperty({ enum: LOAD_STATUSES }) status: string;
  @ApiProperty({ enum: ['pending', 'released', 'awaiting_bi', 'failed'] }) release: string;
  @Instant() openedAt: string;
  @Instant({ nullable: true }) startedAt: string | null;
  @Instant({ nullable: true }) completedAt: string | null;
  @ApiProperty({ type: PhysicalRecordView }) physical: PhysicalRecordView;
  @Text({ nullable: true }) operator: string | null;
  @Text({ nullable: true }) unloadedBy: string | null;
  @Text({ nullable: true }) unloadCheckedBy: string | null;
  @Int() packs: number;
  @Bool() containsImplant: boolean;
  @Bool() emptyChamber: boolean;
  @ApiProperty({ type: RegisterCheckView, nullable: true }) loadingCheck: RegisterCheckView | null;
  @Bool({ nullable: true }) chemicalPassed: boolean | null;
  @ApiProperty({ type: RegisterBdView, nullable: true, description: "a load: the day's B-D it ran after; a B-D cycle: its own result" })
  bd: RegisterBdView | null;
  @ApiProperty({ type: RegisterBisView }) bis: RegisterBisView;
  @ApiProperty({ type: RegisterEmergencyView, nullable: true }) emergencyRelease: RegisterEmergencyView | null;
  @ApiProperty({ type: RegisterReleasedView, nullable: true }) released: RegisterReleasedView | null;
  @ApiProperty({ type: BilingualText, nullable: true }) notReleased: BilingualText | null;
  @Text({ nullable: true }) note: string | null;
}

export class RegisterSterilizerView {
  @Id() id: string;
  @Text() code: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Text() method: string;
}

class RegisterGroupView {
  @ApiProperty({ type: RegisterSterilizerView }) sterilizer: RegisterSterilizerView;
  @ApiProperty({ type: [RegisterCycleView], description: 'in cycle-number order' }) cycles: RegisterCycleView[];
}

/** 灭菌登记: the period's cycles per sterilizer. */
export class SterilizationRegisterView {
  @Day() from: string;
  @Day({ description: 'inclusive' }) to: string;
  @Text({ example: 'Asia/Shanghai' }) timezone: string;
  @Text() hospital: string;
  @ApiProperty({ type: [RegisterGroupView] }) sterilizers: RegisterGroupView[];
}
