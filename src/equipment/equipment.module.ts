import { Module } from '@nestjs/common';
import { EquipmentController } from './equipment.controller.js';
import { EquipmentRepository } from './equipment.repository.js';
import { EquipmentService } from './equipment.service.js';

/**
 * The equipment register (seed 6, 5.4): a module of its own; imports common, config, database,
 * catalog and the kernel only. The stages that run machines read a machine's state through
 * src/kernel/machine-status.ts, not through this module.
 */
@Module({
  controllers: [EquipmentController],
  providers: [EquipmentService, EquipmentRepository],
  // The register's read, for the shift handover's snapshot.
  exports: [EquipmentService],
})
export class EquipmentModule {}
