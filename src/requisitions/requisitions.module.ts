import { Module } from '@nestjs/common';
import { DepartmentRequisitionsController } from './department-requisitions.controller.js';
import { BaseQuantitiesController, RequisitionsController, RoundsController } from './requisitions.controller.js';
import { RequisitionsRepository } from './requisitions.repository.js';
import { RequisitionsService } from './requisitions.service.js';
import { RoundsService } from './rounds.service.js';

/**
 * Base quantities, requisitions and handover manifests (issue 16): built on the current layout —
 * it imports the catalog, common, config, database, the kernel and the pack ledger; dispatch and
 * recycling call it (a dispatch counts against a requisition, every scan goes on a manifest), the
 * board reads its low-stock alerts.
 */
@Module({
  controllers: [BaseQuantitiesController, RequisitionsController, RoundsController, DepartmentRequisitionsController],
  providers: [RequisitionsService, RoundsService, RequisitionsRepository],
  exports: [RequisitionsService, RoundsService],
})
export class RequisitionsModule {}
