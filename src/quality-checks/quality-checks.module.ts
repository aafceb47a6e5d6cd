import { Module } from '@nestjs/common';
import { CorrectiveActionsService } from './corrective-actions.service.js';
import { CorrectiveActionsController, QualityChecksController } from './quality-checks.controller.js';
import { QualityChecksRepository } from './quality-checks.repository.js';
import { QualityScheduleService } from './quality-schedule.service.js';

/** Routine monitoring (seed 7.2–7.8): the schedule, the daily random check, corrective actions. */
@Module({
  controllers: [QualityChecksController, CorrectiveActionsController],
  providers: [QualityScheduleService, CorrectiveActionsService, QualityChecksRepository],
  exports: [QualityScheduleService, CorrectiveActionsService],
})
export class QualityChecksModule {}
