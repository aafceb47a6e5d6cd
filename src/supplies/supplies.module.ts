import { Module } from '@nestjs/common';
import { SuppliesController } from './supplies.controller.js';
import { SuppliesRepository } from './supplies.repository.js';
import { SuppliesService } from './supplies.service.js';

/** Disposable sterile supplies (seed 16, 4.5): a stage of its own; imports common, config, database and catalog only. */
@Module({
  controllers: [SuppliesController],
  providers: [SuppliesService, SuppliesRepository],
})
export class SuppliesModule {}
