import { Module } from '@nestjs/common';
import { VisitorsController } from './visitors.controller.js';
import { VisitorsRepository } from './visitors.repository.js';
import { VisitorsService } from './visitors.service.js';

/** The visitors register (issue 17): visit requests, their approval, and the visits as they happened. */
@Module({
  controllers: [VisitorsController],
  providers: [VisitorsService, VisitorsRepository],
})
export class VisitorsModule {}
