import { Module } from '@nestjs/common';
import { DefectsModule } from '../defects/defects.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { QualityReviewsController } from './quality-reviews.controller.js';
import { QualityReviewsRepository } from './quality-reviews.repository.js';
import { QualityReviewsService } from './quality-reviews.service.js';

/** The monthly quality review (seed 10.1, 10.4): reads the defect analysis and the quality indicators where they live. */
@Module({
  imports: [DefectsModule, ReportsModule],
  controllers: [QualityReviewsController],
  providers: [QualityReviewsService, QualityReviewsRepository],
})
export class QualityReviewsModule {}
