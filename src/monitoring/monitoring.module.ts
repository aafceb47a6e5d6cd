import { Module } from '@nestjs/common';
import { RecallModule } from '../recall/recall.module.js';
import { ReleaseModule } from '../release/release.module.js';
import { SterilizationModule } from '../sterilization/sterilization.module.js';
import { MonitoringController } from './monitoring.controller.js';
import { MonitoringDeskService } from './monitoring-desk.service.js';
import { MonitoringService } from './monitoring.service.js';

@Module({ imports: [SterilizationModule, ReleaseModule, RecallModule], controllers: [MonitoringController], providers: [MonitoringService, MonitoringDeskService] })
export class MonitoringModule {}
