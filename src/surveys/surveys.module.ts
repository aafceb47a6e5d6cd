import { Module } from '@nestjs/common';
import { DefectsModule } from '../defects/defects.module.js';
import { DepartmentSurveysController, SurveysController } from './surveys.controller.js';
import { SurveysRepository } from './surveys.repository.js';
import { SurveysService } from './surveys.service.js';

/** Department satisfaction surveys (issue 17, seed 5.2): their improvement actions are set through the defects module's AssignedActions. */
@Module({
  imports: [DefectsModule],
  controllers: [SurveysController, DepartmentSurveysController],
  providers: [SurveysService, SurveysRepository],
})
export class SurveysModule {}
