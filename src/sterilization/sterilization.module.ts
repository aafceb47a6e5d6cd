import { Module } from '@nestjs/common';
import { SterilizationController } from './sterilization.controller.js';
import { LoadGate } from './load-gate.js';
import { LoadingCheckService } from './loading-check.service.js';
import { SterilizationRepository } from './sterilization.repository.js';
import { SterilizationService } from './sterilization.service.js';

@Module({
  controllers: [SterilizationController],
  providers: [SterilizationService, LoadGate, LoadingCheckService, SterilizationRepository],
  exports: [SterilizationService, LoadGate, SterilizationRepository],
})
export class SterilizationModule {}
