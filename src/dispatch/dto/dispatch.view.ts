import { ApiProperty } from '@nestjs/swagger';
import { StepAnswerView } from '../../packs/dto/step-answer.view.js';
import { RequisitionProgressView, RoundRefView } from '../../requisitions/dto/requisitions.view.js';

/** A dispatch scan's answer: the delivery manifest the pack is on, and the requisition it was sent against (if any). */
export class DispatchAnswerView extends StepAnswerView {
  @ApiProperty({ type: RoundRefView, description: 'the open delivery round of the department (its manifest)' }) round: RoundRefView;
  @ApiProperty({ type: RequisitionProgressView, nullable: true, description: 'null: no requisition named' })
  requisition: RequisitionProgressView | null;
}
