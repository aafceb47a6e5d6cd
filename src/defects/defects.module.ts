import { Module } from '@nestjs/common';
import { QualityChecksModule } from '../quality-checks/quality-checks.module.js';
import { AssignedActions } from './assigned-actions.js';
import { DefectsController } from './defects.controller.js';
import { DefectsRepository } from './defects.repository.js';
import { DefectsService } from './defects.service.js';

/**
 * The defect register (seed 20, 7.8, 10.1): its actions are corrective actions of quality-checks
 * (the one kind, on the desk and the board). Exports the analysis and the assigned actions to the
 * monthly quality review.
 */
@Module({
  imports: [QualityChecksModule],
  controllers: [DefectsController],
  providers: [DefectsService, DefectsRepository, AssignedActions],
  exports: [DefectsService, AssignedActions],
})
export class DefectsModule {}
