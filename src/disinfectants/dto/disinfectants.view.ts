import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Bool, Day, Id, Instant, Num, Text } from '../../common/views.js';
import { AGENT_KINDS, AREAS, CONCENTRATION_UNITS, MEASUREMENT_METHODS } from '../preparation.entity.js';

export const PREPARATION_STATUSES = ['in_use', 'corrected'] as const;

/** A solution of the routine-check schedule a preparation can name (an active concentration task). */
export class SolutionView {
  @Id() taskId: string;
  @ApiProperty({ enum: AGENT_KINDS }) kind: string;
  @Text() nameZh: string;
  @Text() nameEn: string;
  @Instant({ nullable: true, description: 'its latest concentration check' }) lastCheckedAt: string | null;
  @Bool({ description: 'its daily concentration check was done on the day asked' }) checkedOnDay: boolean;
}

/** One preparation record (seed 1.2, 7.4). */
export class PreparationView {
  @Id() id: string;
  @ApiProperty({ enum: AGENT_KINDS }) kind: string;
  @Text() product: string;
  @Text() lotNumber: string;
  @Day() expiryDate: string;
  @Num() target: number;
  @Num() tolerance: number;
  @Num() measured: number;
  @ApiProperty({ enum: CONCENTRATION_UNITS }) unit: string;
  @ApiProperty({ enum: MEASUREMENT_METHODS }) method: string;
  @ApiProperty({ enum: AREAS }) area: string;
  @Text({ nullable: true }) usedFor: string | null;
  @Id({ nullable: true }) solutionTaskId: string | null;
  @Text({ nullable: true }) solutionNameZh: string | null;
  @Text({ nullable: true }) solutionNameEn: string | null;
  @Bool({ nullable: true, description: 'the solution’s daily concentration check done on the day asked (null: no solution named)' })
  solutionCheckedOnDay: boolean | null;
  @Id() preparedBy: string;
  @Text() preparedByName: string;
  @Instant() preparedAt: string;
  @Id({ nullable: true, description: 'the record this one corrects' }) correctsId: string | null;
  @Text({ nullable: true }) reason: string | null;
  @Id({ nullable: true, description: 'the record that corrects this one' }) correctedById: string | null;
  @ApiProperty({ enum: PREPARATION_STATUSES, description: 'in use; or corrected by a later record' }) status: string;
  @Instant() recordedAt: string;
}

/** The preparations of a hospital day. */
export class PreparationsDayView {
  @Day() day: string;
  @ApiProperty({ type: [PreparationView] }) preparations: PreparationView[];
  @ApiProperty({ type: [SolutionView], description: 'the solutions in use of the schedule' }) solutions: SolutionView[];
}

export class RegisterPreparationView extends OmitType(PreparationView, ['solutionCheckedOnDay'] as const) {}

/** The log of a period (hospital calendar days, inclusive), in time order. */
export class PreparationRegisterView {
  @Day() from: string;
  @Day({ description: 'inclusive' }) to: string;
  @Text() timezone: string;
  @ApiProperty({ type: [RegisterPreparationView] }) preparations: RegisterPreparationView[];
}
