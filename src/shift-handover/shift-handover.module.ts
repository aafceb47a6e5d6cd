import { Module } from '@nestjs/common';
import { EquipmentModule } from '../equipment/equipment.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { QualityChecksModule } from '../quality-checks/quality-checks.module.js';
import { RecallModule } from '../recall/recall.module.js';
import { SterilizationModule } from '../sterilization/sterilization.module.js';
import { ShiftHandoverController } from './shift-handover.controller.js';
import { ShiftHandoverRepository } from './shift-handover.repository.js';
import { ShiftHandoverService } from './shift-handover.service.js';

/**
 * The shift handover (issue 17, seed 17): reads the loads, the BIs, the recalls, the equipment
 * register and the corrective actions through their own modules for the note's snapshot; nothing
 * imports it.
 */
@Module({
  imports: [SterilizationModule, MonitoringModule, RecallModule, EquipmentModule, QualityChecksModule],
  controllers: [ShiftHandoverController],
  providers: [ShiftHandoverService, ShiftHandoverRepository],
})
export class ShiftHandoverModule {}
