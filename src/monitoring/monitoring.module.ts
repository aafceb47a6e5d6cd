import { Module } from '@nestjs/common';
import { QualityChecksModule } from '../quality-checks/quality-checks.module.js';
import { RecallModule } from '../recall/recall.module.js';
import { ReleaseModule } from '../release/release.module.js';
import { SterilizationModule } from '../sterilization/sterilization.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { MonitoringController } from './monitoring.controller.js';
import { MonitoringDeskService } from './monitoring-desk.service.js';
import { MonitoringRepository } from './monitoring.repository.js';
import { MonitoringService } from './monitoring.service.js';

@Module({
  imports: [SterilizationModule, StorageModule, ReleaseModule, RecallModule, QualityChecksModule],
  controllers: [MonitoringController],
  providers: [MonitoringService, MonitoringDeskService, MonitoringRepository],
  // The desk's read of BIs not yet read, for the shift handover's snapshot.
  exports: [MonitoringDeskService],
})
export class MonitoringModule {}
