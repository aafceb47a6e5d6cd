import { Module } from '@nestjs/common';
import { TraceModule } from '../trace/trace.module.js';
import { RecordsController } from './records.controller.js';
import { RecordsService } from './records.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { DayTalliesService } from './day-tallies.service.js';

/** The reports and the printable records; the monthly quality review prints the month's quality indicators from ReportsService. */
@Module({
  imports: [TraceModule],
  controllers: [ReportsController, RecordsController],
  providers: [ReportsService, RecordsService, ReportsRepository, DayTalliesService],
  exports: [ReportsService, DayTalliesService],
})
export class ReportsModule {}
